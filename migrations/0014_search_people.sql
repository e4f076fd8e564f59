-- Relaydesk schema v14: staff search finds customers by name, email, channel ids and display names
-- (a Telegram user id, a Discord name), and no longer indexes the bot's own texts: its
-- acknowledgement mentions "2FA", "password" and "TxID", so those words used to match every ticket.

-- One search document per contact, with a stable INTEGER id (the FTS rowid), as search_docs does
-- for tickets and messages.
CREATE TABLE contact_search_docs (
  id          INTEGER PRIMARY KEY,
  contact_id  TEXT NOT NULL UNIQUE
);

-- What a contact is found by: name, email, and every channel identity's external id and display name.
CREATE VIEW contact_search_text (contact_id, text) AS
  SELECT c.id,
         COALESCE(c.name, '') || ' ' || COALESCE(c.email, '') || ' ' ||
         COALESCE((SELECT group_concat(i.external_id || ' ' || COALESCE(i.display_name, ''), ' ')
                     FROM channel_identities i WHERE i.contact_id = c.id), '')
    FROM contacts c;

-- From here to the end of the file is rebuildable, like the end of 0004_staff.sql: docs/deploy.md
-- "Backups" re-runs it (sed -n '/^DROP TRIGGER IF EXISTS search_message_insert/,$p') after 0004's part.
DROP TRIGGER IF EXISTS search_message_insert;
CREATE TRIGGER search_message_insert AFTER INSERT ON messages WHEN new.author <> 'bot' BEGIN
  INSERT INTO search_docs (doc_id, ticket_id) VALUES ('m:' || new.id, new.ticket_id);
  INSERT INTO search_fts (rowid, text)
    VALUES ((SELECT id FROM search_docs WHERE doc_id = 'm:' || new.id), new.body);
END;
DELETE FROM search_fts WHERE rowid IN
  (SELECT d.id FROM search_docs d JOIN messages m ON d.doc_id = 'm:' || m.id WHERE m.author = 'bot');
DELETE FROM search_docs WHERE doc_id IN (SELECT 'm:' || id FROM messages WHERE author = 'bot');

CREATE VIRTUAL TABLE contact_search_fts USING fts5 (text, tokenize = 'trigram');

CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contact_search_docs (contact_id) VALUES (new.id);
  INSERT INTO contact_search_fts (rowid, text)
    SELECT (SELECT id FROM contact_search_docs WHERE contact_id = new.id), text
      FROM contact_search_text WHERE contact_id = new.id;
END;

CREATE TRIGGER contact_search_update AFTER UPDATE OF name, email ON contacts
  WHEN old.name IS NOT new.name OR old.email IS NOT new.email BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = new.id);
END;

CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM contact_search_fts WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = old.id);
  DELETE FROM contact_search_docs WHERE contact_id = old.id;
END;

CREATE TRIGGER contact_search_identity_insert AFTER INSERT ON channel_identities BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.contact_id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = new.contact_id);
END;

-- An identity renamed or moved to another contact (linking, a confirmed email): both contacts' texts.
CREATE TRIGGER contact_search_identity_update AFTER UPDATE OF contact_id, external_id, display_name ON channel_identities
  WHEN old.contact_id IS NOT new.contact_id OR old.external_id IS NOT new.external_id
    OR old.display_name IS NOT new.display_name BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.contact_id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = new.contact_id);
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = old.contact_id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = old.contact_id)
     AND old.contact_id IS NOT new.contact_id;
END;

CREATE TRIGGER contact_search_identity_delete AFTER DELETE ON channel_identities BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = old.contact_id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = old.contact_id);
END;

-- Index the contacts that existed before this migration.
INSERT INTO contact_search_docs (contact_id) SELECT id FROM contacts;
INSERT INTO contact_search_fts (rowid, text)
  SELECT d.id, s.text FROM contact_search_docs d JOIN contact_search_text s ON s.contact_id = d.contact_id;
