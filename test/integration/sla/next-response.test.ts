/**
 * The next-response SLA target through real ingest (web form /t/ replies) and real staff replies: the clock a
 * customer message after a staff reply starts, the staff reply that stops it, the sweep that puts it in business
 * hours and records a breach per cycle, and the list's running timers.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addBusinessMinutes, type NextResponseClock, nextResponseStep, type SlaEvent } from "../../../src/core/sla";
import worker from "../../../src/index";
import { api, connectFeed, resolveTicket, webformReply, webformTicket } from "../requests";
import { staffReply, staffTicket } from "../support";

interface SlaJson {
  nextResponseSince: string | null;
  nextResponseDueAt: string | null;
  nextResponseBreachedAt: string | null;
  firstResponseDueAt: string | null;
}

const MINUTE = 60_000;
/** This file's policy: high priority on the web form (other files use other priorities and channels). */
const NEXT_MINUTES = 45;
let policyId = "";

async function slaOf(ticketId: string): Promise<SlaJson> {
  const { ticket } = (await staffTicket(ticketId)) as unknown as { ticket: { sla: SlaJson } };
  return ticket.sla;
}

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function highTicket() {
  const t = await webformTicket();
  const res = await api("PATCH", `/api/staff/tickets/${t.id}`, { json: { priority: "high" } });
  expect(res.status).toBe(200);
  return t;
}

async function lastCustomerAt(ticketId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT last_customer_at FROM tickets WHERE id = ?1")
    .bind(ticketId)
    .first<{ last_customer_at: string }>();
  return row?.last_customer_at ?? "";
}

/** Moves the running cycle `ms` into the past, as if time had passed (due time kept relative to its start). */
async function cycleAgo(ticketId: string, ms: number) {
  await env.DB.prepare(
    `UPDATE tickets SET next_response_since = strftime('%Y-%m-%dT%H:%M:%fZ', next_response_since, ?2),
        next_response_due_at = strftime('%Y-%m-%dT%H:%M:%fZ', next_response_due_at, ?2) WHERE id = ?1`,
  )
    .bind(ticketId, `-${ms / 1000} seconds`)
    .run();
}

beforeAll(async () => {
  const put = await api("PUT", "/api/staff/sla-policies", {
    json: {
      priority: "high",
      channel: "webform",
      firstResponseMinutes: 60,
      nextResponseMinutes: NEXT_MINUTES,
      resolutionMinutes: 600,
    },
  });
  expect(put.status).toBe(200);
  const { policy } = (await put.json()) as { policy: { id: string; nextResponseMinutes: number } };
  expect(policy.nextResponseMinutes).toBe(NEXT_MINUTES);
  policyId = policy.id;
});
afterAll(async () => {
  if (policyId) await api("DELETE", `/api/staff/sla-policies/${policyId}`);
});

