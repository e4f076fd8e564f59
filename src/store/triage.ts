/**
 * Triage data: what ingest reads besides its own state (the rules, the articles, whether the bot
 * may still answer), what triage, extraction and the bot write in ingest's batch, the search's
 * entity match (a ticket's entities and the tickets sharing them are read by ./crypto-panel), and
 * the admin's triage rules (audited).
 */
import type { Entity } from "../core/entities";
import type { Language } from "../core/inbound";
import type { TriageState, TriageWrite } from "../core/ingest";
import type { SecretKind } from "../core/redact";
import type { TriageRules } from "../core/triage";
import { DEFAULT_TRIAGE_RULES } from "../core/triage-rules";
import { auditStatement } from "./audit";
import { requestHumanStatement } from "./customer-tickets";
import { type ArticleRow, articleFromRow } from "./kb";
import { flagRedactedStatement } from "./redactions";

/**
 * The reads behind TriageState. `conversation` is the conversation key, or SQL over its own binds
 * that yields it (see src/store/ingest-read.ts).
 */
export function triageReadStatements(
  db: D1Database,
  conversation: string | { sql: string; binds: unknown[] },
): D1PreparedStatement[] {
  const where = typeof conversation === "string" ? { sql: "?1", binds: [conversation] } : conversation;
  return [
    db.prepare("SELECT rules FROM triage_rules WHERE id = 1"),
    db.prepare("SELECT * FROM kb_articles WHERE enabled = 1 ORDER BY created_at, id"),
    db
      .prepare(
        `SELECT t.id,
            EXISTS (SELECT 1 FROM json_each(t.tags) WHERE value = 'human')
              OR EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND m.author = 'staff' AND m.direction = 'out')
              AS muted,
            -- a new ticket's suggestions are in its row (migrations/0026), later ones in kb_suggestions
            (SELECT json_group_array(article_id) FROM (
                SELECT value AS article_id FROM json_each(COALESCE(t.kb_suggested, '[]'))
                UNION SELECT article_id FROM kb_suggestions WHERE ticket_id = t.id)) AS suggested
           FROM (SELECT id, merged_into_id FROM tickets
                  WHERE conversation_key = ${where.sql} ORDER BY created_at DESC, number DESC LIMIT 1) l
           -- a ticket merged into another stands for that one (as in readIngestState)
           JOIN tickets t ON t.id = COALESCE(l.merged_into_id, l.id)`,
      )
      .bind(...where.binds),
  ];
}

/** The stored rules as last parsed in this isolate: rules change rarely, messages often. */
let parsedRules: { json: string; rules: TriageRules } | null = null;

/**
 * The stored rules, parsed again only when their JSON changed. The same JSON gives the same
 * object, so the pipeline can keep their compiled form keyed by it (read-only: never mutate).
 */
function rulesFromJson(json: string): TriageRules {
  if (parsedRules?.json !== json) parsedRules = { json, rules: JSON.parse(json) as TriageRules };
  return parsedRules.rules;
}

/** TriageState from the results of triageReadStatements, in order. */
export function triageStateFrom(results: ReadonlyArray<D1Result | undefined>): TriageState {
  const [rules, articles, latest] = results;
  const r = rules?.results[0] as { rules: string } | undefined;
  const l = latest?.results[0] as { id: string; muted: number; suggested: string | null } | undefined;
  return {
    rules: r ? rulesFromJson(r.rules) : DEFAULT_TRIAGE_RULES,
    articles: ((articles?.results ?? []) as ArticleRow[]).map(articleFromRow),
    latest: l
      ? { ticketId: l.id, botMuted: l.muted === 1, suggested: new Set(JSON.parse(l.suggested ?? "[]") as string[]) }
      : null,
  };
}

const RANK = "CASE ?3 WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END";
const CURRENT_RANK = "CASE priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END";

