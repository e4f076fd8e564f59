/** Email threading and bookkeeping: our sent Message-IDs, reply tokens, inbound records, bounces. */
import type { TicketStatus } from "../core/ticket";
import { activeTicketOfAddressStatement } from "./email-trust";
import type { ConversationSql } from "./ingest";
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

function targetFrom(result: D1Result | undefined): EmailThreadTarget | null {
  return toTarget((result?.results[0] as TargetRow | undefined) ?? null);
}

/** The ticket that one of `messageIdHeaders` (In-Reply-To/References) belongs to, when we sent it. */
function ticketBySentMessageIdsStatement(db: D1Database, messageIdHeaders: string[]): D1PreparedStatement {
  // Newest reference wins: the end of References is the message being answered.
  const ids = messageIdHeaders.slice(-50);
  const placeholders = ids.map((_, i) => `?${i + 1}`).join(", ");
  return db
    .prepare(
      `SELECT t.id, t.conversation_key, t.status FROM email_sent s JOIN tickets t ON t.id = s.ticket_id
        WHERE s.message_id_header IN (${placeholders})
        ORDER BY s.created_at DESC LIMIT 1`,
    )
    .bind(...ids);
}

const BY_REPLY_TOKEN = "FROM email_threads e JOIN tickets t ON t.id = e.ticket_id WHERE e.reply_token = ?1";

/** The ticket behind the plus-address token of our Reply-To. */
function ticketByReplyTokenStatement(db: D1Database, token: string): D1PreparedStatement {
  return db.prepare(`SELECT t.id, t.conversation_key, t.status ${BY_REPLY_TOKEN}`).bind(token);
}

/** That ticket's conversation, as SQL for ingest's reads in the same batch (src/store/ingest.ts). */
export function conversationByReplyToken(token: string): ConversationSql {
  return { sql: `(SELECT t.conversation_key ${BY_REPLY_TOKEN})`, binds: [token] };
}

// Web-form identities keyed by an address exist only once it was proven (unproven ones are `claim:`s).
const BY_NUMBER_FOR_SENDER = `FROM tickets t JOIN contacts c ON c.id = t.contact_id
  WHERE t.number = ?1
    AND ((c.email_verified_at IS NOT NULL AND lower(c.email) = ?2) OR EXISTS (
          SELECT 1 FROM channel_identities i
           WHERE i.contact_id = t.contact_id AND i.channel IN ('email', 'webform') AND i.external_id = ?2))`;

/**
 * The ticket with this number, only when `senderEmail` is its contact's proven address (the
 * contact's verified email, or an email or proven web-form identity of that contact): quoting a
 * number never lets a stranger in, and an address someone merely typed into the form proves nothing.
 */
function ticketByNumberForSenderStatement(
  db: D1Database,
  args: { number: number; senderEmail: string },
): D1PreparedStatement {
  return db
    .prepare(`SELECT t.id, t.conversation_key, t.status ${BY_NUMBER_FOR_SENDER}`)
    .bind(args.number, args.senderEmail.toLowerCase());
}

/** That ticket's conversation, as SQL for ingest's reads in the same batch (src/store/ingest.ts). */
export function conversationByNumberForSender(args: { number: number; senderEmail: string }): ConversationSql {
  return {
    sql: `(SELECT t.conversation_key ${BY_NUMBER_FOR_SENDER})`,
    binds: [args.number, args.senderEmail.toLowerCase()],
  };
}

/** What an inbound email's handling depends on, read in one batch before anything is decided. */
export interface InboundEmailState {
  /** The record of this Message-ID, when the email was already handled. */
  seen: InboundEmailRecord | null;
  /** Whether the Message-ID is one we sent (our own mail coming back). */
  ourMessageId: boolean;
  /** How many emails from the sender, in its bucket (verified or not), arrived since `since` (the flood limit). */
  recentFromSender: number;
  /** The latest active email ticket of the contact behind the sender's (verified) address. */
  activeOfSender: EmailThreadTarget | null;
  /** The thread candidates, each null when its key is absent or unknown; the caller applies their order. */
  byMessageId: EmailThreadTarget | null;
  byReplyToken: EmailThreadTarget | null;
  bySubject: EmailThreadTarget | null;
}

/**
 * The reads behind InboundEmailState as statements, to send in ONE batch together with the
 * caller's others (`stateFrom` takes the results of exactly these statements, in order).
 */
