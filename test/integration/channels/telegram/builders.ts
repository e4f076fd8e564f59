/** Real-shaped Telegram updates: `telegramUpdate({ chatId, text })`, `photoUpdate`, `albumUpdates(3)`, ... */
import { env } from "cloudflare:workers";

export const BOT_ID = Number(env.TELEGRAM_BOT_TOKEN.split(":")[0]);
export const BOT_USERNAME = env.TELEGRAM_BOT_USERNAME;
export const SUPPORT_GROUP = Number(env.TELEGRAM_SUPPORT_GROUPS);

// Storage is shared by every test of the pool: each test gets its own chat and update ids.
let nextUpdate = Math.floor(Math.random() * 1e9);
const nextMessage = new Map<number, number>();

/** A fresh private chat id (= the customer's user id). */
export function newChatId(): number {
  return 5_000_000_000 + Math.floor(Math.random() * 1e9);
}

/** A fresh group chat id. */
export function newGroupId(): number {
  return -1_002_000_000_000 - Math.floor(Math.random() * 1e9);
}

function messageId(chatId: number): number {
  const id = (nextMessage.get(chatId) ?? 0) + 1;
  nextMessage.set(chatId, id);
  return id;
}

export interface MessageOptions {
  chatId: number;
  /** Defaults to chatId (private chats); set for groups. */
  userId?: number;
  messageId?: number;
  firstName?: string;
  languageCode?: string;
  chatType?: "private" | "group" | "supergroup";
  replyTo?: { message_id: number; fromBot?: boolean };
  extra?: Record<string, unknown>;
}

/** A Telegram Message object. */
export function tgMessage(o: MessageOptions) {
  const userId = o.userId ?? o.chatId;
  const type = o.chatType ?? (o.chatId < 0 ? "supergroup" : "private");
  return {
    message_id: o.messageId ?? messageId(o.chatId),
    date: Math.floor(Date.now() / 1000),
    chat:
      type === "private"
        ? { id: o.chatId, type, first_name: o.firstName ?? "Alice" }
        : { id: o.chatId, type, title: "Some group" },
    from: {
      id: userId,
      is_bot: false,
      first_name: o.firstName ?? "Alice",
      last_name: "Zhang",
      username: `user${userId}`,
      language_code: o.languageCode ?? "en",
    },
    ...(o.replyTo
      ? {
          reply_to_message: {
            message_id: o.replyTo.message_id,
            date: Math.floor(Date.now() / 1000) - 60,
            chat: { id: o.chatId, type },
            ...(o.replyTo.fromBot
              ? { from: { id: BOT_ID, is_bot: true, first_name: "Relaydesk", username: BOT_USERNAME } }
              : {}),
            text: "earlier",
          },
        }
      : {}),
    ...o.extra,
  };
}

/** An update with a fresh update_id. */
export function update(kind: string, payload: unknown, updateId = ++nextUpdate) {
  return { update_id: updateId, [kind]: payload };
}

/** A text message update: `telegramUpdate({ chatId, text })`. */
export function telegramUpdate(o: MessageOptions & { text: string; entities?: unknown[] }) {
  return update(
    "message",
    tgMessage({ ...o, extra: { text: o.text, ...(o.entities ? { entities: o.entities } : {}), ...o.extra } }),
  );
}

/** A message of any other kind: `messageUpdate({ chatId, extra: { location: {...} } })`. */
export function messageUpdate(o: MessageOptions & { extra: Record<string, unknown> }) {
  return update("message", tgMessage(o));
}

/** A /command (with its bot_command entity). */
export function commandUpdate(o: MessageOptions & { command: string; args?: string }) {
  const text = `/${o.command}${o.args ? ` ${o.args}` : ""}`;
  return telegramUpdate({ ...o, text, entities: [{ type: "bot_command", offset: 0, length: o.command.length + 1 }] });
}

