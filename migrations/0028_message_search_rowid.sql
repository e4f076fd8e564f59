-- Rows written per message (issue 16). A message's search document was a search_docs row ('m:' || its id, the FTS
-- rowid) plus that row's doc_id index entry plus the search_fts row: 3 written rows for every customer and staff
-- message. Now the FTS row is numbered by the message's own rowid, offset by 2^40 (1099511627776) so it never meets
-- the numbers search_docs gives the documents it still keeps (a renamed subject's 't:', an archived ticket's 'a:'):
-- 1 written row. The ticket behind a hit is the message's (src/store/ticket-search.ts), so a merge moving messages
-- has nothing to update. Message rowids grow with time like search_docs ids did (the search's newest-first order),
-- and nothing but a dump and restore renumbers them (docs/deploy.md "Backups" rebuilds the index from this file).

-- The rebuildable part starts here: docs/deploy.md "Backups" re-runs it (sed -n '/^DROP TRIGGER IF EXISTS search_ticket_insert/,$p')
-- after the older search sections, and it leaves every search trigger as it is now, whatever ran before it.
DROP TRIGGER IF EXISTS search_ticket_insert;
DROP TRIGGER IF EXISTS search_message_insert;
DROP TRIGGER IF EXISTS search_message_body;
DROP TRIGGER IF EXISTS search_message_move;
DROP TRIGGER IF EXISTS search_message_delete;
DROP TRIGGER IF EXISTS search_ticket_subject;

-- Existing message documents move to their new numbers (through a plain table: FTS5 is not read and written by one
-- statement), and documents of messages that no longer exist go.
CREATE TABLE search_docs_moving AS
  SELECT m.rowid + 1099511627776 AS id, f.text AS text, d.id AS old_id
    FROM search_docs d JOIN messages m ON d.doc_id = 'm:' || m.id JOIN search_fts f ON f.rowid = d.id
   WHERE m.author <> 'bot';
DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE doc_id LIKE 'm:%');
DELETE FROM search_docs WHERE doc_id LIKE 'm:%';
INSERT INTO search_fts (rowid, text) SELECT id, text FROM search_docs_moving ORDER BY id;
DROP TABLE search_docs_moving;

CREATE TRIGGER search_message_insert AFTER INSERT ON messages WHEN new.author <> 'bot' BEGIN
  INSERT INTO search_fts (rowid, text) VALUES (new.rowid + 1099511627776, new.body);
END;

-- A message's text changed (an edit, a redaction): its document keeps the subject in front when it had it.
CREATE TRIGGER search_message_body AFTER UPDATE OF body ON messages WHEN new.author <> 'bot' BEGIN
  UPDATE search_fts SET text = COALESCE((SELECT t.subject || char(31) FROM tickets t
       WHERE t.id = COALESCE(new.origin_ticket_id, new.ticket_id)
         AND substr(search_fts.text, 1, length(t.subject) + 1) = t.subject || char(31)), '') || new.body
   WHERE rowid = new.rowid + 1099511627776;
END;

CREATE TRIGGER search_message_delete AFTER DELETE ON messages BEGIN
  DELETE FROM search_fts WHERE rowid = old.rowid + 1099511627776;
END;

-- A subject the customer gave is in the opening message's document (migrations/0026); changing the subject takes it
-- out of there, and the new one gets a document of its own.
CREATE TRIGGER search_ticket_subject AFTER UPDATE OF subject ON tickets WHEN new.subject IS NOT old.subject BEGIN
  UPDATE search_fts SET text = substr(text, length(old.subject) + 2)
   WHERE rowid IN (SELECT m.rowid + 1099511627776 FROM messages m WHERE m.ticket_id = new.id
                   UNION ALL
                   SELECT m.rowid + 1099511627776 FROM messages m
                    WHERE m.origin_ticket_id = new.id AND m.origin_ticket_id <> m.ticket_id)
     AND substr(text, 1, length(old.subject) + 1) = old.subject || char(31);
  UPDATE search_fts SET text = new.subject
   WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 't:' || new.id);
  INSERT INTO search_docs (doc_id, ticket_id) SELECT 't:' || new.id, new.id
   WHERE NOT EXISTS (SELECT 1 FROM search_docs WHERE doc_id = 't:' || new.id);
  INSERT INTO search_fts (rowid, text) SELECT d.id, new.subject FROM search_docs d
   WHERE d.doc_id = 't:' || new.id AND NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = d.id);
END;
