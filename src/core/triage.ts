/**
 * Triage: category, priority and language of a customer message, by rules that are data
 * (zh and en keywords and regex patterns) an admin edits, not code. See DEFAULT_TRIAGE_RULES.
 */
import type { EntityKind } from "./entities";
import type { Language } from "./inbound";
import { detectLanguage } from "./language";
import { CATEGORIES, type Category, PRIORITIES, type Priority } from "./ticket";

/** Words and patterns; a rule matches when any of them does. */
export interface Matcher {
  /** English keywords: case-insensitive, matched at a word start ("withdraw" matches "withdrawal"). */
  en?: string[];
  /** Chinese keywords: substrings. */
  zh?: string[];
  /** Regular expressions (JavaScript syntax, matched case-insensitively). */
  patterns?: string[];
}

export interface CategoryRule extends Matcher {
  category: Category;
  /** Points per matching keyword or pattern (default 1); the category with most points wins. */
  weight?: number;
}

export interface PriorityRule extends Matcher {
  priority: Priority;
  /** A short name shown to admins, e.g. "stolen account". */
  name: string;
  /** Only when the message was triaged into one of these categories. */
  categories?: Category[];
  /** Only when the message carries one of these entities (e.g. a TxID). */
  entities?: EntityKind[];
}

export interface TriageRules {
  categories: CategoryRule[];
  /** Every matching rule is a candidate; the highest priority wins; `normal` when none match. */
  priorities: PriorityRule[];
}

export interface TriageResult {
  category: Category;
  priority: Priority;
  language: Language;
  /** The names of the priority rules that matched, for the audit trail and tests. */
  reasons: string[];
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** The higher of two priorities. */
export function maxPriority(a: Priority, b: Priority): Priority {
  return PRIORITY_RANK[b] > PRIORITY_RANK[a] ? b : a;
}

/** Compiled rules: regexes built once per rule set, not once per message. */
export interface CompiledRules {
  categories: Array<{ rule: CategoryRule; tests: RegExp[] }>;
  priorities: Array<{ rule: PriorityRule; tests: RegExp[] }>;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileMatcher(m: Matcher): RegExp[] {
  const tests: RegExp[] = [];
  for (const w of m.en ?? []) tests.push(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(w.trim())}`, "iu"));
  for (const w of m.zh ?? []) tests.push(new RegExp(escapeRegex(w.trim()), "u"));
  for (const p of m.patterns ?? []) tests.push(new RegExp(p, "iu"));
  return tests;
}

/** Compiles rules; throws a SyntaxError naming the first bad pattern. */
export function compileRules(rules: TriageRules): CompiledRules {
  return {
    categories: rules.categories.map((rule) => ({ rule, tests: compileMatcher(rule) })),
    priorities: rules.priorities.map((rule) => ({ rule, tests: compileMatcher(rule) })),
  };
}

/** Checks a rule set an admin submitted: known categories and priorities, patterns that compile. */
export function ruleProblems(rules: TriageRules): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const check = (path: string, m: Matcher) => {
    for (const [i, p] of (m.patterns ?? []).entries()) {
      try {
        new RegExp(p, "iu");
      } catch (err) {
        problems.push({ path: `${path}.patterns.${i}`, message: (err as Error).message });
      }
    }
  };
  rules.categories.forEach((r, i) => {
    if (!(CATEGORIES as readonly string[]).includes(r.category)) {
      problems.push({ path: `categories.${i}.category`, message: `unknown category ${r.category}` });
    }
    check(`categories.${i}`, r);
  });
  rules.priorities.forEach((r, i) => {
    if (!(PRIORITIES as readonly string[]).includes(r.priority)) {
      problems.push({ path: `priorities.${i}.priority`, message: `unknown priority ${r.priority}` });
    }
    check(`priorities.${i}`, r);
  });
  return problems;
}

/** Category, priority and language of a message. `entities` are the kinds found in it. */
export function triage(
  compiled: CompiledRules,
  text: string,
  opts: { entities?: readonly EntityKind[]; language?: Language } = {},
): TriageResult {
  const scores = new Map<Category, number>();
  for (const { rule, tests } of compiled.categories) {
    const hits = tests.filter((t) => t.test(text)).length;
    if (hits) scores.set(rule.category, (scores.get(rule.category) ?? 0) + hits * (rule.weight ?? 1));
  }
  let category: Category = "other";
  let best = 0;
  // Ties go to the category listed first in CATEGORIES: the more specific ones come first there.
  for (const c of CATEGORIES) {
    const s = scores.get(c) ?? 0;
    if (s > best) {
      best = s;
      category = c;
    }
  }
  let priority: Priority = "normal";
  const reasons: string[] = [];
  const kinds = new Set(opts.entities ?? []);
  for (const { rule, tests } of compiled.priorities) {
    if (rule.categories?.length && !rule.categories.includes(category)) continue;
    if (rule.entities?.length && !rule.entities.some((k) => kinds.has(k))) continue;
    if (tests.length && !tests.some((t) => t.test(text))) continue;
    priority = reasons.length ? maxPriority(priority, rule.priority) : rule.priority;
    reasons.push(rule.name);
  }
  return { category, priority, language: opts.language ?? detectLanguage(text), reasons };
}
