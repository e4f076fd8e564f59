/** The desk's archive setting (`archive_settings`, one row): on or off, and after how many closed days. */
import { auditStatement } from "./audit";

export interface ArchiveSettings {
  enabled: boolean;
  closedDays: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** The setting (the migration inserts its row). */
export async function getArchiveSettings(db: D1Database): Promise<ArchiveSettings> {
  const row = await db
    .prepare("SELECT enabled, closed_days, updated_at, updated_by FROM archive_settings WHERE id = 1")
    .first<{ enabled: number; closed_days: number; updated_at: string; updated_by: string | null }>();
  return {
    enabled: Boolean(row?.enabled ?? 1),
    closedDays: row?.closed_days ?? 90,
    updatedAt: row?.updated_at ?? "1970-01-01T00:00:00.000Z",
    updatedBy: row?.updated_by ?? null,
  };
}

/** Saves the setting with its audit row, in one batch. */
export async function putArchiveSettings(
  db: D1Database,
  args: { enabled: boolean; closedDays: number; actorId: string; auditId: string; now: string },
): Promise<ArchiveSettings> {
  await db.batch([
    db
      .prepare(
        "UPDATE archive_settings SET enabled = ?1, closed_days = ?2, updated_at = ?3, updated_by = ?4 WHERE id = 1",
      )
      .bind(args.enabled ? 1 : 0, args.closedDays, args.now, args.actorId),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: "archive.settings",
      targetType: "settings",
      targetId: "archive",
      detail: { enabled: args.enabled, closedDays: args.closedDays },
      now: args.now,
    }),
  ]);
  return { enabled: args.enabled, closedDays: args.closedDays, updatedAt: args.now, updatedBy: args.actorId };
}
