// POST /api/staff/tickets/bulk against real D1 and the real feed hub: validation of generated junk,
// the same rules as single-ticket actions (roles, transitions, tags, merges), all or nothing, an audit
// row per ticket, feed events for every tab.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBulkUpdate, readBulkTargets } from "../../../src/store/bulk";
import { BOOTSTRAP, call, count, customerWrites, settleDeliveries, staffWithToken } from "./helpers";
import { openFeed, until } from "./sockets";

afterAll(() => settleDeliveries());

const tag = () => crypto.randomUUID().slice(0, 8);
const bulk = (json: unknown, token = BOOTSTRAP) => call("POST", "/api/staff/tickets/bulk", { token, json });

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

/** The columns a bulk action may change, for "nothing changed" checks. */
async function snapshot(ids: string[]) {
  const rows = await env.DB.prepare(
    `SELECT id, status, assignee_id, tags, merged_into_id, updated_at,
            (SELECT COUNT(*) FROM audit_log a WHERE a.target_id = t.id) AS audits,
            (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id) AS messages
       FROM tickets t WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id`,
  )
    .bind(JSON.stringify(ids))
    .all();
  return rows.results;
}

async function tickets(n: number, opts: { sender?: string } = {}) {
  const out: Array<{ id: string; number: string }> = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await customerWrites(
        `Bulk ${tag()} withdrawal stuck`,
        opts.sender ? { sender: opts.sender, conversation: `c${i}` } : {},
      ),
    );
  }
  return out;
}

/** Junk of many shapes for `ticketIds`, generated fresh each run. */
function junkIds(r: () => number): unknown[] {
  const rand = () => crypto.randomUUID().replace(/-/g, "");
  const shapes: Array<() => unknown> = [
    () => "",
    () => " ",
    () => `tkt_${rand()}'; DROP TABLE tickets;--`,
    () => `TKT_${rand()}`,
    () => `../tkt_${rand()}`,
    () => `tkt_${rand()}`.repeat(4),
    () => Math.floor(r() * 1e9),
    () => null,
    () => ({ id: `tkt_${rand()}` }),
    () => [`tkt_${rand()}`],
    () => `tkt_${rand()}\u0000`,
    () => `工单_${rand()}`,
    () => true,
  ];
  return Array.from({ length: 1 + Math.floor(r() * 4) }, () => shapes[Math.floor(r() * shapes.length)]?.());
}

