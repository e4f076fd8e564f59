/** deliver(): one outbound message -> Bot API calls to the customer's chat. */
import { type Api, InputFile } from "grammy";
import type { ReplyParameters } from "grammy/types";
import { PermanentError } from "../../src/core/errors";
import { type Env, loadConfig } from "../../src/env";
import { setIdentityReachable } from "../../src/store/contacts";
import { listSentParts, recordSentPart } from "../../src/store/outbox";
import type { DeliveryReceipt, OutboundAttachment, OutboundMessage } from "../types";
import { chatIdFromConversationKey, createApi, telegramSettings } from "./config";
import { messageKey } from "./context";
import { toChannelError, UnreachableError } from "./errors";
import { splitText } from "./split";
import { csatKeyboard } from "./texts";

/** Images Telegram shows inline; anything else (or larger) goes as a document. https://core.telegram.org/bots/api#sendphoto */
const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Sends the text (plain, no parse mode, so nothing needs escaping; split at 4096) and then
 * each attachment. The receipt is the first Telegram message: `<chat>:<message_id>`.
 * A message of several parts records each accepted part, so a retry after a part-way failure
 * resumes with the part that failed instead of sending the customer the first ones again.
 */
export async function deliverTelegram(msg: OutboundMessage, env: Env): Promise<DeliveryReceipt> {
  const settings = telegramSettings(loadConfig(env));
  const chatId = chatIdFromConversationKey(msg.conversationKey);
  if (chatId === null) throw new PermanentError(`Not a Telegram conversation: ${msg.conversationKey}`);
  const api = createApi(settings);
  const parts: Array<() => Promise<number>> = [];
  const chunks = splitText(msg.body);
  const replyTo = replyParameters(msg.replyToProviderMessageId, chatId);
  const keyboard = msg.csat ? csatKeyboard(msg.ticketId) : undefined;
  chunks.forEach((chunk, i) => {
    // Only the first part answers the customer's message; rating buttons go under the last.
    const options = {
      ...(i === 0 && replyTo ? { reply_parameters: replyTo } : {}),
      ...(keyboard && i === chunks.length - 1 ? { reply_markup: keyboard } : {}),
    };
    parts.push(async () => (await api.sendMessage(chatId, chunk, options)).message_id);
  });
  for (const attachment of msg.attachments) parts.push(() => sendAttachment(api, env, chatId, attachment));
  if (!parts.length) throw new PermanentError("Nothing to send: the message is empty");

  const multiPart = parts.length > 1;
  const sent = multiPart ? await listSentParts(env.DB, "telegram", msg.messageId) : [];
  try {
    for (const part of parts.slice(sent.length)) {
      const key = messageKey(chatId, await part());
      sent.push(key);
      if (multiPart) await rememberPart(env.DB, key, msg.messageId);
    }
  } catch (err) {
    const mapped = toChannelError(err);
    if (mapped instanceof UnreachableError && chatId > 0) {
      // In a private chat the chat id is the customer's user id.
      await setIdentityReachable(env.DB, { channel: "telegram", externalId: String(chatId), reachable: false });
    }
    throw mapped;
  }
  return { providerMessageId: sent[0] as string };
}

/** Best effort: a part Telegram accepted is sent, whether or not D1 takes the note of it. */
async function rememberPart(db: D1Database, key: string, messageId: string): Promise<void> {
  try {
    await recordSentPart(db, { channel: "telegram", providerPartId: key, messageId, now: new Date() });
  } catch (err) {
    console.warn("could not record a sent part; a retry may repeat it", { messageId, error: String(err) });
  }
}

async function sendAttachment(api: Api, env: Env, chatId: number, a: OutboundAttachment): Promise<number> {
  const object = await env.ATTACHMENTS.get(a.r2Key);
  if (!object) throw new PermanentError(`The attachment ${a.filename} is no longer stored`);
  const file = new InputFile(new Uint8Array(await object.arrayBuffer()), a.filename);
  const sent =
    PHOTO_TYPES.has(a.contentType.toLowerCase()) && a.size <= PHOTO_MAX_BYTES
      ? await api.sendPhoto(chatId, file)
      : await api.sendDocument(chatId, file);
  return sent.message_id;
}

/** Quote the customer's message when it is in this chat; send anyway if it was deleted. */
function replyParameters(providerId: string | null, chatId: number): ReplyParameters | undefined {
  const m = providerId ? /^(-?\d+):(\d+)$/.exec(providerId) : null;
  if (!m || Number(m[1]) !== chatId) return undefined;
  return { message_id: Number(m[2]), allow_sending_without_reply: true };
}
