/**
 * Auto-assign end to end inside workerd: the admin-only setting route, and new tickets through the real
 * Telegram webhook given round-robin to the agents whose feed sockets are open on the real FeedHub.
 * Each webhook call is settled (its waitUntil, hence the hub's publish and assignment, has finished)
 * before D1 is read, so "stays unassigned" is asserted on state, not after a sleep.
 */
import { env } from "cloudflare:workers";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { FeedHub } from "../../../src/feed/hub";
import { assignIfUnassigned } from "../../../src/store/auto-assign";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { deliverUpdate, latestTicketOfChat } from "../channels/telegram/harness";
import { BOOTSTRAP, call, callWithSession, count, customerWrites, signIn, staffWithToken } from "./helpers";
import { closeAll, type FeedSocket, openFeed, until } from "./sockets";

const PATH = "/api/staff/auto-assign";
const open: FeedSocket[] = [];

async function setAutoAssign(json: unknown): Promise<Response> {
  return call("PUT", PATH, { token: BOOTSTRAP, json });
}

/** A new Telegram customer writes; resolves once the webhook and everything it left to waitUntil finished. */
async function newTelegramTicket(): Promise<{ id: string; assigneeId: string | null }> {
  const chatId = newChatId();
  await deliverUpdate(telegramUpdate({ chatId, text: `Withdrawal stuck ${crypto.randomUUID()}` }), { settled: true });
  const { ticket } = await latestTicketOfChat(chatId);
  return { id: ticket.id, assigneeId: ticket.assigneeId };
}

async function agentOnline(name: string) {
  const agent = await staffWithToken("agent", name);
  const socket = await openFeed({ Authorization: `Bearer ${agent.token}` });
  open.push(socket);
  return { ...agent, socket };
}

async function assigneeOf(ticketId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT assignee_id FROM tickets WHERE id = ?1")
    .bind(ticketId)
    .first<{ assignee_id: string | null }>();
  return row?.assignee_id ?? null;
}

afterEach(async () => {
  closeAll(...open.splice(0));
  await setAutoAssign({ enabled: false });
});
afterAll(async () => {
  await setAutoAssign({ enabled: false });
});

