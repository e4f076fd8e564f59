/**
 * Hot and cold, the SQL of an archived ticket's life in D1 while archived: the batch that brings its rows back,
 * which of some tickets are archived now, and what stays readable without R2 (attachment metadata, the record).
 */
import { ARCHIVED_TABLES, type ArchiveDoc, chunkRows, DETACHED_REFS, RESTORE_CHUNK_BYTES } from "../core/archive";
import { REFS } from "./archive";

/**
 * The restore, one batch: fails (archive_guard) unless the ticket is archived right now, so two
 * restores never both insert; then the rows in their order, the references put back, the search record
 * and attachment index dropped, and the record marked restored.
 */
export function restoreStatements(db: D1Database, doc: ArchiveDoc, now: string): D1PreparedStatement[] {
  const id = doc.ticketId;
  const inserts = ARCHIVED_TABLES.flatMap((t) => {
    const rows = doc.tables[t];
    const cols = rows[0] ? Object.keys(rows[0]) : [];
    const names = cols.map((c) => `"${c}"`).join(", ");
    const values = cols.map((c) => `json_extract(value, '$."${c}"')`).join(", ");
    // A marker of a staff member who opened the archived ticket meanwhile is newer than the archived one.
    const conflict = t === "staff_ticket_reads" ? " ON CONFLICT DO NOTHING" : "";
    return chunkRows(rows, RESTORE_CHUNK_BYTES).map((chunk) =>
      db
        .prepare(`INSERT INTO ${t} (${names}) SELECT ${values} FROM json_each(?1) WHERE 1 ORDER BY key${conflict}`)
        .bind(JSON.stringify(chunk)),
    );
  });
  return [
    db
      .prepare(
        "INSERT INTO archive_guard (ok) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM archived_tickets WHERE ticket_id = ?1 AND state = 'archived')",
      )
      .bind(id),
    ...inserts,
    ...DETACHED_REFS.flatMap((d) => doc.detached[d].map((r) => db.prepare(REFS[d].restore).bind(r.key, r.message_id))),
    db.prepare("DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 'a:' || ?1)").bind(id),
    db.prepare("DELETE FROM search_docs WHERE doc_id = 'a:' || ?1").bind(id),
    db.prepare("DELETE FROM archived_attachments WHERE ticket_id = ?1").bind(id),
    db
      .prepare(
        "UPDATE archived_tickets SET state = 'restored', restored_at = ?2 WHERE ticket_id = ?1 AND state = 'archived'",
      )
      .bind(id, now),
  ];
}

/** An archived attachment's metadata by id (it stays downloadable), or null. */
export async function getArchivedAttachment(
  db: D1Database,
  id: string,
): Promise<{ id: string; r2Key: string; filename: string; contentType: string; size: number } | null> {
  const row = await db
    .prepare("SELECT r2_key, filename, content_type, size FROM archived_attachments WHERE id = ?1")
    .bind(id)
    .first<{ r2_key: string; filename: string; content_type: string; size: number }>();
  return row ? { id, r2Key: row.r2_key, filename: row.filename, contentType: row.content_type, size: row.size } : null;
}

/** For a read batch: the ticket's archive, if it is archived now (r2_key, entities). */
export function archivedStatement(db: D1Database, ticketId: string): D1PreparedStatement {
  return db
    .prepare("SELECT r2_key, entities, archived_at FROM archived_tickets WHERE ticket_id = ?1 AND state = 'archived'")
    .bind(ticketId);
}

/** Which of these tickets are archived now (a bulk staff write restores them first). */
export async function archivedAmong(db: D1Database, ticketIds: string[]): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT ticket_id FROM archived_tickets
        WHERE state = 'archived' AND ticket_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(ticketIds))
    .all<{ ticket_id: string }>();
  return results.map((r) => r.ticket_id);
}

/** Puts an archived ticket's rows back in one batch (its guard refuses a second restore). */
export async function restoreArchivedRows(db: D1Database, doc: ArchiveDoc, now: string): Promise<void> {
  await db.batch(restoreStatements(db, doc, now));
}
