/**
 * The SQL of `npm run bench:scale` (bench/scale-archive.mjs), run by one `sqlite3` process on the local D1 file:
 * a year of a desk generated the way the app would have written it, and the end state the archive leaves for
 * the tickets the real scheduled handler did not reach.
 */

export const PER_TICKET = 5;
const DAY = 86_400;
const CHANNELS = ["telegram", "discord", "email", "webform"];
const CATEGORIES = ["account", "security", "kyc", "deposit", "withdrawal", "trading", "api", "other"];
export const WORDS = ["deposit", "withdrawal", "login", "kyc", "refund", "airdrop", "staking", "提现", "充值", "冻结"];
const list = (items) => `json('${JSON.stringify(items).replace(/'/g, "''")}')`;
export const at = (epochExpr) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${epochExpr}, 'unixepoch')`;

/** FTS5 flushes its pending terms every `hashsize` bytes: a big one during a load makes fewer, larger segments. */
const LOAD_PRAGMAS = `
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
PRAGMA temp_store = MEMORY;
INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 268435456);
`;
/** Back to what the app runs with (FTS5's default hashsize, the file's own journal mode). */
const after = (journal) => `
DELETE FROM search_fts_config WHERE k = 'hashsize';
PRAGMA journal_mode = ${journal};
`;

/**
 * A year: tickets evenly over 365 days up to `now`; older than 3 weeks mostly closed, recent ones a live mix.
 * Each ticket: the customer's first message names a 64-hex TxID (ticket_entities row, as triage extracts it),
 * then replies, a note and follow-ups of ~50 characters. Search as ingest writes it: each subject's document
 * (not the first line of the first message, so the app writes one) and each message's through its trigger.
 */
export function generatorSql({ tickets, now, journal }) {
  const start = now - 365 * DAY;
  const contacts = Math.max(1, Math.floor(tickets / 4));
  const step = (365 * DAY) / tickets;
  const created = `(${start} + n * ${step})`;
  const age = `((${tickets} - n) * 365.0 / ${tickets})`;
  const status = `CASE WHEN ${age} > 21 THEN (CASE WHEN n % 10 < 8 THEN 'closed' ELSE 'resolved' END)
      WHEN n % 10 < 4 THEN 'closed' WHEN n % 10 < 6 THEN 'resolved' WHEN n % 10 = 7 THEN 'pending'
      WHEN n % 10 = 8 THEN 'open' ELSE 'new' END`;
  // Message m is the p-th (0..4) of ticket t: in, out, in, note, out.
  const t = `((m - 1) / ${PER_TICKET} + 1)`;
  const p = `((m - 1) % ${PER_TICKET})`;
  return `${LOAD_PRAGMAS}
BEGIN;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${contacts})
INSERT INTO contacts (id, name, email, language, created_at, updated_at)
SELECT 'con_bench' || n, 'Customer ' || n, 'c' || n || '@example.com', CASE WHEN n % 3 = 0 THEN 'zh' ELSE 'en' END,
       ${at(start)}, ${at(start)} FROM seq;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${contacts})
INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
SELECT 'idn_bench' || n, 'con_bench' || n, json_extract(${list(CHANNELS)}, '$[' || (n % 4) || ']'), 'ext' || n,
       'Customer ' || n, ${at(start)}, ${at(start)} FROM seq;
CREATE TEMP TABLE tx (n INTEGER PRIMARY KEY, v TEXT NOT NULL);
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${tickets})
INSERT INTO tx (n, v) SELECT n, lower(hex(randomblob(32))) FROM seq;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${tickets})
INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, priority, category,
                     subject, language, assignee_id, created_at, updated_at, first_response_due_at, resolved_at, closed_at)
SELECT 'tkt_bench' || n, 100000 + n, json_extract(${list(CHANNELS)}, '$[' || (n % 4) || ']'), 'bench:' || n,
       'tok_bench' || n, 'con_bench' || (n % ${contacts} + 1), s,
       CASE WHEN n % 50 = 9 THEN 'urgent' WHEN n % 7 = 0 THEN 'high' WHEN n % 5 = 0 THEN 'low' ELSE 'normal' END,
       json_extract(${list(CATEGORIES)}, '$[' || (n % 8) || ']'),
       json_extract(${list(WORDS)}, '$[' || (n % 10) || ']') || ' problem ' || n,
       CASE WHEN n % 3 = 0 THEN 'zh' ELSE 'en' END, CASE WHEN n % 4 = 0 THEN 'stf_bootstrap' END,
       ${at(created)}, ${at(`${created} + ${DAY}`)}, ${at(`${created} + ${DAY}`)},
       CASE WHEN s = 'resolved' THEN ${at(`${created} + ${DAY}`)} END,
       CASE WHEN s = 'closed' THEN ${at(`${created} + ${DAY}`)} END
  FROM (SELECT n, ${status} AS s FROM seq);
