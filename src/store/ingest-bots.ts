/**
 * The bot's messages of ingest's batch (src/store/ingest.ts): the acknowledgement and the replies triage queued,
 * stored into the customer's message's conversation with the number that customer knows.
 */
import { type BotMessageRow, TICKET_NUMBER_PLACEHOLDER } from "../core/ingest";
import { TICKET_NUMBER_PREFIX } from "../core/ticket";
import { FACING } from "./ingest-read";

export interface BotInsert {
  ticketId: string;
  channel: string;
  /** The customer's message they answer (quoted in quote_message_id) and its conversation's own ticket. */
  messageId: string;
  originTicketId: string;
  now: string;
  /** Claimed for the eager send with this lease ('sending', attempt 1); else queued. */
  claimedLease?: string | undefined;
  /**
   * Stored delivered, with no send: nobody can be watching the conversation yet (a web form's submission,
   * src/core/inbound.ts `unwatched`), and the page that shows it reads it from here.
   */
  delivered?: boolean | undefined;
}

export function botInsertStatements(
  db: D1Database,
  bots: readonly BotMessageRow[],
  a: BotInsert,
): D1PreparedStatement[] {
  // ?11: 'sending' with its lease, 'sent' (its receipt the channel's own: `<channel>:<id>`), or 'queued'.
  const state = a.delivered ? "sent" : a.claimedLease ? "sending" : "queued";
  return bots.map((bot) =>
    db
      .prepare(
        // Quoting the customer's message in quote_message_id (no foreign key, so no messages_reply_to entry:
        // migrations/0031).
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, quote_message_id,
            delivery_status, delivery_attempts, delivery_lease_until, next_attempt_at, created_at, origin_ticket_id,
            buttons, provider_message_id, sent_at)
         VALUES (?1, ?2, 'out', 'bot', ?3,
            replace(?4, ?7, ?8 || (SELECT ${FACING("number")} FROM tickets h JOIN tickets o ON o.id = ?9
                                    WHERE h.id = ?2)), ?5,
            ?11, CASE ?11 WHEN 'queued' THEN 0 ELSE 1 END, ?12,
            CASE ?11 WHEN 'sent' THEN NULL ELSE ?6 END, ?6, ?9, ?10,
            CASE ?11 WHEN 'sent' THEN ?3 || ':' || ?1 END, CASE ?11 WHEN 'sent' THEN ?6 END)`,
      )
      .bind(
        bot.id,
        a.ticketId,
        a.channel,
        bot.body,
        a.messageId,
        a.now,
        TICKET_NUMBER_PLACEHOLDER,
        TICKET_NUMBER_PREFIX,
        a.originTicketId,
        bot.buttons?.length ? JSON.stringify(bot.buttons) : null,
        state,
        state === "sending" ? (a.claimedLease ?? null) : null,
      ),
  );
}
