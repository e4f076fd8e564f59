/**
 * Triage: category, priority and language of a customer message, by rules that are data
 * (zh and en keywords and regex patterns) an admin edits, not code. See DEFAULT_TRIAGE_RULES.
 * Messages and rules are compared in one normal form (src/core/triage-text.ts): full-width and
 * traditional characters folded, curly apostrophes straightened, stretched letters shortened.
 */
import type { EntityKind } from "./entities";
import type { Language } from "./inbound";
import { detectLanguage } from "./language";
import { CATEGORIES, type Category, PRIORITIES, type Priority } from "./ticket";
import { clauseBefore, fuzzyHits, normalizeText } from "./triage-text";

/** Words and patterns; a rule matches when any of them does. */
export interface Matcher {
  /** English keywords: case-insensitive, matched at a word start ("withdraw" matches "withdrawal"). */
  en?: string[];
  /** Chinese keywords: substrings (case-insensitive, so they may hold Latin letters: "被hack"). */
  zh?: string[];
  /** Regular expressions (JavaScript syntax, matched case-insensitively against the normal form). */
  patterns?: string[];
  /** Also match single-word English keywords of 7+ letters misspelt by one letter ("withdrawl"). */
  fuzzy?: boolean;
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
  /** The rule also needs one of these (two weak signals together: "balance is 0" and "I didn't do anything"). */
  with?: Matcher;
  /** The rule does not apply when one of these matches anywhere (a liquidation explains a zero balance). */
  unless?: Matcher;
  /** Hits of the rule's own words that the rule set's `negations` cancel ("not hacked", "如何防止被盗") do not count. */
  negatable?: boolean;
  /** When the rule matches, the message gets this category whatever the keywords scored. */
  setCategory?: Category;
}

export interface TriageRules {
  categories: CategoryRule[];
  /**
   * Every matching rule is a candidate; the highest priority wins; `normal` when none match.
   * Rules with `setCategory` are tried first, so the others see the category they set.
   */
  priorities: PriorityRule[];
  /**
   * What cancels a hit of a negatable rule, tested on the hit's clause up to the hit: keywords
   * anywhere in it ("how to prevent", "in case", "如果"), patterns ending in `$` for the words right
   * before it ("was not", "没有").
   */
  negations?: Matcher;
}

export interface TriageResult {
  category: Category;
  priority: Priority;
  language: Language;
  /** The names of the priority rules that matched, for the audit trail and tests. */
  reasons: string[];
  /** A rule's `setCategory` decided the category (e.g. a stolen account is `security`, whatever it mentions). */
  categorySet: boolean;
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** The higher of two priorities. */
export function maxPriority(a: Priority, b: Priority): Priority {
  return PRIORITY_RANK[b] > PRIORITY_RANK[a] ? b : a;
}

/** Where a keyword or pattern matched: `text.slice(at, end)`. */
export interface Hit {
  at: number;
  end: number;
}

/** The first hit in a text, or null; with `keep`, only hits at positions `keep` accepts count. */
export type Probe = (text: string, keep?: (at: number) => boolean) => Hit | null;

/** Compiled rules: regexes built once per rule set, not once per message. */
export interface CompiledRules {
  categories: Array<{ rule: CategoryRule; tests: Probe[] }>;
  priorities: Array<{ rule: PriorityRule; tests: Probe[]; with: Probe[] | null; unless: Probe[] | null }>;
  negations: Probe[];
}

function regexProbe(source: string): Probe {
  const once = new RegExp(source, "iu");
  const all = new RegExp(source, "giu");
  return (text, keep) => {
    if (!keep) {
      const m = once.exec(text);
      return m ? { at: m.index, end: m.index + m[0].length } : null;
    }
    for (const m of text.matchAll(all)) if (keep(m.index)) return { at: m.index, end: m.index + m[0].length };
    return null;
  };
}

/** A keyword found by `indexOf` (much cheaper than a regex per keyword); `wordStart`: not inside a Latin word. */
function keywordProbe(word: string, wordStart: boolean): Probe {
  return (text, keep) => {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      if (wordStart && at > 0 && WORD_CHAR.test(text[at - 1] as string)) continue;
      if (!keep || keep(at)) return { at, end: at + word.length };
    }
    return null;
  };
}

function fuzzyProbe(word: string): Probe {
  return (text, keep) => {
    const at = fuzzyHits(text, word).find((a) => !keep || keep(a));
    return at === undefined ? null : { at, end: at + word.length };
  };
}

/** English keywords start at a word start; a Chinese character before them is a boundary ("被hack"). */
const WORD_CHAR = /[\p{Script=Latin}\p{N}_]/u;

function compileMatcher(m: Matcher): Probe[] {
  const tests: Probe[] = [];
  for (const w of m.en ?? []) {
    const word = normalizeText(w.trim());
    if (!word) continue;
    tests.push(keywordProbe(word, true));
    if (m.fuzzy && /^\p{Script=Latin}{7,}$/u.test(word)) tests.push(fuzzyProbe(word));
  }
  for (const w of m.zh ?? []) {
    const word = normalizeText(w.trim());
    if (word) tests.push(keywordProbe(word, false));
  }
  for (const p of m.patterns ?? []) tests.push(regexProbe(p));
  return tests;
}

