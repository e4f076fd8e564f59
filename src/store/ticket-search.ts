/**
 * The staff list's full-text search (FTS5): the query's terms and the SQL condition that finds their tickets. Where a
 * document lives: a message's is search_fts row MESSAGE_DOC_BASE + the message's rowid (migrations/0028); a renamed
 * subject's and an archived ticket's are search_docs rows ('t:' and 'a:' || ticket id), whose ids number theirs; a
 * customer's is the contact_search_fts row numbered by the contact's rowid (migrations/0029).
 */
import { entitySearchValues } from "../core/entities";
import { entityMatchSql } from "./triage";

/** Search terms considered per query (the rest are ignored). */
export const MAX_TERMS = 8;
/** Characters of a search query considered (the rest are ignored). */
export const MAX_QUERY_CHARS = 200;
/** Matching search documents (subjects and messages) read per term, newest first: bounds a common word's cost. */
export const SEARCH_DOC_LIMIT = 2000;
/** Newest search documents a term of 1 or 2 characters (below trigram size, e.g. 提现) is looked for in. */
export const SHORT_TERM_WINDOW = 50_000;

/**
 * A message's search document is the search_fts row numbered by its rowid plus this (2^40, migrations/0028): above every
 * number search_docs gives the documents it keeps, so one index numbers both, messages newest first.
 */
export const MESSAGE_DOC_BASE = 1099511627776;

/** SQL: the search_fts rowid of message `alias`'s document. */
export const messageDocRowid = (alias: string) => `${alias}.rowid + ${MESSAGE_DOC_BASE}`;

