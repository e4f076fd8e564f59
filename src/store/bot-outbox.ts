/**
 * The outbox of the bot's own texts (`bot_messages`): answers to commands that belong to no
 * ticket. Same delivery states as an outbound `messages` row (queued, sending, sent, failed), so
 * the delivery pipeline claims, retries and fails them by the same rules.
 */
import type { OutboundButton } from "../core/channel";
import type { ChannelName, Language } from "../core/inbound";
import { DELIVERY_LEASE_MS, deliveryStateOf, type OutboundRecord } from "./outbox";

/** The id prefix of a bot text (`bot_…`): the delivery pipeline picks this table by it. */
export const BOT_TEXT_PREFIX = "bot";

/** Whether an outbox id names a bot text rather than an outbound message. */
export function isBotTextId(id: string): boolean {
  return id.startsWith(`${BOT_TEXT_PREFIX}_`);
}

/** A bot text claimed for sending: the record the pipeline sends, and its buttons and accepted parts. */
export interface BotTextRecord extends OutboundRecord {
  buttons: OutboundButton[][] | null;
  sentParts: string[];
}

/** Queues one bot text, due now. */
export async function insertBotText(
  db: D1Database,
  args: {
    id: string;
    channel: ChannelName;
    conversationKey: string;
    body: string;
    buttons: OutboundButton[][] | null;
    language: Language;
    now: string;
  },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO bot_messages (id, channel, conversation_key, body, buttons, language, delivery_status,
          next_attempt_at, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?7)`,
    )
    .bind(
      args.id,
      args.channel,
      args.conversationKey,
      args.body,
      args.buttons ? JSON.stringify(args.buttons) : null,
      args.language,
      args.now,
    )
    .run();
}

/** Claims a queued bot text (or one whose claim expired) and counts the attempt; null when there is nothing to send. */
export async function claimBotText(db: D1Database, id: string, now: Date): Promise<BotTextRecord | null> {
  const leaseUntil = new Date(now.getTime() + DELIVERY_LEASE_MS).toISOString();
  const r = await db
    .prepare(
      `UPDATE bot_messages SET delivery_status = 'sending', delivery_attempts = delivery_attempts + 1,
          delivery_lease_until = ?3
        WHERE id = ?1 AND (delivery_status = 'queued' OR (delivery_status = 'sending' AND delivery_lease_until < ?2))
        RETURNING id, channel, conversation_key, body, buttons, language, delivery_attempts, sent_parts`,
    )
    .bind(id, now.toISOString(), leaseUntil)
    .first<{
      id: string;
      channel: ChannelName;
      conversation_key: string;
      body: string;
      buttons: string | null;
      language: Language;
      delivery_attempts: number;
      sent_parts: string;
    }>();
  if (!r) return null;
  // The conversation key is `<channel>:<id>`: in a chat channel the id is whom the text goes to.
  const recipient = r.conversation_key.slice(r.channel.length + 1);
  return {
    messageId: r.id,
    ticketId: "",
    conversationTicketId: "",
    ticketNumber: "",
    ticketSubject: "",
    ticketAccessToken: "",
    channel: r.channel,
    conversationKey: r.conversation_key,
    author: "bot",
    body: r.body,
    language: r.language,
    recipient: { externalId: recipient, displayName: null, email: null },
    replyToProviderMessageId: null,
    attachments: [],
    attempts: r.delivery_attempts,
    csat: false,
    buttons: r.buttons ? (JSON.parse(r.buttons) as OutboundButton[][]) : null,
    sentParts: JSON.parse(r.sent_parts || "[]") as string[],
  };
}

export const {
  markSent: markBotTextSent,
  markRetrying: markBotTextRetrying,
  markFailed: markBotTextFailed,
} = deliveryStateOf("bot_messages");

/** Notes one accepted part of a split bot text, so a retry resumes after it. */
export async function recordBotTextPart(db: D1Database, id: string, providerPartId: string): Promise<void> {
  await db
    .prepare("UPDATE bot_messages SET sent_parts = json_insert(sent_parts, '$[#]', ?2) WHERE id = ?1")
    .bind(id, providerPartId)
    .run();
}

/** Bot texts whose queue hand-off looks lost: due long ago and still not sent. */
export async function listOverdueBotTexts(db: D1Database, olderThan: Date, limit = 100): Promise<string[]> {
  const cutoff = olderThan.toISOString();
  const { results } = await db
    .prepare(
      `SELECT id FROM bot_messages
        WHERE delivery_status IN ('queued', 'sending') AND next_attempt_at < ?1
          AND (delivery_lease_until IS NULL OR delivery_lease_until < ?1)
        ORDER BY next_attempt_at LIMIT ?2`,
    )
    .bind(cutoff, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Pushes the due time of re-enqueued bot texts forward so the next sweep does not take them again. */
export async function touchBotTextNextAttempt(db: D1Database, ids: string[], at: Date): Promise<void> {
  if (!ids.length) return;
  await db.batch(
    ids.map((id) =>
      db
        .prepare("UPDATE bot_messages SET next_attempt_at = ?2 WHERE id = ?1 AND delivery_status = 'queued'")
        .bind(id, at.toISOString()),
    ),
  );
}
