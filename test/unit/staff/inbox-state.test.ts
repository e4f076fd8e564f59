// The staff inbox's pure list logic (src/staff/ui/client/state.ts, presence.ts, format.ts), with
// generated tickets and feed events: a list kept current by events, in any order and repeated,
// shows what a fresh load would.
import { describe, expect, it } from "vitest";
import { fillTemplate, formatSize, snippetText } from "../../../src/staff/ui/client/format";
import { applyPresence, expirePresence, PRESENCE_TTL_MS, presentOn } from "../../../src/staff/ui/client/presence";
import {
  appendPage,
  applyEvent,
  applyEvents,
  compareTickets,
  documentTitle,
  inView,
  type ListContext,
  type ListQuery,
  listRequest,
  loadedList,
  neighbour,
  patchRow,
  unreadCount,
} from "../../../src/staff/ui/client/state";
import type { ListTicket, SequencedFeedEvent } from "../../../src/staff/ui/client/types";
import { mulberry32 } from "../../support/random";

const ME = "stf_me";
const STAFF = [null, ME, "stf_li", "stf_wang"] as const;
const STATUSES = ["new", "open", "pending", "resolved", "closed"] as const;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const CATEGORIES = ["account", "deposit", "withdrawal", "kyc"] as const;
const CHANNELS = ["telegram", "discord", "email", "webform"] as const;
const VIEWS = ["all", "mine", "unassigned", "urgent", "resolved", ...CHANNELS.map((c) => `ch:${c}`)];

/** A seeded PRNG, so a failure names the seed that reproduces it. */
function rng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  return { next, int, pick, shuffle };
}
type Rng = ReturnType<typeof rng>;

const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

function ticket(r: Rng, i: number): ListTicket {
  const id = `tkt_${i.toString(36)}${r.int(1e6).toString(36)}`;
  // Few distinct times, so equal updatedAt (ordered by id) happens.
  const updatedAt = iso(T0 + r.int(8) * 60_000);
  return {
    id,
    number: `RD-${1000 + i}`,
    channel: r.pick(CHANNELS),
    status: r.pick(STATUSES),
    priority: r.pick(PRIORITIES),
    category: r.pick(CATEGORIES),
    subject: `subject ${i}`,
    language: r.pick(["en", "zh"] as const),
    contact: { id: `cnt_${i}`, name: null, email: null, emailVerified: false, language: "en", identities: [] },
    assigneeId: r.pick(STAFF),
    tags: [],
    metadata: {},
    createdAt: iso(T0 - 86_400_000),
    updatedAt,
    firstResponseDueAt: null,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    mergedIntoId: null,
    lastMessage: null,
    unread: r.next() < 0.3,
    slaDueAt: null,
    slaTimers: [],
  };
}

/** Feed events about the tickets (and some about tickets the list never had), numbered 1..n, later than any row. */
function events(r: Rng, tickets: readonly ListTicket[], n: number): SequencedFeedEvent[] {
  const ids = [...tickets.map((t) => t.id), "tkt_elsewhere"];
  return Array.from({ length: n }, (_, i): SequencedFeedEvent => {
    const seq = i + 1;
    const at = iso(T0 + 3_600_000 + seq * 1000 + r.int(900));
    const ticketId = r.pick(ids);
    const kind = r.int(10);
    if (kind < 5) {
      // The API sends the full values after a PATCH; partial ones are allowed by the type, so both are generated.
      const full = r.next() < 0.7;
      return {
        type: "ticket.updated",
        ticketId,
        changes: ["status"],
        ...(full || r.next() < 0.5 ? { status: r.pick(STATUSES) } : {}),
        ...(full || r.next() < 0.5 ? { priority: r.pick(PRIORITIES) } : {}),
        ...(full || r.next() < 0.5 ? { assigneeId: r.pick(STAFF) } : {}),
        seq,
        at,
      };
    }
    if (kind < 8) {
      const direction = r.pick(["in", "out", "note"] as const);
      return {
        type: "message.created",
        ticketId,
        messageId: `msg_${seq}`,
        direction,
        reopened: direction === "in" && r.next() < 0.3,
        seq,
        at,
      };
    }
    if (kind < 9) return { type: "ticket.merged", ticketId, intoId: r.pick(ids), seq, at };
    return { type: "message.delivery", messageId: `msg_${seq}`, delivery: "sent", seq, at };
  });
}

