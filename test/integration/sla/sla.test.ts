import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { api, webformTicket } from "../requests";
import { staffWithToken } from "../staff/helpers";
import { BOOTSTRAP, staffTicket } from "../support";

interface SlaJson {
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseBreachedAt: string | null;
  resolutionBreachedAt: string | null;
}

const HOUR = 3_600_000;

async function slaOf(ticketId: string): Promise<SlaJson> {
  const { ticket } = (await staffTicket(ticketId)) as unknown as { ticket: { sla: SlaJson } };
  return ticket.sla;
}

/** Moves a ticket's opening (and first response) into the past, as if time had passed. */
async function openedAgo(ticketId: string, ms: number, firstResponseAfterMs?: number) {
  const created = new Date(Date.now() - ms);
  await env.DB.prepare("UPDATE tickets SET created_at = ?2, first_response_at = ?3 WHERE id = ?1")
    .bind(
      ticketId,
      created.toISOString(),
      firstResponseAfterMs === undefined ? null : new Date(created.getTime() + firstResponseAfterMs).toISOString(),
    )
    .run();
  return created;
}

/** Runs the Worker's cron handler as Cloudflare would. */
async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function feed() {
  const res = await exports.default.fetch("http://relaydesk.test/api/staff/feed", {
    headers: { Upgrade: "websocket", Authorization: `Bearer ${BOOTSTRAP}` },
  });
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const events: Array<{ type: string; ticketId?: string; breach?: string; dueAt?: string }> = [];
  ws.addEventListener("message", (e) => events.push(JSON.parse(e.data as string)));
  return { ws, events };
}

const policyIds: string[] = [];
afterAll(async () => {
  for (const id of policyIds) await api("DELETE", `/api/staff/sla-policies/${id}`);
});

