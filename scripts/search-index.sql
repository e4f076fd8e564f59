-- Writes the search indexes again from the data: after scripts/search-index-drop.sql and an export, or after a
-- restore of such an export into an empty database (docs/deploy.md "Backups"). The documents are what the triggers
-- would have written (test/unit/docs/backup-rebuild.test.ts compares both), and the triggers are made again as the
-- migrations leave them; a migration that changes a search trigger changes it here too.
-- Run with: npx wrangler d1 execute DB --remote --file scripts/search-index.sql
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
DROP TABLE IF EXISTS search_fts;
DROP TABLE IF EXISTS contact_search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5 (text, tokenize = 'trigram');
CREATE VIRTUAL TABLE contact_search_fts USING fts5 (text, tokenize = 'trigram');

-- The documents search-index-drop.sql kept (none when it did not run): a renamed subject's and an archived ticket's,
-- with their numbers, while their ticket still exists.
CREATE TABLE IF NOT EXISTS search_kept (
  id         INTEGER PRIMARY KEY,
  doc_id     TEXT NOT NULL,
  ticket_id  TEXT NOT NULL,
  text       TEXT
);
DELETE FROM search_docs;
INSERT INTO search_docs (id, doc_id, ticket_id)
  SELECT k.id, k.doc_id, k.ticket_id FROM search_kept k WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.id = k.ticket_id);
INSERT INTO search_fts (rowid, text) SELECT k.id, k.text FROM search_kept k JOIN search_docs d ON d.id = k.id ORDER BY k.id;
DROP TABLE search_kept;

-- A message's document, numbered by its rowid (migrations/0028): its text, after its ticket's subject when it opened
-- the ticket with a subject the customer gave (subject_in_doc, migrations/0033 and 0035) and the subject was not
-- renamed since (a renamed subject is its own 't:' document, kept above).
INSERT INTO search_fts (rowid, text)
  SELECT m.rowid + 1099511627776,
         CASE WHEN m.subject_in_doc = 1 AND NOT EXISTS (
                SELECT 1 FROM search_docs d WHERE d.doc_id = 't:' || COALESCE(m.origin_ticket_id, m.ticket_id))
           THEN COALESCE((SELECT t.subject || char(31) FROM tickets t
                           WHERE t.id = COALESCE(m.origin_ticket_id, m.ticket_id)), '') ELSE '' END
         || m.body
    FROM messages m WHERE m.author <> 'bot' ORDER BY m.rowid;

-- A customer's document, numbered by the contact's rowid (migrations/0029). Every contact has one: the triggers write
-- it with the contact's first identity, which the store writes in the same batch as the contact.
INSERT INTO contact_search_fts (rowid, text)
  SELECT c.rowid, s.text FROM contacts c JOIN contact_search_text s ON s.contact_id = c.id ORDER BY c.rowid;

-- The triggers that keep both in step, as the migrations leave them.
CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM contact_search_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER contact_search_identity_delete AFTER DELETE ON channel_identities BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = old.contact_id)
   WHERE rowid = (SELECT rowid FROM contacts WHERE id = old.contact_id);
END;
CREATE TRIGGER contact_search_identity_insert AFTER INSERT ON channel_identities BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.contact_id)
   WHERE rowid = (SELECT rowid FROM contacts WHERE id = new.contact_id);
  INSERT INTO contact_search_fts (rowid, text)
    SELECT c.rowid, s.text FROM contacts c JOIN contact_search_text s ON s.contact_id = c.id
     WHERE c.id = new.contact_id AND NOT EXISTS (SELECT 1 FROM contact_search_fts f WHERE f.rowid = c.rowid);
END;
CREATE TRIGGER contact_search_identity_update AFTER UPDATE OF contact_id, external_id, display_name ON channel_identities
  WHEN old.contact_id IS NOT new.contact_id OR old.external_id IS NOT new.external_id
    OR old.display_name IS NOT new.display_name BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.contact_id)
   WHERE rowid = (SELECT rowid FROM contacts WHERE id = new.contact_id);
  INSERT INTO contact_search_fts (rowid, text)
    SELECT c.rowid, s.text FROM contacts c JOIN contact_search_text s ON s.contact_id = c.id
     WHERE c.id = new.contact_id AND NOT EXISTS (SELECT 1 FROM contact_search_fts f WHERE f.rowid = c.rowid);
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = old.contact_id)
   WHERE rowid = (SELECT rowid FROM contacts WHERE id = old.contact_id)
     AND old.contact_id IS NOT new.contact_id;
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, email ON contacts
  WHEN old.name IS NOT new.name OR old.email IS NOT new.email BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.id)
   WHERE rowid = new.rowid;
  INSERT INTO contact_search_fts (rowid, text)
    SELECT new.rowid, s.text FROM contact_search_text s
     WHERE s.contact_id = new.id AND NOT EXISTS (SELECT 1 FROM contact_search_fts f WHERE f.rowid = new.rowid);
END;
CREATE TRIGGER search_message_body AFTER UPDATE OF body ON messages WHEN new.author <> 'bot' BEGIN
  UPDATE search_fts SET text = COALESCE((SELECT t.subject || char(31) FROM tickets t
       WHERE t.id = COALESCE(new.origin_ticket_id, new.ticket_id)
         AND substr(search_fts.text, 1, length(t.subject) + 1) = t.subject || char(31)), '') || new.body
   WHERE rowid = new.rowid + 1099511627776;
END;
CREATE TRIGGER search_message_delete AFTER DELETE ON messages BEGIN
  DELETE FROM search_fts WHERE rowid = old.rowid + 1099511627776;
END;
CREATE TRIGGER search_message_insert AFTER INSERT ON messages WHEN new.author <> 'bot' BEGIN
  INSERT INTO search_fts (rowid, text) VALUES (new.rowid + 1099511627776,
    CASE WHEN new.subject_in_doc = 1
      THEN COALESCE((SELECT t.subject || char(31) FROM tickets t WHERE t.id = new.ticket_id), '') ELSE '' END
    || new.body);
END;
CREATE TRIGGER search_ticket_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 't:' || old.id);
  DELETE FROM search_docs WHERE doc_id = 't:' || old.id;
END;
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