export function inboundEmailReads(
  db: D1Database,
  args: {
    messageIdHeader: string;
    sender: string;
    /** Which flood bucket the email counts in: mail whose From was proven, or the rest. */
    senderVerified: boolean;
    since: string;
    /** In-Reply-To and References, as they came. */
    referenceIds: string[];
    replyToken: string | null;
    subjectNumber: number | null;
  },
): { statements: D1PreparedStatement[]; stateFrom(results: ReadonlyArray<D1Result | undefined>): InboundEmailState } {
  const statements = [
    db.prepare("SELECT * FROM email_inbound WHERE message_id_header = ?1").bind(args.messageIdHeader),
    sentMessageIdStatement(db, args.messageIdHeader),
    countFromSenderStatement(db, args.sender, args.senderVerified, args.since),
    activeTicketOfAddressStatement(db, args.sender),
  ];
  const optional = (stmt: D1PreparedStatement | null): number => (stmt ? statements.push(stmt) - 1 : -1);
  const byId = optional(args.referenceIds.length ? ticketBySentMessageIdsStatement(db, args.referenceIds) : null);
  const byToken = optional(args.replyToken ? ticketByReplyTokenStatement(db, args.replyToken) : null);
  const bySubject = optional(
    args.subjectNumber !== null
      ? ticketByNumberForSenderStatement(db, { number: args.subjectNumber, senderEmail: args.sender })
      : null,
  );
  return {
    statements,
    stateFrom(results) {
      const [seen, sent, count, active] = results;
      const at = (i: number) => (i < 0 ? null : targetFrom(results[i]));
      return {
        seen: recordFrom((seen?.results[0] as InboundEmailRow | undefined) ?? null),
        ourMessageId: Boolean(sent?.results[0]),
        recentFromSender: (count?.results[0] as { n: number } | undefined)?.n ?? 0,
        activeOfSender: targetFrom(active),
        byMessageId: at(byId),
        byReplyToken: at(byToken),
        bySubject: at(bySubject),
      };
    },
  };
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

/**
 * The Message-IDs of a conversation's email thread, oldest first: customers' (inbound) and ours
 * (sent). `ticketId` is the conversation's own ticket (a message's origin): after a merge of two
 * customers' tickets, each thread keeps only its own customer's ids.
 */
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
          SELECT e.message_id_header, 1, e.created_at FROM messages m JOIN email_inbound e ON e.message_id = m.id
           WHERE m.origin_ticket_id = ?1 AND m.direction = 'in' AND e.kind = 'message'
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
function sentMessageIdStatement(db: D1Database, messageIdHeader: string): D1PreparedStatement {
  return db.prepare("SELECT 1 AS one FROM email_sent WHERE message_id_header = ?1").bind(messageIdHeader);
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
  /** Whether the door's verdicts proved the From address (the flood bucket). */
  senderVerified: boolean;
  /** The door's SPF/DKIM/DMARC verdicts in short. */
  auth: string | null;
  /** Why no original is kept (it held a secret...), or null. */
  originalWithheld: string | null;
}

interface InboundEmailRow {
  message_id_header: string;
  kind: InboundEmailKind;
  source: InboundEmailSource;
  sender: string;
  subject: string | null;
  raw_r2_key: string | null;
  message_id: string | null;
  ticket_id: string | null;
  detail: string | null;
  sender_verified: number;
  auth: string | null;
  original_withheld: string | null;
}

function recordFrom(r: InboundEmailRow | null): InboundEmailRecord | null {
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
        senderVerified: r.sender_verified === 1,
        auth: r.auth,
        originalWithheld: r.original_withheld,
      }
    : null;
}

/** Records what an inbound email was, once (a redelivery keeps the first record). */
export async function recordInboundEmail(db: D1Database, rec: InboundEmailRecord, now: string): Promise<void> {
  await inboundEmailRecordStatement(db, rec, now).run();
}

/** recordInboundEmail as a statement, for a batch of writes (ingest's: the message and its record in one transaction). */
export function inboundEmailRecordStatement(db: D1Database, rec: InboundEmailRecord, now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO email_inbound (message_id_header, kind, source, sender, subject, raw_r2_key, message_id, ticket_id,
          detail, created_at, sender_verified, auth, original_withheld)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT DO NOTHING`,
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
      rec.senderVerified ? 1 : 0,
      rec.auth,
      rec.originalWithheld,
    );
}

/**
 * How many emails from `sender` arrived since `since`, in one bucket: verified mail, or the rest
 * (the flood limit's counter: forged mail never fills the real sender's bucket).
 */
function countFromSenderStatement(
  db: D1Database,
  sender: string,
  verified: boolean,
  since: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT COUNT(*) AS n FROM email_inbound
        WHERE sender = ?1 AND sender_verified = ?2 AND created_at >= ?3
          AND kind IN ('message', 'auto_reply', 'rate_limited')`,
    )
    .bind(sender, verified ? 1 : 0, since);
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
