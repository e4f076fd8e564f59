/** Bot first, human on request: knowledge-base matching and the customer's ask for a person. */
import type { Language } from "./inbound";

export interface KbArticle {
  id: string;
  language: Language;
  title: string;
  body: string;
  /** Words that make the article a match (en: at a word start, case-insensitive; zh: substrings). */
  keywords: string[];
  enabled: boolean;
}

/** At most this many articles in one bot answer. */
export const KB_MAX_ARTICLES = 3;

/** A keyword's test on lowercased text: a substring (zh) or a match at a word start (en). */
type KeywordTest = string | RegExp;

/** Keyword tests built once per isolate, not once per message and article (bounded: keywords are admin data). */
const KEYWORD_TESTS = new Map<string, KeywordTest | null>();
const KEYWORD_TESTS_MAX = 5_000;

function keywordTest(raw: string): KeywordTest | null {
  let test = KEYWORD_TESTS.get(raw);
  if (test !== undefined) return test;
  const k = raw.trim().toLowerCase();
  test = !k
    ? null
    : /\p{Script=Han}/u.test(k)
      ? k
      : new RegExp(`(?<![\\p{L}\\p{N}])${k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "u");
  if (KEYWORD_TESTS.size >= KEYWORD_TESTS_MAX) KEYWORD_TESTS.clear();
  KEYWORD_TESTS.set(raw, test);
  return test;
}

/** `lower` is the message text, lowercased. */
function keywordHits(lower: string, keywords: readonly string[]): number {
  let hits = 0;
  for (const raw of keywords) {
    const test = keywordTest(raw);
    if (test === null) continue;
    if (typeof test === "string" ? lower.includes(test) : test.test(lower)) hits++;
  }
  return hits;
}

/**
 * The enabled articles in `language` whose keywords the text mentions, best first, at most
 * KB_MAX_ARTICLES; articles already suggested on the ticket (`exclude`) are left out.
 */
export function matchArticles(
  text: string,
  language: Language,
  articles: readonly KbArticle[],
  exclude: ReadonlySet<string> = new Set(),
): KbArticle[] {
  const lower = text.toLowerCase();
  return articles
    .filter((a) => a.enabled && a.language === language && !exclude.has(a.id))
    .map((a, i) => ({ a, i, score: keywordHits(lower, a.keywords) + keywordHits(lower, [a.title]) * 2 }))
    .filter((x) => x.score > 0)
    .sort((x, y) => y.score - x.score || x.i - y.i)
    .slice(0, KB_MAX_ARTICLES)
    .map((x) => x.a);
}

const HUMAN_EN =
  /(?:^|\s)\/human\b|\b(?:human|agent|real person|live (?:chat|support)|operator|talk to (?:a )?person)\b/i;
const HUMAN_ZH = /转人工|人工客服|人工服务|找人工|要人工|真人|人工(?!智能)/;

/** Whether the customer asks for a person: "human", "agent", "人工", "转人工", "真人", `/human`. */
export function asksForHuman(text: string): boolean {
  return HUMAN_EN.test(text) || HUMAN_ZH.test(text);
}
