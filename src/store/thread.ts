/**
 * A sender's recent messages on a ticket: read with a new (or edited) message to find a secret
 * split over messages (src/core/redact-thread.ts), and rewritten in the same batch when one is.
 */
import type { ThreadState } from "../core/ingest";
import { markerKinds } from "../core/redact";
import {
  type EarlierMessage,
  type TailChange,
  THREAD_MAX_MESSAGES,
  THREAD_TAIL_CHARS,
  type ThreadRedaction,
} from "../core/redact-thread";
import { mergeKindsSql, redactedKindsValue } from "./redactions";

/** A ticket's recent inbound customer messages (any sender), newest first: what a plan is made from. */
function recentSql(ticket: string, since: string): string {
  return `SELECT id, body, created_at, sender_identity_id FROM messages
           WHERE ticket_id = ${ticket} AND direction = 'in' AND author = 'customer' AND created_at >= ${since}
           ORDER BY created_at DESC, rowid DESC LIMIT ${THREAD_MAX_MESSAGES}`;
}

/** Changes whenever a message joins that set or a body in it changes length: what the write re-checks. */
const FINGERPRINT = "group_concat(r.id || ':' || length(r.body), ',')";

/** One row per message as JSON: its end (all that is needed to find a piece of a secret), length and time. */
function rowsJson(mine: string): string {
  return `json_group_array(json_object('id', r.id, 'tail', substr(r.body, -${THREAD_TAIL_CHARS}),
      'length', length(r.body), 'createdAt', r.created_at, 'mine', r.sender_identity_id IN ${mine}))`;
}

/** Who sent the new message: its identity, or (a `/t/` link) any identity of the link's ticket's contact. */
export type ThreadSender =
  | { channel: string; externalId: string }
  | { ticketAccessToken: string }
  | { channel: string; chatSession: string };

/**
 * The read, for ingest's batch: the latest ticket of the conversation (`ticket` is SQL over the
 * first `bindCount` binds that yields its id) with the sender's messages of the last window.
 */
export function threadReadStatement(
  db: D1Database,
  args: { ticket: string; binds: unknown[]; sender: ThreadSender; since: string },
): D1PreparedStatement {
  const n = args.binds.length;
  const mine =
    "ticketAccessToken" in args.sender
      ? `(SELECT i.id FROM channel_identities i WHERE i.contact_id = (SELECT contact_id FROM tickets WHERE access_token = ?${n + 2}))`
      : "chatSession" in args.sender
        ? `(SELECT id FROM channel_identities WHERE channel = ?${n + 2}
             AND external_id = (SELECT external_id FROM chat_sessions WHERE token_hash = ?${n + 3}))`
        : `(SELECT id FROM channel_identities WHERE channel = ?${n + 2} AND external_id = ?${n + 3})`;
  const sender =
    "ticketAccessToken" in args.sender
      ? [args.sender.ticketAccessToken]
      : "chatSession" in args.sender
        ? [args.sender.channel, args.sender.chatSession]
        : [args.sender.channel, args.sender.externalId];
  return db
    .prepare(
      `SELECT t.id, t.subject, t.created_at, ?${n + 1} AS since,
          (SELECT ${rowsJson(mine)} FROM (${recentSql("t.id", `?${n + 1}`)}) r) AS recent,
          (SELECT ${FINGERPRINT} FROM (${recentSql("t.id", `?${n + 1}`)}) r) AS fingerprint
         FROM tickets t WHERE t.id = ${args.ticket}`,
    )
    .bind(...args.binds, args.since, ...sender);
}

interface RecentRow extends EarlierMessage {
  mine: number | null;
}

/** ThreadState from threadReadStatement's result. */
export function threadStateFrom(result: D1Result | undefined): ThreadState | null {
  const row = result?.results[0] as
    | {
        id: string;
        subject: string;
        created_at: string;
        since: string;
        recent: string | null;
        fingerprint: string | null;
      }
    | undefined;
  if (!row) return null;
  const recent = JSON.parse(row.recent ?? "[]") as RecentRow[];
  return {
    ticketId: row.id,
    since: row.since,
    fingerprint: row.fingerprint ?? "",
    context: {
      // Read newest first (the bound keeps the latest), planned oldest first.
      earlier: recent
        .filter((r) => r.mine === 1)
        .reverse()
        .map(({ id, tail, length, createdAt }) => ({ id, tail, length, createdAt })),
      ticket: { id: row.id, subject: row.subject, createdAt: row.created_at },
    },
  };
}

/**
 * First in ingest's batch of writes: fails the batch (a UNIQUE violation, so ingest reads again)
 * when the ticket's recent messages are no longer those the plan was made from.
 */
export function threadGuardStatement(db: D1Database, state: ThreadState): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO ingest_read_guard (id) SELECT 0
        WHERE COALESCE((SELECT ${FINGERPRINT} FROM (${recentSql("?1", "?2")}) r), '') <> ?3`,
    )
    .bind(state.ticketId, state.since, state.fingerprint);
}

/** The writes of a ThreadRedaction: earlier messages' ends, and the ticket's subject (with its email record). */
export function threadWriteStatements(
  db: D1Database,
  plan: Pick<ThreadRedaction, "earlier" | "subject">,
): D1PreparedStatement[] {
  const stmts = plan.earlier.flatMap((c: TailChange) => [
    db
      .prepare(
        // Only the end that was read is rewritten; the search index follows by trigger (migrations/0004).
        `UPDATE messages SET body = substr(body, 1, length(body) - ?2) || ?3, redacted = 1, redacted_in_context = 1,
            redacted_kinds = ${mergeKindsSql("?5")}
          WHERE id = ?1 AND substr(body, -?2) = ?4`,
      )
      // The new end names the kind in its marker.
      .bind(c.id, c.cut, c.newTail, c.oldTail, redactedKindsValue(markerKinds(c.newTail)) ?? "[]"),
    // Its earlier versions (Telegram edits) may hold the same piece: they become the redacted body.
    db
      .prepare(
        `UPDATE message_edits SET previous_body = (SELECT body FROM messages WHERE id = ?1)
          WHERE message_id = ?1 AND EXISTS (SELECT 1 FROM messages WHERE id = ?1 AND redacted_in_context = 1)`,
      )
      .bind(c.id),
  ]);
  const s = plan.subject;
  if (s) {
    stmts.push(
      db.prepare("UPDATE tickets SET subject = ?2 WHERE id = ?1 AND subject = ?3").bind(s.ticketId, s.to, s.from),
      // The email channel's record of the opening message keeps its subject too.
      db
        .prepare("UPDATE email_inbound SET subject = ?2 WHERE message_id = ?1 AND subject IS NOT NULL")
        .bind(s.openingMessageId, s.to),
    );
  }
  return stmts;
}
