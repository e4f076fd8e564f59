/** Messages of a ticket (`messages`, with their `attachments`): the bot's and staff's writes, and reads by id. */
import type { ChannelName } from "../core/inbound";
import type { Message, TicketStatus } from "../core/ticket";
import { auditStatement } from "./audit";
import { MESSAGE_SELECT, type MessageRow, messageFromRow } from "./rows";
import { linkUploadsStatements } from "./staff-uploads";

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
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, quote_message_id,
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

/**
 * A staff reply (queued for delivery) or internal note, with the ticket update and audit row, in
 * one batch. A reply goes into the conversation of the customer message it answers
 * (`replyToMessageId`, else the conversation staff chose, `conversationId`, else the ticket's latest customer
 * message): its origin and channel come
 * from there, so on a ticket merged from two customers' tickets it reaches the right person.
 */
export async function insertStaffMessage(
  db: D1Database,
  args: {
    kind: "reply" | "note";
    messageId: string;
    ticketId: string;
    /** The ticket's channel: a note's (a reply takes its conversation's). */
    channel: ChannelName;
    /** The customer message a reply answers; null: the latest. */
    replyToMessageId?: string | null;
    /** Without replyToMessageId: the conversation (this ticket or one merged into it) the reply goes to; null: the latest's. */
    conversationId?: string | null;
    body: string;
    staffId: string;
    nextStatus: TicketStatus | null;
    auditId: string;
    now: string;
    /** Unsent uploads of this staff member on this ticket, attached in this order (src/store/staff-uploads.ts). */
    attachmentIds?: string[];
    /** More writes of the same change (a note's mentions), run after the message row in its batch (before the read-back). */
    also?: D1PreparedStatement[];
  },
): Promise<Message> {
  const { now } = args;
  const isReply = args.kind === "reply";
  const ticketUpdate = isReply
    ? db
        .prepare(
          // The reply stops the next-response clock; a reply after its due time records that cycle's breach.
          `UPDATE tickets SET updated_at = ?2, status = COALESCE(?3, status),
              first_response_at = COALESCE(first_response_at, ?2),
              next_response_breached_at = CASE WHEN next_response_due_at < ?2 THEN next_response_due_at
                ELSE next_response_breached_at END,
              next_response_since = NULL, next_response_due_at = NULL WHERE id = ?1`,
        )
        .bind(args.ticketId, now, args.nextStatus)
    : db.prepare("UPDATE tickets SET updated_at = ?2 WHERE id = ?1").bind(args.ticketId, now);
  const results = await db.batch([
    db
      .prepare(
        `INSERT INTO messages (id, ticket_id, direction, author, author_staff_id, channel, body,
            delivery_status, next_attempt_at, created_at, origin_ticket_id, reply_to_message_id)
         SELECT ?1, ?2, ?3, 'staff', ?4, CASE WHEN ?3 = 'out' THEN o.channel ELSE ?5 END, ?6, ?7, ?8, ?8, o.id, ?9
           FROM tickets o
          WHERE o.id = CASE WHEN ?3 = 'out' THEN COALESCE(
              (SELECT COALESCE(origin_ticket_id, ticket_id) FROM messages WHERE id = ?9 AND ticket_id = ?2),
              (SELECT id FROM tickets WHERE id = ?10 AND (id = ?2 OR merged_into_id = ?2)),
              (SELECT COALESCE(origin_ticket_id, ticket_id) FROM messages WHERE ticket_id = ?2 AND direction = 'in'
                ORDER BY created_at DESC, rowid DESC LIMIT 1),
              ?2) ELSE ?2 END`,
      )
      .bind(
        args.messageId,
        args.ticketId,
        isReply ? "out" : "note",
        args.staffId,
        args.channel,
        args.body,
        isReply ? "queued" : null,
        now,
        isReply ? (args.replyToMessageId ?? null) : null,
        isReply ? (args.conversationId ?? null) : null,
      ),
    ...linkUploadsStatements(db, {
      ids: args.attachmentIds ?? [],
      messageId: args.messageId,
      ticketId: args.ticketId,
      staffId: args.staffId,
      now,
    }),
    ticketUpdate,
    auditStatement(db, {
      id: args.auditId,
      actorId: args.staffId,
      action: isReply ? "ticket.reply" : "ticket.note",
      targetType: "ticket",
      targetId: args.ticketId,
      detail: {
        messageId: args.messageId,
        ...(args.attachmentIds?.length ? { attachmentIds: args.attachmentIds } : {}),
      },
      now,
    }),
    ...(args.also ?? []),
    // Last: the stored message as it reads back, attachments included.
    db.prepare(`${MESSAGE_SELECT} WHERE m.id = ?1`).bind(args.messageId),
  ]);
  const row = results.at(-1)?.results[0] as MessageRow | undefined;
  if (!row) throw new Error("inserted message not found");
  return messageFromRow(row);
}

/** One message with its attachments, or null. */
export async function getMessage(db: D1Database, id: string): Promise<Message | null> {
  const row = await db.prepare(`${MESSAGE_SELECT} WHERE m.id = ?1`).bind(id).first<MessageRow>();
  return row ? messageFromRow(row) : null;
}

/** An attachment's R2 key and metadata (what the staff download streams). */
export interface AttachmentObject {
  id: string;
  r2Key: string;
  filename: string;
  contentType: string;
  size: number;
}

/** An attachment's R2 key and metadata, or null. */
export async function getAttachment(db: D1Database, id: string): Promise<AttachmentObject | null> {
  const row = await db
    .prepare("SELECT id, r2_key, filename, content_type, size FROM attachments WHERE id = ?1")
    .bind(id)
    .first<{ id: string; r2_key: string; filename: string; content_type: string; size: number }>();
  return row
    ? { id: row.id, r2Key: row.r2_key, filename: row.filename, contentType: row.content_type, size: row.size }
    : null;
}
