import { describe, expect, it } from "vitest";
import { computeMetrics, type MetricsTicket, quantile } from "../../../src/core/metrics";

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
