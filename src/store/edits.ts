/** Amendments of stored inbound messages: customer edits (with history) and parts merged into one message. */
import type { ChannelName } from "../core/inbound";
import type { AttachmentRow } from "./ingest";

/** The stored message a provider id stands for: a message of its own, or the message a part was merged into. */
const TARGET = `COALESCE(
    (SELECT id FROM messages WHERE channel = ?1 AND provider_message_id = ?2 AND direction = 'in'),
    (SELECT message_id FROM message_parts WHERE channel = ?1 AND provider_part_id = ?2))`;

/** Whether an inbound provider id (a message or a merged part) is already stored. One indexed read. */
export async function isInboundStored(db: D1Database, channel: ChannelName, providerId: string): Promise<boolean> {
  const row = await db.prepare(`SELECT ${TARGET} AS id`).bind(channel, providerId).first<{ id: string | null }>();
  return Boolean(row?.id);
}

/**
 * Replaces the body of the inbound message behind `providerId` and keeps the old body in
 * `message_edits`, in one batch. Idempotent: an edit to the same text changes nothing.
 * Returns the edited message, or null when it is unknown or already says `body`.
 */
export async function recordEdit(
  db: D1Database,
  args: { channel: ChannelName; providerId: string; body: string; editId: string; editedAt: string },
): Promise<{ messageId: string; ticketId: string } | null> {
  const [, updated] = await db.batch([
    db
      .prepare(
        `INSERT INTO message_edits (id, message_id, previous_body, edited_at)
         SELECT ?4, m.id, m.body, ?5 FROM messages m WHERE m.id = ${TARGET} AND m.body <> ?3`,
      )
      .bind(args.channel, args.providerId, args.body, args.editId, args.editedAt),
    db
      .prepare(`UPDATE messages SET body = ?3 WHERE id = ${TARGET} AND body <> ?3 RETURNING id, ticket_id`)
      .bind(args.channel, args.providerId, args.body),
  ]);
  const row = updated?.results[0] as { id: string; ticket_id: string } | undefined;
  return row ? { messageId: row.id, ticketId: row.ticket_id } : null;
}

/**
 * Merges one provider part (text and attachments) into a stored message, once: a part that
 * is already merged changes nothing. Returns whether this call added it.
 */
export async function appendPart(
  db: D1Database,
  args: {
    channel: ChannelName;
    messageId: string;
    partId: string;
    /** Joins the body (a caption, a placeholder); empty adds nothing. */
    text: string;
    attachments: AttachmentRow[];
    now: string;
  },
): Promise<boolean> {
  const { channel, messageId, partId, now } = args;
  const notYet = "NOT EXISTS (SELECT 1 FROM message_parts WHERE channel = ?1 AND provider_part_id = ?2)";
  const stmts: D1PreparedStatement[] = [];
  if (args.text) {
    stmts.push(
      db
        .prepare(
          `UPDATE messages SET body = CASE WHEN body = '' THEN ?4 ELSE body || char(10) || ?4 END
            WHERE id = ?3 AND ${notYet}`,
        )
        .bind(channel, partId, messageId, args.text),
    );
  }
  for (const a of args.attachments) {
    stmts.push(
      db
        .prepare(
          `INSERT INTO attachments (id, message_id, r2_key, filename, content_type, size, created_at)
           SELECT ?4, ?3, ?5, ?6, ?7, ?8, ?9 WHERE ${notYet}`,
        )
        .bind(channel, partId, messageId, a.id, a.r2Key, a.filename, a.contentType, a.size, now),
    );
  }
  // Last, so that the guards above still see the part as new within this batch.
  stmts.push(
    db
      .prepare(
        `INSERT INTO message_parts (channel, provider_part_id, message_id, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (channel, provider_part_id) DO NOTHING RETURNING message_id`,
      )
      .bind(channel, partId, messageId, now),
  );
  const results = await db.batch(stmts);
  return Boolean(results[results.length - 1]?.results.length);
}