INSERT INTO search_docs (doc_id, ticket_id) SELECT 't:' || id, id FROM tickets WHERE id LIKE 'tkt_bench%' ORDER BY rowid;
INSERT INTO search_fts (rowid, text)
SELECT d.id, t.subject FROM search_docs d JOIN tickets t ON d.doc_id = 't:' || t.id WHERE d.doc_id LIKE 't:tkt_bench%';
WITH RECURSIVE seq(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM seq WHERE m < ${tickets * PER_TICKET})
INSERT INTO messages (id, ticket_id, direction, author, channel, body, provider_message_id, delivery_status, created_at)
SELECT 'msg_bench' || m, 'tkt_bench' || ${t},
       CASE ${p} WHEN 3 THEN 'note' WHEN 1 THEN 'out' WHEN 4 THEN 'out' ELSE 'in' END,
       CASE ${p} WHEN 0 THEN 'customer' WHEN 2 THEN 'customer' ELSE 'staff' END,
       json_extract(${list(CHANNELS)}, '$[' || (${t} % 4) || ']'),
       CASE WHEN ${p} = 0 THEN 'My ' || json_extract(${list(WORDS)}, '$[' || (m % 10) || ']') ||
              ' of 500 USDT has not arrived, TxID ' || (SELECT v FROM tx WHERE tx.n = ${t})
            ELSE 'Message ' || m || ' about my ' || json_extract(${list(WORDS)}, '$[' || (m % 10) || ']') ||
              ', TxID 0x' || hex(m) END,
       CASE WHEN ${p} IN (0, 2) THEN 'pm' || m END,
       CASE WHEN ${p} IN (1, 4) THEN 'sent' END,
       ${at(`${start} + ${t} * ${step} + ${p} * 600`)}
  FROM seq;
INSERT INTO ticket_entities (ticket_id, kind, value, chain, message_id, created_at)
SELECT 'tkt_bench' || n, 'txid', v, NULL, 'msg_bench' || ((n - 1) * ${PER_TICKET} + 1), ${at(`${start} + n * ${step}`)}
  FROM tx;
COMMIT;
${after(journal)}`;
}

/**
 * What src/core/archive.ts archiveSearchText keeps, in SQL, for this data (one entity per ticket, single-spaced
 * bodies): the entities, then the customer's opening words without them.
 */
const RECORD_TEXT = (id) => {
  const tx = `coalesce((SELECT value FROM ticket_entities WHERE ticket_id = ${id} AND kind = 'txid' LIMIT 1), '')`;
  const joined = `(SELECT group_concat(body, ' ') FROM (SELECT body FROM messages
      WHERE ticket_id = ${id} AND direction = 'in' AND author <> 'bot' ORDER BY rowid))`;
  const opening = `substr(trim(replace(replace(replace(${joined}, ${tx}, ' '), '  ', ' '), '  ', ' ')), 1, 300)`;
  return `(SELECT group_concat(v, char(10)) FROM (
    SELECT v FROM (SELECT value AS v FROM ticket_entities WHERE ticket_id = ${id} AND kind <> 'amount' ORDER BY rowid)
    UNION ALL SELECT ${opening}))`;
};

/** The expected search records of some tickets (checked against what the real handler wrote). */
export function expectedRecordsSql(ids) {
  return ids.map((id) => `SELECT '${id}', ${RECORD_TEXT(`'${id}'`)};`).join("\n");
}

/**
 * The end state the archive leaves for every other ticket due (what src/store/archive.ts writes and deletes,
 * without the R2 object): its record (entities, last message), its small search record, its message and entity
 * rows gone with their search documents. The trigram index is rebuilt from the documents that stay (what
 * deleting row by row and FTS5's merges converge to), then the records are added; `mid` is D1's used bytes
 * between the two, so the records' own cost is measured.
 */
export function bulkArchiveSql({ cutoff, now, journal }) {
  const used = `(SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count())`;
  return `${LOAD_PRAGMAS}
