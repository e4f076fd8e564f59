/** The staff inbox list: views, filters, full-text search (FTS5), last-message snippets and unread markers. */
import type { ChannelName } from "../core/inbound";
import { runningSlaTimers, type SlaTimer } from "../core/sla-timers";
import type { Priority, Ticket, TicketStatus } from "../core/ticket";
import { unreadMentionSql } from "./mentions";
import { TICKET_SELECT, type TicketRow, ticketFromRow } from "./rows";
import { searchCondition } from "./ticket-search";
import { NEEDS_HUMAN } from "./view-counts";

export const TICKET_VIEWS = ["mine", "unassigned", "urgent", "needs_human", "resolved"] as const;
export type TicketView = (typeof TICKET_VIEWS)[number];
export { MAX_QUERY_CHARS, MAX_TERMS, SEARCH_DOC_LIMIT, SHORT_TERM_WINDOW, searchTerms } from "./ticket-search";

/** Longest last-message snippet in the list. */
export const SNIPPET_CHARS = 140;
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
