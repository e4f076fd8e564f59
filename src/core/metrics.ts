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
  /** Who the ticket is assigned to now (staff id and name), if anyone. */
  assignee: { id: string; name: string } | null;
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
  /** Per agent, by the tickets assigned to them: the busiest first. */
  byAgent: AgentFigures[];
  /** Per UTC day of the period: tickets opened that day, and of those, how many are resolved. */
  daily: Array<{ day: string; opened: number; resolved: number }>;
}

/** One agent's figures over the tickets of the period assigned to them. */
export interface AgentFigures {
  staffId: string;
  name: string;
  /** Tickets assigned to the agent. */
  handled: number;
  resolved: number;
  firstResponse: Durations;
  resolution: Durations;
  csat: { responses: number; average: number | null };
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
    byAgent: agentFigures(tickets),
    daily: dailyCounts(tickets, range),
  };
}

function agentFigures(tickets: readonly MetricsTicket[]): AgentFigures[] {
  const groups = new Map<string, { name: string; tickets: MetricsTicket[] }>();
  for (const t of tickets) {
    if (!t.assignee) continue;
    const g = groups.get(t.assignee.id) ?? { name: t.assignee.name, tickets: [] };
    g.tickets.push(t);
    groups.set(t.assignee.id, g);
  }
  return [...groups.entries()]
    .map(([staffId, g]): AgentFigures => {
      const first = g.tickets.flatMap((t) =>
        t.firstResponseAt ? [minutesBetween(t.createdAt, t.firstResponseAt)] : [],
      );
      const resolved = g.tickets.flatMap((t) => (t.resolvedAt ? [minutesBetween(t.createdAt, t.resolvedAt)] : []));
      const csat = summarizeCsat(g.tickets.flatMap((t) => (t.rating === null ? [] : [t.rating])));
      return {
        staffId,
        name: g.name,
        handled: g.tickets.length,
        resolved: resolved.length,
        firstResponse: durations(first),
        resolution: durations(resolved),
        csat: { responses: csat.responses, average: csat.average },
      };
    })
    .sort((a, b) => b.handled - a.handled || a.name.localeCompare(b.name));
}

const DAY_MS = 86_400_000;
/** At most this many days get a bar each; a longer period is shown by the week. */
const MAX_DAYS = 120;

function dailyCounts(tickets: readonly MetricsTicket[], range: { from: string; to: string }) {
  const start = Math.floor(Date.parse(range.from) / DAY_MS) * DAY_MS;
  const end = Date.parse(range.to);
  const days = Math.max(1, Math.ceil((end - start) / DAY_MS));
  const step = days > MAX_DAYS ? 7 : 1;
  const buckets: Array<{ day: string; opened: number; resolved: number }> = [];
  for (let ms = start; ms < end; ms += step * DAY_MS) {
    buckets.push({ day: new Date(ms).toISOString().slice(0, 10), opened: 0, resolved: 0 });
  }
  for (const t of tickets) {
    const i = Math.floor((Date.parse(t.createdAt) - start) / (step * DAY_MS));
    const b = buckets[i];
    if (!b) continue;
    b.opened += 1;
    if (t.resolvedAt) b.resolved += 1;
  }
  return buckets;
}
