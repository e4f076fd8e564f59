/**
 * "Try a message" for the triage rules an admin edits: what ingest would decide for a text, and
 * why, without storing anything. The same steps as ingest (src/pipeline/triage.ts): secrets are
 * redacted first, entities come from the redacted text, and a pasted secret raises the priority.
 */
import { ENTITY_KINDS, type EntityKind, extractEntities } from "./entities";
import type { Language } from "./inbound";
import { redactSecrets, type SecretKind } from "./redact";
import type { Category, Priority } from "./ticket";
import { categoryScores, compileRules, maxPriority, type TriageRules, triage } from "./triage";

export interface TriagePreview {
  category: Category;
  priority: Priority;
  language: Language;
  /** The priority rules that matched, by name (in the order they were tried). */
  matchedRules: string[];
  /** A matched rule's `setCategory` decided the category. */
  categorySet: boolean;
  /** Each category's keyword points (the highest wins unless a rule set the category). */
  scores: Partial<Record<Category, number>>;
  /** The kinds of entities found (a rule may need a TxID). */
  entities: EntityKind[];
  /** The kinds of secrets found: ingest would redact them and raise the priority to at least high. */
  secrets: SecretKind[];
}

/** Triage of `text` under `rules`, explained. Throws a SyntaxError when a pattern does not compile. */
export function previewTriage(rules: TriageRules, text: string): TriagePreview {
  const redacted = redactSecrets(text);
  const found = new Set(extractEntities(redacted.text).map((e) => e.kind));
  const entities = ENTITY_KINDS.filter((k) => found.has(k));
  const compiled = compileRules(rules);
  const result = triage(compiled, redacted.text, { entities });
  return {
    category: result.category,
    priority: redacted.kinds.length ? maxPriority(result.priority, "high") : result.priority,
    language: result.language,
    matchedRules: result.reasons,
    categorySet: result.categorySet,
    scores: categoryScores(compiled, redacted.text),
    entities,
    secrets: redacted.kinds,
  };
}