describe("SLA sweep (cron)", () => {
  it("marks an overdue first response once, stamps it with the due time, and shows it in the feed", async () => {
    const late = await webformTicket();
    const onTime = await webformTicket();
    const fresh = await webformTicket();
    const opened = await openedAgo(late.id, 25 * HOUR);
    await openedAgo(onTime.id, 25 * HOUR, HOUR); // answered after one hour
    const { ws, events } = await feed();

    await runCron();
    const sla = await slaOf(late.id);
    // The default normal policy: first response in 24 h, resolution in 72 h.
    expect(sla.firstResponseDueAt).toBe(new Date(opened.getTime() + 24 * HOUR).toISOString());
    expect(sla.firstResponseBreachedAt).toBe(sla.firstResponseDueAt);
    expect(sla.resolutionDueAt).toBe(new Date(opened.getTime() + 72 * HOUR).toISOString());
    expect(sla.resolutionBreachedAt).toBeNull();
    expect((await slaOf(onTime.id)).firstResponseBreachedAt).toBeNull();
    expect((await slaOf(fresh.id)).firstResponseBreachedAt).toBeNull();
    expect((await slaOf(fresh.id)).resolutionDueAt).not.toBeNull();

    const end = Date.now() + 5_000;
    while (!events.some((e) => e.type === "sla.breached" && e.ticketId === late.id) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const mine = () => events.filter((e) => e.type === "sla.breached" && e.ticketId === late.id);
    expect(mine()).toEqual([expect.objectContaining({ breach: "first_response", dueAt: sla.firstResponseDueAt })]);
    expect(events.some((e) => e.type === "sla.breached" && e.ticketId === onTime.id)).toBe(false);

    // The next run finds nothing new: the stamps stay, and no second event comes before the next
    // one the feed publishes (one socket, events in order).
    await runCron();
    expect(await slaOf(late.id)).toEqual(sla);
    const marker = await webformTicket();
    const end2 = Date.now() + 5_000;
    while (!events.some((e) => e.type === "ticket.created" && e.ticketId === marker.id) && Date.now() < end2) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(events.filter((e) => e.type === "ticket.created" && e.ticketId === marker.id)).toHaveLength(1);
    expect(mine()).toHaveLength(1);
    ws.close();
  });

  it("marks an overdue resolution", async () => {
    const t = await webformTicket();
    await openedAgo(t.id, 73 * HOUR, HOUR);
    await runCron();
    const sla = await slaOf(t.id);
    expect(sla.resolutionBreachedAt).toBe(sla.resolutionDueAt);
    expect(sla.firstResponseBreachedAt).toBeNull();
  });

  it("follows a policy an admin edited (channel-specific wins), and ignores resolved tickets", async () => {
    const put = await api("PUT", "/api/staff/sla-policies", {
      json: { priority: "normal", channel: "webform", firstResponseMinutes: 30, resolutionMinutes: 120 },
    });
    expect(put.status).toBe(200);
    const { policy } = (await put.json()) as { policy: { id: string; channel: string } };
    policyIds.push(policy.id);
    expect(policy.channel).toBe("webform");

    const t = await webformTicket();
    const done = await webformTicket();
    await openedAgo(t.id, HOUR);
    await openedAgo(done.id, HOUR);
    await api("PATCH", `/api/staff/tickets/${done.id}`, { json: { status: "resolved", confirm: true } });
    await runCron();
    const sla = await slaOf(t.id);
    expect(sla.firstResponseBreachedAt).not.toBeNull();
    expect(Date.parse(sla.firstResponseDueAt ?? "") - Date.parse(sla.resolutionDueAt ?? "")).toBe(-90 * 60_000);
    expect((await slaOf(done.id)).firstResponseBreachedAt).toBeNull();

    expect((await api("DELETE", `/api/staff/sla-policies/${policy.id}`)).status).toBe(204);
    policyIds.pop();
  });
});

describe("cron housekeeping", () => {
  it("deletes link codes that expired over a week ago, and keeps recent ones", async () => {
    const t = await webformTicket();
    const contact = await env.DB.prepare("SELECT contact_id AS id FROM tickets WHERE id = ?1")
      .bind(t.id)
      .first<{ id: string }>();
    const old = `lnk_old${crypto.randomUUID().slice(0, 8)}`;
    const recent = `lnk_new${crypto.randomUUID().slice(0, 8)}`;
    const insert = (id: string, expiresAt: string) =>
      env.DB.prepare(
        `INSERT INTO link_codes (id, code_hash, contact_id, channel, external_id, expires_at, created_at)
         VALUES (?1, ?1, ?2, 'telegram', '1', ?3, ?3)`,
      ).bind(id, contact?.id, expiresAt);
    await env.DB.batch([
      insert(old, new Date(Date.now() - 8 * 24 * HOUR).toISOString()),
      insert(recent, new Date(Date.now() - HOUR).toISOString()),
    ]);
    await runCron();
    const left = await env.DB.prepare("SELECT id FROM link_codes WHERE id IN (?1, ?2)")
      .bind(old, recent)
      .all<{ id: string }>();
    expect(left.results.map((r) => r.id)).toEqual([recent]);
  });
});

describe("SLA policy API", () => {
  it("validates, keeps the fallback policies, and is for admins", async () => {
    const bad = await api("PUT", "/api/staff/sla-policies", {
      json: { priority: "high", firstResponseMinutes: 120, resolutionMinutes: 60 },
    });
    expect(bad.status).toBe(400);
    const hours = await api("PUT", "/api/staff/sla-policies", {
      json: {
        priority: "high",
        channel: "email",
        firstResponseMinutes: 60,
        resolutionMinutes: 600,
        businessHours: { utcOffsetMinutes: 480, days: [1, 2, 3, 4, 5], start: "18:00", end: "09:00" },
      },
    });
    expect(hours.status).toBe(400);
    const { policies } = (await (await api("GET", "/api/staff/sla-policies")).json()) as {
      policies: Array<{ id: string; channel: string; priority: string; firstResponseMinutes: number }>;
    };
    const fallback = policies.find((p) => p.channel === "*" && p.priority === "urgent");
    expect(fallback?.firstResponseMinutes).toBe(180);
    expect((await api("DELETE", `/api/staff/sla-policies/${fallback?.id}`)).status).toBe(409);
    const agent = await staffWithToken("agent");
    const denied = await api("PUT", "/api/staff/sla-policies", {
      token: agent.token,
      json: { priority: "low", firstResponseMinutes: 10, resolutionMinutes: 20 },
    });
    expect(denied.status).toBe(403);
  });
});
