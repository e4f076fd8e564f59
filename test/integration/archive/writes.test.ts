/**
 * Every staff write that names a ticket, on an archived ticket (workerd, real D1 + R2), generated at random each
 * run: bulk assign/status/tag/merge (as source and as target), single PATCH, replies, notes, merge. The rule: a
 * write that succeeds first brings the ticket back (its rows from R2), so nothing is split between R2 and D1; a
 * refused one leaves it archived; and in every case each of its messages exists exactly once.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { archiveTicket } from "../../../src/pipeline/archive";
import { BOOTSTRAP, call, closedTicket, count, customerWrites, randomHex, snapshot } from "./helpers";

const cutoff = () => new Date(Date.now() - 90 * 86_400_000).toISOString();
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

async function archived() {
  const t = await closedTicket();
  const before = await snapshot(t.ticketId);
  expect(await archiveTicket(env, t.ticketId, cutoff(), new Date().toISOString())).toBe(true);
  return { ...t, messageIds: (before.messages as Array<{ id: string }>).map((m) => m.id), before };
}

async function state(id: string) {
  return (
    await env.DB.prepare("SELECT state FROM archived_tickets WHERE ticket_id = ?1").bind(id).first<{ state: string }>()
  )?.state;
}

async function live() {
  return customerWrites(`live-${randomHex(6)}`, `Live ticket ${randomHex(6)}`);
}

const staffId = async () =>
  (
    await env.DB.prepare("SELECT id FROM staff_users WHERE role = 'admin' AND disabled_at IS NULL LIMIT 1").first<{
      id: string;
    }>()
  )?.id ?? null;

type Write = {
  name: string;
  /** 2xx expected (the archived ticket restored), or a 409 refusal: before the restore (bulk: it stays archived), or
   * after it (the single routes restore first, then their checks refuse: it is live, and whole). */
  succeeds: boolean;
  refusedAfterRestore?: boolean;
  run: (archivedId: string) => Promise<Response>;
};

const tag = () => `t-${randomHex(4)}`;
const WRITES: Write[] = [
  {
    name: "bulk assign",
    succeeds: true,
    run: async (id) =>
      call("POST", "/api/staff/tickets/bulk", {
        token: BOOTSTRAP,
        json: { ticketIds: [id, (await live()).ticketId], action: { type: "assign", staffId: await staffId() } },
      }),
  },
  {
    name: "bulk unassign",
    succeeds: true,
    run: async (id) =>
      call("POST", "/api/staff/tickets/bulk", {
        token: BOOTSTRAP,
        json: { ticketIds: [id], action: { type: "assign", staffId: null } },
      }),
  },
  {
    name: "bulk tag",
    succeeds: true,
    run: async (id) =>
      call("POST", "/api/staff/tickets/bulk", {
        token: BOOTSTRAP,
        json: { ticketIds: [id], action: { type: "tag", add: [tag(), tag()], remove: [tag()] } },
      }),
  },
  {
    name: "bulk status closed (unchanged)",
    succeeds: true,
    run: (id) =>
      call("POST", "/api/staff/tickets/bulk", {
        token: BOOTSTRAP,
        json: { ticketIds: [id], action: { type: "status", status: "closed" } },
      }),
  },
  {
    name: "bulk status open (a closed ticket cannot: refused)",
    succeeds: false,
    run: (id) =>
      call("POST", "/api/staff/tickets/bulk", {
        token: BOOTSTRAP,
        json: { ticketIds: [id], action: { type: "status", status: pick(["open", "pending", "resolved"]) } },
      }),
  },
  {
    name: "bulk merge of the archived ticket into a live one",
    succeeds: true,
    run: async (id) =>
      call("POST", "/api/staff/tickets/bulk", {
        token: BOOTSTRAP,
        json: {
          ticketIds: [id],
          action: { type: "merge", intoTicketId: (await live()).ticketId, confirmDifferentCustomers: true },
        },
      }),
  },
  {
    name: "bulk merge into the archived (closed) ticket: refused",
    succeeds: false,
    run: async (id) =>
      call("POST", "/api/staff/tickets/bulk", {
        token: BOOTSTRAP,
        json: {
          ticketIds: [(await live()).ticketId],
          action: { type: "merge", intoTicketId: id, confirmDifferentCustomers: true },
        },
      }),
  },
  {
    name: "PATCH tags and priority",
    succeeds: true,
    run: (id) =>
      call("PATCH", `/api/staff/tickets/${id}`, {
        token: BOOTSTRAP,
        json: { tags: [tag()], priority: pick(["low", "high", "urgent"]) },
      }),
  },
  {
    name: "reply (a closed ticket cannot be answered: refused)",
    succeeds: false,
    refusedAfterRestore: true,
    run: (id) =>
      call("POST", `/api/staff/tickets/${id}/replies`, { token: BOOTSTRAP, json: { body: `Reply ${randomHex(6)}` } }),
  },
  {
    name: "note",
    succeeds: true,
    run: (id) =>
      call("POST", `/api/staff/tickets/${id}/notes`, { token: BOOTSTRAP, json: { body: `Note ${randomHex(6)}` } }),
  },
  {
    name: "merge of the archived ticket into a live one",
    succeeds: true,
    run: async (id) =>
      call("POST", `/api/staff/tickets/${id}/merge`, {
        token: BOOTSTRAP,
        json: { intoId: (await live()).ticketId, confirmDifferentCustomers: true },
      }),
  },
];

describe("staff writes on an archived ticket", { timeout: 120_000 }, () => {
  it("every write path: a write that applies restores the ticket first; a refused one leaves it archived", async () => {
    // Every path once, then random picks: a fresh archived ticket each time.
    const runs = [...WRITES, ...Array.from({ length: 4 }, () => pick(WRITES))];
    for (const w of runs) {
      const t = await archived();
      const res = await w.run(t.ticketId);
      const text = await res.text();
      const restored = w.succeeds || w.refusedAfterRestore === true;
      if (w.succeeds) expect(res.status, `${w.name}: ${text}`).toBeLessThan(300);
      else expect(res.status, `${w.name}: ${text}`).toBe(409);
      expect(await state(t.ticketId), w.name).toBe(restored ? "restored" : "archived");
      // Nothing lost, nothing doubled, nothing split: each message of the archive exists once in D1 when the ticket is
      // live again, and none is in D1 while it is archived.
      const inD1 = await count(
        "SELECT count(*) AS n FROM messages WHERE id IN (SELECT value FROM json_each(?1))",
        JSON.stringify(t.messageIds),
      );
      expect(inD1, w.name).toBe(restored ? t.messageIds.length : 0);
      if (!restored) {
        expect(await count("SELECT count(*) AS n FROM messages WHERE ticket_id = ?1", t.ticketId), w.name).toBe(0);
      }
    }
  });
});
