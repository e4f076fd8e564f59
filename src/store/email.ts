/** Email threading and bookkeeping: our sent Message-IDs, reply tokens, inbound records, bounces. */
import type { TicketStatus } from "../core/ticket";
/** A ticket an inbound email may join: its conversation (where ingest threads) and its contact. */
export interface EmailThreadTarget {
  ticketId: string;
  conversationKey: string;
  status: TicketStatus;
}

type TargetRow = { id: string; conversation_key: string; status: TicketStatus };

function toTarget(row: TargetRow | null): EmailThreadTarget | null {
  return row ? { ticketId: row.id, conversationKey: row.conversation_key, status: row.status } : null;
}

export type InboundEmailKind = "message" | "auto_reply" | "bounce" | "own" | "rate_limited";
export type InboundEmailSource = "cloudflare" | "mailgun" | "postmark" | "sendgrid";

/** The ticket that one of `messageIdHeaders` (In-Reply-To/References) belongs to, when we sent it. */
export async function findTicketBySentMessageIds(
  db: D1Database,
  messageIdHeaders: string[],
): Promise<EmailThreadTarget | null> {
  if (!messageIdHeaders.length) return null;
  // Newest reference wins: the end of References is the message being answered.
  const ids = messageIdHeaders.slice(-50);
  const placeholders = ids.map((_, i) => `?${i + 1}`).join(", ");
  const row = await db
    .prepare(
      `SELECT t.id, t.conversation_key, t.status FROM email_sent s JOIN tickets t ON t.id = s.ticket_id
        WHERE s.message_id_header IN (${placeholders})
        ORDER BY s.created_at DESC LIMIT 1`,
    )
    .bind(...ids)
    .first<TargetRow>();
  return toTarget(row);
}

/** The ticket behind the plus-address token of our Reply-To. */
export async function findTicketByReplyToken(db: D1Database, token: string): Promise<EmailThreadTarget | null> {
  const row = await db
    .prepare(
      `SELECT t.id, t.conversation_key, t.status FROM email_threads e JOIN tickets t ON t.id = e.ticket_id
        WHERE e.reply_token = ?1`,
    )
    .bind(token)
    .first<TargetRow>();
  return toTarget(row);
}

/**
 * The ticket with this number, only when `senderEmail` is its contact (the contact's email, or an
 * email or web-form identity of that contact): quoting a number never lets a stranger in.
 */
export async function findTicketByNumberForSender(
  db: D1Database,
  args: { number: number; senderEmail: string },
): Promise<EmailThreadTarget | null> {
  const row = await db
    .prepare(
      `SELECT t.id, t.conversation_key, t.status FROM tickets t JOIN contacts c ON c.id = t.contact_id
        WHERE t.number = ?1
          AND (lower(c.email) = ?2 OR EXISTS (
                SELECT 1 FROM channel_identities i
                 WHERE i.contact_id = t.contact_id AND i.channel IN ('email', 'webform') AND i.external_id = ?2))`,
    )
    .bind(args.number, args.senderEmail.toLowerCase())
    .first<TargetRow>();
  return toTarget(row);
}

/** The ticket's reply token, created on first use (a concurrent creator's token wins and is returned). */
export async function ensureReplyToken(
  db: D1Database,
  args: { ticketId: string; candidate: string; now: string },
): Promise<string> {
  const [, read] = await db.batch([
    db
      .prepare(
        "INSERT INTO email_threads (ticket_id, reply_token, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
      )
      .bind(args.ticketId, args.candidate, args.now),
    db.prepare("SELECT reply_token FROM email_threads WHERE ticket_id = ?1").bind(args.ticketId),
  ]);
  const row = read?.results[0] as { reply_token: string } | undefined;
  if (!row) throw new Error("reply token was not stored");
  return row.reply_token;
}

/** The Message-IDs of a ticket's email thread, oldest first: customers' (inbound) and ours (sent). */
export async function threadMessageIds(
  db: D1Database,
  ticketId: string,
  limit = 20,
): Promise<Array<{ id: string; inbound: boolean }>> {
  const { results } = await db
    .prepare(
      `SELECT id_header, inbound FROM (
          SELECT message_id_header AS id_header, 0 AS inbound, created_at FROM email_sent WHERE ticket_id = ?1
          UNION ALL
          SELECT message_id_header, 1, created_at FROM email_inbound WHERE ticket_id = ?1 AND kind = 'message'
        ) ORDER BY created_at DESC LIMIT ?2`,
    )
    .bind(ticketId, limit)
    .all<{ id_header: string; inbound: number }>();
  return results.map((r) => ({ id: r.id_header, inbound: r.inbound === 1 })).reverse();
}

