/** Amendments of stored inbound messages: customer edits (with history) and parts merged into one message. */
import type { Entity } from "../core/entities";
import type { ChannelName, Language } from "../core/inbound";
import type { AttachmentRow } from "../core/ingest";
import type { SecretKind } from "../core/redact";
import {
  type EarlierMessage,
  THREAD_MAX_MESSAGES,
  THREAD_TAIL_CHARS,
  THREAD_WINDOW_MS,
  type ThreadContext,
  type ThreadRedaction,
} from "../core/redact-thread";
import { mergeKindsSql, redactedKindsValue } from "./redactions";
import { threadWriteStatements } from "./thread";
import { triageStatements } from "./triage";

/** The stored message a provider id stands for: a message of its own, or the message a part was merged into. */
const TARGET = `COALESCE(
    (SELECT id FROM messages WHERE channel = ?1 AND provider_message_id = ?2 AND direction = 'in'),
    (SELECT message_id FROM message_parts WHERE channel = ?1 AND provider_part_id = ?2))`;

/** Whether an inbound provider id (a message or a merged part) is already stored. One indexed read. */
export async function isInboundStored(db: D1Database, channel: ChannelName, providerId: string): Promise<boolean> {
  const row = await db.prepare(`SELECT ${TARGET} AS id`).bind(channel, providerId).first<{ id: string | null }>();
  return Boolean(row?.id);
}

/** The stored message an edit is for, and the sender's messages just before it (for secrets split over messages). */
export interface EditTarget {
  id: string;
  ticketId: string;
  body: string;
  redactedInContext: boolean;
  language: Language;
  context: ThreadContext;
}

/**
 * The edit's author must be the message's sender: another member of a group never rewrites a customer's
 * message. A message stored before senders were recorded (sender_identity_id NULL) takes an edit from its
 * ticket's customer only.
 */
const EDITOR_IS_SENDER = `(m.sender_identity_id = (SELECT id FROM channel_identities WHERE channel = ?1 AND external_id = ?3)
    OR (m.sender_identity_id IS NULL
        AND t.contact_id = (SELECT contact_id FROM channel_identities WHERE channel = ?1 AND external_id = ?3)))`;

/**
 * SQL: the customer's messages of the thread window before message `m` (and `m` itself when `withSelf`), newest
 * first, as the JSON array `recent` of their tails (src/core/redact-thread.ts).
 */
const recentOfSender = (withSelf: boolean) =>
  `(SELECT json_group_array(json_object('id', r.id, 'tail', substr(r.body, -${THREAD_TAIL_CHARS}),
        'length', length(r.body), 'createdAt', r.created_at))
     FROM (SELECT id, body, created_at FROM messages
            WHERE ticket_id = m.ticket_id AND direction = 'in' AND author = 'customer'
              AND sender_identity_id = m.sender_identity_id
              AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', m.created_at, '-${THREAD_WINDOW_MS / 1000} seconds')
              AND (created_at < m.created_at OR (created_at = m.created_at AND rowid ${withSelf ? "<=" : "<"} m.rowid))
            ORDER BY created_at DESC, rowid DESC LIMIT ${withSelf ? THREAD_MAX_MESSAGES : THREAD_MAX_MESSAGES - 1}) r) AS recent`;

/** Reads an edit's target and its context in one round trip; null when the message is unknown or not the editor's. */
export async function readEditTarget(
  db: D1Database,
  args: { channel: ChannelName; providerId: string; senderExternalId: string },
): Promise<EditTarget | null> {
  const row = await db
    .prepare(
      `SELECT m.id, m.ticket_id, m.body, m.redacted_in_context, t.language, t.subject, t.created_at AS ticket_created_at,
          ${recentOfSender(false)}
         FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.id = ${TARGET} AND ${EDITOR_IS_SENDER}`,
    )
    .bind(args.channel, args.providerId, args.senderExternalId)
    .first<{
      id: string;
      ticket_id: string;
      body: string;
      redacted_in_context: number;
      language: Language;
      subject: string;
      ticket_created_at: string;
      recent: string | null;
    }>();
  if (!row) return null;
  return {
    id: row.id,
    ticketId: row.ticket_id,
    body: row.body,
    redactedInContext: row.redacted_in_context === 1,
    language: row.language,
    context: {
      earlier: (JSON.parse(row.recent ?? "[]") as EarlierMessage[]).reverse(),
      ticket: { id: row.ticket_id, subject: row.subject, createdAt: row.ticket_created_at },
    },
  };
}

/**
 * Applies an edit in one batch: the new (redacted) body and its flags, the old body kept in
 * `message_edits`, earlier messages that held pieces of a secret completed by the edit, the
 * entities found, and the safety warning when a secret was found. False when the body already
 * said that (nothing is written then).
 */
