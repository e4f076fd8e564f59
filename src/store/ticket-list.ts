/** The staff inbox list: views, filters, full-text search (FTS5), last-message snippets and unread markers. */
import { entitySearchValues } from "../core/entities";
import type { ChannelName } from "../core/inbound";
import { runningSlaTimers, type SlaTimer } from "../core/sla-timers";
import type { Priority, Ticket, TicketStatus } from "../core/ticket";
import { unreadMentionSql } from "./mentions";
import { TICKET_SELECT, type TicketRow, ticketFromRow } from "./rows";
import { entityMatchSql } from "./triage";
import { NEEDS_HUMAN } from "./view-counts";

export const TICKET_VIEWS = ["mine", "unassigned", "urgent", "needs_human", "resolved"] as const;
export type TicketView = (typeof TICKET_VIEWS)[number];

/** Longest last-message snippet in the list. */
export const SNIPPET_CHARS = 140;
/** Search terms considered per query (the rest are ignored). */
export const MAX_TERMS = 8;
/** Characters of a search query considered (the rest are ignored). */
export const MAX_QUERY_CHARS = 200;
/** Matching search documents (subjects and messages) read per term, newest first: bounds a common word's cost. */
export const SEARCH_DOC_LIMIT = 2000;
/** Newest search documents a term of 1 or 2 characters (below trigram size, e.g. 提现) is looked for in. */
export const SHORT_TERM_WINDOW = 50_000;

/** A ticket as the staff inbox lists it. */
export interface StaffTicket extends Ticket {
  /** Set when this ticket was merged into another (it is then closed and holds no messages). */
  mergedIntoId: string | null;
  /** The latest message between the customer and staff (notes and the bot's texts left out), cut to a snippet. */
  lastMessage: { body: string; direction: string; author: string; createdAt: string } | null;
  /** A customer message arrived after the viewer last opened this ticket. */
  unread: boolean;
  /** A colleague @mentioned the viewer in a note since they last opened this ticket. */
  mentioned?: boolean;
  /** When the first response is due, while none was sent and the ticket is still active. */
  slaDueAt: string | null;
  /** The SLA clocks running (first response, next response, resolution), for the list's countdown. */
  slaTimers: SlaTimer[];
  /** Its messages are archived in R2 (opening it reads them from there; src/pipeline/archive.ts). */
  archived?: boolean;
}

export interface StaffTicketRow extends TicketRow {
  merged_into_id: string | null;
  last_message_json?: string | null;
  unread?: number;
  resolution_due_at?: string | null;
  next_response_since?: string | null;
  next_response_due_at?: string | null;
  mentioned?: number;
  archived_last?: string | null;
}

/** Cuts a message body to a one-line snippet of at most SNIPPET_CHARS characters. */
export function snippet(body: string): string {
  const chars = [...body.replace(/\s+/g, " ").trim()];
  return chars.length <= SNIPPET_CHARS ? chars.join("") : `${chars.slice(0, SNIPPET_CHARS - 1).join("")}…`;
}

/** Maps a row of TICKET_SELECT (optionally with the list's extra columns) to a StaffTicket. */
export function staffTicketFromRow(r: StaffTicketRow): StaffTicket {
  const t = ticketFromRow(r);
  const lastJson = r.last_message_json ?? (r.archived_last && r.archived_last !== "null" ? r.archived_last : null);
  const last = lastJson
    ? (JSON.parse(lastJson) as { body: string; direction: string; author: string; createdAt: string })
    : null;
  const active = t.status !== "resolved" && t.status !== "closed";
  return {
    ...t,
    mergedIntoId: r.merged_into_id ?? null,
    lastMessage: last ? { ...last, body: snippet(last.body) } : null,
    unread: Boolean(r.unread),
    mentioned: Boolean(r.mentioned),
    ...(r.archived_last != null ? { archived: true } : {}),
    slaDueAt: active && !t.firstResponseAt ? t.firstResponseDueAt : null,
    slaTimers: runningSlaTimers({
      ...t,
      resolutionDueAt: r.resolution_due_at ?? null,
      nextResponseSince: r.next_response_since ?? null,
      nextResponseDueAt: r.next_response_due_at ?? null,
    }),
  };
}

