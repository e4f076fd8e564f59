/** Splitting long texts into Telegram-sized messages. */
import { splitMessageText } from "../../src/core/split";

/** Telegram's limit for one text message. https://core.telegram.org/bots/api#sendmessage */
export const MESSAGE_LIMIT = 4096;

/**
 * Splits `text` into chunks of at most `limit` UTF-16 units, at a paragraph, line or space
 * boundary where one exists, and never inside a surrogate pair. Empty input gives no chunks.
 */
export function splitText(text: string, limit: number = MESSAGE_LIMIT): string[] {
  return splitMessageText(text, limit);
}
