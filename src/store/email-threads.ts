/**
 * An email conversation's threading (email_threads, email_sent): the reply token of our Reply-To
 * plus-address, and the Message-IDs we sent, so answers find their ticket and our own mail coming
 * back is known.
 */
import { normalizeEmail } from "../core/email-claims";

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
           WHERE m.ticket_id = ?1 AND COALESCE(m.origin_ticket_id, m.ticket_id) = ?1 AND m.direction = 'in'
             AND e.kind = 'message'
          UNION ALL
          -- the ticket's messages that a merge moved to another (index messages_origin_moved)
          SELECT e.message_id_header, 1, e.created_at FROM messages m JOIN email_inbound e ON e.message_id = m.id
           WHERE m.origin_ticket_id = ?1 AND m.origin_ticket_id <> m.ticket_id AND m.direction = 'in'
             AND e.kind = 'message'
        ) ORDER BY created_at DESC LIMIT ?2`,
    )
    .bind(ticketId, limit)
    .all<{ id_header: string; inbound: number }>();
  return results.map((r) => ({ id: r.id_header, inbound: r.inbound === 1 })).reverse();
}

/**
 * Remembers a Message-ID we are about to send and the address it goes to (idempotent: a retry sends the same
 * id; a retry to another address, the customer's changed, records that one: only its events count).
 */
export async function recordSentMessageId(
  db: D1Database,
  args: { messageIdHeader: string; messageId: string; ticketId: string; recipient: string; now: string },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO email_sent (message_id_header, message_id, ticket_id, created_at, recipient) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (message_id_header) DO UPDATE SET recipient = excluded.recipient`,
    )
    .bind(args.messageIdHeader, args.messageId, args.ticketId, args.now, normalizeEmail(args.recipient))
    .run();
}

/** Whether a Message-ID is one of ours (our own mail coming back), for a batch of reads. */
export function sentMessageIdStatement(db: D1Database, messageIdHeader: string): D1PreparedStatement {
  return db.prepare("SELECT 1 AS one FROM email_sent WHERE message_id_header = ?1").bind(messageIdHeader);
}
