/** Tickets as staff see them: one by id, opened with its messages, marked read, patched. */
import type { ChannelName } from "../core/inbound";
import { formatTicketNumber, type Message, type Priority, type Ticket, type TicketStatus } from "../core/ticket";
import { auditStatement } from "./audit";
import { MESSAGE_SELECT, type MessageRow, messageFromRow, TICKET_SELECT, type TicketRow, ticketFromRow } from "./rows";
import { listSelect, type StaffTicket, type StaffTicketRow, staffTicketFromRow } from "./ticket-list";

export { listTickets, type StaffTicket, type TicketFilter } from "./ticket-list";

/** One ticket with its contact, or null. */
export async function getTicket(db: D1Database, id: string): Promise<Ticket | null> {
  const row = await db.prepare(`${TICKET_SELECT} WHERE t.id = ?1`).bind(id).first<TicketRow>();
  return row ? ticketFromRow(row) : null;
}

/** Whether `conversationId` is ticket `ticketId`'s own conversation or one merged into it (a staff reply's target). */
export async function isConversationOfTicket(
  db: D1Database,
  ticketId: string,
  conversationId: string,
): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS ok FROM tickets WHERE id = ?2 AND (id = ?1 OR merged_into_id = ?1)")
    .bind(ticketId, conversationId)
    .first<{ ok: number }>();
  return row !== null;
}

/** How many merge hops are followed at most (merges re-point older merges, so one is the norm). */
const MAX_MERGE_HOPS = 5;

/**
 * The ticket a staff member opens by id, following merges to the ticket that holds the
 * conversation now, with its messages (oldest first), the numbers merged into it, and marking it
 * read for the viewer. Null when there is no such ticket.
 */
export async function openStaffTicket(
  db: D1Database,
  args: {
    id: string;
    viewerId: string;
    now: string;
    /** More reads about the ticket opened (its final id after merges), for the same batch. */
    extra?: (ticketId: string) => D1PreparedStatement[];
  },
): Promise<{
  ticket: StaffTicket & { mergedFrom: string[]; conversations: ConversationRef[] };
  messages: Message[];
  /** The results of `extra`, in order. */
  extra: D1Result[];
} | null> {
  const target = await db
    .prepare(
      `WITH RECURSIVE chain (id, merged_into_id, hops) AS (
         SELECT id, merged_into_id, 0 FROM tickets WHERE id = ?1
         UNION ALL
         SELECT t.id, t.merged_into_id, chain.hops + 1 FROM tickets t JOIN chain ON t.id = chain.merged_into_id
          WHERE chain.hops < ${MAX_MERGE_HOPS})
       SELECT id FROM chain ORDER BY hops DESC LIMIT 1`,
    )
    .bind(args.id)
    .first<{ id: string }>();
  if (!target) return null;
  const [, t, m, from, convs, ...extra] = await db.batch([
    db
      .prepare(
        `INSERT INTO staff_ticket_reads (staff_id, ticket_id, read_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (staff_id, ticket_id) DO UPDATE SET read_at = MAX(read_at, excluded.read_at)`,
      )
      .bind(args.viewerId, target.id, args.now),
    db.prepare(`${listSelect("?2")} WHERE t.id = ?1`).bind(target.id, args.viewerId),
    db.prepare(`${MESSAGE_SELECT} WHERE m.ticket_id = ?1 ORDER BY m.created_at, m.rowid`).bind(target.id),
    db.prepare("SELECT number FROM tickets WHERE merged_into_id = ?1 ORDER BY number").bind(target.id),
    db.prepare(CONVERSATIONS_SELECT).bind(target.id),
    ...(args.extra?.(target.id) ?? []),
  ]);
  const row = t?.results[0] as StaffTicketRow | undefined;
  if (!row) return null;
  const mergedFrom = ((from?.results ?? []) as Array<{ number: number }>).map((r) => formatTicketNumber(r.number));
  return {
    ticket: { ...staffTicketFromRow(row), mergedFrom, conversations: conversationsFrom(convs) },
    messages: ((m?.results ?? []) as MessageRow[]).map(messageFromRow),
    extra,
  };
}

/**
 * A conversation a ticket holds: its own, and one per ticket merged into it. Each message's
 * `originTicketId` names one; replies go to its customer through its channel.
 */
export interface ConversationRef {
  ticketId: string;
  number: string;
  channel: ChannelName;
  contact: { id: string; name: string | null; email: string | null; emailVerified: boolean };
}

const CONVERSATION_COLUMNS = `t.id, t.number, t.channel, t.contact_id, c.name, c.email, c.email_verified_at
  FROM tickets t JOIN contacts c ON c.id = t.contact_id`;
const CONVERSATIONS_SELECT = `SELECT ${CONVERSATION_COLUMNS} WHERE t.id = ?1
  UNION ALL SELECT ${CONVERSATION_COLUMNS} WHERE t.merged_into_id = ?1`;

function conversationsFrom(result: D1Result | undefined): ConversationRef[] {
  type Row = {
    id: string;
    number: number;
    channel: ChannelName;
    contact_id: string;
    name: string | null;
    email: string | null;
    email_verified_at: string | null;
  };
  return ((result?.results ?? []) as Row[]).map((r) => ({
    ticketId: r.id,
    number: formatTicketNumber(r.number),
    channel: r.channel,
    contact: { id: r.contact_id, name: r.name, email: r.email, emailVerified: Boolean(r.email && r.email_verified_at) },
  }));
}

/** Marks a ticket read for a staff member now (never moves the marker back). False when there is no such ticket. */
export async function markTicketRead(
  db: D1Database,
  args: { ticketId: string; staffId: string; now: string },
): Promise<boolean> {
  const res = await db
    .prepare(
      `INSERT INTO staff_ticket_reads (staff_id, ticket_id, read_at)
       SELECT ?1, id, ?3 FROM tickets WHERE id = ?2
       ON CONFLICT (staff_id, ticket_id) DO UPDATE SET read_at = MAX(read_at, excluded.read_at)`,
    )
    .bind(args.staffId, args.ticketId, args.now)
    .run();
  return res.meta.changes > 0;
}

export interface TicketPatch {
  status?: TicketStatus;
  priority?: Priority;
  category?: string;
  assigneeId?: string | null;
  tags?: string[];
}

/** Applies a staff patch and its audit row in one batch. */
export async function patchTicket(
  db: D1Database,
  args: { ticketId: string; patch: TicketPatch; actorId: string; auditId: string; now: string },
): Promise<void> {
  const { patch, now } = args;
  const sets: string[] = ["updated_at = ?2"];
  const binds: unknown[] = [args.ticketId, now];
  const set = (col: string, v: unknown) => {
    binds.push(v);
    sets.push(`${col} = ?${binds.length}`);
  };
  if (patch.status !== undefined) {
    set("status", patch.status);
    if (patch.status === "resolved") sets.push("resolved_at = ?2");
    else if (patch.status !== "closed") sets.push("resolved_at = NULL");
    if (patch.status === "closed") sets.push("closed_at = ?2");
  }
  if (patch.priority !== undefined) set("priority", patch.priority);
  if (patch.category !== undefined) set("category", patch.category);
  if (patch.assigneeId !== undefined) set("assignee_id", patch.assigneeId);
  if (patch.tags !== undefined) set("tags", JSON.stringify(patch.tags));
  await db.batch([
    db.prepare(`UPDATE tickets SET ${sets.join(", ")} WHERE id = ?1`).bind(...binds),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: "ticket.update",
      targetType: "ticket",
      targetId: args.ticketId,
      detail: patch,
      now,
    }),
  ]);
}
