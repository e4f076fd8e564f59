/** Canned replies staff pick from (bodies may use {{customer_name}} and {{ticket_number}}). */
import type { Language } from "../core/inbound";
import { auditStatement } from "./audit";

export interface CannedReply {
  id: string;
  title: string;
  body: string;
  language: Language;
  createdAt: string;
}

interface CannedRow {
  id: string;
  title: string;
  body: string;
  language: Language;
  created_at: string;
}

const fromRow = (r: CannedRow): CannedReply => ({
  id: r.id,
  title: r.title,
  body: r.body,
  language: r.language,
  createdAt: r.created_at,
});

/** All canned replies (optionally of one language), by language then title. */
export async function listCanned(db: D1Database, language?: Language): Promise<CannedReply[]> {
  const { results } = await db
    .prepare("SELECT * FROM canned_replies WHERE (?1 IS NULL OR language = ?1) ORDER BY language, title, id")
    .bind(language ?? null)
    .all<CannedRow>();
  return results.map(fromRow);
}

/** Adds a canned reply with its audit row. */
export async function createCanned(
  db: D1Database,
  r: { id: string; title: string; body: string; language: Language; actorId: string; auditId: string; now: string },
): Promise<CannedReply> {
  await db.batch([
    db
      .prepare(
        "INSERT INTO canned_replies (id, title, body, language, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      )
      .bind(r.id, r.title, r.body, r.language, r.actorId, r.now),
    auditStatement(db, {
      id: r.auditId,
      actorId: r.actorId,
      action: "canned.create",
      targetType: "canned",
      targetId: r.id,
      detail: { title: r.title, language: r.language },
      now: r.now,
    }),
  ]);
  return { id: r.id, title: r.title, body: r.body, language: r.language, createdAt: r.now };
}

/** Deletes a canned reply with its audit row; false when there was none. */
export async function deleteCanned(
  db: D1Database,
  args: { id: string; actorId: string; auditId: string; now: string },
): Promise<boolean> {
  const [, del] = await db.batch([
    db
      .prepare(
        `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
         SELECT ?1, ?2, 'canned.delete', 'canned', ?3, '{}', ?4 WHERE EXISTS (SELECT 1 FROM canned_replies WHERE id = ?3)`,
      )
      .bind(args.auditId, args.actorId, args.id, args.now),
    db.prepare("DELETE FROM canned_replies WHERE id = ?1").bind(args.id),
  ]);
  return (del?.meta.changes ?? 0) > 0;
}

/** Replaces a canned reply's title, body and language, with its audit row; null when there is none. */
export async function updateCanned(
  db: D1Database,
  r: { id: string; title: string; body: string; language: Language; actorId: string; auditId: string; now: string },
): Promise<CannedReply | null> {
  const [updated] = await db.batch([
    db
      .prepare("UPDATE canned_replies SET title = ?2, body = ?3, language = ?4 WHERE id = ?1 RETURNING *")
      .bind(r.id, r.title, r.body, r.language),
    db
      .prepare(
        `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
         SELECT ?1, ?2, 'canned.update', 'canned', ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM canned_replies WHERE id = ?3)`,
      )
      .bind(r.auditId, r.actorId, r.id, JSON.stringify({ title: r.title, language: r.language }), r.now),
  ]);
  const row = updated?.results[0] as CannedRow | undefined;
  return row ? fromRow(row) : null;
}