/** The server, written plainly: each event changes the stored ticket, in seq order. */
function serverApply(db: Map<string, ListTicket>, e: SequencedFeedEvent): void {
  const t = e.ticketId ? db.get(e.ticketId) : undefined;
  if (!t) return;
  if (e.type === "ticket.updated") {
    if (e.status) t.status = e.status;
    if (e.priority) t.priority = e.priority as ListTicket["priority"];
    if (e.assigneeId !== undefined) t.assigneeId = e.assigneeId;
    t.updatedAt = e.at;
  } else if (e.type === "message.created") {
    if (e.direction === "in") t.unread = true;
    if (e.reopened) t.status = "open";
    t.updatedAt = e.at;
  } else if (e.type === "ticket.merged") t.mergedIntoId = e.intoId;
}

/** A fresh load of a view: the API's rules (src/store/ticket-list.ts) written out again, independently of inView. */
function freshLoad(db: Map<string, ListTicket>, query: ListQuery): ListTicket[] {
  const active = (s: string) => !["resolved", "closed"].includes(s);
  const { view, filters } = query;
  return [...db.values()]
    .filter((t) => {
      if (t.mergedIntoId) return false;
      const byView =
        view === "all"
          ? true
          : view === "mine"
            ? t.assigneeId === ME && (filters.status !== "" || active(t.status))
            : view === "unassigned"
              ? t.assigneeId === null && (filters.status !== "" || active(t.status))
              : view === "urgent"
                ? t.priority === "urgent" && active(t.status)
                : view === "resolved"
                  ? !active(t.status)
                  : t.channel === view.slice(3);
      return (
        byView &&
        (!filters.status || t.status === filters.status) &&
        (!filters.priority || t.priority === filters.priority) &&
        (!filters.category || t.category === filters.category)
      );
    })
    .map((t) => ({ ...t }))
    .sort((a, b) => (a.updatedAt === b.updatedAt ? (a.id < b.id ? 1 : -1) : a.updatedAt < b.updatedAt ? 1 : -1));
}

function randomQuery(r: Rng): ListQuery {
  const maybe = <T extends string>(xs: readonly T[]) => (r.next() < 0.7 ? "" : r.pick(xs));
  return {
    view: r.pick(VIEWS),
    filters: { status: maybe(STATUSES), priority: maybe(PRIORITIES), category: maybe(CATEGORIES) },
    q: "",
  };
}

function world(seed: number) {
  const r = rng(seed);
  const tickets = Array.from({ length: 3 + r.int(30) }, (_, i) => ticket(r, i));
  const evs = events(r, tickets, r.int(60));
  const query = randomQuery(r);
  return { r, tickets, evs, query, ctx: { query, meId: ME, selectedId: null } as ListContext };
}

const db = (tickets: readonly ListTicket[]) => new Map(tickets.map((t) => [t.id, { ...t }]));
const ids = (ts: readonly ListTicket[]) => ts.map((t) => t.id);

