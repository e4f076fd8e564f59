/** @mentions in internal notes (migrations/0017 note_mentions): who can be mentioned, and the mention rows. */
import { handleOf, type MentionCandidate } from "../core/mentions";

/** Active staff as mention candidates: display name and email local part (the email itself never leaves here). */
export async function listMentionCandidates(db: D1Database): Promise<MentionCandidate[]> {
  const { results } = await db
    .prepare("SELECT id, name, email FROM staff_users WHERE disabled_at IS NULL ORDER BY name, id")
    .all<{ id: string; name: string; email: string | null }>();
  return results.map((r) => {
    const handle = handleOf(r.email);
    return { id: r.id, name: r.name, handles: handle ? [handle] : [] };
  });
}

/** Inserts of one note's mentions, for the note's own write batch (the note row is written first in it). */
export function mentionStatements(
  db: D1Database,
  args: { messageId: string; ticketId: string; authorId: string; staffIds: readonly string[]; now: string },
): D1PreparedStatement[] {
  return args.staffIds.map((staffId) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO note_mentions (message_id, staff_id, ticket_id, author_id, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM messages WHERE id = ?1 AND direction = 'note')`,
      )
      .bind(args.messageId, staffId, args.ticketId, args.authorId, args.now),
  );
}

/** The staff ids a stored note mentions. */
export async function mentionsOfMessage(db: D1Database, messageId: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT staff_id FROM note_mentions WHERE message_id = ?1 ORDER BY staff_id")
    .bind(messageId)
    .all<{ staff_id: string }>();
  return results.map((r) => r.staff_id);
}

/**
 * SQL of "`viewer` was mentioned on ticket `t` since they last opened it" (`viewer` is a bind), for the list.
 * One index range of note_mentions_staff_ticket per row.
 */
export function unreadMentionSql(viewer: string): string {
  return `EXISTS (SELECT 1 FROM note_mentions nm WHERE nm.staff_id = ${viewer} AND nm.ticket_id = t.id
      AND nm.created_at > COALESCE((SELECT r.read_at FROM staff_ticket_reads r
          WHERE r.staff_id = ${viewer} AND r.ticket_id = t.id), ''))`;
}