/** Compiles rules; throws a SyntaxError naming the first bad pattern. */
export function compileRules(rules: TriageRules): CompiledRules {
  const optional = (m?: Matcher) => (m ? compileMatcher(m) : null);
  // Rules that set the category go first (stable), so the others filter on the category they set.
  const ordered = [...rules.priorities].sort((a, b) => Number(!a.setCategory) - Number(!b.setCategory));
  return {
    categories: rules.categories.map((rule) => ({ rule, tests: compileMatcher(rule) })),
    priorities: ordered.map((rule) => ({
      rule,
      tests: compileMatcher(rule),
      with: optional(rule.with),
      unless: optional(rule.unless),
    })),
    negations: compileMatcher(rules.negations ?? {}),
  };
}

/** Checks a rule set an admin submitted: known categories and priorities, patterns that compile. */
export function ruleProblems(rules: TriageRules): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const check = (path: string, m: Matcher | undefined) => {
    for (const [i, p] of (m?.patterns ?? []).entries()) {
      try {
        new RegExp(p, "iu");
      } catch (err) {
        problems.push({ path: `${path}.patterns.${i}`, message: (err as Error).message });
      }
    }
  };
  const known = (path: string, c: string | undefined) => {
    if (c !== undefined && !(CATEGORIES as readonly string[]).includes(c)) {
      problems.push({ path, message: `unknown category ${c}` });
    }
  };
  rules.categories.forEach((r, i) => {
    known(`categories.${i}.category`, r.category);
    check(`categories.${i}`, r);
  });
  rules.priorities.forEach((r, i) => {
    if (!(PRIORITIES as readonly string[]).includes(r.priority)) {
      problems.push({ path: `priorities.${i}.priority`, message: `unknown priority ${r.priority}` });
    }
    known(`priorities.${i}.setCategory`, r.setCategory);
    check(`priorities.${i}`, r);
    check(`priorities.${i}.with`, r.with);
    check(`priorities.${i}.unless`, r.unless);
  });
  check("negations", rules.negations);
  return problems;
}

/** Whether the hit at `at` is negated or hypothetical: "I was not hacked", "如何防止被盗". */
function negatedAt(compiled: CompiledRules, text: string, at: number): boolean {
  const clause = clauseBefore(text, at);
  return compiled.negations.some((p) => p(clause) !== null);
}

/**
 * Points per category: each hit scores its rule's weight, except a hit inside a longer hit of the
 * same category ("withdraw" inside "withdrawal", "account" inside "close my account"): one
 * mention counts once, for its most specific keyword.
 */
function scoreCategories(compiled: CompiledRules, text: string): Map<Category, number> {
  const hits = new Map<Category, Array<Hit & { weight: number }>>();
  for (const { rule, tests } of compiled.categories) {
    for (const t of tests) {
      const hit = t(text);
      if (!hit) continue;
      const list = hits.get(rule.category) ?? [];
      list.push({ ...hit, weight: rule.weight ?? 1 });
      hits.set(rule.category, list);
    }
  }
  const scores = new Map<Category, number>();
  for (const [category, list] of hits) {
    let score = 0;
    list.forEach((h, i) => {
      const inside = list.some(
        (o, j) =>
          j !== i &&
          o.at <= h.at &&
          o.end >= h.end &&
          (o.end - o.at > h.end - h.at || o.weight > h.weight || (o.weight === h.weight && j < i)),
      );
      if (!inside) score += h.weight;
    });
    scores.set(category, score);
  }
  return scores;
}

/** Each category's points for a text (the categories no keyword hit are left out): why triage chose one. */
export function categoryScores(compiled: CompiledRules, raw: string): Partial<Record<Category, number>> {
  return Object.fromEntries(scoreCategories(compiled, normalizeText(raw.slice(0, TRIAGE_MAX_CHARS))));
}

/**
 * How much of a message triage reads: the subject and the first few thousand characters say what
 * it is about (quoted history and signatures come later), and it bounds the work per message.
 */
export const TRIAGE_MAX_CHARS = 4000;

/** Category, priority and language of a message. `entities` are the kinds found in it. */
export function triage(
  compiled: CompiledRules,
  raw: string,
  opts: { entities?: readonly EntityKind[]; language?: Language } = {},
): TriageResult {
  const text = normalizeText(raw.slice(0, TRIAGE_MAX_CHARS));
  const scores = scoreCategories(compiled, text);
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
  let categorySet = false;
  const reasons: string[] = [];
  const kinds = new Set(opts.entities ?? []);
  // Several rules see the same hit: decide each position once.
  const negated = new Map<number, boolean>();
  const keep = (at: number) => {
    let n = negated.get(at);
    if (n === undefined) {
      n = negatedAt(compiled, text, at);
      negated.set(at, n);
    }
    return !n;
  };
  for (const { rule, tests, with: also, unless } of compiled.priorities) {
    if (rule.categories?.length && !rule.categories.includes(category)) continue;
    if (rule.entities?.length && !rule.entities.some((k) => kinds.has(k))) continue;
    const k = rule.negatable ? keep : undefined;
    if (tests.length && !tests.some((t) => t(text, k))) continue;
    // Negation is about the rule's own words: the second signal often follows one ("I didn't withdraw").
    if (also && !also.some((t) => t(text) !== null)) continue;
    if (unless?.some((t) => t(text) !== null)) continue;
    priority = reasons.length ? maxPriority(priority, rule.priority) : rule.priority;
    reasons.push(rule.name);
    if (rule.setCategory && !categorySet) {
      category = rule.setCategory;
      categorySet = true;
    }
  }
  return { category, priority, language: opts.language ?? detectLanguage(raw), reasons, categorySet };
}
