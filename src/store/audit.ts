/** The audit log (`audit_log`): one row per staff or admin change, written in the batch of the change. */

/** An audit-log insert, to be batched with the change it records. */
export function auditStatement(
  db: D1Database,
  a: {
    id: string;
    actorId: string;
    action: string;
    targetType: string;
    targetId: string;
    detail: unknown;
    now: string;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    )
    .bind(a.id, a.actorId, a.action, a.targetType, a.targetId, JSON.stringify(a.detail), a.now);
}
