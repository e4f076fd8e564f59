/** The staff inbox list: views, filters, full-text search (FTS5), last-message snippets and unread markers. */
import { entitySearchValues } from "../core/entities";
import type { ChannelName } from "../core/inbound";
import type { Priority, Ticket, TicketStatus } from "../core/ticket";
import { entityMatchSql } from "./intel";
import { TICKET_SELECT, type TicketRow, ticketFromRow } from "./rows";

export const TICKET_VIEWS = ["mine", "unassigned", "urgent", "resolved"] as const;
export type TicketView = (typeof TICKET_VIEWS)[number];

/** Longest last-message snippet in the list. */
export const SNIPPET_CHARS = 140;
/** Search terms considered per query (the rest are ignored). */
const MAX_TERMS = 8;

/** A ticket as the staff inbox lists it. */
export interface StaffTicket extends Ticket {
  /** Set when this ticket was merged into another (it is then closed and holds no messages). */
  mergedIntoId: string | null;
  /** The latest customer-visible message (notes left out), its body cut to a snippet. */
  lastMessage: { body: string; direction: string; author: string; createdAt: string } | null;
  /** A customer message arrived after the viewer last opened this ticket. */
  unread: boolean;
  /** When the first response is due, while none was sent and the ticket is still active. */
  slaDueAt: string | null;
}

export interface StaffTicketRow extends TicketRow {
  merged_into_id: string | null;
  last_message_json?: string | null;
  unread?: number;
}

/** Cuts a message body to a one-line snippet of at most SNIPPET_CHARS characters. */
export function snippet(body: string): string {
  const chars = [...body.replace(/\s+/g, " ").trim()];
  return chars.length <= SNIPPET_CHARS ? chars.join("") : `${chars.slice(0, SNIPPET_CHARS - 1).join("")}…`;
}

/** Maps a row of TICKET_SELECT (optionally with the list's extra columns) to a StaffTicket. */
export function staffTicketFromRow(r: StaffTicketRow): StaffTicket {
  const t = ticketFromRow(r);
  const last = r.last_message_json
    ? (JSON.parse(r.last_message_json) as { body: string; direction: string; author: string; createdAt: string })
    : null;
  const active = t.status !== "resolved" && t.status !== "closed";
  return {
    ...t,
    mergedIntoId: r.merged_into_id ?? null,
    lastMessage: last ? { ...last, body: snippet(last.body) } : null,
    unread: Boolean(r.unread),
    slaDueAt: active && !t.firstResponseAt ? t.firstResponseDueAt : null,
  };
}

/** TICKET_SELECT plus the last message and the viewer's unread marker (`viewer` is the bind of the staff id). */
export function listSelect(viewer: string): string {
  const extra = `
    (SELECT json_object('body', substr(m.body, 1, ${SNIPPET_CHARS * 2}), 'direction', m.direction,
        'author', m.author, 'createdAt', m.created_at)
       FROM messages m WHERE m.ticket_id = t.id AND m.direction <> 'note'
      ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1) AS last_message_json,
    EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND m.direction = 'in'
        AND m.created_at > COALESCE((SELECT r.read_at FROM staff_ticket_reads r
            WHERE r.staff_id = ${viewer} AND r.ticket_id = t.id), '')) AS unread,`;
  if (!TICKET_SELECT.includes("SELECT t.*,")) throw new Error("TICKET_SELECT changed shape: update listSelect");
  return TICKET_SELECT.replace("SELECT t.*,", `SELECT t.*,${extra}`);
}

