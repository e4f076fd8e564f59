/**
 * What may stand between a secret's label and its value besides a separator: a few words
 * ("password for binance: X", "the password I use is X", "密码一直是X", "登录密码设置为 X", "密码改成了X",
 * "密码忘了，之前的是X"), ending in a separator, a pointing emoji or both, and the value on the next line
 * ("password for binance:\nX", "密码在下面👇\nX"), and a code fence ("password:\n```\nX\n```").
 */

import { looksSecret } from "./value-shapes";

type TailForm = "sep" | "is";

/** A pointing emoji or arrow after the words ("password here 👉 X"), and a line break before the value. */
const POINT = "(?:👉|👇|⬇|→|➡)";
const NEXT_LINE = String.raw`(?:\r?\n[ \t]{0,3})?`;
const tail = (source: string) =>
  new RegExp(source.replaceAll("SEP", `[ \\t]{0,2}(?:[:：=]|${POINT}){1,2}[ \\t]{0,3}${NEXT_LINE}`), "iy");

const TAILS: Array<[RegExp, TailForm]> = [
  // "for/of/on <what>:" names what the secret is for: as good as a colon.
  [
    tail(
      String.raw`[ \t]{1,3}(?:for|of|on|at|in)[ \t]{1,3}(?:(?!(?:is|was)\b)[\w'’\u4e00-\u9fff-]{1,24}[ \t]{1,3}){0,2}(?!(?:is|was)\b)[\w'’\u4e00-\u9fff-]{1,24}SEP`,
    ),
    "sep",
  ],
  // Up to three words, then "is"/":": the value must then look like a password (letters and digits).
  [/[ \t]{1,3}(?:[A-Za-z]{1,12}[ \t]{1,3}){0,2}[A-Za-z]{1,12}[ \t]{1,3}(?:is|was)[ \t]{1,3}/iy, "is"],
  [tail(String.raw`[ \t]{1,3}(?:[A-Za-z]{1,12}[ \t]{1,3}){0,2}[A-Za-z]{1,12}SEP`), "is"],
  // "password was changed to X", "password has been reset to X": what it was set to.
  [
    /[ \t]{1,3}(?:(?:is|was|has|have|had|been|got|just|now)[ \t]{1,3}){0,3}(?:changed|set|reset|updated|switched)[ \t]{1,3}(?:back[ \t]{1,3})?to[ \t]{1,3}/iy,
    "is",
  ],
  // A few Chinese characters, then 是/为/：, or what it was changed to ("密码改成了X", "密码换成 X").
  [
    tail(
      String.raw`[\u4e00-\u9fff]{1,6}?(?:(?:是|为|為)[ \t]{0,2}[:：]?|[:：]|[ \t]{0,2}${POINT})${POINT}?[ \t]{0,2}${NEXT_LINE}`,
    ),
    "is",
  ],
  [/[\u4e00-\u9fff]{0,4}?(?:改|换|換|设|設|变|變)(?:成|作)了?[ \t]{0,2}[:：]?[ \t]{0,2}/y, "is"],
  // A clause of its own, a comma, then a few characters and 是/为 ("密码忘了，之前的是X", "资金密码：忘了，应该是X"):
  // not when the words after the comma name another value ("密码错误，订单号是 ORD…", 错误码是, 提示是, 版本是).
  [
    /(?:[:：][ \t]{0,2})?[\u4e00-\u9fff]{1,6}[ \t]{0,2}[，,][ \t]{0,2}(?![\u4e00-\u9fff]{0,6}?(?:码|碼|号|號|提示|错误|錯誤|版本|状态|狀態|时间|時間|日期|地址|邮箱|郵箱|金额|金額))[\u4e00-\u9fff]{0,6}?(?:是|为|為)[ \t]{0,2}[:：]?[ \t]{0,2}/y,
    "is",
  ],
];

/** The ways the words after a label can lead up to its value (each ends in a separator), best first. */
export function labelTails(text: string, at: number): Array<{ length: number; form: TailForm; nextLine: boolean }> {
  const out: Array<{ length: number; form: TailForm; nextLine: boolean }> = [];
  for (const [re, form] of TAILS) {
    re.lastIndex = at;
    const m = re.exec(text);
    // On the next line, the value must look like a password ("password for binance:\nCannot log in" is prose).
    const nextLine = m?.[0].includes("\n") === true;
    if (m) out.push({ length: m[0].length, form: nextLine ? "is" : form, nextLine });
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

/**
 * How many characters at the end of a label's separator open the value instead: markup or a colon glued to the
 * value after the separator proper ("Password: *:&tqcfnB=x9", "pwd=:;7yN", "password: **X**", "密码是*9Wb"), which
 * ./label-values reads as a wrapper when it closes and as the password's own characters when it does not. Not
 * a label's closing emphasis ("**Password:**X", the same run before the label).
 */
export function valueOpening(text: string, labelStart: number, labelEnd: number, sep: RegExpExecArray | null): number {
  if (!sep) return 0;
  const primary = sep[2] ?? sep[3] ?? sep[4];
  const from = primary ? sep[0].indexOf(primary) + primary.length : 0;
  const rest = sep[0].slice(from);
  const run = /[*_~:]{1,3}$/.exec(rest)?.[0];
  const end = labelEnd + sep[0].length;
  if (!run || !/\S/.test(text[end] ?? "")) return 0;
  // A colon glued to a word is the separator's ("密码是：X", "is:X"; "：" reads ":" here); after "=", ":", a
  // space or markup it opens the value when what follows has a secret's shape ("pwd=:;7yN", "is :Yz4A7J7V", not "=:1234").
  if (run.includes(":")) {
    const token = /^[\x21-\x7E]{0,128}/.exec(text.slice(end))?.[0] ?? "";
    const before = rest.slice(0, rest.length - run.length + run.indexOf(":"));
    const after = before ? /[\s*_~]$/.test(before) : Boolean(sep[2]);
    if (!after || !(token.length >= 5 && /[A-Za-z]/.test(token) && looksSecret(token))) return 0;
  }
  return text.slice(Math.max(0, labelStart - run.length), labelStart) === run ? 0 : run.length;
}
