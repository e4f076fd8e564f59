-- Rows written per new customer (issue 16). A contact's people-search document was a contact_search_docs row (its
-- number, the FTS rowid) plus that row's contact_id index entry, besides the contact_search_fts row itself: 2 written
-- rows for every new contact. Now the FTS row is numbered by the contact's own rowid (contact_search_fts holds nothing
-- else), so a new contact costs its FTS row alone, written with its first identity as before (migrations/0026).
-- Contact rowids grow with time like the document numbers did (search's newest-first order, src/store/ticket-search.ts),
-- and nothing but a dump and restore renumbers them (docs/deploy.md "Backups" rebuilds the index from this file).
-- contact_search_docs stays, empty: the older sections the backups' rebuild re-runs still write it, and this one
-- empties it again.

-- The rebuildable part starts here: docs/deploy.md "Backups" re-runs it (sed -n '/^DROP TRIGGER IF EXISTS contact_search_insert/,$p')
-- after the older search sections, and it leaves every people-search trigger as it is now.
DROP TRIGGER IF EXISTS contact_search_insert;
DROP TRIGGER IF EXISTS contact_search_update;
DROP TRIGGER IF EXISTS contact_search_delete;
DROP TRIGGER IF EXISTS contact_search_identity_insert;
DROP TRIGGER IF EXISTS contact_search_identity_update;
DROP TRIGGER IF EXISTS contact_search_identity_delete;

-- Existing documents move to their contacts' rowids (through a plain table: FTS5 is not read and written by one
-- statement); documents of contacts that no longer exist go.
CREATE TABLE contact_search_moving AS
  SELECT c.rowid AS id, f.text AS text
    FROM contact_search_docs d JOIN contacts c ON c.id = d.contact_id JOIN contact_search_fts f ON f.rowid = d.id;
DELETE FROM contact_search_fts;
DELETE FROM contact_search_docs;
INSERT INTO contact_search_fts (rowid, text) SELECT id, text FROM contact_search_moving ORDER BY id;
DROP TABLE contact_search_moving;

-- A contact's document is written with its first identity (a contact is always created with one, in the same batch).
CREATE TRIGGER contact_search_identity_insert AFTER INSERT ON channel_identities BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.contact_id)
   WHERE rowid = (SELECT rowid FROM contacts WHERE id = new.contact_id);
  INSERT INTO contact_search_fts (rowid, text)
    SELECT c.rowid, s.text FROM contacts c JOIN contact_search_text s ON s.contact_id = c.id
     WHERE c.id = new.contact_id AND NOT EXISTS (SELECT 1 FROM contact_search_fts f WHERE f.rowid = c.rowid);
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, email ON contacts
  WHEN old.name IS NOT new.name OR old.email IS NOT new.email BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.id)
   WHERE rowid = new.rowid;
  INSERT INTO contact_search_fts (rowid, text)
    SELECT new.rowid, s.text FROM contact_search_text s
     WHERE s.contact_id = new.id AND NOT EXISTS (SELECT 1 FROM contact_search_fts f WHERE f.rowid = new.rowid);
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM contact_search_fts WHERE rowid = old.rowid;
END;
-- An identity renamed or moved to another contact (linking, a confirmed email): both contacts' texts.
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
