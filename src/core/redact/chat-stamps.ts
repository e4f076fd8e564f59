/**
 * Chat exports that put the sender and the time on the message's own line, before its words
 * (`张三 14:03 abandon`, `张三 (14:03): 高`, `14:03:51 张三: …`), and Telegram's header line of its
 * own (`张三, [12.05.2024 14:03]`): masked like numbering, so a phrase sent a word a message stays one
 * run (a Chinese name is letters to the tokenizer, and would stand between the words). ./asides
 * masks WeChat's and QQ's header lines and `[14:03] 李四:`.
 */

const NAME = String.raw`[^\s\d:：,，。.!?！？()（）\[\]【】]{1,16}`;
const TIME = String.raw`(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?`;
const STAMPED_LINE = new RegExp(
  [
    // 张三 14:03 word, 张三 (14:03): word, 张三 2024-05-12 14:03: word
    String.raw`^[ \t]*${NAME}[ \t]+[(（]?${TIME}[)）]?[:：]?[ \t]+(?=\S)`,
    // 14:03 张三: word
    String.raw`^[ \t]*[(（[]?${TIME}[)）\]]?[ \t]+${NAME}[:：][ \t]*(?=\S)`,
    // 张三, [12.05.2024 14:03] (Telegram's export), on a line of its own
    String.raw`^[ \t]*${NAME},[ \t]\[[\d./-]{6,10}[ \t]\d{1,2}:\d{2}(?::\d{2})?\][ \t]*$`,
  ].join("|"),
  "gm",
);

/** A time's half of the day after it (`10:42 PM`, `10:42a.m.`, `10:42 下午`) or before it (`下午10:42`), and a day's name (`Today at 10:42`). */
const DAY_PARTS =
  /(?<=\d{1,2}:\d{2}(?::\d{2})?)[ \t]?(?:[AaPp]\.?[Mm]\.?(?![A-Za-z])|上午|下午|中午|晚上|早上|凌晨)|(?:上午|下午|中午|晚上|早上|凌晨|今天|昨天)[ \t]?(?=\d{1,2}:\d{2})|(?<![A-Za-z])(?:today|yesterday)(?:[ \t]+at)?[ \t]+(?=\d{1,2}:\d{2})/gi;
/** The rest of a line with no message: the half of the day, brackets, read ticks. */
const NO_MESSAGE = /^(?:[AaPp]\.?[Mm]\.?(?![A-Za-z])|上午|下午|中午|晚上|早上|凌晨)?[^\p{L}\p{N}\n]*(?:\n|$)/u;
/** Another time further on the line: the words before it are a message stamped after, not a sender. */
const TIME_LATER = /^[^\n]*?\d{1,2}:\d{2}/;

/**
 * Sets `mask` to 1 over the senders and times that chat exports put before each message, and over
 * the half of the day or the day's name beside a time (`apple (10:42 PM)`, `下午10:42`), which would
 * stand between a phrase's words sent a message each.
 */
export function maskChatStamps(text: string, mask: Uint8Array): void {
  if (!/\d:\d\d/.test(text)) return;
  for (const m of text.matchAll(STAMPED_LINE)) {
    const end = m.index + m[0].length;
    // "apple 10:42 banana 10:42 …": each word with its time after it, on one line.
    if (!m[0].includes(",") && TIME_LATER.test(text.slice(end, end + 120))) continue;
    // "apple (10:42 PM)", "apple  10:42 ✓✓": nothing but the time's marks after it, so the word is the message.
    if (!m[0].includes(",") && NO_MESSAGE.test(text.slice(end, end + 40))) continue;
    mask.fill(1, m.index, end);
  }
  for (const m of text.matchAll(DAY_PARTS)) {
    const end = m.index + m[0].length;
    if (oneWordBefore(text, mask, m.index) || oneWordAfter(text, end)) mask.fill(1, m.index, end);
  }
}

/** A single word (or character) after a time's mark, up to the next time or the line's end (`10:42 AM apple`). */
function oneWordAfter(text: string, at: number): boolean {
  if (!/\d[ \t]?$/.test(text.slice(Math.max(0, at - 8), at).replace(/[^\d \t]+$/, ""))) return false;
  const rest = /^[^\n]{0,48}/.exec(text.slice(at))?.[0] ?? "";
  const next = rest.search(/[([【]?\d{1,2}:\d{2}/);
  return ONE_WORD.test(next >= 0 ? rest.slice(0, next) : rest);
}

const ONE_WORD = /^[^\p{L}\n]*(?:\p{Script=Han}|[A-Za-z]{2,})[^\p{L}\n]*$/u;

/**
 * Whether a single word (or character) stands before the time at `at`, after the line's start or the
 * time before it on the line (`apple (10:42 PM)`, `1. 高 下午10:42`, `apple 10:42 PM banana 10:42 PM`): a
 * phrase sent a word a message. After a sentence (`我要上币，找谁 3:04 PM`) the mark stays, so the
 * sentence's characters are not read as one run with the next line's.
 */
function oneWordBefore(text: string, mask: Uint8Array, at: number): boolean {
  // Back to the line's start, or 48 characters: far enough for the time before and the word after it.
  const from = Math.max(text.lastIndexOf("\n", at - 1) + 1, at - 48);
  let before = "";
  for (let i = from; i < at; i++) if (!mask[i] || /[\d:]/.test(text[i] as string)) before += text[i];
  // After its time (`10:42 PM`, `10:42 下午`) the word is before that time; before it (`today 10:42`), after the time before.
  const after = /\d{1,2}:\d{2}(?::\d{2})?[ \t]?$/.test(text.slice(Math.max(0, at - 10), at));
  const word = (after ? before.replace(/\d{1,2}:\d{2}(?::\d{2})?[^\p{L}\d]*$/u, "") : before)
    .replace(/^[^\n]*\d{1,2}:\d{2}(?::\d{2})?/, "")
    .replace(/^[^\p{L}]*\d{1,2}[.)、]/u, "");
  return ONE_WORD.test(word);
}
