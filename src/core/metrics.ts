/** Support metrics over a set of tickets: volume, response and resolution times, SLA attainment, CSAT. Pure. */
import { type CsatSummary, summarizeCsat } from "./csat";

/** One ticket as the metrics see it (times ISO 8601). */
export interface MetricsTicket {
  channel: string;
  category: string;
  createdAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  rating: number | null;
}

export interface Durations {
  /** Tickets that have this time. */
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface Attainment {
  /** Tickets whose target is decided: done, or overdue. */
  measured: number;
  met: number;
  /** met / measured, 0-1. */
  rate: number | null;
}

export interface Metrics {
  from: string;
  to: string;
  volume: { total: number; byChannel: Record<string, number>; byCategory: Record<string, number> };
  firstResponse: Durations;
  resolution: Durations;
  sla: { firstResponse: Attainment; resolution: Attainment };
  csat: CsatSummary;
}

/**
 * The `p` quantile (0-1) of `values` with linear interpolation between the closest ranks (the
 * method spreadsheets call PERCENTILE.INC); the median is `quantile(v, 0.5)`.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

function durations(minutes: number[]): Durations {
  return {
    count: minutes.length,
    medianMinutes: round2(quantile(minutes, 0.5)),
    p90Minutes: round2(quantile(minutes, 0.9)),
  };
}

function attainment(pairs: Array<{ due: string | null; doneAt: string | null }>, now: Date): Attainment {
  let measured = 0;
  let met = 0;
  for (const { due, doneAt } of pairs) {
    if (!due) continue;
    const dueMs = Date.parse(due);
    if (doneAt) {
      measured += 1;
      if (Date.parse(doneAt) <= dueMs) met += 1;
    } else if (dueMs < now.getTime()) {
      measured += 1; // still open and already late: a miss
    }
  }
  return { measured, met, rate: measured ? Math.round((met / measured) * 1000) / 1000 : null };
}

const minutesBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;

/** The metrics of the tickets opened in [from, to). */
export function computeMetrics(
  tickets: readonly MetricsTicket[],
  range: { from: string; to: string },
  now: Date,
): Metrics {
  const byChannel: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const firstResponse: number[] = [];
  const resolution: number[] = [];
  const ratings: number[] = [];
  for (const t of tickets) {
    byChannel[t.channel] = (byChannel[t.channel] ?? 0) + 1;
    byCategory[t.category] = (byCategory[t.category] ?? 0) + 1;
    if (t.firstResponseAt) firstResponse.push(minutesBetween(t.createdAt, t.firstResponseAt));
    if (t.resolvedAt) resolution.push(minutesBetween(t.createdAt, t.resolvedAt));
    if (t.rating !== null) ratings.push(t.rating);
  }
  return {
    from: range.from,
    to: range.to,
    volume: { total: tickets.length, byChannel, byCategory },
    firstResponse: durations(firstResponse),
    resolution: durations(resolution),
    sla: {
      firstResponse: attainment(
        tickets.map((t) => ({ due: t.firstResponseDueAt, doneAt: t.firstResponseAt })),
        now,
      ),
      resolution: attainment(
        tickets.map((t) => ({ due: t.resolutionDueAt, doneAt: t.resolvedAt })),
        now,
      ),
    },
    csat: summarizeCsat(ratings),
  };
}
