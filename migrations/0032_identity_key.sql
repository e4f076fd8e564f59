-- Rows written per new sender (issue 16). channel_identities was keyed by its text id with a unique
-- (channel, external_id) beside it: two b-tree entries per new identity. Every lookup but one is by
-- (channel, external_id) (a message's sender, the contact of a sender, the upserts' ON CONFLICT), so that becomes the
-- key of the WITHOUT ROWID table, and the id a plain column (no index): the one reader by id (a live chat message's
-- sender, src/store/chat-read.ts) finds it among the ticket's contact's identities (channel_identities_contact).
-- Ids stay as they are (messages.sender_identity_id names them). Nothing references the table by foreign key, so it
-- is rebuilt in place, as migrations/0026 did; the people-search view and triggers that name it are dropped and made
-- again unchanged (a rename checks every view and trigger).
DROP TRIGGER contact_search_update;
DROP TRIGGER contact_search_identity_insert;
DROP TRIGGER contact_search_identity_update;
DROP TRIGGER contact_search_identity_delete;
DROP VIEW contact_search_text;

CREATE TABLE channel_identities_v32 (
  id            TEXT NOT NULL,
  contact_id    TEXT NOT NULL REFERENCES contacts (id),
  channel       TEXT NOT NULL CHECK (channel IN ('telegram', 'discord', 'email', 'webform')),
  external_id   TEXT NOT NULL,
  display_name  TEXT,
  reachable     INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  verified_at   TEXT,
  PRIMARY KEY (channel, external_id)
) WITHOUT ROWID;
INSERT INTO channel_identities_v32 (id, contact_id, channel, external_id, display_name, reachable, created_at,
    last_seen_at, verified_at)
  SELECT id, contact_id, channel, external_id, display_name, reachable, created_at, last_seen_at, verified_at
    FROM channel_identities;
DROP TABLE channel_identities;
ALTER TABLE channel_identities_v32 RENAME TO channel_identities;
CREATE INDEX channel_identities_contact ON channel_identities (contact_id);

CREATE VIEW contact_search_text (contact_id, text) AS
  SELECT c.id,
         COALESCE(c.name, '') || ' ' || COALESCE(c.email, '') || ' ' ||
         COALESCE((SELECT group_concat(i.external_id || ' ' || COALESCE(i.display_name, ''), ' ')
                     FROM channel_identities i WHERE i.contact_id = c.id), '')
    FROM contacts c;

CREATE TRIGGER contact_search_update AFTER UPDATE OF name, email ON contacts
  WHEN old.name IS NOT new.name OR old.email IS NOT new.email BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.id)
   WHERE rowid = new.rowid;
  INSERT INTO contact_search_fts (rowid, text)
    SELECT new.rowid, s.text FROM contact_search_text s
     WHERE s.contact_id = new.id AND NOT EXISTS (SELECT 1 FROM contact_search_fts f WHERE f.rowid = new.rowid);
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
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = old.contact_id)
   WHERE rowid = (SELECT rowid FROM contacts WHERE id = old.contact_id)
     AND old.contact_id IS NOT new.contact_id;
END;
CREATE TRIGGER contact_search_identity_delete AFTER DELETE ON channel_identities BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = old.contact_id)
   WHERE rowid = (SELECT rowid FROM contacts WHERE id = old.contact_id);
END;