/** A search term as an FTS5 string literal (the trigram tokenizer then matches it as a substring). */
function ftsLiteral(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

export interface TicketFilter {
  /** The staff member asking: `mine` and the unread markers are about them. */
  viewerId: string;
  view?: TicketView;
  status?: TicketStatus;
  channel?: ChannelName;
  /** A staff id, or `none` for unassigned. */
  assignee?: string;
  priority?: Priority;
  category?: string;
  q?: string;
  cursor?: { updatedAt: string; id: string };
  limit: number;
}

/**
 * Tickets newest activity first, keyset-paginated on (updated_at, id). Tickets merged into
 * another are left out (the result stands for them; searching their number finds it).
 */
export async function listTickets(
  db: D1Database,
  f: TicketFilter,
): Promise<{ tickets: StaffTicket[]; next: { updatedAt: string; id: string } | null }> {
  const binds: unknown[] = [];
  const bind = (v: unknown) => {
    binds.push(v);
    return `?${binds.length}`;
  };
  const viewer = bind(f.viewerId);
  const where: string[] = ["t.merged_into_id IS NULL"];
  const active = "t.status NOT IN ('resolved', 'closed')";
  switch (f.view) {
    case "mine":
      where.push(`t.assignee_id = ${viewer}`);
      if (!f.status) where.push(active);
      break;
    case "unassigned":
      where.push("t.assignee_id IS NULL");
      if (!f.status) where.push(active);
      break;
    case "urgent":
      where.push("t.priority = 'urgent'", active);
      break;
    case "resolved":
      where.push("t.status IN ('resolved', 'closed')");
      break;
  }
  if (f.status) where.push(`t.status = ${bind(f.status)}`);
  if (f.channel) where.push(`t.channel = ${bind(f.channel)}`);
  if (f.assignee === "none") where.push("t.assignee_id IS NULL");
  else if (f.assignee) where.push(`t.assignee_id = ${bind(f.assignee)}`);
  if (f.priority) where.push(`t.priority = ${bind(f.priority)}`);
  if (f.category) where.push(`t.category = ${bind(f.category)}`);
  if (f.q) where.push(searchCondition(f.q, bind));
  if (f.cursor) {
    const u = bind(f.cursor.updatedAt);
    const i = bind(f.cursor.id);
    where.push(`(t.updated_at < ${u} OR (t.updated_at = ${u} AND t.id < ${i}))`);
  }
  const sql = `${listSelect(viewer)} WHERE ${where.join(" AND ")}
    ORDER BY t.updated_at DESC, t.id DESC LIMIT ${bind(f.limit + 1)}`;
  const { results } = await db
    .prepare(sql)
    .bind(...binds)
    .all<StaffTicketRow>();
  const page = results.slice(0, f.limit).map(staffTicketFromRow);
  const last = page[page.length - 1];
  return { tickets: page, next: results.length > f.limit && last ? { updatedAt: last.updatedAt, id: last.id } : null };
}

/**
 * Full-text search: every term (a word or a "quoted phrase") must occur in the ticket's subject or in one of its messages
 * (FTS5 trigram MATCH for terms of 3+ characters, a LIKE scan of the index for shorter ones,
 * e.g. the two-character Chinese word 提现). A ticket number (`RD-1042`, `#1042`, `1042`) also
 * finds that ticket, or the ticket it was merged into.
 */
function searchCondition(q: string, bind: (v: unknown) => string): string {
  const alternatives: string[] = [];
  const number = /^\s*(?:rd-?|#)?(\d{1,9})\s*$/i.exec(q)?.[1];
  if (number) {
    const n = bind(Number(number));
    alternatives.push(`t.number = ${n}`, `t.id IN (SELECT merged_into_id FROM tickets WHERE number = ${n})`);
  }
  // An exact TxID or address (hex in any case): the tickets it was extracted from (src/store/intel.ts).
  const entityValues = entitySearchValues(q);
  if (entityValues.length) alternatives.push(entityMatchSql(entityValues.map(bind)));
  // Words, or "quoted phrases"; stray quotes are dropped.
  const terms = [...q.matchAll(/"([^"]+)"|(\S+)/g)]
    .map((m) => (m[1] ?? m[2] ?? "").replace(/"/g, "").trim())
    .filter(Boolean)
    .slice(0, MAX_TERMS);
  const perTerm = terms.map((term) => {
    const docs = "SELECT d.ticket_id FROM search_fts f JOIN search_docs d ON d.id = f.rowid";
    if ([...term].length >= 3) return `t.id IN (${docs} WHERE search_fts MATCH ${bind(ftsLiteral(term))})`;
    const like = `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    return `t.id IN (${docs} WHERE f.text LIKE ${bind(like)} ESCAPE '\\')`;
  });
  if (perTerm.length) alternatives.push(`(${perTerm.join(" AND ")})`);
  return alternatives.length ? `(${alternatives.join(" OR ")})` : "1 = 1";
}