/** The statements for `w`, to run in the ingest batch after the message insert. */
export function triageStatements(
  db: D1Database,
  args: { ticketId: string; messageId: string; isNew: boolean; now: string; triage: TriageWrite },
): D1PreparedStatement[] {
  const { ticketId, messageId, now, triage } = args;
  // A new ticket gets its priority and category in its insert (src/store/ingest.ts). A later message raises the
  // priority or sets the category only when that changes something: an UPDATE that matches no row writes none.
  const category = "?2 IS NOT NULL AND (?4 = 1 OR category = 'other') AND category IS NOT ?2";
  const stmts: D1PreparedStatement[] = args.isNew
    ? []
    : [
        db
          .prepare(
            `UPDATE tickets SET
                priority = CASE WHEN ${RANK} > ${CURRENT_RANK} THEN ?3 ELSE priority END,
                category = CASE WHEN ${category} THEN ?2 ELSE category END
              WHERE id = ?1 AND (${RANK} > ${CURRENT_RANK} OR ${category})`,
          )
          .bind(ticketId, triage.category, triage.priority, triage.forceCategory ? 1 : 0),
      ];
  for (const e of triage.entities) {
    stmts.push(
      db
        .prepare(
          `INSERT INTO ticket_entities (ticket_id, kind, value, chain, message_id, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (ticket_id, kind, value) DO NOTHING`,
        )
        .bind(ticketId, e.kind, e.value, e.chain, messageId, now),
    );
  }
  // A new ticket's suggestions are written by its own insert (src/store/ingest.ts: tickets.kb_suggested).
  for (const id of args.isNew ? [] : triage.suggestedArticleIds) {
    stmts.push(
      db
        .prepare(
          `INSERT INTO kb_suggestions (ticket_id, article_id, created_at) VALUES (?1, ?2, ?3)
           ON CONFLICT (ticket_id, article_id) DO NOTHING`,
        )
        .bind(ticketId, id, now),
    );
  }
  if (triage.handoff) stmts.push(requestHumanStatement(db, { ticketId, now }));
  return stmts;
}

/**
 * What an amendment of a stored message (an edit, an album caption) adds: its entities, and
 * the message's redacted flag when it carried a secret. Returns the ticket's language.
 */
export async function recordAmendmentTriage(
  db: D1Database,
  args: { ticketId: string; messageId: string; entities: Entity[]; redactedKinds: SecretKind[]; now: string },
): Promise<Language | null> {
  const stmts = triageStatements(db, {
    ticketId: args.ticketId,
    messageId: args.messageId,
    isNew: false,
    now: args.now,
    triage: { priority: "low", category: null, entities: args.entities, suggestedArticleIds: [], handoff: false },
  }).slice(1);
  if (args.redactedKinds.length) {
    stmts.push(flagRedactedStatement(db, { messageId: args.messageId, kinds: args.redactedKinds }));
  }
  stmts.push(db.prepare("SELECT language FROM tickets WHERE id = ?1").bind(args.ticketId));
  const results = await db.batch(stmts);
  return (results[results.length - 1]?.results[0] as { language: Language } | undefined)?.language ?? null;
}

/** `t.id IN (tickets with an entity equal to one of values)`, for the staff list's `q`. */
export function entityMatchSql(placeholders: string[]): string {
  return `t.id IN (SELECT ticket_id FROM ticket_entities WHERE value IN (${placeholders.join(", ")}))`;
}

// ---- admin: rules and articles ----

/** The rules as stored, with when and by whom they last changed. */
export async function getTriageRules(
  db: D1Database,
): Promise<{ rules: TriageRules; updatedAt: string | null; updatedBy: string | null }> {
  const row = await db
    .prepare("SELECT rules, updated_at, updated_by FROM triage_rules WHERE id = 1")
    .first<{ rules: string; updated_at: string; updated_by: string | null }>();
  return row
    ? { rules: JSON.parse(row.rules) as TriageRules, updatedAt: row.updated_at, updatedBy: row.updated_by }
    : { rules: DEFAULT_TRIAGE_RULES, updatedAt: null, updatedBy: null };
}

/** Replaces the rules, with an audit row, in one batch. */
export async function putTriageRules(
  db: D1Database,
  args: { rules: TriageRules; actorId: string; auditId: string; now: string },
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO triage_rules (id, rules, updated_at, updated_by) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
      )
      .bind(JSON.stringify(args.rules), args.now, args.actorId),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: "triage.rules.update",
      targetType: "triage_rules",
      targetId: "1",
      detail: {},
      now: args.now,
    }),
  ]);
}