BEGIN;
CREATE TEMP TABLE bulk (id TEXT PRIMARY KEY, updated_at TEXT NOT NULL);
INSERT INTO bulk SELECT id, updated_at FROM tickets t WHERE status = 'closed' AND closed_at < '${cutoff}'
   AND NOT EXISTS (SELECT 1 FROM archived_tickets a WHERE a.ticket_id = t.id) ORDER BY closed_at, id;
CREATE TEMP TABLE rec AS SELECT b.id, b.updated_at,
       (SELECT count(*) FROM messages WHERE ticket_id = b.id) AS messages,
       (SELECT count(*) FROM messages WHERE ticket_id = b.id) + (SELECT count(*) FROM ticket_entities WHERE ticket_id = b.id) AS rows_,
       (SELECT json_group_array(json_object('kind', kind, 'value', value, 'chain', chain)) FROM ticket_entities
         WHERE ticket_id = b.id) AS entities,
       (SELECT json_object('body', substr(m.body, 1, 160), 'direction', m.direction, 'author', m.author, 'createdAt', m.created_at)
          FROM messages m WHERE m.ticket_id = b.id AND m.direction <> 'note' AND m.author <> 'bot'
         ORDER BY m.rowid DESC LIMIT 1) AS last_message,
       ${RECORD_TEXT("b.id")} AS search
  FROM bulk b;
CREATE TEMP TABLE gone (id INTEGER PRIMARY KEY);
-- A message's search document is numbered by its rowid + 2^40 (migrations/0028).
INSERT INTO gone SELECT m.rowid + 1099511627776 FROM messages m JOIN bulk b ON m.ticket_id = b.id WHERE m.author <> 'bot';
CREATE TEMP TABLE keep AS SELECT rowid AS id, text FROM search_fts WHERE rowid NOT IN (SELECT id FROM gone);
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5 (text, tokenize = 'trigram');
INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 268435456);
INSERT INTO search_fts (rowid, text) SELECT id, text FROM keep ORDER BY id;
DROP TABLE keep;
DELETE FROM ticket_entities WHERE ticket_id IN (SELECT id FROM bulk);
DELETE FROM messages WHERE ticket_id IN (SELECT id FROM bulk);
SELECT 'mid', (${used}) * (SELECT page_size FROM pragma_page_size());
INSERT INTO archived_tickets (ticket_id, state, r2_key, sha256, message_count, row_count, bytes, ticket_updated_at,
    entities, last_message, created_at, archived_at)
SELECT id, 'archived', 'archive/tickets/' || id || '.json.gz', lower(hex(randomblob(32))), messages, rows_, 0,
       updated_at, entities, last_message, ${at(now)}, ${at(now)} FROM rec;
INSERT INTO search_docs (doc_id, ticket_id) SELECT 'a:' || id, id FROM rec ORDER BY rowid;
INSERT INTO search_fts (rowid, text) SELECT d.id, r.search FROM rec r JOIN search_docs d ON d.doc_id = 'a:' || r.id;
COMMIT;
${after(journal)}`;
}

/** Checks of the end state: each line `name|value`, every value 0 when it is right. */
export const VERIFY_SQL = `
SELECT 'archived tickets with messages left', count(*) FROM messages m JOIN archived_tickets a ON a.ticket_id = m.ticket_id WHERE a.state = 'archived';
SELECT 'archived tickets with entities left', count(*) FROM ticket_entities e JOIN archived_tickets a ON a.ticket_id = e.ticket_id WHERE a.state = 'archived';
SELECT 'archived tickets without one search record', count(*) FROM archived_tickets a WHERE a.state = 'archived'
   AND (SELECT count(*) FROM search_docs d JOIN search_fts f ON f.rowid = d.id WHERE d.doc_id = 'a:' || a.ticket_id) <> 1;
SELECT 'message documents without their message', count(*) FROM search_fts f WHERE f.rowid >= 1099511627776
   AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.rowid = f.rowid - 1099511627776);
SELECT 'search documents without their text', count(*) FROM search_docs d
 WHERE NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = d.id);
SELECT 'closed tickets due and not archived', count(*) FROM tickets t WHERE status = 'closed' AND closed_at < '%CUTOFF%'
   AND NOT EXISTS (SELECT 1 FROM archived_tickets a WHERE a.ticket_id = t.id AND a.state = 'archived');
`;
