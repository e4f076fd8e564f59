/**
 * What may stand between a secret's label and its value besides a separator: a few words
 * ("password for binance: X", "the password I use is X", "密码一直是X", "登录密码设置为 X") and a
 * code fence ("password:\n```\nX\n```").
 */

type TailForm = "sep" | "is";

const TAILS: Array<[RegExp, TailForm]> = [
  // "for/of/on <what>:" names what the secret is for: as good as a colon.
  [
    /[ \t]{1,3}(?:for|of|on|at|in)[ \t]{1,3}(?:(?!(?:is|was)\b)[\w'’\u4e00-\u9fff-]{1,24}[ \t]{1,3}){0,2}(?!(?:is|was)\b)[\w'’\u4e00-\u9fff-]{1,24}[ \t]{0,2}[:：=][ \t]{0,3}/iy,
    "sep",
  ],
  // Up to three words, then "is"/":": the value must then look like a password (letters and digits).
  [/[ \t]{1,3}(?:[A-Za-z]{1,12}[ \t]{1,3}){0,2}[A-Za-z]{1,12}[ \t]{1,3}(?:is|was)[ \t]{1,3}/iy, "is"],
  [/[ \t]{1,3}(?:[A-Za-z]{1,12}[ \t]{1,3}){0,2}[A-Za-z]{1,12}[ \t]{0,2}[:：=][ \t]{0,3}/iy, "is"],
  // A few Chinese characters, then 是/为/：.
  [/[\u4e00-\u9fff]{1,6}?(?:(?:是|为|為)[ \t]{0,2}[:：]?|[:：])[ \t]{0,2}/y, "is"],
];

/** The ways the words after a label can lead up to its value (each ends in a separator), best first. */
export function labelTails(text: string, at: number): Array<{ length: number; form: TailForm }> {
  const out: Array<{ length: number; form: TailForm }> = [];
  for (const [re, form] of TAILS) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (m) out.push({ length: m[0].length, form });
  }
  return out;
}

/** "```" and, on a line of its own, its language ("```text\n"). */
const FENCE = /`{3}(?:[A-Za-z]{0,10}[ \t]*\r?\n)?/y;

/** Where a value starts once a code fence before it ("```\n", "```text\n", "```") is skipped. */
export function skipFence(text: string, at: number): number {
  FENCE.lastIndex = at;
  return at + (FENCE.exec(text)?.[0].length ?? 0);
}
