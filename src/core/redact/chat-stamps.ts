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

/** Sets `mask` to 1 over the senders and times that chat exports put before each message. */
export function maskChatStamps(text: string, mask: Uint8Array): void {
  if (!/\d:\d\d/.test(text)) return;
  for (const m of text.matchAll(STAMPED_LINE)) mask.fill(1, m.index, m.index + m[0].length);
}
