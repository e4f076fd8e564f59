/**
 * The inbox list's pure logic (no DOM, no fetch), unit-tested: the API query of a view and its
 * filters, which tickets a view shows and in what order, how a live-feed event changes the list
 * until the next refetch, unread counts, and moving through the list.
 */
import type { ListRequest, ListTicket, SequencedFeedEvent } from "./types";

/** The views the page offers: `all`, `mine`, `unassigned`, `urgent`, `needs_human`, `resolved`, or `ch:<channel>`. */
export type View = string;
/** The filters under the views; "" is "any". */
export interface Filters {
  status: string;
  priority: string;
  category: string;
  /** A tag the tickets carry (exactly); absent or "" is any. */
  tag?: string;
}
export interface ListQuery {
  view: View;
  filters: Filters;
  /** The search box's text ("" for none). */
  q: string;
}

/**
 * The `GET /tickets` query of a view, its filters and search. `legacy`: an older API without `view`
 * (it answered 400), which gets the closest filters it has.
 */
export function listRequest(query: ListQuery, legacy: boolean): Record<string, string> {
  const p: Record<string, string> = {};
  const v = query.view;
  if (v.startsWith("ch:")) p.channel = v.slice(3);
  else if (v !== "all") {
    if (legacy) {
      if (v === "mine") p.assignee = "me";
      if (v === "unassigned") p.assignee = "none";
      if (v === "urgent") p.priority = "urgent";
      if (v === "resolved") p.status = "resolved";
    } else p.view = v;
  }
  for (const [k, val] of Object.entries(query.filters)) if (val && !(k in p)) p[k] = val;
  if (query.q) p.q = query.q;
  return p;
}

/** The values come from the page's own menus, which list the server's values; the API validates them anyway. */
export function asListRequest(p: Record<string, string>): ListRequest {
  return p as ListRequest;
}

/** Appends a page of a keyset listing; pages of a live list may overlap when a ticket moves between requests. */
export function appendPage(tickets: readonly ListTicket[], page: readonly ListTicket[]): ListTicket[] {
  const seen = new Set(tickets.map((t) => t.id));
  const out = [...tickets];
  for (const t of page) if (!seen.has(t.id) && seen.add(t.id)) out.push(t);
  return out;
}

const ACTIVE = (status: string) => status !== "resolved" && status !== "closed";

/**
 * Whether a view with its filters shows a ticket: the rules of the API's listing
 * (src/store/ticket-list.ts). The search text is not judged here (only the server can); a ticket
 * already found by it stays while the rest still holds.
 */
export function inView(t: ListTicket, query: ListQuery, meId: string): boolean {
  if (t.mergedIntoId) return false;
  const { view, filters } = query;
  if (view.startsWith("ch:") && t.channel !== view.slice(3)) return false;
  if (view === "mine" && (t.assigneeId !== meId || (!filters.status && !ACTIVE(t.status)))) return false;
  if (view === "unassigned" && (t.assigneeId !== null || (!filters.status && !ACTIVE(t.status)))) return false;
  if (view === "urgent" && (t.priority !== "urgent" || !ACTIVE(t.status))) return false;
  // Who asked for a person is the server's to say (the load and its refetch); an inactive ticket never is.
  if (view === "needs_human" && !ACTIVE(t.status)) return false;
  if (view === "resolved" && ACTIVE(t.status)) return false;
  if (filters.status && t.status !== filters.status) return false;
  if (filters.priority && t.priority !== filters.priority) return false;
  if (filters.category && t.category !== filters.category) return false;
  if (filters.tag && !(t.tags ?? []).includes(filters.tag)) return false;
  return true;
}

/** The API's order: newest activity first, then the larger id (`ORDER BY updated_at DESC, id DESC`). */
export function compareTickets(a: ListTicket, b: ListTicket): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** The list as shown: the last load, kept current by feed events until the next one. */
export interface ListState {
  /** Every row of the last load, with the events since applied (a row that left the view may come back). */
  rows: ListTicket[];
  /** The rows the view shows, in the API's order. */
  tickets: ListTicket[];
  /** The feed's seq the load was asked at: events up to it are already in `rows`. Null before the first hello. */
  asOf: number | null;
  /** Per `<ticket id> <field>`, the seq of the last event that set that status, priority or assignee (the newest wins). */
  fieldsSeq: ReadonlyMap<string, number>;
}

type TrackedField = "status" | "priority" | "assigneeId";

/** The context a list is shown in: the query, who is signed in, the ticket open. */
export interface ListContext {
  query: ListQuery;
  meId: string;
  selectedId: string | null;
}

/** What a view shows of some rows, in order. */
export function shownRows(rows: readonly ListTicket[], ctx: ListContext): ListTicket[] {
  return rows.filter((t) => inView(t, ctx.query, ctx.meId)).sort(compareTickets);
}

