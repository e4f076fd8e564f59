/** What the Discord channel reads and writes beyond ingest and the shared sender helpers (store/telegram). */
import type { ChannelName } from "../core/inbound";
import { formatTicketNumber } from "../core/ticket";

const ACTIVE = "('new', 'open', 'pending')";

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

/** Whether any ticket ever lived in this conversation (a server thread is only ours once a ticket started there). */
export async function conversationHasTicket(db: D1Database, conversationKey: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS ok FROM tickets WHERE conversation_key = ?1 LIMIT 1")
    .bind(conversationKey)
    .first<{ ok: number }>();
  return row !== null;
}
