-- Before an SQL dump (docs/deploy.md "Backups"): D1's export cannot read the FTS5 search indexes, so they go, and
-- scripts/search-index.sql writes them again from the data after the export (or after a restore into an empty
-- database). Run with: npx wrangler d1 execute DB --remote --file scripts/search-index-drop.sql
--
-- Every message's and every customer's document is written again from its row. Two kinds of document are not: a
-- renamed subject's ('t:') and an archived ticket's ('a:', whose messages are in R2), so they are kept first in
-- search_kept, a plain table the export includes. Run twice, the second run stops at the missing search_fts and
-- leaves search_kept as the first run wrote it.
CREATE TABLE IF NOT EXISTS search_kept (
  id         INTEGER PRIMARY KEY,
  doc_id     TEXT NOT NULL,
  ticket_id  TEXT NOT NULL,
  text       TEXT
);
INSERT OR IGNORE INTO search_kept (id, doc_id, ticket_id, text)
  SELECT d.id, d.doc_id, d.ticket_id, f.text FROM search_docs d JOIN search_fts f ON f.rowid = d.id;
DROP TRIGGER IF EXISTS contact_search_delete;
DROP TRIGGER IF EXISTS contact_search_identity_delete;
DROP TRIGGER IF EXISTS contact_search_identity_insert;
DROP TRIGGER IF EXISTS contact_search_identity_update;
DROP TRIGGER IF EXISTS contact_search_update;
DROP TRIGGER IF EXISTS search_message_body;
DROP TRIGGER IF EXISTS search_message_delete;
DROP TRIGGER IF EXISTS search_message_insert;
DROP TRIGGER IF EXISTS search_ticket_delete;
DROP TRIGGER IF EXISTS search_ticket_subject;
DROP TABLE search_fts;
DELETE FROM search_docs;
DROP TABLE IF EXISTS contact_search_fts;