/** A list as a load answered it (already the view's rows, in order), asked when the feed stood at `asOf`. */
export function loadedList(tickets: ListTicket[], asOf: number | null): ListState {
  return { rows: tickets, tickets, asOf, fieldsSeq: new Map() };
}

/** The list with rows changed by `change` (which returns the same row when nothing changes), shown again. */
function withRows(list: ListState, change: (t: ListTicket) => ListTicket, ctx: ListContext): ListState {
  let changed = false;
  const rows = list.rows.map((t) => {
    const next = change(t);
    if (next !== t) changed = true;
    return next;
  });
  return changed ? { ...list, rows, tickets: shownRows(rows, ctx) } : list;
}

/**
 * The list after one feed event, at once (the refetch it also triggers confirms it). Every step is
 * idempotent and commutes with the others, so repeated events change nothing and events applied in
 * any order give the same list: status, priority and assignee are taken from the newest event (by
 * seq), activity times only move forward, a customer message marks the ticket unread (not the one
 * open here), a merge is final. A loaded ticket that leaves the view is hidden (and may come back);
 * one the load did not bring waits for the refetch (an event does not carry the row).
 */
export function applyEvent(list: ListState, e: SequencedFeedEvent, ctx: ListContext): ListState {
  const id = e.ticketId;
  if (!id || (list.asOf !== null && e.seq <= list.asOf)) return list;
  let fieldsSeq = list.fieldsSeq;
  const next = withRows(
    list,
    (current) => {
      if (current.id !== id) return current;
      const t: ListTicket = { ...current };
      /** Each field takes the value of the newest event that set it. */
      const setFields = (fields: Partial<Pick<ListTicket, TrackedField>>) => {
        for (const [field, value] of Object.entries(fields)) {
          const key = `${id} ${field}`;
          if (e.seq <= (fieldsSeq.get(key) ?? -1)) continue;
          Object.assign(t, { [field]: value });
          fieldsSeq = new Map(fieldsSeq).set(key, e.seq);
        }
      };
      switch (e.type) {
        case "ticket.updated": {
          const fields: Partial<Pick<ListTicket, TrackedField>> = {};
          if (e.status) fields.status = e.status;
          if (e.priority) fields.priority = e.priority as ListTicket["priority"];
          if (e.assigneeId !== undefined) fields.assigneeId = e.assigneeId;
          setFields(fields);
          if (e.mergedIntoId) t.mergedIntoId = e.mergedIntoId;
          if (e.at > t.updatedAt) t.updatedAt = e.at;
          return t;
        }
        case "ticket.created":
        case "message.created":
          if (e.direction === "in" && id !== ctx.selectedId) t.unread = true;
          if (e.reopened) setFields({ status: "open" });
          if (e.at > t.updatedAt) t.updatedAt = e.at;
          return t;
        case "ticket.merged":
          t.mergedIntoId = e.intoId;
          return t;
        case "mention.created":
          if (id !== ctx.selectedId) t.mentioned = true;
          return t;
        default:
          return current;
      }
    },
    ctx,
  );
  return next === list ? list : { ...next, fieldsSeq };
}

/** Replays events (e.g. those that arrived while a load was on its way) onto a list. */
export function applyEvents(list: ListState, events: readonly SequencedFeedEvent[], ctx: ListContext): ListState {
  return events.reduce((l, e) => applyEvent(l, e, ctx), list);
}

/** The list with a ticket's new fields (a PATCH's answer, a read marker) merged in. */
export function patchRow(list: ListState, fields: { id: string } & Partial<ListTicket>, ctx: ListContext): ListState {
  return withRows(list, (t) => (t.id === fields.id ? { ...t, ...fields } : t), ctx);
}

/** Whether a sequenced event is new: the feed may repeat what a `?since=` catch-up already sent. */
export function isNewEvent(lastSeq: number | null, seq: number): boolean {
  return lastSeq === null || seq > lastSeq;
}

/** Whether an event names a ticket (as its ticket, the one it was merged into, ...). */
export function eventNames(e: object, ticketId: string): boolean {
  return Object.values(e).includes(ticketId);
}

export function unreadCount(tickets: readonly ListTicket[]): number {
  return tickets.filter((t) => t.unread).length;
}

/** The tab's title: the unread count first when there is one. */
export function documentTitle(title: string, unread: number): string {
  return unread ? `(${unread}) ${title}` : title;
}

/** The ticket `step` rows from the open one (the first when none is open), clamped to the list; null for an empty list. */
export function neighbour(tickets: readonly ListTicket[], selectedId: string | null, step: number): string | null {
  if (!tickets.length) return null;
  const i = tickets.findIndex((t) => t.id === selectedId);
  const next = i < 0 ? 0 : Math.min(tickets.length - 1, Math.max(0, i + step));
  return tickets[next]?.id ?? null;
}
