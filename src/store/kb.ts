/** The knowledge base the bot answers from: articles, and the admin's edits of them (audited). */
import type { Language } from "../core/inbound";
import type { KbArticle } from "../core/kb";
import { auditStatement } from "./audit";

export interface ArticleRow {
  id: string;
  language: Language;
  title: string;
  body: string;
  keywords: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export function articleFromRow(r: ArticleRow): KbArticle & { createdAt: string; updatedAt: string } {
  return {
    id: r.id,
    language: r.language,
    title: r.title,
    body: r.body,
    keywords: JSON.parse(r.keywords) as string[],
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type StoredArticle = ReturnType<typeof articleFromRow>;

export async function listArticles(db: D1Database, language?: Language): Promise<StoredArticle[]> {
  const { results } = await db
    .prepare("SELECT * FROM kb_articles WHERE ?1 IS NULL OR language = ?1 ORDER BY language, created_at, id")
    .bind(language ?? null)
    .all<ArticleRow>();
  return results.map(articleFromRow);
}

export async function getArticle(db: D1Database, id: string): Promise<StoredArticle | null> {
  const row = await db.prepare("SELECT * FROM kb_articles WHERE id = ?1").bind(id).first<ArticleRow>();
  return row ? articleFromRow(row) : null;
}

export interface ArticleInput {
  language: Language;
  title: string;
  body: string;
  keywords: string[];
  enabled: boolean;
}

/** Creates or replaces an article, with an audit row (the caller checked that a replaced one exists). */
export async function saveArticle(
  db: D1Database,
  args: { id: string; input: ArticleInput; create: boolean; actorId: string; auditId: string; now: string },
): Promise<StoredArticle | null> {
  const { id, input, now } = args;
  const write = args.create
    ? db
        .prepare(
          `INSERT INTO kb_articles (id, language, title, body, keywords, enabled, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)`,
        )
        .bind(id, input.language, input.title, input.body, JSON.stringify(input.keywords), input.enabled ? 1 : 0, now)
    : db
        .prepare(
          `UPDATE kb_articles SET language = ?2, title = ?3, body = ?4, keywords = ?5, enabled = ?6, updated_at = ?7
            WHERE id = ?1`,
        )
        .bind(id, input.language, input.title, input.body, JSON.stringify(input.keywords), input.enabled ? 1 : 0, now);
  const [res] = await db.batch([
    write,
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: args.create ? "kb.create" : "kb.update",
      targetType: "kb_article",
      targetId: id,
      detail: {},
      now: now,
    }),
  ]);
  if (!res?.meta.changes) return null;
  return getArticle(db, id);
}

/** Deletes an article, with an audit row (the caller checked that it exists). */
export async function deleteArticle(
  db: D1Database,
  args: { id: string; actorId: string; auditId: string; now: string },
): Promise<boolean> {
  const [res] = await db.batch([
    db.prepare("DELETE FROM kb_articles WHERE id = ?1").bind(args.id),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: "kb.delete",
      targetType: "kb_article",
      targetId: args.id,
      detail: {},
      now: args.now,
    }),
  ]);
  return Boolean(res?.meta.changes);
}
