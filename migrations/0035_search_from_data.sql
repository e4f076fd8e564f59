-- The search indexes are derived from the data, so that the backups' rebuild (scripts/search-index.sql, docs/deploy.md
-- "Backups") can write them again exactly as the triggers did. That script replaces re-running the older migrations'
-- "rebuildable" sections (0004, 0014, 0026, 0028, 0029), which left 0033's trigger out and lost archived tickets'
-- search records.
--
-- People search: an identity moved onto a contact that has no document yet (one that never had an identity of its
-- own) was searchable nowhere: contact_search_identity_update only rewrote the new contact's document when it
-- existed (migrations/0029, made again unchanged by 0032). It now writes that document when it is missing, as
-- contact_search_identity_insert already did. A move onto a contact with a document writes the same rows as before.
-- Every contact without a document gets it here, once (the store writes every contact with its first identity, so
-- these are the ones such a move left, and contacts written without an identity, which the store does not do).
DROP TRIGGER IF EXISTS contact_search_identity_update;
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
INSERT INTO contact_search_fts (rowid, text)
  SELECT c.rowid, s.text FROM contacts c JOIN contact_search_text s ON s.contact_id = c.id
   WHERE NOT EXISTS (SELECT 1 FROM contact_search_fts f WHERE f.rowid = c.rowid);

-- Messages: before migrations/0033, ingest wrote a customer-given subject into the opening message's document with an
-- UPDATE, and the message did not say so. Such messages are marked subject_in_doc = 1 now, as 0033's ingest marks
-- them, so the document can be written again from the row. The check is the document itself (a renamed subject took
-- the prefix out, and has its own 't:' document).
UPDATE messages SET subject_in_doc = 1
 WHERE subject_in_doc IS NULL AND author <> 'bot'
   AND EXISTS (SELECT 1 FROM tickets t JOIN search_fts f ON f.rowid = messages.rowid + 1099511627776
                WHERE t.id = COALESCE(messages.origin_ticket_id, messages.ticket_id) AND t.subject IS NOT NULL
                  AND substr(f.text, 1, length(t.subject) + 1) = t.subject || char(31));
