import { exports } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { BASE, BOOTSTRAP, call, customerWrites, settleDeliveries, signIn, staffWithToken } from "../staff/helpers";

// Let the bot acknowledgements these tests cause finish before the file ends.
afterAll(() => settleDeliveries());

interface Event {
  type: string;
  seq?: number;
  ticketId?: string;
  messageId?: string;
  [k: string]: unknown;
}

async function tab(headers: Record<string, string>) {
  const res = await exports.default.fetch(`${BASE}/api/staff/feed`, { headers: { Upgrade: "websocket", ...headers } });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const events: Event[] = [];
  ws.addEventListener("message", (e) => events.push(JSON.parse(e.data as string)));
  return { ws, events };
}

/** Waits (at most a second: the bound) for an event matching `match`. */
async function within1s(events: Event[], match: (e: Event) => boolean, what: string): Promise<Event> {
  const end = Date.now() + 1_000;
  for (;;) {
    const hit = events.find(match);
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`no ${what} within 1 s; got ${JSON.stringify(events.map((e) => e.type))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("feed events staff tabs rely on", () => {
  it("new tickets, messages, status/assignment/priority changes, deliveries and merges reach every tab within a second", async () => {
    const li = await staffWithToken("agent", "Li");
    const s = await signIn(li.token);
    const a = await tab({ Cookie: s.cookie });
    const b = await tab({ Authorization: `Bearer ${BOOTSTRAP}` });
    const both = async (match: (e: Event) => boolean, what: string) => {
      const [x] = await Promise.all([within1s(a.events, match, what), within1s(b.events, match, what)]);
      return x;
    };

    const sender = `feed-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const t = await customerWrites("Feed events: deposit missing", { sender });
    await both(
      (e) => e.type === "ticket.created" && e.ticketId === t.id && e.messageId === t.messageId,
      "ticket.created",
    );

    const next = await customerWrites("Any update?", { sender });
    const inbound = await both(
      (e) => e.type === "message.created" && e.messageId === next.messageId,
      "customer message",
    );
    expect(inbound).toMatchObject({ ticketId: t.id, direction: "in", author: "customer" });

    const patch = await call("PATCH", `/api/staff/tickets/${t.id}`, {
      token: BOOTSTRAP,
      json: { status: "open", assigneeId: li.id, priority: "urgent" },
    });
    expect(patch.status).toBe(200);
    const updated = await both((e) => e.type === "ticket.updated" && e.ticketId === t.id, "ticket.updated");
    expect(updated).toMatchObject({ status: "open", priority: "urgent", assigneeId: li.id, actorId: "stf_bootstrap" });
    expect(updated.changes).toEqual(expect.arrayContaining(["status", "assigneeId", "priority"]));

    const reply = await call("POST", `/api/staff/tickets/${t.id}/replies`, {
      token: li.token,
      json: { body: "On it" },
    });
    const { message } = (await reply.json()) as { message: { id: string } };
    const created = await both((e) => e.type === "message.created" && e.messageId === message.id, "reply");
    expect(created).toMatchObject({ ticketId: t.id, direction: "out", author: "staff", actorId: li.id });
    // Delivery goes through the queue; its outcome is an event too (sandbox delivery in tests: sent).
    const end = Date.now() + 10_000;
    while (!a.events.some((e) => e.type === "message.delivery" && e.messageId === message.id) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(a.events.find((e) => e.type === "message.delivery" && e.messageId === message.id)).toMatchObject({
      ticketId: t.id,
      delivery: "sent",
    });

    // The same customer's second conversation (merging another customer's ticket needs an admin's confirmation).
    const other = await customerWrites("Feed events: duplicate ticket", { sender, conversation: `dup-${sender}` });
    expect(
      (await call("POST", `/api/staff/tickets/${other.id}/merge`, { token: BOOTSTRAP, json: { intoId: t.id } })).status,
    ).toBe(200);
    const merged = await both((e) => e.type === "ticket.merged" && e.ticketId === other.id, "ticket.merged");
    expect(merged).toMatchObject({ intoId: t.id, intoNumber: t.number });
    await both(
      (e) => e.type === "ticket.updated" && e.ticketId === other.id && e.mergedIntoId === t.id,
      "source updated",
    );
    await both(
      (e) => e.type === "ticket.updated" && e.ticketId === t.id && (e.changes as string[]).includes("mergedFrom"),
      "target updated",
    );

    // Every stored event carries a ticketId and an increasing seq.
    const stored = a.events.filter((e) => e.type !== "hello" && e.type !== "presence");
    expect(stored.every((e) => typeof e.ticketId === "string" && typeof e.seq === "number")).toBe(true);
    const seqs = stored.map((e) => e.seq as number);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    a.ws.close();
    b.ws.close();
  });
});
