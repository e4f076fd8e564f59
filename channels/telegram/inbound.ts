/** Customer messages, albums, edits and block/unblock: Telegram updates -> the ingest pipeline. */
import type { Context } from "grammy";
import type { Message } from "grammy/types";
import type { InboundMessage } from "../../src/core/inbound";
import { redactSecrets } from "../../src/core/redact";
import { subjectFromText } from "../../src/core/ticket";
import type { IngestResult } from "../../src/pipeline/desk";
import type { TelegramSettings } from "./config";
import { describeMessage, displayNameOf, languageFromCode } from "./content";
import { chatConversation, depsOf, messageKey } from "./context";
import { fetchMedia } from "./files";

/** Subject of a ticket opened by an album whose caption came on a later part. */
const ALBUM_SUBJECT = "[album]";

/**
 * Whether a message is meant for us: a private chat's own user (a private chat is its user's, so a message
 * there from anyone else is none of ours), or in a group a support group, a reply to the bot, an @mention
 * or /command@bot.
 */
export function isForUs(m: Message, settings: TelegramSettings): boolean {
  if (m.chat.type === "private") return m.from?.id === m.chat.id;
  if (settings.supportGroups.has(String(m.chat.id))) return true;
  if (m.reply_to_message?.from?.id === settings.botId && settings.botId !== 0) return true;
  const text = m.text ?? m.caption ?? "";
  const handle = `@${settings.username}`.toLowerCase();
  for (const e of m.entities ?? m.caption_entities ?? []) {
    if (e.type === "text_mention" && e.user.id === settings.botId) return true;
    const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
    if (settings.username && e.type === "mention" && part === handle) return true;
    if (settings.username && e.type === "bot_command" && part.endsWith(handle)) return true;
  }
  return false;
}

/**
 * Who wrote a message. A message sent on behalf of a chat (a group's anonymous admins, a linked
 * channel's posts) carries a placeholder `from` that every group shares (GroupAnonymousBot,
 * Channel_Bot): the chat in `sender_chat` is the sender, so two groups never share one contact.
 * https://core.telegram.org/bots/api#message
 */
function senderOf(m: Message): InboundMessage["sender"] {
  if (m.sender_chat) {
    const title = "title" in m.sender_chat ? m.sender_chat.title : undefined;
    return { externalId: String(m.sender_chat.id), ...(title ? { displayName: title } : {}) };
  }
  return { externalId: String(m.from?.id ?? m.chat.id), displayName: displayNameOf(m.from) };
}

/** The parts of an InboundMessage every Telegram message shares. */
export function inboundBase(m: Message): Omit<InboundMessage, "providerMessageId" | "text" | "attachments"> {
  return {
    channel: "telegram",
    conversationKey: chatConversation(m.chat.id),
    sender: senderOf(m),
    sentAt: new Date(m.date * 1000),
    // A Chinese Telegram client is a strong hint; otherwise the text decides (in the pipeline).
    ...(languageFromCode(m.from?.language_code) === "zh" ? { language: "zh" as const } : {}),
    ...(m.reply_to_message ? { replyToProviderMessageId: messageKey(m.chat.id, m.reply_to_message.message_id) } : {}),
    // A group's members read what the bot answers there.
    ...(m.chat.type !== "private" ? { sharedConversation: true } : {}),
  };
}

/**
 * Stores a customer message: text, one file (downloaded to R2), or a placeholder. Parts of an
 * album join one message. Returns null when the message was already stored (a redelivery).
 */
export async function ingestMessage(ctx: Context, m: Message, override?: Partial<InboundMessage>) {
  const deps = depsOf(ctx);
  const { settings, desk, config } = deps;
  const key = messageKey(m.chat.id, m.message_id);
  const content = describeMessage(m);
  if (m.media_group_id) return ingestAlbumPart(ctx, m, content.text);

  const msg: InboundMessage = { ...inboundBase(m), providerMessageId: key, text: content.text, attachments: [] };
  if (content.media) {
    // A redelivery would download the file again only to be told it is a duplicate.
    if (await desk.isStored("telegram", key)) return null;
    const got = await fetchMedia(ctx.api, settings, content.media, config.attachmentMaxBytes);
    if (got.kind === "file") msg.attachments.push(got.attachment);
    else msg.text = [msg.text, got.text].filter(Boolean).join("\n");
    if (!msg.text) msg.subject = `[${content.media.filename}]`;
  }
  return desk.ingest({ ...msg, ...override });
}

/**
 * An album arrives as one update per file. The first to arrive creates the message
 * (`<chat>:album:<media_group_id>:<sender>`); each part then adds its file and caption once. The id is the
 * sender's: in a group, a part from another member naming the same album is never added to this one.
 */
async function ingestAlbumPart(ctx: Context, m: Message, caption: string): Promise<IngestResult | null> {
  const deps = depsOf(ctx);
  const { settings, desk, config } = deps;
  const partId = messageKey(m.chat.id, m.message_id);
  if (await desk.isStored("telegram", partId)) return null;
  const media = describeMessage(m).media;
  const got = media ? await fetchMedia(ctx.api, settings, media, config.attachmentMaxBytes) : null;

  const result = await desk.ingest({
    ...inboundBase(m),
    providerMessageId: `${m.chat.id}:album:${m.media_group_id}:${senderOf(m).externalId}`,
    text: "",
    // Made from the redacted caption: its first line cut to a subject's length could hold part of a secret
    // the whole caption shows (one cut over the line or the length), which the subject alone would not.
    subject: caption ? subjectFromText(redactSecrets(caption).text) : ALBUM_SUBJECT,
    attachments: [],
  });
  const text = [caption, got?.kind === "placeholder" ? got.text : ""].filter(Boolean).join("\n");
  await desk.appendPart({
    channel: "telegram",
    messageId: result.messageId,
    ticketId: result.ticketId,
    partId,
    text,
    attachments: got?.kind === "file" ? [got.attachment] : [],
  });
  return result;
}

/** An edited message replaces the stored body; the old text stays in its history. */
export async function handleEdit(ctx: Context, m: Message): Promise<void> {
  await depsOf(ctx).desk.edit({
    channel: "telegram",
    providerId: messageKey(m.chat.id, m.message_id),
    // Only the author's own edit counts (in a group, another member's never rewrites a customer's message).
    senderExternalId: senderOf(m).externalId,
    text: describeMessage(m).text,
  });
}

/** A private chat's user blocked (kicked) or unblocked the bot. https://core.telegram.org/bots/api#chatmemberupdated */
export async function handleMemberUpdate(ctx: Context): Promise<void> {
  const update = ctx.myChatMember;
  if (update?.chat.type !== "private") return;
  const status = update.new_chat_member.status;
  if (status !== "kicked" && status !== "member") return;
  await depsOf(ctx).desk.setReachable({
    channel: "telegram",
    externalId: String(update.from.id),
    reachable: status === "member",
  });
}