describe("inbox list state", () => {
  it("events in any order, some repeated, give the list a fresh load gives (of the tickets loaded)", () => {
    const base = Math.floor(Math.random() * 2 ** 31);
    for (let run = 0; run < 300; run++) {
      const seed = base + run;
      const { r, tickets, evs, query, ctx } = world(seed);
      const server = db(tickets);
      const first = freshLoad(server, query);
      for (const e of evs) serverApply(server, e);
      const loaded = new Set(ids(first));
      const expected = freshLoad(server, query).filter((t) => loaded.has(t.id));

      const repeated = [...evs, ...evs.filter(() => r.next() < 0.3)];
      const list = applyEvents(loadedList(first, 0), r.shuffle(repeated), ctx);
      expect(list.tickets, `seed ${seed}`).toEqual(expected);
      // In seq order too, and the same events again change nothing.
      const inOrder = applyEvents(loadedList(first, 0), evs, ctx);
      expect(inOrder.tickets, `seed ${seed}`).toEqual(expected);
      expect(applyEvents(inOrder, r.shuffle(evs), ctx).tickets, `seed ${seed}`).toEqual(expected);
    }
  });

  it("a load taken mid-stream ignores the events it already reflects and replays the rest", () => {
    const base = Math.floor(Math.random() * 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const seed = base + run;
      const { r, tickets, evs, query, ctx } = world(seed);
      const server = db(tickets);
      const k = r.int(evs.length + 1);
      for (const e of evs.slice(0, k)) serverApply(server, e);
      const atK = freshLoad(server, query);
      for (const e of evs.slice(k)) serverApply(server, e);
      const loaded = new Set(ids(atK));
      // Every event arrives (the catch-up repeats old ones), in any order.
      const list = applyEvents(loadedList(atK, k), r.shuffle([...evs, ...evs.slice(0, k)]), ctx);
      expect(list.tickets, `seed ${seed}`).toEqual(freshLoad(server, query).filter((t) => loaded.has(t.id)));
    }
  });

  it("inView and compareTickets agree with a fresh load for random tickets, views and filters", () => {
    const base = Math.floor(Math.random() * 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const { tickets, query } = world(base + run);
      const shown = [...tickets].filter((t) => inView(t, query, ME)).sort(compareTickets);
      expect(ids(shown), `seed ${base + run}`).toEqual(ids(freshLoad(db(tickets), query)));
    }
  });

  it("a ticket leaves a view when its status changes, and comes back when it changes again", () => {
    const r = rng(Math.floor(Math.random() * 2 ** 31));
    const t = { ...ticket(r, 1), status: "open" as const, assigneeId: ME, mergedIntoId: null };
    const other = { ...ticket(r, 2), status: "pending" as const, assigneeId: ME, mergedIntoId: null };
    const query: ListQuery = { view: "mine", filters: { status: "", priority: "", category: "" }, q: "" };
    const ctx: ListContext = { query, meId: ME, selectedId: null };
    const list = loadedList([t, other].sort(compareTickets), 10);
    const at = iso(T0 + 7_200_000);
    const resolved = applyEvent(
      list,
      { type: "ticket.updated", ticketId: t.id, changes: ["status"], status: "resolved", seq: 11, at },
      ctx,
    );
    expect(ids(resolved.tickets)).toEqual([other.id]);
    // In the Resolved view it would show; in Mine it stays hidden until reopened.
    expect(inView({ ...t, status: "resolved" }, { ...query, view: "resolved" }, ME)).toBe(true);
    const reopened = applyEvent(
      resolved,
      { type: "message.created", ticketId: t.id, messageId: "msg_x", direction: "in", reopened: true, seq: 12, at },
      ctx,
    );
    expect(ids(reopened.tickets)).toEqual([t.id, other.id]); // newest activity first
    expect(reopened.tickets[0]?.status).toBe("open");
    expect(reopened.tickets[0]?.unread).toBe(true);
    // Assigned to someone else: out of Mine; unassigned with the Unassigned view: in.
    const taken = applyEvent(
      reopened,
      { type: "ticket.updated", ticketId: t.id, changes: ["assigneeId"], assigneeId: "stf_li", seq: 13, at },
      ctx,
    );
    expect(ids(taken.tickets)).toEqual([other.id]);
    // An event the load already had (seq <= asOf) changes nothing.
    const old = applyEvent(
      list,
      { type: "ticket.updated", ticketId: t.id, changes: ["status"], status: "closed", seq: 10, at },
      ctx,
    );
    expect(old).toBe(list);
  });

  it("a repeated feed event is applied once: the same list, and an older one does not undo a newer", () => {
    const r = rng(Math.floor(Math.random() * 2 ** 31));
    const t = { ...ticket(r, 1), status: "open" as const, priority: "normal" as const, mergedIntoId: null };
    const ctx: ListContext = {
      query: { view: "all", filters: { status: "", priority: "", category: "" }, q: "" },
      meId: ME,
      selectedId: null,
    };
    const list = loadedList([t], 0);
    const newer: SequencedFeedEvent = {
      type: "ticket.updated",
      ticketId: t.id,
      changes: ["priority"],
      priority: "urgent",
      seq: 5,
      at: iso(T0 + 9_000_000),
    };
    const once = applyEvent(list, newer, ctx);
    expect(applyEvent(once, newer, ctx).tickets).toEqual(once.tickets);
    const older: SequencedFeedEvent = { ...newer, priority: "low", seq: 4, at: iso(T0 + 8_000_000) };
    const after = applyEvent(once, older, ctx);
    expect(after.tickets[0]?.priority).toBe("urgent");
    expect(after.tickets[0]?.updatedAt).toBe(newer.at);
  });

  it("does not mark the open ticket unread, and counts unread for the title", () => {
    const r = rng(7);
    const a = { ...ticket(r, 1), unread: false, mergedIntoId: null };
    const b = { ...ticket(r, 2), unread: false, mergedIntoId: null };
    const ctx: ListContext = {
      query: { view: "all", filters: { status: "", priority: "", category: "" }, q: "" },
      meId: ME,
      selectedId: a.id,
    };
    const at = iso(T0 + 9_000_000);
    let list = loadedList([a, b], 0);
    for (const [seq, id] of [
      [1, a.id],
      [2, b.id],
    ] as const) {
      list = applyEvent(
        list,
        { type: "message.created", ticketId: id, messageId: `m${seq}`, direction: "in", seq, at },
        ctx,
      );
    }
    expect(list.tickets.find((t) => t.id === a.id)?.unread).toBe(false);
    expect(unreadCount(list.tickets)).toBe(1);
    expect(documentTitle("Inbox", unreadCount(list.tickets))).toBe("(1) Inbox");
    expect(documentTitle("Inbox", 0)).toBe("Inbox");
    list = patchRow(list, { id: b.id, unread: false }, ctx);
    expect(unreadCount(list.tickets)).toBe(0);
  });

  it("builds the API query of a view, its filters and search (and the older API's fallback)", () => {
    const filters = { status: "", priority: "high", category: "" };
    expect(listRequest({ view: "mine", filters, q: " tx " }, false)).toEqual({
      view: "mine",
      priority: "high",
      q: " tx ",
    });
    expect(listRequest({ view: "ch:email", filters, q: "" }, false)).toEqual({ channel: "email", priority: "high" });
    expect(listRequest({ view: "all", filters, q: "" }, false)).toEqual({ priority: "high" });
    expect(listRequest({ view: "urgent", filters, q: "" }, true)).toEqual({ priority: "urgent" });
    expect(listRequest({ view: "mine", filters, q: "" }, true)).toEqual({ assignee: "me", priority: "high" });
  });

  it("appends overlapping pages once, and moves through the list within its ends", () => {
    const r = rng(11);
    const ts = Array.from({ length: 5 }, (_, i) => ticket(r, i));
    const merged = appendPage(ts.slice(0, 3), ts.slice(2));
    expect(ids(merged)).toEqual(ids(ts));
    expect(neighbour(ts, null, 1)).toBe(ts[0]?.id);
    expect(neighbour(ts, ts[4]?.id ?? null, 1)).toBe(ts[4]?.id);
    expect(neighbour(ts, ts[0]?.id ?? null, -1)).toBe(ts[0]?.id);
    expect(neighbour(ts, ts[2]?.id ?? null, -1)).toBe(ts[1]?.id);
    expect(neighbour([], null, 1)).toBeNull();
  });
});

