import { describe, expect, it } from "vitest";
import { computeMetrics, type MetricsTicket, quantile } from "../../../src/core/metrics";
import { mulberry32 } from "../../support/random";

describe("quantile", () => {
  it("interpolates between ranks", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });

  it("does not depend on input order", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });
});

const T0 = "2026-11-01T00:00:00.000Z";
const at = (min: number) => new Date(Date.parse(T0) + min * 60_000).toISOString();
const ticket = (t: Partial<MetricsTicket>): MetricsTicket => ({
  channel: "telegram",
  category: "other",
  createdAt: T0,
  firstResponseAt: null,
  resolvedAt: null,
  firstResponseDueAt: null,
  resolutionDueAt: null,
  rating: null,
  assignee: null,
  ...t,
});

describe("computeMetrics", () => {
  const tickets = [
    ticket({
      channel: "telegram",
      category: "deposit",
      firstResponseAt: at(10),
      firstResponseDueAt: at(60),
      resolvedAt: at(100),
      resolutionDueAt: at(240),
      rating: 5,
    }),
    ticket({
      channel: "telegram",
      category: "withdrawal",
      firstResponseAt: at(30),
      firstResponseDueAt: at(60),
      resolvedAt: at(300),
      resolutionDueAt: at(240),
      rating: 2,
    }),
    ticket({ channel: "email", category: "deposit", firstResponseAt: at(90), firstResponseDueAt: at(60) }),
    // Never answered and overdue: a miss; no times.
    ticket({ channel: "webform", category: "kyc", firstResponseDueAt: at(60), resolutionDueAt: at(240) }),
    // Not due yet: not measured.
    ticket({ channel: "discord", category: "kyc", firstResponseDueAt: at(100_000) }),
  ];
  const m = computeMetrics(tickets, { from: T0, to: at(1440) }, new Date(at(1000)));

  it("counts volume by channel and category", () => {
    expect(m.volume).toEqual({
      total: 5,
      byChannel: { telegram: 2, email: 1, webform: 1, discord: 1 },
      byCategory: { deposit: 2, withdrawal: 1, kyc: 2 },
    });
  });

  it("takes median and p90 of first response and resolution", () => {
    expect(m.firstResponse).toEqual({ count: 3, medianMinutes: 30, p90Minutes: 78 });
    expect(m.resolution).toEqual({ count: 2, medianMinutes: 200, p90Minutes: 280 });
  });

  it("measures SLA attainment on decided tickets only", () => {
    expect(m.sla.firstResponse).toEqual({ measured: 4, met: 2, rate: 0.5 });
    expect(m.sla.resolution).toEqual({ measured: 3, met: 1, rate: 0.333 });
  });

  it("summarises CSAT", () => {
    expect(m.csat).toMatchObject({ responses: 2, average: 3.5, satisfied: 0.5 });
  });
});

describe("computeMetrics per agent and per day", () => {
  /** A random desk: agents, tickets over a period, some answered, resolved, rated; worked out again by hand. */
  function randomDesk(seed: number) {
    const rnd = mulberry32(seed);
    const agents = Array.from({ length: 1 + Math.floor(rnd() * 5) }, (_, i) => ({
      id: `stf_${seed}_${i}`,
      name: `Agent ${i}`,
    }));
    const days = 1 + Math.floor(rnd() * 40);
    const tickets = Array.from({ length: Math.floor(rnd() * 200) }, () => {
      const created = Math.floor(rnd() * days * 1440);
      const first = rnd() < 0.7 ? created + 1 + Math.floor(rnd() * 600) : null;
      const resolved = first !== null && rnd() < 0.6 ? first + Math.floor(rnd() * 3000) : null;
      return ticket({
        createdAt: at(created),
        firstResponseAt: first === null ? null : at(first),
        resolvedAt: resolved === null ? null : at(resolved),
        rating: resolved !== null && rnd() < 0.5 ? 1 + Math.floor(rnd() * 5) : null,
        assignee: rnd() < 0.8 ? (agents[Math.floor(rnd() * agents.length)] ?? null) : null,
      });
    });
    return { agents, days, tickets, range: { from: T0, to: at(days * 1440) } };
  }

  it("counts each agent's tickets, resolutions, medians and ratings exactly (random desks)", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { agents, tickets, range } = randomDesk(seed * 7919);
      const m = computeMetrics(tickets, range, new Date(at(100 * 1440)));
      const assigned = tickets.filter((t) => t.assignee);
      expect(m.byAgent.reduce((n, a) => n + a.handled, 0)).toBe(assigned.length);
      for (const a of m.byAgent) {
        const mine = tickets.filter((t) => t.assignee?.id === a.staffId);
        expect(a.name).toBe(agents.find((g) => g.id === a.staffId)?.name);
        expect(a.handled).toBe(mine.length);
        expect(a.resolved).toBe(mine.filter((t) => t.resolvedAt).length);
        const firsts = mine.flatMap((t) =>
          t.firstResponseAt ? [(Date.parse(t.firstResponseAt) - Date.parse(t.createdAt)) / 60_000] : [],
        );
        expect(a.firstResponse.count).toBe(firsts.length);
        const median = quantile(firsts, 0.5);
        expect(a.firstResponse.medianMinutes).toBe(median === null ? null : Math.round(median * 100) / 100);
        const ratings = mine.flatMap((t) => (t.rating === null ? [] : [t.rating]));
        expect(a.csat.responses).toBe(ratings.length);
        if (ratings.length) expect(a.csat.average).toBeCloseTo(ratings.reduce((s, r) => s + r, 0) / ratings.length, 2);
      }
      // Busiest first.
      for (let i = 1; i < m.byAgent.length; i++) {
        expect((m.byAgent[i - 1]?.handled ?? 0) >= (m.byAgent[i]?.handled ?? 0)).toBe(true);
      }
    }
  });

  it("gives every day of the period a bar, and every ticket lands in its own day", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { days, tickets, range } = randomDesk(seed * 104729);
      const m = computeMetrics(tickets, range, new Date(at(100 * 1440)));
      expect(m.daily.length).toBe(days);
      expect(m.daily.reduce((n, d) => n + d.opened, 0)).toBe(tickets.length);
      expect(m.daily.reduce((n, d) => n + d.resolved, 0)).toBe(tickets.filter((t) => t.resolvedAt).length);
      for (const d of m.daily) {
        expect(d.opened).toBe(tickets.filter((t) => t.createdAt.slice(0, 10) === d.day).length);
      }
    }
  });

  it("shows a long period by the week", () => {
    const range = { from: T0, to: at(300 * 1440) };
    const m = computeMetrics([ticket({ createdAt: at(299 * 1440) })], range, new Date(range.to));
    expect(m.daily.length).toBe(Math.ceil(300 / 7));
    expect(m.daily.at(-1)?.opened).toBe(1);
  });
});
