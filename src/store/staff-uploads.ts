/** Files staff upload for a reply or note before sending it (`staff_uploads`), and their link to the sent message. */
import type { Attachment } from "../core/ticket";
import { auditStatement } from "./audit";

/** One upload as the staff API answers it. */
export type StaffUpload = Attachment;

/** Records uploads (their bytes already in R2 under `r2Key`) with one audit row, in one batch. */
export async function insertStaffUploads(
  db: D1Database,
  args: {
    uploads: Array<StaffUpload & { r2Key: string }>;
    ticketId: string;
    staffId: string;
    auditId: string;
    now: string;
  },
): Promise<void> {
  await db.batch([
    ...args.uploads.map((u) =>
      db
        .prepare(
          `INSERT INTO staff_uploads (id, ticket_id, staff_id, r2_key, filename, content_type, size, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
        )
        .bind(u.id, args.ticketId, args.staffId, u.r2Key, u.filename, u.contentType, u.size, args.now),
    ),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.staffId,
      action: "ticket.upload",
      targetType: "ticket",
      targetId: args.ticketId,
      detail: { uploads: args.uploads.map((u) => ({ id: u.id, filename: u.filename, size: u.size })) },
      now: args.now,
    }),
  ]);
}

/** Of `ids`, those that are this staff member's unsent uploads on this ticket. */
export async function findUnsentUploads(
  db: D1Database,
  args: { ids: string[]; ticketId: string; staffId: string },
): Promise<string[]> {
  if (!args.ids.length) return [];
  const rows = await db
    .prepare(
      `SELECT id FROM staff_uploads
        WHERE id IN (SELECT value FROM json_each(?1)) AND ticket_id = ?2 AND staff_id = ?3 AND message_id IS NULL`,
    )
    .bind(JSON.stringify(args.ids), args.ticketId, args.staffId)
    .all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

/**
 * The statements (for the message's own batch) that attach the uploads to a just-inserted message:
 * `attachments` rows with the uploads' ids (a second use breaks the batch on the primary key), and
 * the uploads marked as sent with it.
 */
export function linkUploadsStatements(
  db: D1Database,
  args: { ids: string[]; messageId: string; ticketId: string; staffId: string; now: string },
): D1PreparedStatement[] {
  if (!args.ids.length) return [];
  const ids = JSON.stringify(args.ids);
  return [
    db
      .prepare(
        `INSERT INTO attachments (id, message_id, r2_key, filename, content_type, size, created_at)
         SELECT u.id, ?2, u.r2_key, u.filename, u.content_type, u.size, ?5
           FROM json_each(?1) j JOIN staff_uploads u ON u.id = j.value
          WHERE u.ticket_id = ?3 AND u.staff_id = ?4 AND u.message_id IS NULL
          ORDER BY j.key`,
      )
      .bind(ids, args.messageId, args.ticketId, args.staffId, args.now),
    db
      .prepare(
        `UPDATE staff_uploads SET message_id = ?2
          WHERE id IN (SELECT value FROM json_each(?1)) AND ticket_id = ?3 AND staff_id = ?4 AND message_id IS NULL`,
      )
      .bind(ids, args.messageId, args.ticketId, args.staffId),
  ];
}

/** Removes an unsent upload of this staff member; answers its R2 key, or null when there was none to remove. */
export async function deleteUnsentUpload(
  db: D1Database,
  args: { id: string; ticketId: string; staffId: string },
): Promise<string | null> {
  const row = await db
    .prepare(
      `DELETE FROM staff_uploads WHERE id = ?1 AND ticket_id = ?2 AND staff_id = ?3 AND message_id IS NULL
       RETURNING r2_key`,
    )
    .bind(args.id, args.ticketId, args.staffId)
    .first<{ r2_key: string }>();
  return row?.r2_key ?? null;
}