describe("the auto-assign setting", () => {
  it("is off by default, admin-only to read and write, and audited", async () => {
    const agent = await staffWithToken("agent");
    for (const method of ["GET", "PUT"]) {
      const res = await call(method, PATH, {
        token: agent.token,
        json: method === "PUT" ? { enabled: true } : undefined,
      });
      expect(res.status, `${method} as an agent`).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
    expect((await call("GET", PATH)).status).toBe(401);
    const before = await call("GET", PATH, { token: BOOTSTRAP });
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ autoAssign: { enabled: false, maxOpenPerAgent: null } });

    const cap = 1 + Math.floor(Math.random() * 50);
    const saved = await setAutoAssign({ enabled: true, maxOpenPerAgent: cap });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      autoAssign: { enabled: true, maxOpenPerAgent: cap, updatedBy: "stf_bootstrap" },
    });
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'settings.auto_assign.update' AND detail LIKE ?1",
        `%"maxOpenPerAgent":${cap}%`,
      ),
    ).toBe(1);
    // The agent's attempt above changed nothing, and neither does an agent with a session (CSRF or not).
    const session = await signIn(agent.token);
    expect((await callWithSession("PUT", PATH, session, { json: { enabled: false } })).status).toBe(403);
    expect(await (await call("GET", PATH, { token: BOOTSTRAP })).json()).toMatchObject({
      autoAssign: { enabled: true },
    });
  });

  it("refuses bad bodies with 400 and leaves the setting as it was", async () => {
    await setAutoAssign({ enabled: true, maxOpenPerAgent: 7 });
    const bad: unknown[] = [
      {},
      { enabled: "yes" },
      { enabled: 1 },
      { enabled: true, maxOpenPerAgent: 0 },
      { enabled: true, maxOpenPerAgent: -1 - Math.floor(Math.random() * 100) },
      { enabled: true, maxOpenPerAgent: 1001 + Math.floor(Math.random() * 1e6) },
      { enabled: true, maxOpenPerAgent: 1.5 },
      { enabled: true, maxOpenPerAgent: "3" },
      { enabled: true, extra: "field" },
      [true],
      null,
    ];
    for (const json of bad) {
      const res = await setAutoAssign(json);
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    const notJson = await call("PUT", PATH, {
      token: BOOTSTRAP,
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(await (await call("GET", PATH, { token: BOOTSTRAP })).json()).toMatchObject({
      autoAssign: { enabled: true, maxOpenPerAgent: 7 },
    });
  });
});

describe("auto-assign on new tickets", () => {
  it("alternates new Telegram tickets between the two agents online, with an audit row and a feed event each", async () => {
    const a = await agentOnline("Li");
    const b = await agentOnline("Wang");
    // The bootstrap admin online too: a setup secret, never given tickets.
    open.push(await openFeed({ Authorization: `Bearer ${BOOTSTRAP}` }));
    expect((await setAutoAssign({ enabled: true })).status).toBe(200);
    const listed = (await (await call("GET", PATH, { token: BOOTSTRAP })).json()) as {
      online: Array<{ staffId: string; away: boolean }>;
    };
    expect(listed.online.map((o) => o.staffId)).toEqual(expect.arrayContaining([a.id, b.id]));

    const n = 4 + 2 * Math.floor(Math.random() * 3);
    const got: Array<string | null> = [];
    for (let i = 0; i < n; i++) got.push((await newTelegramTicket()).assigneeId);
    expect(new Set(got)).toEqual(new Set([a.id, b.id]));
    for (let i = 1; i < n; i++) expect(got[i], `ticket ${i}`).not.toBe(got[i - 1]);
    expect(got.filter((x) => x === a.id)).toHaveLength(n / 2);

    expect(
      await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.auto_assign' AND actor_id IN (?1, ?2)",
        a.id,
        b.id,
      ),
    ).toBe(n);
    await until(
      () => a.socket.events.filter((e) => e.type === "ticket.updated" && "autoAssigned" in e).length >= n,
      "auto-assign feed events",
    );
  });

  it("leaves new tickets unassigned while the setting is off", async () => {
    await agentOnline("Chen");
    await setAutoAssign({ enabled: false });
    const t = await newTelegramTicket();
    expect(t.assigneeId).toBeNull();
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.auto_assign' AND target_id = ?1", t.id),
    ).toBe(0);
  });

  it("never picks an agent whose socket closed or who is away; nobody available leaves it unassigned", async () => {
    const a = await agentOnline("Zhao");
    const b = await agentOnline("Qian");
    await setAutoAssign({ enabled: true });
    // B's tab closes: every ticket goes to A.
    b.socket.ws.close(1000, "bye");
    await until(() => b.socket.closed !== null, "B closed");
    for (let i = 0; i < 3; i++) expect((await newTelegramTicket()).assigneeId).toBe(a.id);

    // B is back but says away; a hostile availability message changes nothing.
    const b2 = await openFeed({ Authorization: `Bearer ${b.token}` });
    open.push(b2);
    b2.ws.send(JSON.stringify({ type: "availability", away: "yes" }));
    b2.ws.send(JSON.stringify({ type: "availability", away: true, staffId: a.id }));
    await until(() => b2.events.some((e) => e.type === "availability"), "away acknowledged");
    expect(b2.events.find((e) => e.type === "availability")).toEqual({ type: "availability", away: true });
    for (let i = 0; i < 2; i++) expect((await newTelegramTicket()).assigneeId).toBe(a.id);

    // A says away too: nobody is available, the ticket waits for a person.
    a.socket.ws.send(JSON.stringify({ type: "availability", away: true }));
    await until(() => a.socket.events.some((e) => e.type === "availability"), "A away");
    expect((await newTelegramTicket()).assigneeId).toBeNull();

    // B available again: B gets the next one.
    b2.ws.send(JSON.stringify({ type: "availability", away: false }));
    await until(() => b2.events.filter((e) => e.type === "availability").length >= 2, "B available");
    expect((await newTelegramTicket()).assigneeId).toBe(b.id);
    // A reconnects later: hello says it is still away.
    const a2 = await openFeed({ Authorization: `Bearer ${a.token}` });
    open.push(a2);
    expect(a2.events.find((e) => e.type === "hello")).toMatchObject({ away: true });
  });

  it("skips agents at the cap and leaves the ticket unassigned when all are full", async () => {
    const a = await agentOnline("Sun");
    const b = await agentOnline("Zhou");
    // A already holds one active ticket (claimed by hand).
    const held = await customerWrites(`Held ticket ${crypto.randomUUID()}`);
    expect(
      (await call("PATCH", `/api/staff/tickets/${held.id}`, { token: a.token, json: { assigneeId: a.id } })).status,
    ).toBe(200);
    await setAutoAssign({ enabled: true, maxOpenPerAgent: 1 });
    expect((await newTelegramTicket()).assigneeId).toBe(b.id);
    const full = await newTelegramTicket();
    expect(full.assigneeId).toBeNull();
    // Raising the cap lets the next one through, to whoever is next in the ring.
    await setAutoAssign({ enabled: true, maxOpenPerAgent: 2 });
    expect([a.id, b.id]).toContain((await newTelegramTicket()).assigneeId);
  });

  it("never overwrites a ticket someone already took", async () => {
    const a = await agentOnline("Wu");
    const other = await staffWithToken("agent", "Zheng");
    await setAutoAssign({ enabled: true });
    const t = await customerWrites(`Taken ticket ${crypto.randomUUID()}`);
    // Whoever got it (A, by auto-assign), someone reassigns it by hand; a late assignment must not undo that.
    await call("PATCH", `/api/staff/tickets/${t.id}`, { token: BOOTSTRAP, json: { assigneeId: other.id } });
    const outcome = await assignIfUnassigned(env.DB, {
      ticketId: t.id,
      staffId: a.id,
      cap: null,
      auditId: `aud_${crypto.randomUUID().replace(/-/g, "")}`,
      now: new Date().toISOString(),
    });
    expect(outcome).toBe("taken");
    expect(await assigneeOf(t.id)).toBe(other.id);
    // The hub told again about the same ticket (a replayed publish) leaves it too, and writes no audit row.
    const ns = env.FEED_HUB as unknown as DurableObjectNamespace<FeedHub>;
    const hub = ns.get(ns.idFromName("staff-feed"));
    const audits = await count(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.auto_assign' AND target_id = ?1",
      t.id,
    );
    await hub.publish({ type: "ticket.created", ticketId: t.id, messageId: "msg_x", direction: "in" });
    expect(await assigneeOf(t.id)).toBe(other.id);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.auto_assign' AND target_id = ?1", t.id),
    ).toBe(audits);
  });
});