/** A search term as an FTS5 string literal (the trigram tokenizer then matches it as a substring). */
function ftsLiteral(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * Control characters (FTS5 reads its query as a C string, so a NUL ends it inside the literal) and unpaired
 * surrogates (no UTF-8 for them): they separate words like a space.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NOT_TEXT = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The terms of a search query: words, or "quoted phrases" (stray quotes are dropped), at most MAX_TERMS of them, from
 * the first MAX_QUERY_CHARS characters. Every term is plain text: FTS5 syntax (AND, NEAR, *, ^, column:) means nothing.
 */
export function searchTerms(q: string): string[] {
  const text = [...q.replace(NOT_TEXT, " ")].slice(0, MAX_QUERY_CHARS).join("");
  return [...text.matchAll(/"([^"]+)"|(\S+)/g)]
    .map((m) => (m[1] ?? m[2] ?? "").replace(/"/g, "").trim())
    .filter(Boolean)
    .slice(0, MAX_TERMS);
}

/**
 * A CTE of the tickets behind the documents of CTE `hits`, read once: a message's (by its rowid) or search_docs' (by
 * its id), whichever numbers the document.
 */
function ticketsOfHits(name: string, hits: string): string {
  return `${name} AS MATERIALIZED (SELECT COALESCE(m.ticket_id, d.ticket_id) AS id FROM ${hits} h
      LEFT JOIN messages m ON h.id >= ${MESSAGE_DOC_BASE} AND m.rowid = h.id - ${MESSAGE_DOC_BASE}
      LEFT JOIN search_docs d ON h.id < ${MESSAGE_DOC_BASE} AND d.id = h.id)`;
}

/**
 * Full-text search: every term (a word or a "quoted phrase") must occur in the ticket's subject, in one of its
 * messages (the bot's own texts are not indexed), or in its customer's name, email, channel ids and display names
 * (FTS5 trigram MATCH for terms of 3+ characters; a LIKE for shorter ones, e.g. the two-character Chinese word 提现 or
 * the name 王伟). A ticket number (`RD-1042`, `#1042`, `1042`) also finds that ticket, or the ticket it was merged into.
 *
 * Bounded work (README "Staff sign-in and search"): each term reads at most its SEARCH_DOC_LIMIT newest matching
 * documents (FTS rowids grow with time: a message's is MESSAGE_DOC_BASE + its rowid, above every search_docs id)
 * and as many matching customers; a short term only looks at the newest SHORT_TERM_WINDOW message documents, the
 * newest SHORT_TERM_WINDOW other documents, and customers. The tickets behind those documents and customers are
 * the candidates, and every other term is then checked exactly on each candidate's own documents and customer. So
 * when some term matches fewer than SEARCH_DOC_LIMIT documents and customers the result is complete; when every term
 * is common, it is the matching tickets behind their newest documents and customers.
 */
export function searchCondition(q: string, bind: (v: unknown) => string, ctes: string[]): string {
  const alternatives: string[] = [];
  const number = /^\s*(?:rd-?|#)?(\d{1,9})\s*$/i.exec(q)?.[1];
  if (number) {
    const n = bind(Number(number));
    alternatives.push(`t.number = ${n}`, `t.id IN (SELECT merged_into_id FROM tickets WHERE number = ${n})`);
  }
  // An exact TxID or address (hex in any case): the tickets it was extracted from (src/store/triage.ts).
  const entityValues = entitySearchValues(q);
  if (entityValues.length) alternatives.push(entityMatchSql(entityValues.map(bind)));
  const terms = searchTerms(q);
  // Constants, written into the SQL: a number bound from JS can arrive as REAL, and FTS5 then scans all rowids.
  const limit = String(SEARCH_DOC_LIMIT);
  const perTerm = terms.map((term, i) => {
    const hits = `search_hits_${i}`;
    const people = `contact_hits_${i}`;
    const like = bind(`%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    // The exact check on one ticket's own documents: its subject's and archive's by key, its messages' through
    // messages_ticket and their rowids. The unary + keeps the LIKE out of FTS5, which would otherwise run it as a
    // full-text query for each row.
    const own = `(EXISTS (SELECT 1 FROM search_docs d JOIN search_fts f ON f.rowid = d.id
        WHERE d.doc_id IN ('t:' || t.id, 'a:' || t.id) AND +f.text LIKE ${like} ESCAPE '\\')
      OR EXISTS (SELECT 1 FROM messages m JOIN search_fts f ON f.rowid = ${messageDocRowid("m")}
        WHERE m.ticket_id = t.id AND +f.text LIKE ${like} ESCAPE '\\'))`;
    // A customer's document is the contact_search_fts row numbered by the contact's rowid (migrations/0029).
    const ownContact = `EXISTS (SELECT 1 FROM contacts c JOIN contact_search_fts cf ON cf.rowid = c.rowid
      WHERE c.id = t.contact_id AND +cf.text LIKE ${like} ESCAPE '\\')`;
    const inHits = `t.id IN (SELECT id FROM search_tickets_${i})`;
    const inPeople = `t.contact_id IN (SELECT c.id FROM contacts c WHERE c.rowid IN (SELECT id FROM ${people}))`;
    if ([...term].length >= 3) {
      const match = bind(ftsLiteral(term));
      ctes.push(`${hits} AS MATERIALIZED (SELECT rowid AS id FROM search_fts
        WHERE search_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${limit})`);
      ctes.push(ticketsOfHits(`search_tickets_${i}`, hits));
      ctes.push(`${people} AS MATERIALIZED (SELECT rowid AS id FROM contact_search_fts
        WHERE contact_search_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${limit})`);
      // Fewer hits than the limit: the set is complete and the IN alone is exact; else check the ticket's own texts.
      return `(${inHits} OR ${inPeople} OR ((SELECT COUNT(*) FROM ${hits}) >= ${limit} AND ${own})
        OR ((SELECT COUNT(*) FROM ${people}) >= ${limit} AND ${ownContact}))`;
    }
    // Two windows (one compound of two terms): the newest message documents, and the newest of search_docs'.
    ctes.push(`${hits} AS MATERIALIZED (SELECT rowid AS id FROM search_fts
      WHERE rowid > (SELECT COALESCE(MAX(rowid), 0) FROM messages) + ${MESSAGE_DOC_BASE - SHORT_TERM_WINDOW}
        AND text LIKE ${like} ESCAPE '\\'
      UNION ALL SELECT rowid AS id FROM search_fts
      WHERE rowid > (SELECT COALESCE(MAX(id), 0) FROM search_docs) - ${SHORT_TERM_WINDOW} AND rowid < ${MESSAGE_DOC_BASE}
        AND text LIKE ${like} ESCAPE '\\' ORDER BY id DESC LIMIT ${limit})`);
    ctes.push(ticketsOfHits(`search_tickets_${i}`, hits));
    ctes.push(`${people} AS MATERIALIZED (SELECT rowid AS id FROM contact_search_fts
      WHERE rowid > (SELECT COALESCE(MAX(rowid), 0) FROM contacts) - ${SHORT_TERM_WINDOW}
        AND text LIKE ${like} ESCAPE '\\' ORDER BY rowid DESC LIMIT ${limit})`);
    return `(${inHits} OR ${inPeople} OR ${own} OR ${ownContact})`;
  });
  if (perTerm.length) {
    // No compound SELECT (UNION) here: D1 allows at most 5 terms in one, and a query may have MAX_TERMS words.
    const people = terms.map((_, i) => `c.rowid IN (SELECT id FROM contact_hits_${i})`).join(" OR ");
    // Alternatives each led by an indexed IN (tickets' key, one per term's tickets; tickets_contact), so SQLite reads
    // the candidates through their indexes (a multi-index OR) instead of walking every ticket.
    const all = perTerm.join(" AND ");
    alternatives.push(
      ...terms.map((_, i) => `(t.id IN (SELECT id FROM search_tickets_${i}) AND ${all})`),
      `(t.contact_id IN (SELECT c.id FROM contacts c WHERE ${people}) AND ${all})`,
    );
  }
  return alternatives.length ? `(${alternatives.join(" OR ")})` : "1 = 1";
}
