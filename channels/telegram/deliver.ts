/** prepare(): one outbound message -> the Bot API calls that send it to the customer's chat. */
import { type Api, InputFile } from "grammy";
import type { InlineKeyboardMarkup, ReplyParameters } from "grammy/types";
import type {
  DeliveryContext,
  OutboundAttachment,
  OutboundButton,
  OutboundMessage,
  SendStep,
} from "../../src/core/channel";
import { PermanentError } from "../../src/core/errors";
import { chatIdFromConversationKey, createApi, type TelegramSettings } from "./config";
import { messageKey } from "./context";
import { toChannelError } from "./errors";
import { splitText } from "./split";
import { csatKeyboard } from "./texts";

/** Images Telegram shows inline; anything else (or larger) goes as a document. https://core.telegram.org/bots/api#sendphoto */
const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The text (plain, no parse mode, so nothing needs escaping; split at 4096) and then each
 * attachment, one Bot API call each; every step answers `<chat>:<message_id>`. Only the first part
 * quotes the customer's message; rating buttons (or a bot text's own buttons) go under the last text part.
 */
export async function prepareTelegram(
  settings: TelegramSettings,
  msg: OutboundMessage,
  ctx: DeliveryContext,
): Promise<SendStep[]> {
  const chatId = chatIdFromConversationKey(msg.conversationKey);
  if (chatId === null) throw new PermanentError(`Not a Telegram conversation: ${msg.conversationKey}`);
  const api = createApi(settings);
  // In a private chat the chat id is the customer's user id: who becomes unreachable when it fails.
  const recipient = chatId > 0 ? String(chatId) : null;
  const step =
    (call: () => Promise<number>): SendStep =>
    async () => {
      try {
        return messageKey(chatId, await call());
      } catch (err) {
        throw toChannelError(err, recipient);
      }
    };
  const chunks = splitText(msg.body);
  const replyTo = replyParameters(msg.replyToProviderMessageId, chatId);
  const keyboard = msg.csat ? csatKeyboard(msg.ticketId) : msg.buttons ? inlineKeyboard(msg.buttons) : undefined;
  const steps = chunks.map((chunk, i) => {
    const options = {
      ...(i === 0 && replyTo ? { reply_parameters: replyTo } : {}),
      ...(keyboard && i === chunks.length - 1 ? { reply_markup: keyboard } : {}),
    };
    return step(async () => (await api.sendMessage(chatId, chunk, options)).message_id);
  });
  for (const a of msg.attachments) steps.push(step(() => sendAttachment(api, ctx, chatId, a)));
  return steps;
}

async function sendAttachment(api: Api, ctx: DeliveryContext, chatId: number, a: OutboundAttachment): Promise<number> {
  const data = await ctx.readAttachment(a.r2Key);
  if (!data) throw new PermanentError(`The attachment ${a.filename} is no longer stored`);
  const file = new InputFile(data, a.filename);
  const sent =
    PHOTO_TYPES.has(a.contentType.toLowerCase()) && a.size <= PHOTO_MAX_BYTES
      ? await api.sendPhoto(chatId, file)
      : await api.sendDocument(chatId, file);
  return sent.message_id;
}

/** Channel-neutral button rows as Telegram's inline keyboard (the data comes back as callback_data). */
function inlineKeyboard(rows: OutboundButton[][]): InlineKeyboardMarkup {
  return { inline_keyboard: rows.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) };
}

/** Quote the customer's message when it is in this chat; send anyway if it was deleted. */
function replyParameters(providerId: string | null, chatId: number): ReplyParameters | undefined {
  const m = providerId ? /^(-?\d+):(\d+)$/.exec(providerId) : null;
  if (!m || Number(m[1]) !== chatId) return undefined;
  return { message_id: Number(m[2]), allow_sending_without_reply: true };
}
