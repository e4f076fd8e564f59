// Per-agent notifications and @mentions: the settings route (own row only, validated, audited), mentions stored
// with the note and told to the mentioned agent's tabs only, the feed's customer-reply details, unread per view.
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { leaks, secretCases } from "../../support/secret-generator";
import { BOOTSTRAP, call, openTicket, staffWithToken } from "./helpers";
import { closeAll, type FeedSocket, openFeed, until } from "./sockets";

const KINDS = ["new_ticket", "customer_reply", "mention", "sla_breach"] as const;
const rnd = () => crypto.randomUUID().slice(0, 8);
const sockets: FeedSocket[] = [];
afterEach(() => closeAll(...sockets.splice(0)));

async function feedOf(token: string): Promise<FeedSocket> {
  const s = await openFeed({ Authorization: `Bearer ${token}` });
  sockets.push(s);
  return s;
}

type Settings = { desktop: Record<string, boolean>; sound: Record<string, boolean> };
async function getSettings(token: string): Promise<Settings> {
  const res = await call("GET", "/api/staff/me/notifications", { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { settings: Settings }).settings;
}

/** A customer writes (again) on the conversation of `sender`: the sandbox's real ingest. */
async function customerWrites(sender: string, text: string): Promise<{ ticketId: string; ticketNumber: string }> {
  const res = await call("POST", "/dev/sandbox/inbound", { json: { channel: "telegram", sender, text } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { result: { ticketId: string; ticketNumber: string } }).result;
}

async function note(token: string, ticketId: string, body: string) {
  const res = await call("POST", `/api/staff/tickets/${ticketId}/notes`, { token, json: { body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { message: { id: string } }).message;
}

async function unread(token: string): Promise<{ counts: Record<string, number>; unread: Record<string, number> }> {
  const res = await call("GET", "/api/staff/views/counts", { token });
  expect(res.status).toBe(200);
  return (await res.json()) as { counts: Record<string, number>; unread: Record<string, number> };
}

describe("GET/PUT /api/staff/me/notifications", () => {
  it("starts all off, saves what is sent (the rest kept), audits it, and is the caller's own", async () => {
    const a = await staffWithToken("agent");
    const b = await staffWithToken("agent");
    const before = await getSettings(a.token);
    for (const k of KINDS) expect([before.desktop[k], before.sound[k]]).toEqual([false, false]);

    const on = KINDS.filter(() => Math.random() < 0.5);
    const put = await call("PUT", "/api/staff/me/notifications", {
      token: a.token,
      json: { desktop: Object.fromEntries(on.map((k) => [k, true])), sound: { mention: true } },
    });
    expect(put.status).toBe(200);
    const saved = await getSettings(a.token);
    for (const k of KINDS) expect(saved.desktop[k]).toBe(on.includes(k));
    expect(saved.sound).toEqual({ new_ticket: false, customer_reply: false, mention: true, sla_breach: false });
    // A second PUT changes only what it names.
    await call("PUT", "/api/staff/me/notifications", { token: a.token, json: { sound: { sla_breach: true } } });
    expect((await getSettings(a.token)).sound).toEqual({ ...saved.sound, sla_breach: true });
    expect((await getSettings(a.token)).desktop).toEqual(saved.desktop);
    // B is untouched by A's changes.
    expect(await getSettings(b.token)).toEqual(before);
    const audit = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE actor_id = ?1 AND action = 'staff.notifications' AND target_id = ?1",
    )
      .bind(a.id)
      .first<{ n: number }>();
    expect(audit?.n).toBe(2);
  });

  it("refuses bad bodies with a 4xx JSON error and no write, and cannot reach another agent's row", async () => {
    const a = await staffWithToken("agent");
    const b = await staffWithToken("agent");
    const bad: unknown[] = [
      {},
      { desktop: { mention: "yes" } },
      { desktop: { mention: 1 } },
      { desktop: { everything: true } },
      { staffId: b.id, desktop: { mention: true } },
      { desktop: { mention: true }, sound: null },
      { desktop: [true] },
      [],
      "on",
    ];
    for (const json of bad) {
      const res = await call("PUT", "/api/staff/me/notifications", { token: a.token, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      const err = (await res.json()) as { error: { code: string; message: string } };
      expect(err.error.code).toBe("validation_failed");
    }
    const raw = await call("PUT", "/api/staff/me/notifications", {
      token: a.token,
      headers: { "Content-Type": "text/plain" },
    });
    expect(raw.status).toBe(415);
    const rows = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM staff_notification_settings WHERE staff_id IN (?1, ?2)",
    )
      .bind(a.id, b.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
    // No route takes another staff id.
    for (const path of [`/api/staff/users/${b.id}/notifications`, `/api/staff/${b.id}/notifications`]) {
      const res = await call("PUT", path, { token: a.token, json: { desktop: { mention: true } } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await getSettings(b.token)).desktop.mention).toBe(false);
    expect((await call("GET", "/api/staff/me/notifications")).status).toBe(401);
  });
});

describe("@mentions in internal notes", () => {
  it("records who a note mentions and tells only that agent's tabs, with no secret in the snippet", async () => {
    const zhName = `王${["伟", "芳", "磊"][Math.floor(Math.random() * 3)]}${rnd()}`;
    const a = await staffWithToken("agent", `Ann ${rnd()}`);
    const b = await staffWithToken("agent", zhName);
    const c = await staffWithToken("agent", `Carl ${rnd()}`);
    const ticket = await openTicket();
    const [feedA, feedB, feedC] = [await feedOf(a.token), await feedOf(b.token), await feedOf(c.token)];
    const seed = Date.now() % 100_000; // secretCases(seed, 1) replays the secret of a failure
    const [secret] = secretCases(seed, 1);
    const body = `请@${zhName}看一下，客户说 ${secret?.text} — mail carl@example.com or @nobody${rnd()}, not @${a.id}`;
    const msg = await note(a.token, ticket.id, body);

    const rows = await env.DB.prepare("SELECT staff_id, ticket_id, author_id FROM note_mentions WHERE message_id = ?1")
      .bind(msg.id)
      .all();
    expect(rows.results).toEqual([{ staff_id: b.id, ticket_id: ticket.id, author_id: a.id }]);

    await until(() => feedB.events.some((e) => e.type === "mention.created"), "B's mention");
    const event = feedB.events.find((e) => e.type === "mention.created") as unknown as Record<string, string>;
    expect(event).toMatchObject({ toStaffId: b.id, ticketId: ticket.id, ticketNumber: ticket.number, actorId: a.id });
    if (secret) expect(leaks(secret, event.snippet ?? ""), `secret seed ${seed}`).toBeNull();

    // The note and its mention were published at once: each has its own seq (none overwrote the other).
    await until(() => feedB.events.some((e) => e.type === "message.created" && e.ticketId === ticket.id), "B's note");
    const seqs = feedB.events.map((e) => (e as { seq?: number }).seq).filter((n) => n !== undefined);
    expect(new Set(seqs).size).toBe(seqs.length);
    // The note's own broadcast reached everyone; the mention only B.
    const noted = (s: FeedSocket) => s.events.some((e) => e.type === "message.created" && e.ticketId === ticket.id);
    await until(() => noted(feedA) && noted(feedC), "the note's broadcast");
    const later = await note(c.token, ticket.id, `no mention here ${rnd()}`);
    const sawLater = (s: FeedSocket) =>
      s.events.some((e) => (e as { messageId?: string }).messageId === later.id && e.type === "message.created");
    await until(() => sawLater(feedA) && sawLater(feedC), "a later event");
    expect(feedA.events.filter((e) => e.type === "mention.created")).toEqual([]);
    expect(feedC.events.filter((e) => e.type === "mention.created")).toEqual([]);

    // A reconnecting tab catches up on what it missed: B's gets the mention again, C's never does.
    const since = Math.max(0, ((event as unknown as { seq: number }).seq ?? 1) - 1);
    const resC = await exports.default.fetch(`http://relaydesk.test/api/staff/feed?since=${since}`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${c.token}` },
    });
    const resB = await exports.default.fetch(`http://relaydesk.test/api/staff/feed?since=${since}`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${b.token}` },
    });
    const got = async (res: Response) => {
      const ws = res.webSocket as WebSocket;
      ws.accept();
      const seen: Array<{ type: string }> = [];
      ws.addEventListener("message", (e) => typeof e.data === "string" && seen.push(JSON.parse(e.data)));
      await until(() => seen.some((e) => e.type === "hello"), "hello");
      ws.close(1000, "done");
      return seen.map((e) => e.type);
    };
    expect(await got(resB)).toContain("mention.created");
    expect(await got(resC)).not.toContain("mention.created");
  });

  it("B's list marks the ticket mentioned until B opens it; replies and self-mentions record nothing", async () => {
    const a = await staffWithToken("agent", `Ann ${rnd()}`);
    const b = await staffWithToken("agent", `Bo ${rnd()} Li`);
    const ticket = await openTicket();
    const before = (await unread(b.token)).unread.mentions ?? 0;
    await note(a.token, ticket.id, `@${(await nameOf(b.id)).toUpperCase()}: can you check?`);
    const listB = async () => {
      const res = await call("GET", "/api/staff/tickets?limit=100", { token: b.token });
      const { tickets } = (await res.json()) as { tickets: Array<{ id: string; mentioned?: boolean }> };
      return tickets.find((t) => t.id === ticket.id);
    };
    expect((await listB())?.mentioned).toBe(true);
    expect((await unread(b.token)).unread.mentions).toBe(before + 1);
    const listA = await call("GET", "/api/staff/tickets?limit=100", { token: a.token });
    const rowA = ((await listA.json()) as { tickets: Array<{ id: string; mentioned?: boolean }> }).tickets.find(
      (t) => t.id === ticket.id,
    );
    expect(rowA?.mentioned).toBe(false);
    expect((await call("GET", `/api/staff/tickets/${ticket.id}`, { token: b.token })).status).toBe(200);
    expect((await listB())?.mentioned).toBe(false);
    expect((await unread(b.token)).unread.mentions).toBe(before);

    const reply = await call("POST", `/api/staff/tickets/${ticket.id}/replies`, {
      token: a.token,
      json: { body: `@${await nameOf(b.id)} thanks for waiting` },
    });
    expect(reply.status).toBe(201);
    const self = await note(a.token, ticket.id, `@${await nameOf(a.id)} reminder for me`);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM note_mentions WHERE ticket_id = ?1 AND staff_id <> ?2")
      .bind(ticket.id, b.id)
      .first<{ n: number }>();
    expect(n?.n).toBe(0);
    // Notes never go out: no delivery is queued for them.
    const out = await env.DB.prepare("SELECT direction, delivery_status FROM messages WHERE id = ?1")
      .bind(self.id)
      .first();
    expect(out).toEqual({ direction: "note", delivery_status: null });
  });
});

async function nameOf(id: string): Promise<string> {
  const row = await env.DB.prepare("SELECT name FROM staff_users WHERE id = ?1").bind(id).first<{ name: string }>();
  return row?.name ?? "";
}

describe("customer replies in the feed, unread per view", () => {
  it("a customer's message on an assigned ticket names its assignee, number and a redacted snippet", async () => {
    const b = await staffWithToken("agent");
    // Two letters and digits: the name and the text are redacted as one, and a name ending in a word and digits
    // ("cust-28858164", "fade1234") right before a phrase is read as its misspelt first word (12% of secrets).
    const sender = `qz-${crypto.getRandomValues(new Uint32Array(1))[0]}`;
    const first = await customerWrites(sender, `My deposit is missing ${rnd()}`);
    const assign = await call("PATCH", `/api/staff/tickets/${first.ticketId}`, {
      token: BOOTSTRAP,
      json: { assigneeId: b.id },
    });
    expect(assign.status).toBe(200);
    const feed = await feedOf(b.token);
    const seed = (Date.now() + 7) % 100_000; // secretCases(seed, 1) replays the secret of a failure
    const [secret] = secretCases(seed, 1);
    const again = await customerWrites(sender, `${secret?.text} still nothing`);
    expect(again.ticketId).toBe(first.ticketId);
    await until(() => feed.events.some((e) => e.type === "message.created" && e.ticketId === first.ticketId), "reply");
    const e = feed.events.find((x) => x.type === "message.created" && x.ticketId === first.ticketId) as unknown as {
      assigneeId: string;
      ticketNumber: string;
      customerName: string;
      snippet: string;
      direction: string;
    };
    expect(e).toMatchObject({
      assigneeId: b.id,
      ticketNumber: first.ticketNumber,
      customerName: sender,
      direction: "in",
    });
    if (secret) expect(leaks(secret, e.snippet), `secret seed ${seed}`).toBeNull();
  });

  it("counts unread per view for the caller: new customer activity after their marker, cleared by opening", async () => {
    const b = await staffWithToken("agent");
    const sender = `cust-${rnd()}`;
    const t = await customerWrites(sender, `withdrawal pending ${rnd()}`);
    await call("PATCH", `/api/staff/tickets/${t.ticketId}`, { token: BOOTSTRAP, json: { assigneeId: b.id } });
    expect((await unread(b.token)).unread.mine).toBe(1);
    await call("GET", `/api/staff/tickets/${t.ticketId}`, { token: b.token });
    expect((await unread(b.token)).unread.mine).toBe(0);
    await customerWrites(sender, `any news? ${rnd()}`);
    const after = await unread(b.token);
    expect(after.unread.mine).toBe(1);
    expect(after.unread["ch:telegram"]).toBeGreaterThanOrEqual(1);
    // Opening it as someone else does not read it for B.
    await call("GET", `/api/staff/tickets/${t.ticketId}`, { token: BOOTSTRAP });
    expect((await unread(b.token)).unread.mine).toBe(1);
    // A fresh agent has read nothing: every open ticket of a view is unread for them.
    const fresh = await staffWithToken("agent");
    const all = await unread(fresh.token);
    expect(all.unread.unassigned).toBe(all.counts.unassigned);
    expect(all.unread.urgent).toBe(all.counts.urgent);
  });
});
