/**
 * Auto-assign's data: the desk setting (audited when an admin changes it), what the FeedHub reads to
 * choose (the setting, the ticket, which online staff may take tickets and their active load), and the
 * assignment itself: a conditional UPDATE that never takes a ticket someone already has, nor passes the cap.
 */
import { type AssignCandidate, AUTO_ASSIGN_OFF, type AutoAssignSettings } from "../core/auto-assign";
import { BOOTSTRAP_STAFF_ID } from "../core/staff";
import { auditStatement } from "./audit";

interface SettingsRow {
  enabled: number;
  max_open_per_agent: number | null;
  updated_at: string;
  updated_by: string | null;
}

function settingsFrom(row: SettingsRow | null | undefined): AutoAssignSettings {
  if (!row) return AUTO_ASSIGN_OFF;
  return {
    enabled: row.enabled === 1,
    maxOpenPerAgent: row.max_open_per_agent,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

const SETTINGS_SQL =
  "SELECT enabled, max_open_per_agent, updated_at, updated_by FROM auto_assign_settings WHERE id = 1";

/** The desk's auto-assign setting (off when never set). */
export async function getAutoAssignSettings(db: D1Database): Promise<AutoAssignSettings> {
  return settingsFrom(await db.prepare(SETTINGS_SQL).first<SettingsRow>());
}

/** Saves the setting and its audit row in one batch; returns it as stored. */
export async function putAutoAssignSettings(
  db: D1Database,
  args: { enabled: boolean; maxOpenPerAgent: number | null; actorId: string; auditId: string; now: string },
): Promise<AutoAssignSettings> {
  const [, , read] = await db.batch<SettingsRow>([
    db
      .prepare(
        `INSERT INTO auto_assign_settings (id, enabled, max_open_per_agent, updated_at, updated_by)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, max_open_per_agent = excluded.max_open_per_agent,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .bind(args.enabled ? 1 : 0, args.maxOpenPerAgent, args.now, args.actorId),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: "settings.auto_assign.update",
      targetType: "settings",
      targetId: "auto_assign",
      detail: { enabled: args.enabled, maxOpenPerAgent: args.maxOpenPerAgent },
      now: args.now,
    }),
    db.prepare(SETTINGS_SQL),
  ]);
  return settingsFrom(read?.results[0]);
}

/** What auto-assign reads before choosing, in one round trip. */
export interface AutoAssignContext {
  settings: AutoAssignSettings;
  /** The ticket's current assignee and whether it is still active (null: no such ticket). */
  ticket: { assigneeId: string | null; active: boolean } | null;
  /** The online staff who may take tickets (enabled users of a ticket-taking role), with their active load. */
  candidates: AssignCandidate[];
}

/**
 * Reads the setting, the ticket and the candidates among `onlineIds`. The bootstrap admin is a setup
 * secret, not a person at a desk, so it never receives tickets automatically.
 */
export async function readAutoAssignContext(
  db: D1Database,
  args: { ticketId: string; onlineIds: readonly string[] },
): Promise<AutoAssignContext> {
  const [settings, ticket, staff] = await db.batch<Record<string, unknown>>([
    db.prepare(SETTINGS_SQL),
    db
      .prepare(
        `SELECT assignee_id, status IN ('new', 'open', 'pending') AND merged_into_id IS NULL AS active
           FROM tickets WHERE id = ?1`,
      )
      .bind(args.ticketId),
    db
      .prepare(
        `SELECT s.id,
            (SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = s.id AND t.status IN ('new', 'open', 'pending')) AS open
           FROM staff_users s
          WHERE s.id IN (SELECT value FROM json_each(?1)) AND s.disabled_at IS NULL
            AND s.role IN ('agent', 'admin') AND s.id <> ?2`,
      )
      .bind(JSON.stringify(args.onlineIds), BOOTSTRAP_STAFF_ID),
  ]);
  const t = ticket?.results[0] as { assignee_id: string | null; active: number } | undefined;
  return {
    settings: settingsFrom(settings?.results[0] as SettingsRow | undefined),
    ticket: t ? { assigneeId: t.assignee_id, active: t.active === 1 } : null,
    candidates: (staff?.results ?? []).map((r) => ({ staffId: String(r.id), open: Number(r.open) })),
  };
}

/** What an assignment attempt found: done, the ticket was taken (or closed) meanwhile, or the agent filled up. */
export type AssignOutcome = "assigned" | "taken" | "full";

/**
 * Assigns the ticket to `staffId` only while it is active and unassigned and (with a cap) the agent holds fewer
 * than `cap` active tickets, with an `ticket.auto_assign` audit row written only when it did; one batch.
 */
export async function assignIfUnassigned(
  db: D1Database,
  args: { ticketId: string; staffId: string; cap: number | null; auditId: string; now: string },
): Promise<AssignOutcome> {
  const [update, , after] = await db.batch<{ assignee_id: string | null; active: number }>([
    db
      .prepare(
        `UPDATE tickets SET assignee_id = ?2, updated_at = ?4
          WHERE id = ?1 AND assignee_id IS NULL AND merged_into_id IS NULL AND status IN ('new', 'open', 'pending')
            AND (?3 IS NULL OR (SELECT COUNT(*) FROM tickets c
                                 WHERE c.assignee_id = ?2 AND c.status IN ('new', 'open', 'pending')) < ?3)`,
      )
      .bind(args.ticketId, args.staffId, args.cap, args.now),
    // The audit row only when the UPDATE above changed the ticket (changes() is the previous statement's count).
    db
      .prepare(
        `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
         SELECT ?1, ?2, 'ticket.auto_assign', 'ticket', ?3, ?4, ?5 WHERE changes() = 1`,
      )
      .bind(
        args.auditId,
        args.staffId,
        args.ticketId,
        JSON.stringify({ assigneeId: args.staffId, by: "auto-assign", rule: "round_robin" }),
        args.now,
      ),
    db
      .prepare(
        `SELECT assignee_id, status IN ('new', 'open', 'pending') AND merged_into_id IS NULL AS active
           FROM tickets WHERE id = ?1`,
      )
      .bind(args.ticketId),
  ]);
  if ((update?.meta.changes ?? 0) === 1) return "assigned";
  const row = after?.results[0];
  return !row || row.assignee_id !== null || row.active !== 1 ? "taken" : "full";
}
