/** What every chat channel reads and writes about its customers beyond ingest: reachability, status lists, hand-off to a person. */
import type { ChannelName } from "../core/inbound";
import { formatTicketNumber, type TicketStatus } from "../core/ticket";

/** Flags a channel identity as (un)reachable, e.g. when a customer blocks or unblocks the bot. */
export async function setIdentityReachable(
  db: D1Database,
  args: { channel: ChannelName; externalId: string; reachable: boolean },
): Promise<boolean> {
  const res = await db
    .prepare("UPDATE channel_identities SET reachable = ?3 WHERE channel = ?1 AND external_id = ?2")
    .bind(args.channel, args.externalId, args.reachable ? 1 : 0)
    .run();
  return res.meta.changes > 0;
}

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

/** The customer asked for a person: tag the ticket `human` (once) and lift a low priority to normal. */
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
          updated_at = ?2
        WHERE id = ?1`,
    )
    .bind(args.ticketId, args.now);
}
