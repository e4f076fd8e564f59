/**
 * Tickets as their own customer reaches them: through the sender's channel identity (the contact
 * behind it must own the ticket) or the conversation they write in. Status lists, a ticket by
 * number, closing or re-categorising from a chat, asking for a person.
 */
import type { ChannelName } from "../core/inbound";
import { formatTicketNumber, type TicketStatus } from "../core/ticket";
import { sameCustomerSql } from "./merge";
import { linkStatusSql } from "./ticket-access";

const ACTIVE = "('new', 'open', 'pending')";

/** A ticket as the customer sees it in a status list. */
export interface CustomerTicketSummary {
  number: string;
  status: TicketStatus;
  subject: string;
  updatedAt: string;
}

/** The sender's most recent tickets, newest first (by the contact behind the identity). */
export async function listSenderTickets(
  db: D1Database,
  args: { channel: ChannelName; externalId: string; limit: number },
): Promise<CustomerTicketSummary[]> {
  const { results } = await db
    .prepare(
      `SELECT t.number, t.status, t.subject, t.updated_at FROM tickets t
        WHERE t.contact_id = (SELECT contact_id FROM channel_identities WHERE channel = ?1 AND external_id = ?2)
        ORDER BY t.created_at DESC LIMIT ?3`,
    )
    .bind(args.channel, args.externalId, args.limit)
    .all<{ number: number; status: TicketStatus; subject: string; updated_at: string }>();
  return results.map((r) => ({
    number: formatTicketNumber(r.number),
    status: r.status,
    subject: r.subject,
    updatedAt: r.updated_at,
  }));
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

/**
 * One ticket by id as the customer sees it in a status list: merged into another of theirs, with that one's status;
 * merged into another customer's, nothing of that ticket (linkStatusSql).
 */
export async function ticketSummary(db: D1Database, ticketId: string): Promise<CustomerTicketSummary | null> {
  const row = await db
    .prepare(
      `SELECT o.number, ${linkStatusSql("o", "h")} AS status, o.subject,
          CASE WHEN h.id IS NOT NULL AND ${sameCustomerSql("o.id", "h.id")} THEN h.updated_at ELSE o.updated_at END
            AS updated_at
         FROM tickets o LEFT JOIN tickets h ON h.id = o.merged_into_id WHERE o.id = ?1`,
    )
    .bind(ticketId)
    .first<{ number: number; status: TicketStatus; subject: string; updated_at: string }>();
  return row
    ? { number: formatTicketNumber(row.number), status: row.status, subject: row.subject, updatedAt: row.updated_at }
    : null;
}

/** The number of a ticket, if it belongs to the sender (any status). */
export async function senderTicketNumber(
  db: D1Database,
  args: { ticketId: string; channel: ChannelName; externalId: string },
): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT t.number FROM tickets t
        WHERE t.id = ?1
          AND t.contact_id = (SELECT contact_id FROM channel_identities WHERE channel = ?2 AND external_id = ?3)`,
    )
    .bind(args.ticketId, args.channel, args.externalId)
    .first<{ number: number }>();
  return row ? formatTicketNumber(row.number) : null;
}

/** Whether the sender `externalId` on `channel` belongs to the contact of ticket `ticketId`. */
export async function ticketBelongsToSender(
  db: D1Database,
  args: { ticketId: string; channel: ChannelName; externalId: string },
): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS ok FROM tickets t
         JOIN channel_identities i ON i.contact_id = t.contact_id
        WHERE t.id = ?1 AND i.channel = ?2 AND i.external_id = ?3`,
    )
    .bind(args.ticketId, args.channel, args.externalId)
    .first<{ ok: number }>();
  return row !== null;
}

/** Whether any ticket ever lived in this conversation (a server thread is only ours once a ticket started there). */
export async function conversationHasTicket(db: D1Database, conversationKey: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS ok FROM tickets WHERE conversation_key = ?1 LIMIT 1")
    .bind(conversationKey)
    .first<{ ok: number }>();
  return row !== null;
}

/** Sets the category of an active ticket the sender owns. False when it is not theirs or no longer active. */
export async function setCategoryBySender(
  db: D1Database,
  args: { ticketId: string; channel: ChannelName; externalId: string; category: string; now: string },
): Promise<string | null> {
  const row = await db
    .prepare(
      `UPDATE tickets SET category = ?4, updated_at = ?5
        WHERE id = ?1 AND status IN ${ACTIVE}
          AND contact_id = (SELECT contact_id FROM channel_identities WHERE channel = ?2 AND external_id = ?3)
        RETURNING number`,
    )
    .bind(args.ticketId, args.channel, args.externalId, args.category, args.now)
    .first<{ number: number }>();
  return row ? formatTicketNumber(row.number) : null;
}