export async function applyEdit(
  db: D1Database,
  args: {
    target: EditTarget;
    body: string;
    redacted: boolean;
    /** The kinds of secret the edit's text lost (added to those the message already records). */
    redactedKinds: SecretKind[];
    redactedInContext: boolean;
    editId: string;
    now: string;
    thread: Pick<ThreadRedaction, "earlier" | "subject">;
    entities: Entity[];
    warning: { id: string; body: string } | null;
  },
): Promise<boolean> {
  const { target, now } = args;
  // Everything after the first statement happens only if this batch recorded the edit.
  const edited = "EXISTS (SELECT 1 FROM message_edits WHERE id = ?1)";
  const stmts: D1PreparedStatement[] = [
    db
      .prepare(
        `INSERT INTO message_edits (id, message_id, previous_body, edited_at)
         SELECT ?1, id, body, ?3 FROM messages WHERE id = ?2 AND body <> ?4`,
      )
      .bind(args.editId, target.id, now, args.body),
    db
      .prepare(
        // The kinds add up over edits: the earlier versions staff can still read held them too (redacted).
        `UPDATE messages SET body = ?3, redacted = ?4, redacted_in_context = ?5, redacted_kinds = CASE
            WHEN ?6 IS NULL THEN redacted_kinds ELSE ${mergeKindsSql("?6")} END
          WHERE id = ?2 AND ${edited}`,
      )
      .bind(
        args.editId,
        target.id,
        args.body,
        args.redacted ? 1 : 0,
        args.redactedInContext ? 1 : 0,
        redactedKindsValue(args.redactedKinds),
      ),
    ...threadWriteStatements(db, args.thread),
    ...triageStatements(db, {
      ticketId: target.ticketId,
      messageId: target.id,
      isNew: false,
      now,
      triage: { priority: "low", category: null, entities: args.entities, suggestedArticleIds: [], handoff: false },
    }).slice(1),
  ];
  if (args.warning) {
    stmts.push(
      db
        .prepare(
          `INSERT INTO messages (id, ticket_id, direction, author, channel, body, quote_message_id,
              delivery_status, next_attempt_at, created_at)
           SELECT ?2, t.id, 'out', 'bot', t.channel, ?4, ?5, 'queued', ?6, ?6 FROM tickets t WHERE t.id = ?3 AND ${edited}`,
        )
        .bind(args.editId, args.warning.id, target.ticketId, args.warning.body, target.id, now),
    );
  }
  const [recorded] = await db.batch(stmts);
  return Boolean(recorded?.meta.changes);
}

/**
 * The context a part's text joins (src/core/redact-thread.ts): the sender's messages of the last minutes
 * up to the message the part is merged into, that message last. One indexed read.
 */
export async function readPartContext(db: D1Database, messageId: string): Promise<ThreadContext | null> {
  const row = await db
    .prepare(
      `SELECT t.id AS ticket_id, t.subject, t.created_at AS ticket_created_at,
          ${recentOfSender(true)}
         FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.id = ?1`,
    )
    .bind(messageId)
    .first<{ ticket_id: string; subject: string; ticket_created_at: string; recent: string | null }>();
  if (!row) return null;
  return {
    // An empty body (an album's message before its caption) holds nothing, and would stand between the pieces.
    earlier: (JSON.parse(row.recent ?? "[]") as EarlierMessage[]).reverse().filter((m) => m.length > 0),
    ticket: { id: row.ticket_id, subject: row.subject, createdAt: row.ticket_created_at },
  };
}

/**
 * Merges one provider part (text and attachments) into a stored message, once: a part that
 * is already merged changes nothing. Returns whether this call added it.
 */
export async function appendPart(
  db: D1Database,
  args: {
    channel: ChannelName;
    messageId: string;
    partId: string;
    /** Joins the body (a caption, a placeholder); empty adds nothing. */
    text: string;
    attachments: AttachmentRow[];
    now: string;
    /** Earlier messages (this one's body included) that held pieces of a secret the text completed. */
    thread?: Pick<ThreadRedaction, "earlier" | "subject">;
  },
): Promise<boolean> {
  const { channel, messageId, partId, now } = args;
  const notYet = "NOT EXISTS (SELECT 1 FROM message_parts WHERE channel = ?1 AND provider_part_id = ?2)";
  // First: each is guarded by the end it was read with, which the text appended below changes.
  const stmts: D1PreparedStatement[] = args.thread ? threadWriteStatements(db, args.thread) : [];
  if (args.text) {
    stmts.push(
      db
        .prepare(
          `UPDATE messages SET body = CASE WHEN body = '' THEN ?4 ELSE body || char(10) || ?4 END
            WHERE id = ?3 AND ${notYet}`,
        )
        .bind(channel, partId, messageId, args.text),
    );
  }
  for (const a of args.attachments) {
    stmts.push(
      db
        .prepare(
          `INSERT INTO attachments (id, message_id, r2_key, filename, content_type, size, created_at)
           SELECT ?4, ?3, ?5, ?6, ?7, ?8, ?9 WHERE ${notYet}`,
        )
        .bind(channel, partId, messageId, a.id, a.r2Key, a.filename, a.contentType, a.size, now),
    );
  }
  // Last, so that the guards above still see the part as new within this batch.
  stmts.push(
    db
      .prepare(
        `INSERT INTO message_parts (channel, provider_part_id, message_id, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (channel, provider_part_id) DO NOTHING RETURNING message_id`,
      )
      .bind(channel, partId, messageId, now),
  );
  const results = await db.batch(stmts);
  return Boolean(results[results.length - 1]?.results.length);
}
