/** The admin list of official accounts (official_handles). */
import type { OfficialHandle, OfficialKind } from "../core/verify";

/** An entry as the admin API shows it. */
export interface OfficialHandleRecord extends OfficialHandle {
  id: string;
  label: string | null;
  createdAt: string;
}

/** How many entries the list may hold: every /verify reads all of it. */
export const OFFICIAL_LIST_MAX = 1000;

interface Row {
  id: string;
  kind: OfficialKind;
  value: string;
  label: string | null;
  created_at: string;
}

const fromRow = (r: Row): OfficialHandleRecord => ({
  id: r.id,
  kind: r.kind,
  value: r.value,
  label: r.label,
  createdAt: r.created_at,
});

/** The whole list, by kind and value. */
export async function listOfficialHandles(db: D1Database): Promise<OfficialHandleRecord[]> {
  const { results } = await db
    .prepare("SELECT id, kind, value, label, created_at FROM official_handles ORDER BY kind, value LIMIT ?1")
    .bind(OFFICIAL_LIST_MAX)
    .all<Row>();
  return results.map(fromRow);
}

/** Adds an entry; an existing (kind, value) keeps its row and gets the new label. Returns the entry. */
export async function upsertOfficialHandle(
  db: D1Database,
  args: { id: string; kind: OfficialKind; value: string; label: string | null; staffId: string; now: string },
): Promise<{ record: OfficialHandleRecord; created: boolean }> {
  const row = await db
    .prepare(
      `INSERT INTO official_handles (id, kind, value, label, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (kind, value) DO UPDATE SET label = COALESCE(excluded.label, label)
       RETURNING id, kind, value, label, created_at`,
    )
    .bind(args.id, args.kind, args.value, args.label, args.staffId, args.now)
    .first<Row>();
  if (!row) throw new Error("official handle upsert returned nothing");
  return { record: fromRow(row), created: row.id === args.id };
}

/** Removes an entry; false when there was none. */
export async function deleteOfficialHandle(db: D1Database, id: string): Promise<boolean> {
  const res = await db.prepare("DELETE FROM official_handles WHERE id = ?1").bind(id).run();
  return res.meta.changes > 0;
}
