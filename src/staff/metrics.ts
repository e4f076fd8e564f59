/**
 * Staff API for metrics of a period (also what the metrics page shows). Mounted under /api/staff.
 */
import { Hono } from "hono";
import * as z from "zod";
import { ValidationError } from "../core/errors";
import { computeMetrics } from "../core/metrics";
import type { AppEnv } from "../env";
import { listMetricsTickets } from "../store/metrics";
import { query } from "../web/validate";

const DAY_MS = 86_400_000;
/** The longest period one metrics request may cover. */
export const METRICS_MAX_DAYS = 366;

const Instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
export const MetricsQuery = z.object({ from: Instant.optional(), to: Instant.optional() }).strict();

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period of a metrics request: `from`/`to` as ISO 8601 instants or UTC dates (a `to` date
 * includes that whole day), by default the 30 days up to now. Half-open: [from, to).
 */
export function metricsRange(
  q: { from?: string | undefined; to?: string | undefined },
  now: Date,
): { from: string; to: string } {
  const to = q.to ? new Date(DATE_ONLY.test(q.to) ? Date.parse(`${q.to}T00:00:00Z`) + DAY_MS : Date.parse(q.to)) : now;
  const from = q.from
    ? new Date(DATE_ONLY.test(q.from) ? `${q.from}T00:00:00Z` : q.from)
    : new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new ValidationError("The period is empty", [{ path: "from", message: "from must be before to" }]);
  }
  if (to.getTime() - from.getTime() > METRICS_MAX_DAYS * DAY_MS) {
    throw new ValidationError("The period is too long", [
      { path: "from", message: `at most ${METRICS_MAX_DAYS} days` },
    ]);
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

/** Metrics of a period, as the API and the metrics page show them. */
export async function metricsFor(db: D1Database, range: { from: string; to: string }, now: Date) {
  const { tickets, truncated } = await listMetricsTickets(db, range);
  return { ...computeMetrics(tickets, range, now), truncated };
}

export function metricsApi() {
  return new Hono<AppEnv>().get("/metrics", query(MetricsQuery), async (c) => {
    const now = new Date();
    const range = metricsRange(c.req.valid("query"), now);
    return c.json({ metrics: await metricsFor(c.env.DB, range, now) });
  });
}
