/** Per-agent notification switches (migrations/0017 staff_notification_settings): read and saved with an audit row. */
import { defaultNotifySettings, NOTIFY_KINDS, type NotifyKind, type NotifySettings } from "../core/notify";
import { auditStatement } from "./audit";

const column = (channel: "desktop" | "sound", kind: NotifyKind) => `${channel}_${kind}`;
const COLUMNS = (["desktop", "sound"] as const).flatMap((ch) => NOTIFY_KINDS.map((k) => column(ch, k)));

function settingsFromRow(row: Record<string, unknown> | null): NotifySettings {
  const s = defaultNotifySettings();
  if (!row) return s;
  for (const k of NOTIFY_KINDS) {
    s.desktop[k] = row[column("desktop", k)] === 1;
    s.sound[k] = row[column("sound", k)] === 1;
  }
  return s;
}

/** A staff member's settings; every switch off when they never saved any. */
export async function getNotificationSettings(db: D1Database, staffId: string): Promise<NotifySettings> {
  const row = await db
    .prepare(`SELECT ${COLUMNS.join(", ")} FROM staff_notification_settings WHERE staff_id = ?1`)
    .bind(staffId)
    .first<Record<string, unknown>>();
  return settingsFromRow(row);
}

/** Saves a staff member's whole set of switches (their own), with its audit row, in one batch; returns them. */
export async function saveNotificationSettings(
  db: D1Database,
  args: { staffId: string; settings: NotifySettings; auditId: string; now: string },
): Promise<NotifySettings> {
  const values = (["desktop", "sound"] as const).flatMap((ch) =>
    NOTIFY_KINDS.map((k) => (args.settings[ch][k] ? 1 : 0)),
  );
  const binds = COLUMNS.map((_, i) => `?${i + 3}`);
  const [, , read] = await db.batch([
    db
      .prepare(
        `INSERT INTO staff_notification_settings (staff_id, updated_at, ${COLUMNS.join(", ")})
         VALUES (?1, ?2, ${binds.join(", ")})
         ON CONFLICT (staff_id) DO UPDATE SET updated_at = excluded.updated_at,
           ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")}`,
      )
      .bind(args.staffId, args.now, ...values),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.staffId,
      action: "staff.notifications",
      targetType: "staff",
      targetId: args.staffId,
      detail: args.settings,
      now: args.now,
    }),
    db.prepare(`SELECT ${COLUMNS.join(", ")} FROM staff_notification_settings WHERE staff_id = ?1`).bind(args.staffId),
  ]);
  return settingsFromRow((read?.results[0] as Record<string, unknown> | undefined) ?? null);
}
