/**
 * The inbox's own idea of a view (src/staff/ui/client/state.ts: inView, compareTickets, used to
 * apply feed events to the list between refetches) agrees with what the API lists, on real D1,
 * for tickets with generated statuses, priorities, categories, channels and assignees.
 */
import { describe, expect, it } from "vitest";
import { compareTickets, inView, type ListQuery, listRequest } from "../../../src/staff/ui/client/state";
import type { ListTicket } from "../../../src/staff/ui/client/types";
import { call, staffWithToken } from "./helpers";

const STATUSES = ["new", "open", "pending", "resolved", "closed"] as const;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const CATEGORIES = ["account", "deposit", "withdrawal", "kyc"] as const;
const CHANNELS = ["telegram", "discord", "email", "webform"] as const;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

async function list(token: string, params: Record<string, string>): Promise<ListTicket[]> {
  const res = await call("GET", `/api/staff/tickets?${new URLSearchParams({ ...params, limit: "100" })}`, { token });
  expect(res.status, JSON.stringify(params)).toBe(200);
  return ((await res.json()) as { tickets: ListTicket[] }).tickets;
}

describe("the inbox's view rules match the API's listing", () => {
  it("for every view and random filters, inView + compareTickets pick and order what GET /tickets returns", async () => {
    const me = await staffWithToken("agent");
    const other = await staffWithToken("agent");
    const tag = crypto.randomUUID().slice(0, 8);
    const ids: string[] = [];
    for (let i = 0; i < 14; i++) {
      const channel = pick(CHANNELS);
      const sender = channel === "email" || channel === "webform" ? `c${i}-${tag}@example.com` : `${tag}${i}`;
      const res = await call("POST", "/dev/sandbox/inbound", {
        json: { channel, sender, text: `Order ${tag} question ${i} ${crypto.randomUUID()}` },
      });
      expect(res.status).toBe(201);
      const { result } = (await res.json()) as { result: { ticketId: string } };
      ids.push(result.ticketId);
      // Some tickets stay as they came in; the others get random fields (a refused transition is fine: the API's rows are the truth).
      if (Math.random() < 0.2) continue;
      for (const patch of [
        { assigneeId: pick([null, me.id, other.id]) },
        { priority: pick(PRIORITIES), category: pick(CATEGORIES) },
        { status: pick(STATUSES) },
      ]) {
        await call("PATCH", `/api/staff/tickets/${result.ticketId}`, { token: me.token, json: patch });
      }
    }
    const mine = new Set(ids);
    const rows = (await list(me.token, {})).filter((t) => mine.has(t.id));
    expect(rows.length).toBe(ids.length);

    const views = ["all", "mine", "unassigned", "urgent", "resolved", ...CHANNELS.map((c) => `ch:${c}`)];
    for (const view of views) {
      for (let round = 0; round < 3; round++) {
        const maybe = <T extends string>(xs: readonly T[]) => (round === 0 || Math.random() < 0.6 ? "" : pick(xs));
        const query: ListQuery = {
          view,
          filters: { status: maybe(STATUSES), priority: maybe(PRIORITIES), category: maybe(CATEGORIES) },
          q: "",
        };
        const fromApi = (await list(me.token, listRequest(query, false))).filter((t) => mine.has(t.id));
        const fromClient = rows.filter((t) => inView(t, query, me.id)).sort(compareTickets);
        expect(
          fromClient.map((t) => t.id),
          JSON.stringify(query),
        ).toEqual(fromApi.map((t) => t.id));
      }
    }
  });
});
