/**
 * Chat exports' senders and times, masked like numbering so a phrase pasted message by message stays
 * one run (a Chinese name is letters to the tokenizer, and would stand between the words): header lines
 * of their own, name or time first (WeChat's `张三 2024-05-12 14:03:51`, `李四 2024/5/13 上午9:11`, QQ's
 * `【张三】 14:03:22` and `2024-05-13 9:11:02 李四(12345)`, `09:11 李四`, `李四 (9:11 PM)`, Discord's
 * `李四 — 今天 09:11`), prefixes before a message (`[14:03] 李四:`, `[2024/5/13 9:11] 李四:`, WhatsApp's
 * `[13/05/2024, 09:11:02] 李四:` and `13/05/2024, 09:11 - 李四:`), the sender and the time on the
 * message's own line (`张三 14:03 abandon`, `张三 (14:03): 高`, `14:03:51 张三: …`), and Telegram's header
 * line (`张三, [12.05.2024 14:03]`).
 */

import { PIECE_GAP } from "./spans";
import { isZhWord, resolveEnglish } from "./wordlists";

/** A line that may be a sender's name: up to 20 characters, three parts at most, no sentence's marks or digits alone. */
const NAME_ALONE = /^(?=[^\n]{1,20}$)(?!\d+$)[^\s，。,.!?！？:：;；、]+(?:[ \t]+[^\s，。,.!?！？:：;；、]+){0,2}$/u;
/** English wordlist words and at most one wordlist character, marks around them or not ("`善`", "- 善", "then sleep", "then 尊"): a phrase's words on their line (a phrase a word a line repeats one now and then), never a sender. */
function phraseWords(body: string): boolean {
  const words = body.match(/[A-Za-z]+|\p{Script=Han}/gu) ?? [];
  if (!words.length || words.filter((w) => HAN_CHAR.test(w)).length > 1) return false;
  return words.every((w) => {
    if (HAN_CHAR.test(w)) return isZhWord(w);
    const how = resolveEnglish(w.toLowerCase())?.how;
    return how === "word" || how === "prefix";
  });
}
const HAN_CHAR = /^\p{Script=Han}$/u;
/** Whether the line's letters and the end of the line before, or the start of the line after, make one wordlist word. */
function wrapsWith(before: string | undefined, body: string, after: string | undefined): boolean {
  const own = /^[^A-Za-z\n]*([A-Za-z]+)[^A-Za-z\n]*$/.exec(body)?.[1];
  if (!own) return false;
  const end = /([A-Za-z]+)[^A-Za-z]*$/.exec(before ?? "")?.[1];
  const start = /^[^A-Za-z]*([A-Za-z]+)/.exec(after ?? "")?.[1];
  const word = (w: string) => resolveEnglish(w.toLowerCase())?.how === "word";
  return (!!end && word(end + own)) || (!!start && word(own + start));
}
/** Most message lines under one header, and the fewest lines (headers too) that make a chat log of them. */
const MAX_MESSAGE_LINES = 4;

/**
 * Sets `mask` to PIECE_GAP over a chat log's headers that are the sender's name alone on its line (Telegram's
 * HTML and desktop exports, a WeChat copy: `李四\n徑這朝\n李四\n焰抱像`, `Bob\nword word word\nBob\n…`): the
 * same short line at least twice, never twice in a row, at most MAX_MESSAGE_LINES lines apart and with a
 * message after the last one. A line that repeats otherwise (a phrase a word a line, a word twice) stays.
 */
export function maskNameHeaders(text: string, mask: Uint8Array): void {
  if (!text.includes("\n")) return;
  const lines: Array<{ start: number; end: number; body: string }> = [];
  for (const m of text.matchAll(/[^\n]+/g)) {
    const body = m[0].trim();
    if (!body) continue;
    const start = m.index + m[0].indexOf(body);
    lines.push({ start, end: start + body.length, body });
  }
  const at = new Map<string, number[]>();
  for (const [i, l] of lines.entries()) {
    if (!NAME_ALONE.test(l.body)) continue;
    const places = at.get(l.body);
    if (places) places.push(i);
    else at.set(l.body, [i]);
  }
  for (const [body, places] of at) {
    if (phraseWords(body)) continue;
    if (places.length < 2 || (places[places.length - 1] as number) === lines.length - 1) continue;
    const apart = places.slice(1).map((p, k) => p - (places[k] as number));
    if (apart.some((d) => d < 2 || d > MAX_MESSAGE_LINES + 1)) continue;
    // "> vo\n> te\n> te\n> nt": a word wrapped over lines, its piece repeating, is no sender.
    if (places.some((p) => wrapsWith(lines[p - 1]?.body, body, lines[p + 1]?.body))) continue;
    for (const p of places)
      mask.fill(PIECE_GAP, (lines[p] as (typeof lines)[0]).start, (lines[p] as (typeof lines)[0]).end);
  }
}