/** Remembers a Message-ID we are about to send (idempotent: a retry sends the same id). */
export async function recordSentMessageId(
  db: D1Database,
  args: { messageIdHeader: string; messageId: string; ticketId: string; now: string },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO email_sent (message_id_header, message_id, ticket_id, created_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT DO NOTHING`,
    )
    .bind(args.messageIdHeader, args.messageId, args.ticketId, args.now)
    .run();
}

/** Whether a Message-ID is one of ours (our own mail coming back). */
export async function isSentMessageId(db: D1Database, messageIdHeader: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS one FROM email_sent WHERE message_id_header = ?1")
    .bind(messageIdHeader)
    .first();
  return Boolean(row);
}

export interface InboundEmailRecord {
  messageIdHeader: string;
  kind: InboundEmailKind;
  source: InboundEmailSource;
  sender: string;
  subject: string | null;
  rawR2Key: string | null;
  messageId: string | null;
  ticketId: string | null;
  detail: string | null;
}

/** The inbound record of a Message-ID, when that email was already handled. */
export async function findInboundEmail(db: D1Database, messageIdHeader: string): Promise<InboundEmailRecord | null> {
  const r = await db.prepare("SELECT * FROM email_inbound WHERE message_id_header = ?1").bind(messageIdHeader).first<{
    message_id_header: string;
    kind: InboundEmailKind;
    source: InboundEmailSource;
    sender: string;
    subject: string | null;
    raw_r2_key: string | null;
    message_id: string | null;
    ticket_id: string | null;
    detail: string | null;
  }>();
  return r
    ? {
        messageIdHeader: r.message_id_header,
        kind: r.kind,
        source: r.source,
        sender: r.sender,
        subject: r.subject,
        rawR2Key: r.raw_r2_key,
        messageId: r.message_id,
        ticketId: r.ticket_id,
        detail: r.detail,
      }
    : null;
}

/** Records what an inbound email was, once (a redelivery keeps the first record). */
export async function recordInboundEmail(db: D1Database, rec: InboundEmailRecord, now: string): Promise<void> {
  await db
    .prepare(
      `INSERT INTO email_inbound (message_id_header, kind, source, sender, subject, raw_r2_key, message_id, ticket_id,
          detail, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING`,
    )
    .bind(
      rec.messageIdHeader,
      rec.kind,
      rec.source,
      rec.sender,
      rec.subject,
      rec.rawR2Key,
      rec.messageId,
      rec.ticketId,
      rec.detail,
      now,
    )
    .run();
}

/** How many emails from `sender` arrived since `since` (the flood limit's counter). */
export async function countInboundFromSender(db: D1Database, sender: string, since: string): Promise<number> {
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS n FROM email_inbound
        WHERE sender = ?1 AND created_at >= ?2 AND kind IN ('message', 'auto_reply', 'rate_limited')`,
    )
    .bind(sender, since)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * Marks the outbound message that carried `messageIdHeader` failed with the bounce's reason, even
 * when it was already recorded as sent. Returns the message, or null when the id is not ours.
 */
export async function markBounced(
  db: D1Database,
  args: { messageIdHeader: string; reason: string },
): Promise<{ messageId: string; ticketId: string } | null> {
  const row = await db
    .prepare(
      `UPDATE messages SET delivery_status = 'failed', delivery_error = ?2, delivery_lease_until = NULL,
          next_attempt_at = NULL
        WHERE id = (SELECT message_id FROM email_sent WHERE message_id_header = ?1) AND direction = 'out'
        RETURNING id, ticket_id`,
    )
    .bind(args.messageIdHeader, args.reason)
    .first<{ id: string; ticket_id: string }>();
  return row ? { messageId: row.id, ticketId: row.ticket_id } : null;
}

/** Where the full original of a stored inbound message is, for staff who want to see it. */
export async function findOriginalOfMessage(
  db: D1Database,
  messageId: string,
): Promise<{ rawR2Key: string | null; messageIdHeader: string; source: InboundEmailSource } | null> {
  const row = await db
    .prepare("SELECT raw_r2_key, message_id_header, source FROM email_inbound WHERE message_id = ?1")
    .bind(messageId)
    .first<{ raw_r2_key: string | null; message_id_header: string; source: InboundEmailSource }>();
  return row ? { rawR2Key: row.raw_r2_key, messageIdHeader: row.message_id_header, source: row.source } : null;
}
