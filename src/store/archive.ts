/**
 * Hot and cold, the SQL: a ticket's rows read for its archive, the move's state (archived_tickets), the
 * batch that deletes the rows once the R2 copy is verified, and the batch that brings them back.
 */
import {
  ARCHIVED_TABLES,
  type ArchiveDoc,
  type ArchivedRow,
  type ArchivedTable,
  archiveEntities,
  archiveKey,
  archiveLastMessage,
  archiveSearchText,
  DETACHED_REFS,
  type Detached,
  type DetachedRef,
  rowCount,
} from "../core/archive";

/** The ticket's messages (`?1` is the ticket id). */
export const M = "(SELECT id FROM messages WHERE ticket_id = ?1)";

/** A message of the ticket still on its way out: the delivery queue needs its row, so the ticket waits. */
const UNDELIVERED = "SELECT 1 FROM messages WHERE ticket_id = ?1 AND delivery_status IN ('queued', 'sending')";

/** Which rows of each table belong to the ticket, and their order (rowid: the order they were written; a WITHOUT ROWID table by its columns). */
export const TABLES: Record<ArchivedTable, { where: string; order: string }> = {
  messages: { where: "ticket_id = ?1", order: "rowid" },
  attachments: { where: `message_id IN ${M}`, order: "rowid" },
  message_edits: { where: `message_id IN ${M}`, order: "rowid" },
  message_parts: { where: `message_id IN ${M}`, order: "rowid" },
  note_mentions: { where: `message_id IN ${M}`, order: "message_id, staff_id" },
  staff_uploads: { where: `ticket_id = ?1 AND message_id IN ${M}`, order: "rowid" },
  email_sent: { where: `message_id IN ${M}`, order: "created_at, message_id_header" },
  ticket_entities: { where: "ticket_id = ?1", order: "rowid" },
  kb_suggestions: { where: "ticket_id = ?1", order: "rowid" },
  staff_ticket_reads: { where: "ticket_id = ?1", order: "staff_id, ticket_id" },
  audit_log: {
    where: `(target_type = 'ticket' AND target_id = ?1) OR (target_type = 'message' AND target_id IN ${M})`,
    order: "rowid",
  },
};

/** An email record's archived key is `[Message-ID, sender, verified]` (older archives: the bare Message-ID). */
const KEYED = "(json_valid(?1) AND json_type(?1) = 'array')";

/** Rows outside the ticket pointing at its messages: read as {key, message_id}, nulled, restored. */
export const REFS: Record<DetachedRef, { select: string; nullify: string; restore: string }> = {
  email_inbound: {
    // Keyed by the record's whole key (its Message-ID is unique per sender only, 0027): another sender's record
    // with the same Message-ID never takes the restored message. Archives from before keep the bare Message-ID.
    select: `SELECT json_array(message_id_header, sender, sender_verified) AS key, message_id FROM email_inbound
              WHERE message_id IN ${M} ORDER BY message_id_header, sender, sender_verified`,
    nullify: `UPDATE email_inbound SET message_id = NULL WHERE message_id IN ${M}`,
    restore: `UPDATE email_inbound SET message_id = ?2
               WHERE message_id IS NULL
                 AND message_id_header = CASE WHEN ${KEYED} THEN json_extract(?1, '$[0]') ELSE ?1 END
                 AND (NOT ${KEYED} OR (sender = json_extract(?1, '$[1]') AND sender_verified = json_extract(?1, '$[2]')))`,
  },
  csat_surveys: {
    select: `SELECT ticket_id AS key, message_id FROM csat_surveys WHERE message_id IN ${M} ORDER BY rowid`,
    nullify: `UPDATE csat_surveys SET message_id = NULL WHERE message_id IN ${M}`,
    restore: "UPDATE csat_surveys SET message_id = ?2 WHERE ticket_id = ?1 AND message_id IS NULL",
  },
  replies: {
    select: `SELECT id AS key, reply_to_message_id AS message_id FROM messages
              WHERE reply_to_message_id IN ${M} AND ticket_id <> ?1 ORDER BY rowid`,
    nullify: `UPDATE messages SET reply_to_message_id = NULL WHERE reply_to_message_id IN ${M} AND ticket_id <> ?1`,
    restore: "UPDATE messages SET reply_to_message_id = ?2 WHERE id = ?1 AND reply_to_message_id IS NULL",
  },
};

/** Every archived row of the ticket still in D1, counted (the verification and the delete's guard). */
const LIVE_ROWS = ARCHIVED_TABLES.map((t) => `(SELECT count(*) FROM ${t} WHERE ${TABLES[t].where})`).join(" + ");

/** The move's record of one ticket. */
export interface ArchiveRecord {
  ticketId: string;
  state: "written" | "verified" | "archived" | "restored";
  r2Key: string;
  sha256: string;
  messageCount: number;
  rowCount: number;
  bytes: number;
  ticketUpdatedAt: string;
}

interface RecordRow {
  ticket_id: string;
  state: ArchiveRecord["state"];
  r2_key: string;
  sha256: string;
  message_count: number;
  row_count: number;
  bytes: number;
  ticket_updated_at: string;
}

