/** Bot answers written onto a ticket's outbox, and the customer-side ticket lookups they need. */
import type { ChannelName } from "../core/inbound";
import { formatTicketNumber, type TicketStatus } from "../core/ticket";
import type { CustomerTicketSummary } from "./contacts";

/**
 * Queues a bot message on a ticket, into the conversation of the message it answers (its origin:
 * after a merge, the customer who asked, through their channel), else the ticket's own. With
 * `resolve`, an active ticket is marked resolved in the same batch (a request the bot fully answered).
 */
export async function insertBotMessage(
  db: D1Database,
  args: { id: string; ticketId: string; body: string; replyToMessageId: string | null; now: string; resolve?: boolean },
): Promise<void> {
  const stmts = [
    db
      .prepare(
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, reply_to_message_id,
            delivery_status, next_attempt_at, created_at, origin_ticket_id)
         SELECT ?1, ?2, 'out', 'bot', o.channel, ?3, ?4, 'queued', ?5, ?5, o.id FROM tickets o
          WHERE o.id = COALESCE((SELECT COALESCE(origin_ticket_id, ticket_id) FROM messages WHERE id = ?4), ?2)
            AND EXISTS (SELECT 1 FROM tickets WHERE id = ?2)`,
      )
      .bind(args.id, args.ticketId, args.body, args.replyToMessageId, args.now),
  ];
  if (args.resolve) {
    stmts.push(
      db
        .prepare(
          `UPDATE tickets SET status = 'resolved', resolved_at = ?2, updated_at = ?2
            WHERE id = ?1 AND status IN ('new', 'open', 'pending')`,
        )
        .bind(args.ticketId, args.now),
    );
  }
  await db.batch(stmts);
}

/** One ticket of the contact behind a channel identity, by number; null when it is not theirs. */
export async function findSenderTicketByNumber(
  db: D1Database,
  args: { channel: ChannelName; externalId: string; number: number },
): Promise<CustomerTicketSummary | null> {
  const row = await db
    .prepare(
      `SELECT t.number, t.status, t.subject, t.updated_at FROM tickets t
        WHERE t.number = ?3
          AND t.contact_id = (SELECT contact_id FROM channel_identities WHERE channel = ?1 AND external_id = ?2)`,
    )
    .bind(args.channel, args.externalId, args.number)
    .first<{ number: number; status: TicketStatus; subject: string; updated_at: string }>();
  return row
    ? { number: formatTicketNumber(row.number), status: row.status, subject: row.subject, updatedAt: row.updated_at }
    : null;
}

/** One ticket by id as the customer sees it in a status list (a merged one with its conversation's current status). */
export async function ticketSummary(db: D1Database, ticketId: string): Promise<CustomerTicketSummary | null> {
  const row = await db
    .prepare(
      `SELECT o.number, h.status, o.subject, h.updated_at FROM tickets o
         JOIN tickets h ON h.id = COALESCE(o.merged_into_id, o.id) WHERE o.id = ?1`,
    )
    .bind(ticketId)
    .first<{ number: number; status: TicketStatus; subject: string; updated_at: string }>();
  return row
    ? { number: formatTicketNumber(row.number), status: row.status, subject: row.subject, updatedAt: row.updated_at }
    : null;
}