describe("inbox presence", () => {
  it("keeps one place per person, drops idle and stale presence, ignores our own", () => {
    const presence = new Map();
    const now = Date.now();
    const ev = (ticketId: string, staffId: string, state: "viewing" | "typing" | "idle") =>
      ({ type: "presence", ticketId, staffId, name: staffId, state }) as const;
    expect(applyPresence(presence, ev("tkt_a", ME, "viewing"), { meId: ME, name: "me", now })).toBe(false);
    applyPresence(presence, ev("tkt_a", "stf_li", "viewing"), { meId: ME, name: "Li", now });
    applyPresence(presence, ev("tkt_b", "stf_li", "typing"), { meId: ME, name: "Li", now });
    expect(presentOn(presence, "tkt_a")).toEqual([]);
    expect(presentOn(presence, "tkt_b").map((p) => p.state)).toEqual(["typing"]);
    applyPresence(presence, ev("tkt_b", "stf_wang", "viewing"), { meId: ME, name: "Wang", now: now + 1000 });
    applyPresence(presence, ev("tkt_b", "stf_li", "idle"), { meId: ME, name: "Li", now });
    expect(presentOn(presence, "tkt_b").map((p) => p.name)).toEqual(["Wang"]);
    expect(expirePresence(presence, now + 1000 + PRESENCE_TTL_MS)).toBe(false);
    expect(expirePresence(presence, now + 1001 + PRESENCE_TTL_MS)).toBe(true);
    expect(presence.size).toBe(0);
  });
});

describe("inbox text helpers", () => {
  it("fills only the known placeholders of a canned reply, whatever the customer's name holds", () => {
    const name = `{{ticket_number}} $& $1 ${Math.random()}`;
    expect(
      fillTemplate("Hi {{ customer_name }}, {{ticket_number}} {{other}}", {
        customer_name: name,
        ticket_number: "RD-7",
      }),
    ).toBe(`Hi ${name}, RD-7 {{other}}`);
  });

  it("snippets say who wrote last and stay on one line", () => {
    const labels = { note: "Note", bot: "Bot", you: "You" };
    const body = `a\n\n b ${"x".repeat(200)}`;
    const out = snippetText({ body, direction: "out", author: "staff" }, labels);
    expect(out.startsWith("You: a b ")).toBe(true);
    expect(out.endsWith("…")).toBe(true);
    expect(out).not.toMatch(/\n/);
    expect(snippetText({ body: "hi", direction: "in", author: "customer" }, labels)).toBe("hi");
    expect(snippetText({ body: "ack", direction: "out", author: "bot" }, labels)).toBe("Bot: ack");
    expect(snippetText(null, labels)).toBe("");
    expect([formatSize(10), formatSize(2048), formatSize(3 * 1024 * 1024)]).toEqual(["10 B", "2.0 KB", "3.0 MB"]);
  });
});