describe("bulk ticket actions", () => {
  let agent: Awaited<ReturnType<typeof staffWithToken>>;
  let other: Awaited<ReturnType<typeof staffWithToken>>;
  beforeAll(async () => {
    agent = await staffWithToken("agent");
    other = await staffWithToken("agent");
  });

  it("refuses malformed bodies with a 400 JSON error and writes nothing", async () => {
    const [t] = await tickets(1);
    if (!t) throw new Error("no ticket");
    const before = await snapshot([t.id]);
    const r = Math.random;
    const bodies: unknown[] = [
      {},
      { ticketIds: [], action: { type: "status", status: "pending" } },
      { ticketIds: [t.id, t.id], action: { type: "status", status: "pending" } },
      { ticketIds: Array.from({ length: 101 }, (_, i) => `tkt_${i}x`), action: { type: "status", status: "pending" } },
      { ticketIds: [t.id], action: { type: "status", status: "deleted" } },
      { ticketIds: [t.id], action: { type: "explode" } },
      { ticketIds: [t.id], action: { type: "tag" } },
      { ticketIds: [t.id], action: { type: "tag", add: ["x".repeat(41)] } },
      { ticketIds: [t.id], action: { type: "tag", add: Array.from({ length: 21 }, (_, i) => `t${i}`) } },
      { ticketIds: [t.id], action: { type: "assign", staffId: "nobody" } },
      { ticketIds: [t.id], action: { type: "status", status: "pending" }, extra: 1 },
      { ticketIds: t.id, action: { type: "status", status: "pending" } },
    ];
    for (let i = 0; i < 25; i++) bodies.push({ ticketIds: junkIds(r), action: { type: "status", status: "pending" } });
    for (const body of bodies) {
      const res = await bulk(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).code).toMatch(/^(validation_failed|invalid_json)$/);
    }
    const notJson = await call("POST", "/api/staff/tickets/bulk", {
      token: BOOTSTRAP,
      headers: { "Content-Type": "text/plain" },
    });
    expect(notJson.status).toBe(415);
    expect(await snapshot([t.id])).toEqual(before);
    // Without credentials: 401, whatever the body.
    expect((await bulk({ ticketIds: [t.id], action: { type: "status", status: "pending" } }, "")).status).toBe(401);
  });

  it("answers 404 listing ids that do not exist (100 ids is the limit, not an error), and changes none of the real ones", async () => {
    const real = await tickets(2);
    const ghosts = Array.from({ length: 98 }, () => `tkt_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`);
    const ids = [...real.map((t) => t.id), ...ghosts];
    const before = await snapshot(ids);
    const res = await bulk({ ticketIds: ids, action: { type: "assign", staffId: agent.id } }, agent.token);
    expect(res.status).toBe(404);
    const err = await errorOf(res);
    expect(err.code).toBe("not_found");
    expect((err.details as { missing: string[] }).missing.sort()).toEqual([...ghosts].sort());
    expect(await snapshot(ids)).toEqual(before);
  });

  it("assigns, sets status and tags every ticket with an audit row each, and every tab hears of each", async () => {
    const ts = await tickets(3);
    const ids = ts.map((t) => t.id);
    const feed = await openFeed({ Authorization: `Bearer ${other.token}` });
    const res = await bulk({ ticketIds: ids, action: { type: "assign", staffId: other.id } }, agent.token);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { tickets: Array<{ id: string; assigneeId: string }> };
    expect(body.tickets.map((t) => t.assigneeId)).toEqual([other.id, other.id, other.id]);
    for (const id of ids) {
      expect(await count("SELECT COUNT(*) AS n FROM tickets WHERE id = ?1 AND assignee_id = ?2", id, other.id)).toBe(1);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1 AND actor_id = ?2 AND action = 'ticket.update' AND json_extract(detail, '$.bulk') = 1",
          id,
          agent.id,
        ),
      ).toBe(1);
    }
    await until(
      () =>
        ids.every((id) =>
          feed.events.some(
            (e) =>
              e.type === "ticket.updated" &&
              e.ticketId === id &&
              (e as { assigneeId?: string }).assigneeId === other.id,
          ),
        ),
      "a ticket.updated event per ticket",
    );
    feed.ws.close();

    const tagged = await bulk(
      { ticketIds: ids, action: { type: "tag", add: ["vip", " 大客户 ", "vip"] } },
      agent.token,
    );
    expect(tagged.status).toBe(200);
    const untag = await bulk({ ticketIds: ids.slice(0, 1), action: { type: "tag", remove: ["vip"] } }, agent.token);
    expect(untag.status).toBe(200);
    // The tag filter (ticket_tags, kept by migration 0016's triggers) sees the new tags.
    const listed = await call("GET", `/api/staff/tickets?tag=${encodeURIComponent("大客户")}&limit=100`, {
      token: BOOTSTRAP,
    });
    const found = ((await listed.json()) as { tickets: Array<{ id: string; tags: string[] }> }).tickets.filter((t) =>
      ids.includes(t.id),
    );
    expect(found.map((t) => t.id).sort()).toEqual([...ids].sort());
    expect(found.find((t) => t.id === ids[0])?.tags).toEqual(["大客户"]);
    expect(found.find((t) => t.id === ids[1])?.tags).toEqual(["vip", "大客户"]);

    const pending = await bulk({ ticketIds: ids, action: { type: "status", status: "pending" } }, agent.token);
    expect(pending.status).toBe(200);
    expect(
      await count("SELECT COUNT(*) AS n FROM tickets WHERE id IN (?1, ?2, ?3) AND status = 'pending'", ...ids),
    ).toBe(3);
  });

  it("resolving tickets nobody answered needs confirm: true; then each customer is asked for a rating once", async () => {
    const [answered, silent] = await tickets(2);
    if (!answered || !silent) throw new Error("no tickets");
    await call("POST", `/api/staff/tickets/${answered.id}/replies`, { token: BOOTSTRAP, json: { body: "On it." } });
    const ids = [answered.id, silent.id];
    const before = await snapshot(ids);
    const res = await bulk({ ticketIds: ids, action: { type: "status", status: "resolved" } }, agent.token);
    expect(res.status).toBe(409);
    const err = await errorOf(res);
    expect(err.code).toBe("needs_confirmation");
    expect(err.details).toEqual({ tickets: [{ id: silent.id, number: silent.number }] });
    expect(await snapshot(ids)).toEqual(before);
    // The single route asks the same.
    const single = await call("PATCH", `/api/staff/tickets/${silent.id}`, {
      token: agent.token,
      json: { status: "resolved" },
    });
    expect(single.status).toBe(409);
    expect((await errorOf(single)).code).toBe("needs_confirmation");

    const ok = await bulk(
      { ticketIds: ids, action: { type: "status", status: "resolved" }, confirm: true },
      agent.token,
    );
    expect(ok.status).toBe(200);
    expect(await count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id IN (?1, ?2)", ...ids)).toBe(2);
  });

  it("refuses the whole request with 409 when one ticket is not eligible, naming it; nothing changes", async () => {
    const ts = await tickets(4);
    const ids = ts.map((t) => t.id);
    const closed = ts[3];
    if (!closed) throw new Error("no ticket");
    await call("PATCH", `/api/staff/tickets/${closed.id}`, { token: BOOTSTRAP, json: { status: "closed" } });
    const before = await snapshot(ids);
    const res = await bulk({ ticketIds: ids, action: { type: "status", status: "pending" } }, agent.token);
    expect(res.status).toBe(409);
    const err = await errorOf(res);
    expect(err.code).toBe("ineligible");
    expect(err.details).toEqual({ tickets: [{ id: closed.id, number: closed.number, reason: "invalid_transition" }] });
    expect(await snapshot(ids)).toEqual(before);

    // A ticket with 20 tags cannot take a 21st: nobody gets it.
    const full = Array.from({ length: 20 }, (_, i) => `f${i}`);
    await call("PATCH", `/api/staff/tickets/${ids[0]}`, { token: BOOTSTRAP, json: { tags: full } });
    const mid = await snapshot(ids);
    const tagRes = await bulk({ ticketIds: ids.slice(0, 3), action: { type: "tag", add: ["one-more"] } });
    expect(tagRes.status).toBe(409);
    expect((await errorOf(tagRes)).details).toMatchObject({ tickets: [{ id: ids[0], reason: "too_many_tags" }] });
    expect(await snapshot(ids)).toEqual(mid);
  });

  it("all or nothing inside the batch: a failing statement or a ticket changed meanwhile leaves every ticket as it was", async () => {
    const ts = await tickets(3);
    const ids = ts.map((t) => t.id);
    const before = await snapshot(ids);
    const { targets } = await readBulkTargets(env.DB, { ids });
    const changes = ids.map((id) => ({ id, assigneeId: agent.id }));
    // The last audit id collides with an existing row: the batch fails after the UPDATE ran.
    const taken = (await env.DB.prepare("SELECT id FROM audit_log LIMIT 1").first<{ id: string }>())?.id ?? "";
    expect(taken).not.toBe("");
    await expect(
      applyBulkUpdate(env.DB, {
        seen: targets,
        changes,
        detail: { assigneeId: agent.id },
        actorId: agent.id,
        auditIds: ["aud_bulk1", "aud_bulk2", taken].map((a, i) => (i < 2 ? `${a}${tag()}` : a)),
        now: new Date().toISOString(),
      }),
    ).rejects.toThrow();
    expect(await snapshot(ids)).toEqual(before);

    // Another change lands between the read and the write: nothing is written, the caller hears so.
    await call("PATCH", `/api/staff/tickets/${ids[1]}`, { token: BOOTSTRAP, json: { priority: "high" } });
    const mid = await snapshot(ids);
    const applied = await applyBulkUpdate(env.DB, {
      seen: targets,
      changes,
      detail: { assigneeId: agent.id },
      actorId: agent.id,
      auditIds: ids.map(() => `aud_${tag()}${tag()}`),
      now: new Date().toISOString(),
    });
    expect(applied).toBe(false);
    expect(await snapshot(ids)).toEqual(mid);
  });

  it("merges the selection into the picked ticket under the single merge's rules; an agent cannot confirm different customers", async () => {
    const sender = `bulk-${tag()}@example.com`;
    const mine = await tickets(3, { sender });
    const [into, a, b] = mine;
    if (!into || !a || !b) throw new Error("no tickets");
    const stranger = (await tickets(1))[0];
    if (!stranger) throw new Error("no ticket");

    // Another customer's ticket in the selection: refused for everyone unless an admin confirms.
    const all = [into.id, a.id, b.id, stranger.id];
    const before = await snapshot(all);
    const refused = await bulk({ ticketIds: all, action: { type: "merge", intoTicketId: into.id } }, agent.token);
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).details).toEqual({
      tickets: [{ id: stranger.id, number: stranger.number, reason: "different_customers" }],
    });
    const forbidden = await bulk(
      { ticketIds: all, action: { type: "merge", intoTicketId: into.id, confirmDifferentCustomers: true } },
      agent.token,
    );
    expect(forbidden.status).toBe(403);
    expect(await snapshot(all)).toEqual(before);

    // Into itself alone: a conflict like the single merge's.
    const self = await bulk({ ticketIds: [into.id], action: { type: "merge", intoTicketId: into.id } }, agent.token);
    expect(self.status).toBe(409);
    expect((await errorOf(self)).code).toBe("merge_into_self");

    const feed = await openFeed({ Authorization: `Bearer ${other.token}` });
    const res = await bulk(
      { ticketIds: [into.id, a.id, b.id], action: { type: "merge", intoTicketId: into.id } },
      agent.token,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    for (const s of [a, b]) {
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM tickets WHERE id = ?1 AND merged_into_id = ?2 AND status = 'closed'",
          s.id,
          into.id,
        ),
      ).toBe(1);
      expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", s.id)).toBe(0);
      expect(
        await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1 AND action = 'ticket.merge'", s.id),
      ).toBe(1);
    }
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1 AND action = 'ticket.merged_into'",
        into.id,
      ),
    ).toBe(2);
    await until(
      () => [a, b].every((s) => feed.events.some((e) => e.type === "ticket.merged" && e.ticketId === s.id)),
      "ticket.merged per source",
    );
    feed.ws.close();
    const view = (await (await call("GET", `/api/staff/tickets/${into.id}`, { token: BOOTSTRAP })).json()) as {
      ticket: { mergedFrom: string[] };
    };
    expect(view.ticket.mergedFrom.sort()).toEqual([a.number, b.number].sort());

    // Merged tickets are not eligible again; an admin may join another customer's ticket by confirming.
    const again = await bulk({ ticketIds: [a.id, stranger.id], action: { type: "status", status: "pending" } });
    expect((await errorOf(again)).details).toMatchObject({ tickets: [{ id: a.id, reason: "already_merged" }] });
    const admin = await bulk({
      ticketIds: [stranger.id],
      action: { type: "merge", intoTicketId: into.id, confirmDifferentCustomers: true },
    });
    expect(admin.status).toBe(200);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1 AND action = 'ticket.merge' AND json_extract(detail, '$.differentCustomers') = 1",
        stranger.id,
      ),
    ).toBe(1);
  });
});
