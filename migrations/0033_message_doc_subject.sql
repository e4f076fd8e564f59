-- Rows written per new ticket (issue 16). A subject the customer gave (a Discord form's, a web form's, an email's)
-- is searched in its ticket's first message's document, before the text and a unit separator (migrations/0026).
-- Ingest wrote it there with an UPDATE of search_fts after the message's insert had written the document: a second
-- written row. The message now says so itself (subject_in_doc = 1, set by ingest on that first message only), and
-- the insert trigger writes the document whole, in one row. Nothing else changes: the other triggers already find
-- and keep such a prefix (search_message_body, search_ticket_subject). Existing rows and documents are kept as they
-- are (the column is NULL: no prefix, as for every message but these).
ALTER TABLE messages ADD COLUMN subject_in_doc INTEGER;
DROP TRIGGER IF EXISTS search_message_insert;
CREATE TRIGGER search_message_insert AFTER INSERT ON messages WHEN new.author <> 'bot' BEGIN
  INSERT INTO search_fts (rowid, text) VALUES (new.rowid + 1099511627776,
    CASE WHEN new.subject_in_doc = 1
      THEN COALESCE((SELECT t.subject || char(31) FROM tickets t WHERE t.id = new.ticket_id), '') ELSE '' END
    || new.body);
END;
