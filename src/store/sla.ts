/** SLA policies, the SLA fields of tickets, and what the SLA sweep reads and writes. */
import type { ChannelName } from "../core/inbound";
import type { BusinessHours, SlaPolicy, SlaTicketState } from "../core/sla";
import type { Priority } from "../core/ticket";

interface PolicyRow {
  id: string;
  priority: Priority;
  channel: ChannelName | "*";
  first_response_minutes: number;
  next_response_minutes: number | null;
  resolution_minutes: number;
  business_hours: string | null;
  updated_at: string;
}

export interface SlaPolicyRecord extends SlaPolicy {
  updatedAt: string;
}

const policyFromRow = (r: PolicyRow): SlaPolicyRecord => ({
  id: r.id,
  priority: r.priority,
  channel: r.channel,
  firstResponseMinutes: r.first_response_minutes,
  nextResponseMinutes: r.next_response_minutes ?? r.first_response_minutes,
  resolutionMinutes: r.resolution_minutes,
  businessHours: r.business_hours ? (JSON.parse(r.business_hours) as BusinessHours) : null,
  updatedAt: r.updated_at,
});

const POLICY_COLUMNS =
  "id, priority, channel, first_response_minutes, next_response_minutes, resolution_minutes, business_hours, updated_at";

/** Every policy (a handful: 4 priorities x 5 channel scopes at most). */
export async function listSlaPolicies(db: D1Database): Promise<SlaPolicyRecord[]> {
  const { results } = await db
    .prepare(`SELECT ${POLICY_COLUMNS} FROM sla_policies ORDER BY priority, channel`)
    .all<PolicyRow>();
  return results.map(policyFromRow);
}

/** Creates or replaces the policy of (priority, channel). */
export async function upsertSlaPolicy(
  db: D1Database,
  p: Omit<SlaPolicy, "id"> & { id: string; now: string },
): Promise<SlaPolicyRecord> {
  const row = await db
    .prepare(
      `INSERT INTO sla_policies (id, priority, channel, first_response_minutes, resolution_minutes, business_hours, updated_at,
          next_response_minutes)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT (priority, channel) DO UPDATE SET first_response_minutes = excluded.first_response_minutes,
         next_response_minutes = excluded.next_response_minutes, resolution_minutes = excluded.resolution_minutes, business_hours = excluded.business_hours,
         updated_at = excluded.updated_at
       RETURNING ${POLICY_COLUMNS}`,
    )
    .bind(
      p.id,
      p.priority,
      p.channel,
      p.firstResponseMinutes,
      p.resolutionMinutes,
      p.businessHours ? JSON.stringify(p.businessHours) : null,
      p.now,
      p.nextResponseMinutes,
    )
    .first<PolicyRow>();
  if (!row) throw new Error("SLA policy upsert returned nothing");
  return policyFromRow(row);
}

/** Deletes a channel-specific policy (the `*` ones are every priority's fallback and stay). */
export async function deleteSlaPolicy(db: D1Database, id: string): Promise<"deleted" | "missing" | "fallback"> {
  const row = await db.prepare("SELECT channel FROM sla_policies WHERE id = ?1").bind(id).first<{ channel: string }>();
  if (!row) return "missing";
  if (row.channel === "*") return "fallback";
  await db.prepare("DELETE FROM sla_policies WHERE id = ?1 AND channel <> '*'").bind(id).run();
  return "deleted";
}

/** A ticket's SLA state as the staff API shows it. */
export interface TicketSla {
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseBreachedAt: string | null;
  resolutionBreachedAt: string | null;
  /** The running next-response clock (a customer wrote after a staff reply): its start and due time. */
  nextResponseSince: string | null;
  nextResponseDueAt: string | null;
  /** The due time of the last next-response cycle found late. */
  nextResponseBreachedAt: string | null;
}

export async function getTicketSla(db: D1Database, ticketId: string): Promise<TicketSla | null> {
  const r = await db
    .prepare(
      `SELECT first_response_due_at, resolution_due_at, first_response_breached_at, resolution_breached_at,
          next_response_since, next_response_due_at, next_response_breached_at
         FROM tickets WHERE id = ?1`,
    )
    .bind(ticketId)
    .first<{
      first_response_due_at: string | null;
      resolution_due_at: string | null;
      first_response_breached_at: string | null;
      resolution_breached_at: string | null;
      next_response_since: string | null;
      next_response_due_at: string | null;
      next_response_breached_at: string | null;
    }>();
  return r
    ? {
        firstResponseDueAt: r.first_response_due_at,
        resolutionDueAt: r.resolution_due_at,
        firstResponseBreachedAt: r.first_response_breached_at,
        resolutionBreachedAt: r.resolution_breached_at,
        nextResponseSince: r.next_response_since,
        nextResponseDueAt: r.next_response_due_at,
        nextResponseBreachedAt: r.next_response_breached_at,
      }
    : null;
}

