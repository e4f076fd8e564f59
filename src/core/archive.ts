/**
 * Hot and cold, the pure part: what an archived ticket's document holds, its search record and list
 * snippet, and the checks a document read back from R2 must pass before anything is deleted or restored.
 */

/** Rows of a table, as `SELECT *` returned them (column name -> value). */
export type ArchivedRow = Record<string, string | number | null>;

/** The tables whose rows of one ticket move to R2, in the order they are restored (parents first). */
export const ARCHIVED_TABLES = [
  "messages",
  "attachments",
  "message_edits",
  "message_parts",
  "note_mentions",
  "staff_uploads",
  "email_sent",
  "ticket_entities",
  "kb_suggestions",
  "staff_ticket_reads",
  "audit_log",
] as const;
export type ArchivedTable = (typeof ARCHIVED_TABLES)[number];

/**
 * References into the ticket's messages from rows that stay in D1 (they are set to NULL while the
 * ticket is archived and put back on restore): an email's inbound record, the CSAT survey's message,
 * a message of another ticket answering one of these.
 */
export const DETACHED_REFS = ["email_inbound", "csat_surveys", "replies"] as const;
export type DetachedRef = (typeof DETACHED_REFS)[number];

/** One reference: the row that stays (its key) and the message id it pointed to. */
export interface Detached {
  key: string;
  message_id: string;
}

/** The document of one archived ticket, stored gzipped at `archiveKey(ticketId)`. */
export interface ArchiveDoc {
  version: 1;
  ticketId: string;
  writtenAt: string;
  /** The ticket row as it was (it stays in D1; kept here for a full record). */
  ticket: ArchivedRow;
  tables: Record<ArchivedTable, ArchivedRow[]>;
  detached: Record<DetachedRef, Detached[]>;
}

/** Days a ticket stays closed in D1 before it is archived, unless an admin sets another number. */
export const DEFAULT_ARCHIVE_DAYS = 90;
/** Tickets one scheduled run archives at most (4 R2 or D1 calls each: well within a run's subrequests). */
export const ARCHIVE_BATCH = 25;
/** Characters of what was written kept in an archived ticket's search record (its opening words). */
export const ARCHIVE_EXCERPT_CHARS = 300;
/** Characters of identifiers (entities, emails) kept in an archived ticket's search record at most. */
export const ARCHIVE_IDS_CHARS = 700;
/** Largest JSON a single restore statement binds (D1 values are limited to 2 MB). */
export const RESTORE_CHUNK_BYTES = 512 * 1024;

/** Where a ticket's archive lives in R2. */
export function archiveKey(ticketId: string): string {
  return `archive/tickets/${ticketId}.json.gz`;
}

/** Rows in a document, every table together (what the delete and the verification count). */
export function rowCount(doc: Pick<ArchiveDoc, "tables">): number {
  return ARCHIVED_TABLES.reduce((n, t) => n + doc.tables[t].length, 0);
}

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+/g;

/** Distinct values, in order, while their total (one separator each) stays within `max` characters. */
function within(values: string[], max: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const v of new Set(values)) {
    const n = [...v].length + 1;
    if (!v || used + n > max) continue;
    kept.push(v);
    used += n;
  }
  return kept;
}

/**
 * The small record an archived ticket is found by (about 1 KiB of D1 with its index entries): its identifiers
 * (entities: TxIDs, addresses, UIDs, order ids; then email addresses written in it), at most ARCHIVE_IDS_CHARS
 * characters, then the opening words of what was written (the customer's messages first, the bot's texts left
 * out, the identifiers not repeated), ARCHIVE_EXCERPT_CHARS characters. The ticket's number, subject and customer stay searchable from D1's
 * own rows; words deeper in the conversation are found only by opening the ticket.
 */
export function archiveSearchText(doc: Pick<ArchiveDoc, "tables">): string {
  const written = doc.tables.messages.filter((m) => m.author !== "bot" && m.direction !== "note");
  const bodies = written.map((m) => String(m.body ?? ""));
  const entities = doc.tables.ticket_entities.filter((e) => e.kind !== "amount").map((e) => String(e.value ?? ""));
  const emails = bodies.flatMap((b) => b.match(EMAIL) ?? []).map((e) => e.toLowerCase());
  const ids = within([...entities, ...emails], ARCHIVE_IDS_CHARS);
  const customer = written.filter((m) => m.direction === "in").map((m) => String(m.body ?? ""));
  // The identifiers are listed once: the opening words leave them out (a 64-hex TxID is ~1/5 of the record).
  let text = (customer.length ? customer : bodies).join("\n");
  for (const id of ids) text = text.replace(new RegExp(id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), " ");
  const opening = [...text.replace(/\s+/g, " ").trim()];
  return [...ids, opening.slice(0, ARCHIVE_EXCERPT_CHARS).join("")].filter(Boolean).join("\n");
}

/** The list's last message (same shape as the live list's `last_message_json`), or null. */
export function archiveLastMessage(doc: Pick<ArchiveDoc, "tables">, snippetChars: number): string | null {
  const shown = doc.tables.messages.filter((m) => m.direction !== "note" && m.author !== "bot");
  const last = shown[shown.length - 1];
  if (!last) return null;
  return JSON.stringify({
    body: [...String(last.body ?? "")].slice(0, snippetChars).join(""),
    direction: last.direction,
    author: last.author,
    createdAt: last.created_at,
  });
}

/** The entities kept in D1 (for the ticket's panel and search), from the document. */
export function archiveEntities(doc: Pick<ArchiveDoc, "tables">): string {
  return JSON.stringify(
    doc.tables.ticket_entities.map((e) => ({ kind: e.kind, value: e.value, chain: e.chain ?? null })),
  );
}

const COLUMN = /^[a-z_][a-z0-9_]*$/;

/**
 * A document read back from R2, checked: it parses, is for this ticket, names only known tables and
 * plain column names (they become SQL), and every row of a table has the same columns. Null otherwise.
 */
export function parseArchiveDoc(text: string, ticketId: string): ArchiveDoc | null {
  let doc: ArchiveDoc;
  try {
    doc = JSON.parse(text) as ArchiveDoc;
  } catch {
    return null;
  }
  if (doc?.version !== 1 || doc.ticketId !== ticketId || typeof doc.tables !== "object") return null;
  for (const t of ARCHIVED_TABLES) {
    const rows = doc.tables[t];
    if (!Array.isArray(rows)) return null;
    const cols = rows[0] ? Object.keys(rows[0]) : [];
    if (!cols.every((c) => COLUMN.test(c))) return null;
    if (!rows.every((r) => r && typeof r === "object" && Object.keys(r).join() === cols.join())) return null;
  }
  for (const d of DETACHED_REFS) {
    const refs = doc.detached?.[d];
    if (!Array.isArray(refs) || !refs.every((r) => typeof r.key === "string" && typeof r.message_id === "string")) {
      return null;
    }
  }
  if (doc.tables.messages.some((m) => m.ticket_id !== ticketId)) return null;
  return doc;
}

/** Splits rows into runs whose JSON stays under `maxBytes` (one restore statement each). */
export function chunkRows(rows: ArchivedRow[], maxBytes: number): ArchivedRow[][] {
  const chunks: ArchivedRow[][] = [];
  let current: ArchivedRow[] = [];
  let size = 2;
  for (const r of rows) {
    const n = JSON.stringify(r).length + 1;
    if (current.length && size + n > maxBytes) {
      chunks.push(current);
      current = [];
      size = 2;
    }
    current.push(r);
    size += n;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
