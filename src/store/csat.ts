/** Satisfaction surveys (csat_surveys): asked once per ticket, one rating each. */
import type { ChannelName, Language } from "../core/inbound";
import { formatTicketNumber, type TicketStatus } from "../core/ticket";
import { unprovenSenderSql } from "./outbox";

/** A ticket's rating as staff and the customer page show it. */
export interface CsatRecord {
  requestedAt: string;
  rating: number | null;
  ratedAt: string | null;
  ratedVia: string | null;
}

/** What the survey question needs to know about its ticket. */
export interface CsatTarget {
  id: string;
  number: string;
  channel: ChannelName;
  language: Language;
  accessToken: string;
  status: TicketStatus;
  /** Opened by email whose From nobody proved: what we mail reaches the address's owner, maybe not its writer. */
  unprovenSender: boolean;
}

export async function readCsatTarget(db: D1Database, ticketId: string): Promise<CsatTarget | null> {
  const r = await db
    .prepare(
      `SELECT t.id, t.number, t.channel, t.language, t.access_token, t.status,
          ${unprovenSenderSql("t")} AS unproven_sender
         FROM tickets t WHERE t.id = ?1`,
    )
    .bind(ticketId)
    .first<{
      id: string;
      number: number;
      channel: ChannelName;
      language: Language;
      access_token: string;
      status: TicketStatus;
      unproven_sender: number | null;
    }>();
  return r
    ? {
        id: r.id,
        number: formatTicketNumber(r.number),
        channel: r.channel,
        language: r.language,
        accessToken: r.access_token,
        status: r.status,
        unprovenSender: r.unproven_sender === 1,
      }
    : null;
}

/**
 * Opens the ticket's survey and queues its question, in one batch. A ticket is asked once:
 * false (and nothing written) when it already has a survey.
 */
export async function createCsatRequest(
  db: D1Database,
  args: { ticketId: string; messageId: string; body: string; now: string },
): Promise<boolean> {
  // The question first (the survey row references it), written only while the ticket has no survey.
  const [, survey] = await db.batch([
    db
      .prepare(
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, delivery_status, next_attempt_at, created_at)
         SELECT ?2, t.id, 'out', 'bot', t.channel, ?3, 'queued', ?4, ?4 FROM tickets t
          WHERE t.id = ?1 AND NOT EXISTS (SELECT 1 FROM csat_surveys WHERE ticket_id = ?1)`,
      )
      .bind(args.ticketId, args.messageId, args.body, args.now),
    db
      .prepare(
        `INSERT INTO csat_surveys (ticket_id, message_id, requested_at)
         SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM messages WHERE id = ?2)
         ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id`,
      )
      .bind(args.ticketId, args.messageId, args.now),
  ]);
  return Boolean(survey?.results.length);
}

/**
 * Stores a rating on an open survey (asked after `askedAfter`). The first rating sets it, a
 * later one replaces it. Null when the ticket has no open survey.
 */
export async function recordCsatRating(
  db: D1Database,
  args: { ticketId: string; rating: number; via: string; now: string; askedAfter: string },
): Promise<{ replaced: boolean } | null> {
  const row = await db
    .prepare(
      `UPDATE csat_surveys SET
          changes = changes + CASE WHEN rating IS NULL THEN 0 ELSE 1 END,
          rating = ?2, rated_at = ?3, rated_via = ?4
        WHERE ticket_id = ?1 AND requested_at > ?5
        RETURNING changes`,
    )
    .bind(args.ticketId, args.rating, args.now, args.via, args.askedAfter)
    .first<{ changes: number }>();
  return row ? { replaced: row.changes > 0 } : null;
}

/** A ticket's survey, or null when it was never asked. */
export async function getCsat(db: D1Database, ticketId: string): Promise<CsatRecord | null> {
  const r = await db
    .prepare("SELECT requested_at, rating, rated_at, rated_via FROM csat_surveys WHERE ticket_id = ?1")
    .bind(ticketId)
    .first<{ requested_at: string; rating: number | null; rated_at: string | null; rated_via: string | null }>();
  return r ? { requestedAt: r.requested_at, rating: r.rating, ratedAt: r.rated_at, ratedVia: r.rated_via } : null;
}

/** The ticket behind a `/t/` secret, for a rating from the page. */
export async function ticketIdByAccessToken(db: D1Database, accessToken: string): Promise<string | null> {
  const r = await db
    .prepare("SELECT id FROM tickets WHERE access_token = ?1")
    .bind(accessToken)
    .first<{ id: string }>();
  return r?.id ?? null;
}
