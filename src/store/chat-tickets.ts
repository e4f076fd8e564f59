/** A live-chat visitor's tickets as the widget shows them: each status as the ticket's `/t/` page shows it. */
import type { ChatTicket } from "../core/chat";
import { formatTicketNumber, type TicketStatus } from "../core/ticket";
import { linkStatusSql } from "./ticket-access";

export interface ChatTicketRow {
  id: string;
  number: number;
  status: TicketStatus;
  access_token: string;
  subject: string;
  created_at: string;
  conversation_key: string;
}

/**
 * The conversation's latest ticket as the visitor knows it: its status as its `/t/` page shows it (linkStatusSql: a
 * merge into their own ticket shows that one's status, a merge into another customer's nothing of that ticket).
 */
export function latestChatTicketStatement(
  db: D1Database,
  conv: { sql: string; binds: unknown[] },
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT t.id, t.number, ${linkStatusSql("t", "h")} AS status,
          t.access_token, t.subject, t.created_at, t.conversation_key
         FROM tickets t LEFT JOIN tickets h ON h.id = t.merged_into_id
        WHERE t.conversation_key = ${conv.sql} ORDER BY t.created_at DESC, t.number DESC LIMIT 1`,
    )
    .bind(...conv.binds);
}

/** The visitor's tickets, newest first (earlier chats: a verified user's from any device), each as its `/t/` shows it. */
export function chatHistoryStatement(db: D1Database, conv: { sql: string; binds: unknown[] }): D1PreparedStatement {
  return db
    .prepare(
      `SELECT t.id, t.number, ${linkStatusSql("t", "h")} AS status, t.access_token, t.subject, t.created_at,
          t.conversation_key
         FROM tickets t LEFT JOIN tickets h ON h.id = t.merged_into_id
        WHERE t.conversation_key = ${conv.sql} ORDER BY t.created_at DESC LIMIT 20`,
    )
    .bind(...conv.binds);
}

export function chatTicketFromRow(r: ChatTicketRow): ChatTicket {
  return {
    id: r.id,
    number: formatTicketNumber(r.number),
    status: r.status,
    link: `/t/${r.access_token}`,
    subject: r.subject,
    createdAt: r.created_at,
  };
}