/** A date as chat exports write it: 2024-05-13, 2024/5/13, 2024年5月13日, 13.05.2024, 13/05/2024, 5/13, 5月13日. */
const DATE = String.raw`(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}[/月]\d{1,2}日?)`;
/** The day or its half before the clock: 上午9:11, 昨天 09:11, 星期一 09:11, Today at 9:11. */
const DAY = String.raw`(?:上午|下午|中午|晚上|早上|凌晨|今天|昨天|前天|星期[一二三四五六日天]|周[一二三四五六日]|(?:[Tt]oday|[Yy]esterday)(?:[ \t]+at)?)`;
/** A time stamp: a date, a day, the clock and the half of the day after it (`2024/5/13 上午9:11`, `13/05/2024, 9:11 PM`). */
const STAMP = String.raw`(?:${DATE},?[ \t]+)?(?:${DAY}[ \t]?)?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?(?:[AaPp]\.?[Mm]\.?(?![A-Za-z])|上午|下午|中午|晚上))?`;
const BRACKETED_STAMP = String.raw`[(（[【]?${STAMP}[)）\]】]?`;
const HEADER_NAME = String.raw`[^\n，。,.!?！？:：]{1,16}?`;

/** A chat log's header line, the sender and the time, either first (Telegram's `Alice Wu, [13.05.2024 09:11]`), with nothing after. */
export const CHAT_HEADER = new RegExp(
  String.raw`(?:${HEADER_NAME}(?:[ \t]+(?:[-–—][ \t]+)?|,[ \t]*(?=\[))${BRACKETED_STAMP}|${BRACKETED_STAMP}[ \t]+(?:[-–—][ \t]+)?${HEADER_NAME}[:：]?)[ \t]*`,
);
/** A stamp and a sender before a message on its line: `[14:03] 李四:`, `13/05/2024, 09:11 - 李四:`. */
export const CHAT_PREFIX = new RegExp(String.raw`(?:\[${STAMP}\][ \t]?|${STAMP}[ \t]+[-–—][ \t]+)[^\n:[\]]{1,24}[:：]`);
const CHAT_LINE = new RegExp(`^(?:${CHAT_HEADER.source}$|${CHAT_PREFIX.source})`, "gm");
/** What stands between two messages of a chat log: up to three header lines or prefixes. */
export const CHAT_GAP = new RegExp(`^\\s{0,4}(?:(?:${CHAT_HEADER.source}|${CHAT_PREFIX.source})\\s{0,4}){1,3}$`);

const PREFIX_FIRST = new RegExp(`^${CHAT_PREFIX.source}`);
/** One word (or character) on a line, with marks around it. */
const ONE_WORD_MARKED = String.raw`[^\p{L}\n]*(?:\p{Script=Han}|[A-Za-z]+)[^\p{L}\n]*`;
/** A line of one word and a time after it, its marks too (`apple 10:42 PM`, `高 ✓ 10:42`, `高 上午10:42`), or before it (`10:42 apple`). */
const WORD_AND_TIME = new RegExp(String.raw`^${ONE_WORD_MARKED}${STAMP}[^\p{L}\n]*$`, "u");
const TIME_AND_WORD = new RegExp(String.raw`^[^\p{L}\n]*${STAMP}${ONE_WORD_MARKED}$`, "u");
const wordAndTime = (line: string) => WORD_AND_TIME.test(line) || TIME_AND_WORD.test(line);

/** The next (`dir` 1) or previous (-1) line with anything on it, from a line starting or ending at `at`. */
function lineBeside(text: string, at: number, dir: 1 | -1): string {
  if (dir === 1) return /^\s*\n([^\n]*)/.exec(text.slice(at, at + 200))?.[1] ?? "";
  return /([^\n]*)\n\s*$/.exec(text.slice(Math.max(0, at - 200), at))?.[1] ?? "";
}

/**
 * Sets `mask` to 1 over a chat log's header lines and prefixes, so a phrase pasted message by message stays
 * one run. A header-shaped line next to a line of one word and a time (`apple 10:42` / `banana 10:42 PM`,
 * `10:42 apple` / `10:43 banana`, blank lines between or not) is a message with its time, a word each: a
 * header has its message under it.
 */
export function maskChatHeaders(text: string, mask: Uint8Array): void {
  if (!/\d:\d\d/.test(text)) return;
  for (const m of text.matchAll(CHAT_LINE)) {
    const end = m.index + m[0].length;
    const alone = !PREFIX_FIRST.test(m[0]);
    if (alone && (wordAndTime(lineBeside(text, m.index, -1)) || wordAndTime(lineBeside(text, end, 1)))) continue;
    mask.fill(1, m.index, end);
  }
}

const NAME = String.raw`[^\s\d:：,，。.!?！？()（）\[\]【】]{1,16}`;
const TIME = STAMP;
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