/** An active ticket the sweep looks at. */
export interface SlaCandidate extends SlaTicketState {
  id: string;
  number: number;
  priority: Priority;
  channel: ChannelName;
  createdAt: string;
  nextResponseSince: string | null;
  nextResponseDueAt: string | null;
  nextResponseBreachedAt: string | null;
}

/** Active tickets with an SLA clock still to watch, oldest first, after the keyset cursor. */
export async function listSlaCandidates(
  db: D1Database,
  args: { after: { createdAt: string; id: string } | null; limit: number },
): Promise<SlaCandidate[]> {
  const { results } = await db
    .prepare(
      `SELECT id, number, priority, channel, created_at, first_response_due_at, resolution_due_at, first_response_at,
          resolved_at, first_response_breached_at, resolution_breached_at,
          next_response_since, next_response_due_at, next_response_breached_at
         FROM tickets
        WHERE status IN ('new', 'open', 'pending') AND merged_into_id IS NULL
          AND (created_at > ?1 OR (created_at = ?1 AND id > ?2))
        ORDER BY created_at, id LIMIT ?3`,
    )
    .bind(args.after?.createdAt ?? "", args.after?.id ?? "", args.limit)
    .all<{
      id: string;
      number: number;
      priority: Priority;
      channel: ChannelName;
      created_at: string;
      first_response_due_at: string | null;
      resolution_due_at: string | null;
      first_response_at: string | null;
      resolved_at: string | null;
      first_response_breached_at: string | null;
      resolution_breached_at: string | null;
      next_response_since: string | null;
      next_response_due_at: string | null;
      next_response_breached_at: string | null;
    }>();
  return results.map((r) => ({
    id: r.id,
    number: r.number,
    priority: r.priority,
    channel: r.channel,
    createdAt: r.created_at,
    firstResponseDueAt: r.first_response_due_at,
    resolutionDueAt: r.resolution_due_at,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    firstResponseBreachedAt: r.first_response_breached_at,
    resolutionBreachedAt: r.resolution_breached_at,
    nextResponseSince: r.next_response_since,
    nextResponseDueAt: r.next_response_due_at,
    nextResponseBreachedAt: r.next_response_breached_at,
  }));
}

export interface SlaUpdate {
  ticketId: string;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstResponseBreachedAt: string | null;
  resolutionBreachedAt: string | null;
  /** The next-response cycle this update is about (null: none runs), its due time and a newly found breach. */
  nextResponse: { since: string; dueAt: string; breachedAt: string | null } | null;
}

/**
 * Writes due times and newly found breaches in one batch. A breach is stamped once: returns,
 * per ticket, which breaches this call was the one to record (a concurrent sweep gets none).
 */
export async function applySlaUpdates(
  db: D1Database,
  updates: readonly SlaUpdate[],
): Promise<Array<{ ticketId: string; firstResponse: boolean; resolution: boolean; nextResponse: boolean }>> {
  if (!updates.length) return [];
  const stmts: D1PreparedStatement[] = [];
  for (const u of updates) {
    stmts.push(
      db
        .prepare("UPDATE tickets SET first_response_due_at = ?2, resolution_due_at = ?3 WHERE id = ?1")
        .bind(u.ticketId, u.firstResponseDueAt, u.resolutionDueAt),
      db
        .prepare(
          `UPDATE tickets SET first_response_breached_at = ?2
            WHERE id = ?1 AND ?2 IS NOT NULL AND first_response_breached_at IS NULL RETURNING id`,
        )
        .bind(u.ticketId, u.firstResponseBreachedAt),
      db
        .prepare(
          `UPDATE tickets SET resolution_breached_at = ?2
            WHERE id = ?1 AND ?2 IS NOT NULL AND resolution_breached_at IS NULL RETURNING id`,
        )
        .bind(u.ticketId, u.resolutionBreachedAt),
      // Only the cycle the sweep read: a staff reply since has stopped it, a customer message may have begun another.
      db
        .prepare(
          `UPDATE tickets SET next_response_due_at = ?3,
              next_response_breached_at = CASE WHEN ?4 IS NOT NULL THEN ?4 ELSE next_response_breached_at END
            WHERE id = ?1 AND next_response_since = ?2
              AND (next_response_due_at IS NOT ?3 OR (?4 IS NOT NULL AND next_response_breached_at IS NOT ?4))
            RETURNING id, next_response_breached_at IS ?4 AND ?4 IS NOT NULL AS breached`,
        )
        .bind(
          u.ticketId,
          u.nextResponse?.since ?? null,
          u.nextResponse?.dueAt ?? null,
          u.nextResponse?.breachedAt ?? null,
        ),
    );
  }
  const results = await db.batch(stmts);
  return updates.map((u, i) => ({
    ticketId: u.ticketId,
    firstResponse: Boolean(results[i * 4 + 1]?.results.length),
    resolution: Boolean(results[i * 4 + 2]?.results.length),
    nextResponse: Boolean((results[i * 4 + 3]?.results[0] as { breached?: number } | undefined)?.breached),
  }));
}
