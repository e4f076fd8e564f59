/**
 * What redaction removed from a message, by kind (messages.redacted_kinds, a JSON array of
 * SECRET_KINDS): written wherever the `redacted` flag is, read by the staff crypto panel. Never
 * the secret itself: only the kind's name.
 */
import { markerKinds, SECRET_KINDS, type SecretKind } from "../core/redact";

/** The column's value for `kinds`: a JSON array, or null when nothing was removed. */
export function redactedKindsValue(kinds: readonly SecretKind[] | undefined): string | null {
  return kinds?.length ? JSON.stringify(SECRET_KINDS.filter((k) => kinds.includes(k))) : null;
}

/** SQL for redacted_kinds after adding the kinds in the JSON array bound at `param` to those stored. */
export function mergeKindsSql(param: string): string {
  return `(SELECT json_group_array(value) FROM (
      SELECT value FROM json_each(COALESCE(redacted_kinds, '[]')) UNION SELECT value FROM json_each(${param})))`;
}

/** Flags a message redacted with these kinds added (a secret in a part of it that is not its body). */
export function flagRedactedStatement(
  db: D1Database,
  args: { messageId: string; kinds: readonly SecretKind[] },
): D1PreparedStatement {
  return db
    .prepare(`UPDATE messages SET redacted = 1, redacted_kinds = ${mergeKindsSql("?2")} WHERE id = ?1`)
    .bind(args.messageId, redactedKindsValue(args.kinds) ?? "[]");
}

/**
 * The kinds a stored message lost: those recorded, else (messages from before they were
 * recorded) those its body's markers name; in SECRET_KINDS order. Empty when not redacted.
 */
export function redactedKindsOf(row: { redacted: boolean; redactedKinds: string | null; body: string }): SecretKind[] {
  if (!row.redacted) return [];
  let stored: unknown = null;
  try {
    stored = row.redactedKinds ? JSON.parse(row.redactedKinds) : null;
  } catch {
    stored = null;
  }
  const recorded = Array.isArray(stored) ? SECRET_KINDS.filter((k) => stored.includes(k)) : [];
  const named = markerKinds(row.body);
  return SECRET_KINDS.filter((k) => recorded.includes(k) || named.includes(k));
}