function recordFromRow(r: RecordRow): ArchiveRecord {
  return {
    ticketId: r.ticket_id,
    state: r.state,
    r2Key: r.r2_key,
    sha256: r.sha256,
    messageCount: r.message_count,
    rowCount: r.row_count,
    bytes: r.bytes,
    ticketUpdatedAt: r.ticket_updated_at,
  };
}

/** The archive record of a ticket, or null. */
export async function getArchiveRecord(db: D1Database, ticketId: string): Promise<ArchiveRecord | null> {
  const row = await db.prepare("SELECT * FROM archived_tickets WHERE ticket_id = ?1").bind(ticketId).first<RecordRow>();
  return row ? recordFromRow(row) : null;
}

/**
 * Everything of a closed ticket that moves to R2, in one read batch; null when the ticket is not (or no
 * longer) closed since `closedBefore`, or is already archived.
 */
export async function readTicketForArchive(
  db: D1Database,
  ticketId: string,
  closedBefore: string,
): Promise<{ doc: Omit<ArchiveDoc, "writtenAt">; ticketUpdatedAt: string } | null> {
  const [ticket, ...rest] = await db.batch([
    db
      .prepare(
        `SELECT t.* FROM tickets t WHERE t.id = ?1 AND t.status = 'closed' AND t.closed_at < ?2
            AND NOT EXISTS (SELECT 1 FROM archived_tickets a WHERE a.ticket_id = t.id AND a.state = 'archived')
            AND NOT EXISTS (${UNDELIVERED})`,
      )
      .bind(ticketId, closedBefore),
    ...ARCHIVED_TABLES.map((t) =>
      db.prepare(`SELECT * FROM ${t} WHERE ${TABLES[t].where} ORDER BY ${TABLES[t].order}`).bind(ticketId),
    ),
    ...DETACHED_REFS.map((d) => db.prepare(REFS[d].select).bind(ticketId)),
  ]);
  const t = ticket?.results[0] as ArchivedRow | undefined;
  if (!t) return null;
  const rows = (i: number) => (rest[i]?.results ?? []) as ArchivedRow[];
  const tables = Object.fromEntries(ARCHIVED_TABLES.map((name, i) => [name, rows(i)])) as ArchiveDoc["tables"];
  const detached = Object.fromEntries(
    DETACHED_REFS.map((d, i) => [d, rows(ARCHIVED_TABLES.length + i) as unknown as Detached[]]),
  ) as ArchiveDoc["detached"];
  return { doc: { version: 1, ticketId, ticket: t, tables, detached }, ticketUpdatedAt: String(t.updated_at) };
}

/** Step 1 done: the document is in R2. Starts (or restarts) the ticket's record in state `written`. */
export async function recordWritten(
  db: D1Database,
  args: { doc: ArchiveDoc; sha256: string; bytes: number; ticketUpdatedAt: string; now: string },
): Promise<void> {
  const { doc } = args;
  await db
    .prepare(
      `INSERT INTO archived_tickets (ticket_id, state, r2_key, sha256, message_count, row_count, bytes,
          ticket_updated_at, entities, last_message, created_at)
       VALUES (?1, 'written', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
       ON CONFLICT (ticket_id) DO UPDATE SET state = 'written', r2_key = excluded.r2_key, sha256 = excluded.sha256,
          message_count = excluded.message_count, row_count = excluded.row_count, bytes = excluded.bytes,
          ticket_updated_at = excluded.ticket_updated_at, entities = excluded.entities,
          last_message = excluded.last_message, created_at = excluded.created_at, archived_at = NULL
        WHERE archived_tickets.state <> 'archived'`,
    )
    .bind(
      doc.ticketId,
      archiveKey(doc.ticketId),
      args.sha256,
      doc.tables.messages.length,
      rowCount(doc),
      args.bytes,
      args.ticketUpdatedAt,
      archiveEntities(doc),
      archiveLastMessage(doc, 160),
      args.now,
    )
    .run();
}

/** What D1 holds of the ticket now: compared with the document before its rows are deleted. */
export async function liveCounts(
  db: D1Database,
  ticketId: string,
): Promise<{ status: string; updatedAt: string; messages: number; rows: number } | null> {
  const row = await db
    .prepare(
      `SELECT t.status, t.updated_at, (SELECT count(*) FROM messages WHERE ticket_id = ?1) AS messages,
          ${LIVE_ROWS} AS rows FROM tickets t WHERE t.id = ?1`,
    )
    .bind(ticketId)
    .first<{ status: string; updated_at: string; messages: number; rows: number }>();
  return row ? { status: row.status, updatedAt: row.updated_at, messages: row.messages, rows: row.rows } : null;
}

/** Step 2 done: the R2 copy was read back and matches. */
export async function recordVerified(db: D1Database, ticketId: string, sha256: string): Promise<boolean> {
  const res = await db
    .prepare(
      "UPDATE archived_tickets SET state = 'verified' WHERE ticket_id = ?1 AND state = 'written' AND sha256 = ?2",
    )
    .bind(ticketId, sha256)
    .run();
  return res.meta.changes > 0;
}