/**
 * Resolves an active ticket on its customer's behalf (a "close" button). Only the contact
 * behind the sender's identity may; returns the ticket number, or null when it is not theirs
 * or no longer active.
 */
export async function resolveTicketBySender(
  db: D1Database,
  args: { ticketId: string; channel: ChannelName; externalId: string; now: string },
): Promise<string | null> {
  const row = await db
    .prepare(
      `UPDATE tickets SET status = 'resolved', resolved_at = ?4, updated_at = ?4
        WHERE id = ?1 AND status IN ${ACTIVE}
          AND contact_id = (SELECT contact_id FROM channel_identities WHERE channel = ?2 AND external_id = ?3)
        RETURNING number`,
    )
    .bind(args.ticketId, args.channel, args.externalId, args.now)
    .first<{ number: number }>();
  return row ? formatTicketNumber(row.number) : null;
}

/**
 * Resolves the conversation's active ticket on the customer's behalf (Telegram /new), with a
 * bot note saying so, in one batch. Only the ticket's own customer may: in a group, another
 * member's /new resolves nothing (their message then joins the ticket). Guarded by the command's
 * own provider id: a redelivered /new, whose new ticket already exists, resolves nothing.
 * Returns the resolved ticket's number.
 */
export async function resolveActiveForNewTicket(
  db: D1Database,
  args: {
    channel: ChannelName;
    conversationKey: string;
    commandProviderId: string;
    /** Who typed /new: the identity whose contact must own the active ticket. */
    senderExternalId: string;
    noteId: string;
    noteBody: string;
    now: string;
  },
): Promise<string | null> {
  const notHandled = `NOT EXISTS (SELECT 1 FROM messages
      WHERE channel = ?1 AND provider_message_id = ?3 AND direction = 'in')`;
  // The sender's contact owns the ticket (`?n` is the sender's external id).
  const ownedBySender = (n: number) =>
    `contact_id = (SELECT contact_id FROM channel_identities WHERE channel = ?1 AND external_id = ?${n})`;
  const [, resolved] = await db.batch([
    // The note first: once resolved, the ticket is no longer found as active.
    db
      .prepare(
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at)
         SELECT ?4, id, 'note', 'bot', ?1, ?5, ?6 FROM tickets
          WHERE conversation_key = ?2 AND status IN ${ACTIVE} AND ${notHandled} AND ${ownedBySender(7)}`,
      )
      .bind(
        args.channel,
        args.conversationKey,
        args.commandProviderId,
        args.noteId,
        args.noteBody,
        args.now,
        args.senderExternalId,
      ),
    db
      .prepare(
        `UPDATE tickets SET status = 'resolved', resolved_at = ?4, updated_at = ?4
          WHERE conversation_key = ?2 AND status IN ${ACTIVE} AND ${notHandled} AND ${ownedBySender(5)}
          RETURNING number`,
      )
      .bind(args.channel, args.conversationKey, args.commandProviderId, args.now, args.senderExternalId),
  ]);
  const row = resolved?.results[0] as { number: number } | undefined;
  return row ? formatTicketNumber(row.number) : null;
}

/**
 * The customer asked for a person: tag the ticket `human` (once), lift a low priority to normal, and note when
 * (the "Needs a human" view lists it until staff reply after that).
 */
export async function requestHuman(db: D1Database, args: { ticketId: string; now: string }): Promise<void> {
  await requestHumanStatement(db, args).run();
}

/** requestHuman() as a statement, to batch with the message that asked (the bot stays silent from then on). */
export function requestHumanStatement(db: D1Database, args: { ticketId: string; now: string }): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE tickets SET
          tags = CASE WHEN EXISTS (SELECT 1 FROM json_each(tags) WHERE value = 'human') THEN tags
                      ELSE json_insert(tags, '$[#]', 'human') END,
          priority = CASE WHEN priority = 'low' THEN 'normal' ELSE priority END,
          human_requested_at = ?2,
          updated_at = ?2
        WHERE id = ?1`,
    )
    .bind(args.ticketId, args.now);
}
