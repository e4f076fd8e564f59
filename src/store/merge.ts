/** Merging one ticket into another: messages move, the source closes and points at the target. */
import type { auditStatement } from "./tickets";

export type MergeOutcome = "merged" | "source_missing" | "target_missing" | "source_merged" | "target_closed";

/**
 * Moves every message of `sourceId` into `intoId`, closes the source with `merged_into_id`,
 * re-points tickets merged into the source earlier, and records an audit row on both, in one
 * batch. Every statement repeats the guard, so a concurrent merge or close makes it a no-op.
 */
export async function mergeTickets(
  db: D1Database,
  args: { sourceId: string; intoId: string; actorId: string; auditIds: [string, string]; now: string },
): Promise<MergeOutcome> {
  const { sourceId, intoId, now } = args;
  const state = await db
    .prepare(
      `SELECT
         (SELECT merged_into_id IS NOT NULL FROM tickets WHERE id = ?1) AS source_merged,
         (SELECT status = 'closed' OR merged_into_id IS NOT NULL FROM tickets WHERE id = ?2) AS target_closed`,
    )
    .bind(sourceId, intoId)
    .first<{ source_merged: number | null; target_closed: number | null }>();
  if (state?.source_merged === null || state?.source_merged === undefined) return "source_missing";
  if (state.target_closed === null) return "target_missing";
  if (state.source_merged) return "source_merged";
  if (state.target_closed) return "target_closed";

  // ?1 source, ?2 target, ?3 now
  const guard = `EXISTS (SELECT 1 FROM tickets WHERE id = ?1 AND merged_into_id IS NULL)
    AND EXISTS (SELECT 1 FROM tickets WHERE id = ?2 AND status <> 'closed' AND merged_into_id IS NULL)`;
  const done = "EXISTS (SELECT 1 FROM tickets WHERE id = ?1 AND merged_into_id = ?2)";
  const results = await db.batch([
    db.prepare(`UPDATE messages SET ticket_id = ?2 WHERE ticket_id = ?1 AND ${guard}`).bind(sourceId, intoId),
    db.prepare(`UPDATE tickets SET merged_into_id = ?2 WHERE merged_into_id = ?1 AND ${guard}`).bind(sourceId, intoId),
    db
      .prepare(
        `UPDATE tickets SET status = 'closed', closed_at = COALESCE(closed_at, ?3), merged_into_id = ?2, updated_at = ?3
          WHERE id = ?1 AND ${guard}`,
      )
      .bind(sourceId, intoId, now),
    // The target's activity time and its oldest still-unanswered customer message move with the merge.
    db
      .prepare(
        `UPDATE tickets SET updated_at = ?3,
            last_customer_at = (SELECT MAX(created_at) FROM messages WHERE ticket_id = ?2 AND direction = 'in')
          WHERE id = ?2 AND ${done}`,
      )
      .bind(sourceId, intoId, now),
    guardedAudit(db, done, sourceId, intoId, {
      id: args.auditIds[0],
      actorId: args.actorId,
      action: "ticket.merge",
      targetType: "ticket",
      targetId: sourceId,
      detail: { intoId },
      now,
    }),
    guardedAudit(db, done, sourceId, intoId, {
      id: args.auditIds[1],
      actorId: args.actorId,
      action: "ticket.merged_into",
      targetType: "ticket",
      targetId: intoId,
      detail: { fromId: sourceId },
      now,
    }),
  ]);
  return (results[2]?.meta.changes ?? 0) > 0 ? "merged" : "source_merged";
}

/** An audit insert that only happens when the merge did. */
function guardedAudit(
  db: D1Database,
  condition: string,
  sourceId: string,
  intoId: string,
  a: Parameters<typeof auditStatement>[1],
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
       SELECT ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE ${condition}`,
    )
    .bind(sourceId, intoId, a.id, a.actorId, a.action, a.targetType, a.targetId, JSON.stringify(a.detail), a.now);
}
