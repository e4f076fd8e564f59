/** What the metrics are computed from: the tickets opened in a period, with their ratings. */
import type { MetricsTicket } from "../core/metrics";

/** At most this many tickets feed one metrics answer; a longer period should be split. */
export const METRICS_MAX_TICKETS = 50_000;

/**
 * The lower bound on updated_at that finds every ticket created at or after `createdFrom` (ISO 8601): a day before
 * it, for writers whose clocks differ. An unparsable bound gives the empty string, which bounds nothing.
 */
export function updatedSince(createdFrom: string): string {
  const t = Date.parse(createdFrom);
  return Number.isNaN(t) ? "" : new Date(t - 86_400_000).toISOString();
}

/**
 * Tickets created in [from, to), the fields metrics need. Read through tickets_updated (there is no index on
 * created_at alone: migrations/0038): a ticket's updated_at is never before its created_at, so the ones created in
 * the period are among those updated since a day before it began (the day absorbs clock skew between writers).
 */
export async function listMetricsTickets(
  db: D1Database,
  range: { from: string; to: string },
): Promise<{ tickets: MetricsTicket[]; truncated: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT t.channel, t.category, t.created_at, t.first_response_at, t.resolved_at, t.first_response_due_at,
          t.resolution_due_at, s.rating, t.assignee_id, u.name AS assignee_name
         FROM tickets t LEFT JOIN csat_surveys s ON s.ticket_id = t.id
         LEFT JOIN staff_users u ON u.id = t.assignee_id
        WHERE t.updated_at >= ?4 AND t.created_at >= ?1 AND t.created_at < ?2
          -- a duplicate merged into another ticket is counted once, as that ticket
          AND t.merged_into_id IS NULL
        ORDER BY t.created_at LIMIT ?3`,
    )
    .bind(range.from, range.to, METRICS_MAX_TICKETS + 1, updatedSince(range.from))
    .all<{
      channel: string;
      category: string;
      created_at: string;
      first_response_at: string | null;
      resolved_at: string | null;
      first_response_due_at: string | null;
      resolution_due_at: string | null;
      rating: number | null;
      assignee_id: string | null;
      assignee_name: string | null;
    }>();
  return {
    truncated: results.length > METRICS_MAX_TICKETS,
    tickets: results.slice(0, METRICS_MAX_TICKETS).map((r) => ({
      channel: r.channel,
      category: r.category,
      createdAt: r.created_at,
      firstResponseAt: r.first_response_at,
      resolvedAt: r.resolved_at,
      firstResponseDueAt: r.first_response_due_at,
      resolutionDueAt: r.resolution_due_at,
      rating: r.rating,
      assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? r.assignee_id } : null,
    })),
  };
}