/** TICKET_SELECT plus the last message and the viewer's unread marker (`viewer` is the bind of the staff id). */
export function listSelect(viewer: string): string {
  const extra = `
    (SELECT json_object('body', substr(m.body, 1, ${SNIPPET_CHARS * 2}), 'direction', m.direction,
        'author', m.author, 'createdAt', m.created_at)
       FROM messages m WHERE m.ticket_id = t.id AND m.direction <> 'note' AND m.author <> 'bot'
      ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1) AS last_message_json,
    EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND m.direction = 'in'
        AND m.created_at > COALESCE((SELECT r.read_at FROM staff_ticket_reads r
            WHERE r.staff_id = ${viewer} AND r.ticket_id = t.id), '')) AS unread,
    ${unreadMentionSql(viewer)} AS mentioned,
    (SELECT COALESCE(a.last_message, 'null') FROM archived_tickets a
      WHERE a.ticket_id = t.id AND a.state = 'archived') AS archived_last,`;
  if (!TICKET_SELECT.includes("SELECT t.*,")) throw new Error("TICKET_SELECT changed shape: update listSelect");
  return TICKET_SELECT.replace("SELECT t.*,", `SELECT t.*,${extra}`);
}

/** A search term as an FTS5 string literal (the trigram tokenizer then matches it as a substring). */
function ftsLiteral(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * Control characters (FTS5 reads its query as a C string, so a NUL ends it inside the literal) and unpaired
 * surrogates (no UTF-8 for them): they separate words like a space.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NOT_TEXT = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The terms of a search query: words, or "quoted phrases" (stray quotes are dropped), at most MAX_TERMS of them, from
 * the first MAX_QUERY_CHARS characters. Every term is plain text: FTS5 syntax (AND, NEAR, *, ^, column:) means nothing.
 */
export function searchTerms(q: string): string[] {
  const text = [...q.replace(NOT_TEXT, " ")].slice(0, MAX_QUERY_CHARS).join("");
  return [...text.matchAll(/"([^"]+)"|(\S+)/g)]
    .map((m) => (m[1] ?? m[2] ?? "").replace(/"/g, "").trim())
    .filter(Boolean)
    .slice(0, MAX_TERMS);
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
  /** Tickets carrying this tag (exactly, as stored). */
  tag?: string;
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
  const { sql, binds } = listTicketsQuery(f);
  const { results } = await db
    .prepare(sql)
    .bind(...binds)
    .all<StaffTicketRow>();
  const tickets = results.slice(0, f.limit).map(staffTicketFromRow);
  const last = tickets[tickets.length - 1];
  return { tickets, next: results.length > f.limit && last ? { updatedAt: last.updatedAt, id: last.id } : null };
}

/**
 * The partial indexes tickets_status_updated and tickets_priority_updated (migrations/0024) hold only the statuses and
 * priorities most tickets do not have, so a customer's message on a new/open, normal ticket rewrites neither (rows
 * written). SQLite uses a partial index only when the query repeats its condition, hence these terms; the common
 * values walk tickets_updated, where they are most of the newest rows.
 */
const RARE_STATUS = "t.status NOT IN ('new', 'open')";
const RARE_STATUSES: string[] = ["pending", "resolved", "closed"];
const RARE_PRIORITY = "t.priority <> 'normal'";

/** The SQL of listTickets and its binds (exported for the query-plan tests); it returns up to `limit + 1` rows. */
export function listTicketsQuery(f: TicketFilter): { sql: string; binds: unknown[] } {
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
      where.push("t.priority = 'urgent'", RARE_PRIORITY, active);
      break;
    case "needs_human":
      // The customer asked for a person and no staff reply came since (./view-counts.ts NEEDS_HUMAN).
      where.push(NEEDS_HUMAN);
      break;
    case "resolved":
      // Unary +: walk tickets_updated newest first and stop at the LIMIT, instead of collecting ~all tickets from
      // tickets_status_updated (resolved and closed are most of them) and sorting them.
      where.push("+t.status IN ('resolved', 'closed')");
      break;
  }
  if (f.status) where.push(`t.status = ${bind(f.status)}`, ...(RARE_STATUSES.includes(f.status) ? [RARE_STATUS] : []));
  if (f.channel) where.push(`t.channel = ${bind(f.channel)}`);
  if (f.assignee === "none") where.push("t.assignee_id IS NULL");
  else if (f.assignee) where.push(`t.assignee_id = ${bind(f.assignee)}`);
  if (f.priority) where.push(`t.priority = ${bind(f.priority)}`, ...(f.priority !== "normal" ? [RARE_PRIORITY] : []));
  if (f.category) where.push(`t.category = ${bind(f.category)}`);
  if (f.tag) where.push(`t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag = ${bind(f.tag)})`);
  const ctes: string[] = [];
  if (f.q) where.push(searchCondition(f.q, bind, ctes));
  if (f.cursor) {
    const u = bind(f.cursor.updatedAt);
    const i = bind(f.cursor.id);
    where.push(`(t.updated_at < ${u} OR (t.updated_at = ${u} AND t.id < ${i}))`);
  }
  // The page's ids first, then the list columns for those rows only: a search sorts up to SEARCH_DOC_LIMIT
  // candidates, and SQLite computes the selected columns (last message, unread, identities) of every row it sorts.
  const page = `SELECT t.id FROM tickets t WHERE ${where.join(" AND ")}
    ORDER BY t.updated_at DESC, t.id DESC LIMIT ${bind(f.limit + 1)}`;
  const sql = `${ctes.length ? `WITH ${ctes.join(", ")}` : ""}${listSelect(viewer)} WHERE t.id IN (${page})
    ORDER BY t.updated_at DESC, t.id DESC`;
  return { sql, binds };
}

/**
 * Full-text search: every term (a word or a "quoted phrase") must occur in the ticket's subject, in one of its
 * messages (the bot's own texts are not indexed), or in its customer's name, email, channel ids and display names
 * (FTS5 trigram MATCH for terms of 3+ characters; a LIKE for shorter ones, e.g. the two-character Chinese word 提现 or
 * the name 王伟). A ticket number (`RD-1042`, `#1042`, `1042`) also finds that ticket, or the ticket it was merged into.
 *
 * Bounded work (README "Staff sign-in and search"): each term reads at most its SEARCH_DOC_LIMIT newest matching
 * documents (search_docs ids, and so FTS rowids, grow with time) and as many matching customers; a short term only
 * looks at the newest SHORT_TERM_WINDOW documents and customers. The tickets behind those documents and customers are
 * the candidates, and every other term is then checked exactly on each candidate's own documents and customer. So
 * when some term matches fewer than SEARCH_DOC_LIMIT documents and customers the result is complete; when every term
 * is common, it is the matching tickets behind their newest documents and customers.
 */
function searchCondition(q: string, bind: (v: unknown) => string, ctes: string[]): string {
  const alternatives: string[] = [];
  const number = /^\s*(?:rd-?|#)?(\d{1,9})\s*$/i.exec(q)?.[1];
  if (number) {
    const n = bind(Number(number));
    alternatives.push(`t.number = ${n}`, `t.id IN (SELECT merged_into_id FROM tickets WHERE number = ${n})`);
  }
  // An exact TxID or address (hex in any case): the tickets it was extracted from (src/store/triage.ts).
  const entityValues = entitySearchValues(q);
  if (entityValues.length) alternatives.push(entityMatchSql(entityValues.map(bind)));
  const terms = searchTerms(q);
  // Constants, written into the SQL: a number bound from JS can arrive as REAL, and FTS5 then scans all rowids.
  const limit = String(SEARCH_DOC_LIMIT);
  const perTerm = terms.map((term, i) => {
    const hits = `search_hits_${i}`;
    const people = `contact_hits_${i}`;
    const like = bind(`%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    // The exact check on one ticket's own documents: its subject's and archive's by key, its messages' through
    // messages_ticket (search_docs has no index on ticket_id: migrations/0026). The unary + keeps the LIKE out of
    // FTS5, which would otherwise run it as a full-text query for each row.
    const own = `(EXISTS (SELECT 1 FROM search_docs d JOIN search_fts f ON f.rowid = d.id
        WHERE d.doc_id IN ('t:' || t.id, 'a:' || t.id) AND +f.text LIKE ${like} ESCAPE '\\')
      OR EXISTS (SELECT 1 FROM messages m JOIN search_docs d ON d.doc_id = 'm:' || m.id JOIN search_fts f ON f.rowid = d.id
        WHERE m.ticket_id = t.id AND +f.text LIKE ${like} ESCAPE '\\'))`;
    const ownContact = `EXISTS (SELECT 1 FROM contact_search_docs cd JOIN contact_search_fts cf ON cf.rowid = cd.id
      WHERE cd.contact_id = t.contact_id AND +cf.text LIKE ${like} ESCAPE '\\')`;
    const inHits = `t.id IN (SELECT d.ticket_id FROM search_docs d WHERE d.id IN (SELECT id FROM ${hits}))`;
    const inPeople = `t.contact_id IN (SELECT cd.contact_id FROM contact_search_docs cd
      WHERE cd.id IN (SELECT id FROM ${people}))`;
    if ([...term].length >= 3) {
      const match = bind(ftsLiteral(term));
      ctes.push(`${hits} AS MATERIALIZED (SELECT rowid AS id FROM search_fts
        WHERE search_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${limit})`);
      ctes.push(`${people} AS MATERIALIZED (SELECT rowid AS id FROM contact_search_fts
        WHERE contact_search_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${limit})`);
      // Fewer hits than the limit: the set is complete and the IN alone is exact; else check the ticket's own texts.
      return `(${inHits} OR ${inPeople} OR ((SELECT COUNT(*) FROM ${hits}) >= ${limit} AND ${own})
        OR ((SELECT COUNT(*) FROM ${people}) >= ${limit} AND ${ownContact}))`;
    }
    ctes.push(`${hits} AS MATERIALIZED (SELECT rowid AS id FROM search_fts
      WHERE rowid > (SELECT COALESCE(MAX(id), 0) FROM search_docs) - ${SHORT_TERM_WINDOW}
        AND text LIKE ${like} ESCAPE '\\' ORDER BY rowid DESC LIMIT ${limit})`);
    ctes.push(`${people} AS MATERIALIZED (SELECT rowid AS id FROM contact_search_fts
      WHERE rowid > (SELECT COALESCE(MAX(id), 0) FROM contact_search_docs) - ${SHORT_TERM_WINDOW}
        AND text LIKE ${like} ESCAPE '\\' ORDER BY rowid DESC LIMIT ${limit})`);
    return `(${inHits} OR ${inPeople} OR ${own} OR ${ownContact})`;
  });
  if (perTerm.length) {
    // No compound SELECT (UNION) here: D1 allows at most 5 terms in one, and a query may have MAX_TERMS words.
    const candidates = terms.map((_, i) => `d.id IN (SELECT id FROM search_hits_${i})`).join(" OR ");
    const people = terms.map((_, i) => `cd.id IN (SELECT id FROM contact_hits_${i})`).join(" OR ");
    // Two alternatives, each led by an indexed IN (tickets' key, tickets_contact), so SQLite reads the
    // candidates through their indexes (a multi-index OR) instead of walking every ticket.
    const all = perTerm.join(" AND ");
    alternatives.push(
      `(t.id IN (SELECT d.ticket_id FROM search_docs d WHERE ${candidates}) AND ${all})`,
      `(t.contact_id IN (SELECT cd.contact_id FROM contact_search_docs cd WHERE ${people}) AND ${all})`,
    );
  }
  return alternatives.length ? `(${alternatives.join(" OR ")})` : "1 = 1";
}