describe("next-response clock through ingest and staff replies", () => {
  it("follows the reference rule on generated event sequences", async () => {
    for (let run = 0; run < 3; run++) {
      const t = await highTicket();
      let clock: NextResponseClock = { replied: false, since: null };
      const steps = 5 + Math.floor(Math.random() * 4);
      for (let i = 0; i < steps; i++) {
        const kind: SlaEvent["kind"] = Math.random() < 0.55 ? "customer" : "staff_reply";
        if (kind === "customer") await webformReply(t.token, `More details ${crypto.randomUUID()}`);
        else await staffReply(t.id, `Checking ${i}`);
        const at = kind === "customer" ? await lastCustomerAt(t.id) : new Date().toISOString();
        clock = nextResponseStep(clock, { kind, at });
        const sla = await slaOf(t.id);
        expect(sla.nextResponseSince, `${kind} at step ${i}`).toBe(clock.since);
        if (clock.since) {
          // Set in ingest's own write: the policy's minutes from the message (no business hours in this policy).
          expect(sla.nextResponseDueAt).toBe(new Date(Date.parse(clock.since) + NEXT_MINUTES * MINUTE).toISOString());
        } else expect(sla.nextResponseDueAt).toBeNull();
      }
    }
  });

  it("shows the running clocks in the list, the next response among them", async () => {
    const t = await highTicket();
    await staffReply(t.id, "Looking into it");
    await webformReply(t.token, "Any news?");
    await runCron(); // the sweep sets the resolution due time
    const res = await api("GET", `/api/staff/tickets?q=${encodeURIComponent(t.number)}`);
    const { tickets } = (await res.json()) as {
      tickets: Array<{ id: string; slaTimers: Array<{ kind: string; startedAt: string; dueAt: string }> }>;
    };
    const row = tickets.find((x) => x.id === t.id);
    const sla = await slaOf(t.id);
    expect(row?.slaTimers.map((x) => x.kind)).toEqual(["next_response", "resolution"]);
    expect(row?.slaTimers[0]).toEqual({
      kind: "next_response",
      startedAt: sla.nextResponseSince,
      dueAt: sla.nextResponseDueAt,
    });
    await resolveTicket(t.id);
    const after = (await (await api("GET", `/api/staff/tickets?q=${encodeURIComponent(t.number)}`)).json()) as {
      tickets: Array<{ id: string; slaTimers: unknown[] }>;
    };
    expect(after.tickets.find((x) => x.id === t.id)?.slaTimers).toEqual([]);
  });

  it("records a breach per late cycle, once, in the feed too; a late reply records its own", async () => {
    const t = await highTicket();
    await staffReply(t.id, "First answer");
    await webformReply(t.token, "Still waiting");
    await cycleAgo(t.id, (NEXT_MINUTES + 5) * MINUTE);
    const { ws, events } = await connectFeed();
    await runCron();
    const first = await slaOf(t.id);
    expect(first.nextResponseDueAt).not.toBeNull();
    expect(first.nextResponseBreachedAt).toBe(first.nextResponseDueAt);
    const breaches = () =>
      events
        .map((e) => JSON.parse(e) as { type: string; ticketId?: string; breach?: string; dueAt?: string })
        .filter((e) => e.type === "sla.breached" && e.ticketId === t.id);
    const end = Date.now() + 5_000;
    while (!breaches().length && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(breaches()).toEqual([expect.objectContaining({ breach: "next_response", dueAt: first.nextResponseDueAt })]);
    await runCron();
    expect(await slaOf(t.id)).toEqual(first);

    // The reply stops the clock; the next cycle is a breach of its own.
    await staffReply(t.id, "Sorry for the wait");
    expect((await slaOf(t.id)).nextResponseSince).toBeNull();
    await webformReply(t.token, "And now?");
    await cycleAgo(t.id, (NEXT_MINUTES + 1) * MINUTE);
    await runCron();
    const second = await slaOf(t.id);
    expect(second.nextResponseBreachedAt).toBe(second.nextResponseDueAt);
    expect(second.nextResponseBreachedAt).not.toBe(first.nextResponseBreachedAt);
    const end2 = Date.now() + 5_000;
    while (breaches().length < 2 && Date.now() < end2) await new Promise((r) => setTimeout(r, 20));
    expect(breaches().map((b) => b.breach)).toEqual(["next_response", "next_response"]);
    ws.close();

    // Late, with no sweep in between: the reply itself records the cycle's breach.
    await staffReply(t.id, "Done");
    await webformReply(t.token, "One more thing");
    await cycleAgo(t.id, (NEXT_MINUTES + 2) * MINUTE);
    const due = (await slaOf(t.id)).nextResponseDueAt;
    await staffReply(t.id, "Answered late");
    const late = await slaOf(t.id);
    expect(late.nextResponseBreachedAt).toBe(due);
    expect(late.nextResponseDueAt).toBeNull();
  });

  it("puts the due time in the policy's business hours at the next sweep", async () => {
    const hours = { utcOffsetMinutes: 0, days: [3], start: "10:00", end: "11:00" }; // Wednesdays, one hour
    const put = await api("PUT", "/api/staff/sla-policies", {
      json: {
        priority: "high",
        channel: "webform",
        firstResponseMinutes: 60,
        nextResponseMinutes: NEXT_MINUTES,
        resolutionMinutes: 600,
        businessHours: hours,
      },
    });
    expect(put.status).toBe(200);
    try {
      const t = await highTicket();
      await staffReply(t.id, "Hello");
      await webformReply(t.token, "Hello again");
      const before = await slaOf(t.id);
      await runCron();
      const after = await slaOf(t.id);
      expect(after.nextResponseSince).toBe(before.nextResponseSince);
      expect(after.nextResponseDueAt).toBe(
        addBusinessMinutes(new Date(before.nextResponseSince ?? ""), NEXT_MINUTES, hours).toISOString(),
      );
    } finally {
      await api("PUT", "/api/staff/sla-policies", {
        json: {
          priority: "high",
          channel: "webform",
          firstResponseMinutes: 60,
          nextResponseMinutes: NEXT_MINUTES,
          resolutionMinutes: 600,
        },
      });
    }
  });

  it("a reopening message starts a fresh cycle; a note does not stop one", async () => {
    const t = await highTicket();
    await staffReply(t.id, "Answer");
    await webformReply(t.token, "Question");
    await cycleAgo(t.id, 3 * 60 * MINUTE);
    const old = (await slaOf(t.id)).nextResponseSince;
    expect((await api("POST", `/api/staff/tickets/${t.id}/notes`, { json: { body: "internal" } })).status).toBe(201);
    expect((await slaOf(t.id)).nextResponseSince).toBe(old);
    expect((await resolveTicket(t.id)).status).toBe(200);
    await webformReply(t.token, "It happened again");
    const reopened = await slaOf(t.id);
    expect(reopened.nextResponseSince).toBe(await lastCustomerAt(t.id));
    expect(reopened.nextResponseSince).not.toBe(old);
  });

  it("validates the policy's next-response minutes", async () => {
    for (const bad of [0, -5, 1.5, "30", 700]) {
      const res = await api("PUT", "/api/staff/sla-policies", {
        json: {
          priority: "high",
          channel: "webform",
          firstResponseMinutes: 60,
          nextResponseMinutes: bad,
          resolutionMinutes: 600,
        },
      });
      expect(res.status, String(bad)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
    const { policies } = (await (await api("GET", "/api/staff/sla-policies")).json()) as {
      policies: Array<{ id: string; nextResponseMinutes: number; firstResponseMinutes: number; channel: string }>;
    };
    expect(policies.find((p) => p.id === policyId)?.nextResponseMinutes).toBe(NEXT_MINUTES);
    // The defaults start with their first-response target.
    for (const p of policies.filter((x) => x.channel === "*"))
      expect(p.nextResponseMinutes).toBe(p.firstResponseMinutes);
  });
});