/** Forgets a half-done move (the ticket changed): the next run starts it again from its rows. */
export async function forgetArchive(db: D1Database, ticketId: string): Promise<void> {
  await db
    .prepare("DELETE FROM archived_tickets WHERE ticket_id = ?1 AND state IN ('written', 'verified')")
    .bind(ticketId)
    .run();
}

/**
 * Step 3, one batch: re-checks that nothing changed since the document was written (else the CHECK
 * of archive_guard fails and the batch rolls back), keeps the attachments' metadata and a search record,
 * detaches outside references, deletes the rows, and marks the ticket archived.
 */
export function deleteArchivedRowsStatements(db: D1Database, doc: ArchiveDoc, now: string): D1PreparedStatement[] {
  const id = doc.ticketId;
  const deletes = [...ARCHIVED_TABLES]
    .reverse()
    .map((t) => db.prepare(`DELETE FROM ${t} WHERE ${TABLES[t].where}`).bind(id));
  const messagesDelete = deletes.pop() as D1PreparedStatement;
  return [
    db
      .prepare(
        `INSERT INTO archive_guard (ok) SELECT 0 WHERE NOT EXISTS (
           SELECT 1 FROM tickets t JOIN archived_tickets a ON a.ticket_id = t.id
            WHERE t.id = ?1 AND t.status = 'closed' AND t.updated_at = a.ticket_updated_at AND a.state = 'verified'
              AND a.message_count = (SELECT count(*) FROM messages WHERE ticket_id = ?1) AND a.row_count = ${LIVE_ROWS})
           OR EXISTS (${UNDELIVERED})`,
      )
      .bind(id),
    db
      .prepare(
        `INSERT OR REPLACE INTO archived_attachments (id, ticket_id, r2_key, filename, content_type, size)
         SELECT a.id, ?1, a.r2_key, a.filename, a.content_type, a.size FROM attachments a WHERE a.message_id IN ${M}`,
      )
      .bind(id),
    db.prepare("INSERT INTO search_docs (doc_id, ticket_id) VALUES ('a:' || ?1, ?1)").bind(id),
    db
      .prepare(
        "INSERT INTO search_fts (rowid, text) VALUES ((SELECT id FROM search_docs WHERE doc_id = 'a:' || ?1), ?2)",
      )
      .bind(id, archiveSearchText(doc)),
    ...DETACHED_REFS.map((d) => db.prepare(REFS[d].nullify).bind(id)),
    ...deletes,
    messagesDelete,
    db
      .prepare(
        "UPDATE archived_tickets SET state = 'archived', archived_at = ?2, restored_at = NULL WHERE ticket_id = ?1",
      )
      .bind(id, now),
  ];
}

/** The work of one scheduled run: moves left half done, then restored tickets due again, then newly due tickets. */
export async function archiveCandidates(
  db: D1Database,
  args: { closedBefore: string; limit: number },
): Promise<{ ids: string[]; scanned: Array<{ id: string; closedAt: string }> }> {
  const [pending, restored, fresh] = await db.batch([
    db
      .prepare("SELECT ticket_id FROM archived_tickets WHERE state IN ('written', 'verified') LIMIT ?1")
      .bind(args.limit),
    db
      .prepare("SELECT ticket_id FROM archived_tickets WHERE state = 'restored' AND restored_at < ?1 LIMIT ?2")
      .bind(args.closedBefore, args.limit),
    db
      .prepare(
        `SELECT t.id, t.closed_at FROM tickets t, archive_settings s
          WHERE s.id = 1 AND t.status = 'closed' AND t.closed_at < ?1
            AND (t.closed_at, t.id) > (s.scan_closed_at, s.scan_id)
          ORDER BY t.closed_at, t.id LIMIT ?2`,
      )
      .bind(args.closedBefore, args.limit),
  ]);
  const ids = [
    ...((pending?.results ?? []) as Array<{ ticket_id: string }>).map((r) => r.ticket_id),
    ...((restored?.results ?? []) as Array<{ ticket_id: string }>).map((r) => r.ticket_id),
  ];
  const scanned = ((fresh?.results ?? []) as Array<{ id: string; closed_at: string }>).map((r) => ({
    id: r.id,
    closedAt: r.closed_at,
  }));
  return { ids, scanned };
}

/** Moves the scan past a ticket it has handled (never backwards). */
export async function advanceScan(db: D1Database, at: { id: string; closedAt: string }): Promise<void> {
  await db
    .prepare(
      `UPDATE archive_settings SET scan_closed_at = ?1, scan_id = ?2
        WHERE id = 1 AND (?1, ?2) > (scan_closed_at, scan_id)`,
    )
    .bind(at.closedAt, at.id)
    .run();
}

/** Deletes an archived ticket's rows in one all-or-nothing batch (its guard refuses when the ticket changed). */
export async function deleteArchivedRows(db: D1Database, doc: ArchiveDoc, now: string): Promise<void> {
  await db.batch(deleteArchivedRowsStatements(db, doc, now));
}