/** A photo in three sizes, with an optional caption and album id. */
export function photoUpdate(
  o: MessageOptions & { caption?: string; fileId?: string; mediaGroupId?: string; fileSize?: number },
) {
  const fileId = o.fileId ?? `photo-${crypto.randomUUID()}`;
  return update(
    "message",
    tgMessage({
      ...o,
      extra: {
        photo: [
          { file_id: `${fileId}-s`, file_unique_id: "s", width: 90, height: 60, file_size: 1_000 },
          { file_id: `${fileId}-m`, file_unique_id: "m", width: 320, height: 240, file_size: 10_000 },
          { file_id: fileId, file_unique_id: "l", width: 1280, height: 960, file_size: o.fileSize ?? 50_000 },
        ].sort((a, b) => a.width - b.width),
        ...(o.caption ? { caption: o.caption } : {}),
        ...(o.mediaGroupId ? { media_group_id: o.mediaGroupId } : {}),
      },
    }),
  );
}

/** The updates of an album: `count` photos sharing a media_group_id, the caption on the first. */
export function albumUpdates(count: number, o: MessageOptions & { caption?: string }) {
  const mediaGroupId = `album-${crypto.randomUUID()}`;
  return Array.from({ length: count }, (_, i) =>
    photoUpdate({ ...o, mediaGroupId, ...(i === 0 && o.caption ? { caption: o.caption } : { caption: undefined }) }),
  );
}

/** A document (PDF by default). */
export function documentUpdate(
  o: MessageOptions & { fileName?: string; mimeType?: string; fileId?: string; fileSize?: number; caption?: string },
) {
  return update(
    "message",
    tgMessage({
      ...o,
      extra: {
        document: {
          file_id: o.fileId ?? `doc-${crypto.randomUUID()}`,
          file_unique_id: "d",
          file_name: o.fileName ?? "statement.pdf",
          mime_type: o.mimeType ?? "application/pdf",
          file_size: o.fileSize ?? 50_000,
        },
        ...(o.caption ? { caption: o.caption } : {}),
      },
    }),
  );
}

export function stickerUpdate(o: MessageOptions & { emoji?: string }) {
  return update(
    "message",
    tgMessage({
      ...o,
      extra: {
        sticker: {
          file_id: "sticker-file",
          file_unique_id: "st",
          type: "regular",
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: o.emoji ?? "😀",
        },
      },
    }),
  );
}

/** An edit of message `messageId` in `chatId`. */
export function editedUpdate(o: MessageOptions & { messageId: number; text: string }) {
  return update(
    "edited_message",
    tgMessage({ ...o, extra: { text: o.text, edit_date: Math.floor(Date.now() / 1000) } }),
  );
}

/** A button press on a bot message in a private chat. */
export function callbackUpdate(o: { chatId: number; data: string; languageCode?: string; messageId?: number }) {
  const from = { id: o.chatId, is_bot: false, first_name: "Alice", language_code: o.languageCode ?? "en" };
  return update("callback_query", {
    id: `cbq-${crypto.randomUUID()}`,
    from,
    chat_instance: "42",
    data: o.data,
    message: {
      message_id: o.messageId ?? 999,
      date: Math.floor(Date.now() / 1000),
      chat: { id: o.chatId, type: "private", first_name: "Alice" },
      from: { id: BOT_ID, is_bot: true, first_name: "Relaydesk", username: BOT_USERNAME },
      text: "Choose",
    },
  });
}

/** The customer blocked ("kicked") or unblocked ("member") the bot. */
export function myChatMemberUpdate(chatId: number, status: "kicked" | "member") {
  const userFrom = { id: chatId, is_bot: false, first_name: "Alice" };
  const bot = { id: BOT_ID, is_bot: true, first_name: "Relaydesk", username: BOT_USERNAME };
  return update("my_chat_member", {
    chat: { id: chatId, type: "private", first_name: "Alice" },
    from: userFrom,
    date: Math.floor(Date.now() / 1000),
    old_chat_member: { status: status === "kicked" ? "member" : "kicked", user: bot },
    new_chat_member: { status, user: bot, ...(status === "kicked" ? { until_date: 0 } : {}) },
  });
}
