-- Rows written per new ticket (issue 16). D1 bills every index entry an INSERT adds, and every index entry an
-- UPDATE re-inserts (an index its SET list touches, when the row still matches a partial one), as a written row.

-- Active tickets: one partial index instead of four (tickets_sla_active, tickets_active_channel,
-- tickets_active_priority, tickets_active_assignee), each of which every new ticket wrote. The SLA sweep walks it
-- by created_at (src/store/sla.ts); the view and unread counts (src/store/view-counts.ts, unread-counts.ts) walk
-- it filtering on its columns, without reading the table (status too: any UPDATE of status re-inserts the entry of
-- a partial index on it anyway), and stop at VIEW_COUNT_LIMIT.
DROP INDEX IF EXISTS tickets_sla_active;
DROP INDEX IF EXISTS tickets_active_channel;
DROP INDEX IF EXISTS tickets_active_priority;
DROP INDEX IF EXISTS tickets_active_assignee;
CREATE INDEX tickets_active ON tickets (created_at, channel, priority, assignee_id, status)
  WHERE status IN ('new', 'open', 'pending');

-- A new ticket's knowledge-base suggestions (a JSON array of article ids; NULL when none) go in its own insert
-- rather than one kb_suggestions row (and its primary-key entry) each. Later suggestions on the ticket, rare,
-- stay rows of kb_suggestions; src/store/triage.ts reads both.
ALTER TABLE tickets ADD COLUMN kb_suggested TEXT;

-- The outbox: a message is in it while it has a due time (queued or sending; sent and failed clear it). Keyed on
-- next_attempt_at alone, claiming a message (status to 'sending', attempts, lease) no longer re-inserts its entry.
-- The sweep's `next_attempt_at < ?` implies the NOT NULL, so SQLite uses it (src/store/outbox.ts).
DROP INDEX IF EXISTS messages_outbox;
CREATE INDEX messages_outbox ON messages (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- Every stored customer message wrote an entry of search_docs_ticket. Its one reader, search's exact check of a
-- candidate ticket's own documents (src/store/ticket-list.ts), finds them by key instead: the subject's and the
-- archive's ('t:' and 'a:' || ticket id) and each message's ('m:' || message id, the ticket's messages through
-- messages_ticket).
DROP INDEX IF EXISTS search_docs_ticket;

-- channel_identities becomes a WITHOUT ROWID table: keyed by its text id, a new identity is one b-tree entry instead
-- of a rowid row plus its primary key's index entry (each a written row; its rowid was never used). No foreign key
-- points at it, so it is rebuilt in place. (contacts would save the same, but tickets and link_codes reference it,
-- and dropping a referenced table fails the migration's foreign key check.)
DROP TRIGGER contact_search_insert;
DROP TRIGGER contact_search_update;
DROP TRIGGER contact_search_delete;
DROP TRIGGER contact_search_identity_insert;
DROP TRIGGER contact_search_identity_update;
DROP TRIGGER contact_search_identity_delete;
DROP VIEW IF EXISTS contact_search_text;

CREATE TABLE channel_identities_v26 (
  id            TEXT PRIMARY KEY,
  contact_id    TEXT NOT NULL REFERENCES contacts (id),
  channel       TEXT NOT NULL CHECK (channel IN ('telegram', 'discord', 'email', 'webform')),
  external_id   TEXT NOT NULL,
  display_name  TEXT,
  reachable     INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  verified_at   TEXT,
  UNIQUE (channel, external_id)
) WITHOUT ROWID;
INSERT INTO channel_identities_v26 (id, contact_id, channel, external_id, display_name, reachable, created_at,
    last_seen_at, verified_at)
  SELECT id, contact_id, channel, external_id, display_name, reachable, created_at, last_seen_at, verified_at
    FROM channel_identities;

DROP TABLE channel_identities;
ALTER TABLE channel_identities_v26 RENAME TO channel_identities;
CREATE INDEX channel_identities_contact ON channel_identities (contact_id);

-- What a contact is found by (as migrations/0014): name, email, every identity's external id and display name.
CREATE VIEW contact_search_text (contact_id, text) AS
  SELECT c.id,
         COALESCE(c.name, '') || ' ' || COALESCE(c.email, '') || ' ' ||
         COALESCE((SELECT group_concat(i.external_id || ' ' || COALESCE(i.display_name, ''), ' ')
                     FROM channel_identities i WHERE i.contact_id = c.id), '')
    FROM contacts c;


-- The same for email_verifications (a web form's typed address: written with its ticket) and email_threads (an
-- email ticket's reply token: written with its first answer): WITHOUT ROWID, one entry fewer per row. Nothing
-- references either, and neither's rowid was used. (email_sent would save one more per email answer, but the
-- archive reads its rows in rowid order.)
CREATE TABLE email_verifications_v26 (
  id          TEXT PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  ticket_id   TEXT NOT NULL REFERENCES tickets (id),
  -- the address the link was mailed to, lowercased
  email       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  outcome     TEXT CHECK (outcome IN ('confirmed', 'superseded'))
) WITHOUT ROWID;
INSERT INTO email_verifications_v26 (id, token_hash, ticket_id, email, created_at, expires_at, used_at, outcome)
  SELECT id, token_hash, ticket_id, email, created_at, expires_at, used_at, outcome FROM email_verifications;
DROP TABLE email_verifications;
ALTER TABLE email_verifications_v26 RENAME TO email_verifications;
CREATE INDEX email_verifications_ticket ON email_verifications (ticket_id, created_at);
CREATE INDEX email_verifications_email ON email_verifications (email, created_at);

CREATE TABLE email_threads_v26 (
  ticket_id    TEXT PRIMARY KEY REFERENCES tickets (id),
  reply_token  TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO email_threads_v26 (ticket_id, reply_token, created_at)
  SELECT ticket_id, reply_token, created_at FROM email_threads;
DROP TABLE email_threads;
ALTER TABLE email_threads_v26 RENAME TO email_threads;

-- And email_inbound (every inbound email's record, follow-ups too), keyed by its Message-ID; the archive's
-- references into it are read in that key's order (src/store/archive.ts).
CREATE TABLE email_inbound_v26 (
  message_id_header  TEXT PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('message', 'auto_reply', 'bounce', 'own', 'rate_limited')),
  source             TEXT NOT NULL CHECK (source IN ('cloudflare', 'mailgun', 'postmark', 'sendgrid')),
  sender             TEXT NOT NULL,
  subject            TEXT,
  raw_r2_key         TEXT,
  message_id         TEXT REFERENCES messages (id),
  ticket_id          TEXT REFERENCES tickets (id),
  detail             TEXT,
  created_at         TEXT NOT NULL,
  sender_verified    INTEGER NOT NULL DEFAULT 1,
  auth               TEXT,
  original_withheld  TEXT
) WITHOUT ROWID;
INSERT INTO email_inbound_v26 (message_id_header, kind, source, sender, subject, raw_r2_key, message_id, ticket_id,
    detail, created_at, sender_verified, auth, original_withheld)
  SELECT message_id_header, kind, source, sender, subject, raw_r2_key, message_id, ticket_id, detail, created_at,
      sender_verified, auth, original_withheld
    FROM email_inbound;
DROP TABLE email_inbound;
ALTER TABLE email_inbound_v26 RENAME TO email_inbound;
CREATE INDEX email_inbound_message ON email_inbound (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX email_inbound_sender ON email_inbound (sender, sender_verified, created_at);

-- From here to the end of the file is rebuildable, like the ends of 0004_staff.sql and 0014_search_people.sql:
-- docs/deploy.md "Backups" re-runs it (sed -n '/^DROP TRIGGER IF EXISTS contact_search_insert/,$p') after theirs.
-- A contact's people-search document is written once, with its first identity in it: a contact is always created
-- with one (src/store/ingest.ts, contacts.ts, link-codes.ts, email-claims.ts, each in the same batch), so its
-- insert adds the document's key and the identity's insert its text; before, the identity rewrote the text the
-- contact's insert had just written. Any later identity, rename or move updates the text as before, and adds it if a
-- contact somehow has none yet.
DROP TRIGGER IF EXISTS contact_search_insert;
CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contact_search_docs (contact_id) VALUES (new.id);
END;
DROP TRIGGER IF EXISTS contact_search_identity_insert;
CREATE TRIGGER contact_search_identity_insert AFTER INSERT ON channel_identities BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.contact_id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = new.contact_id);
  INSERT INTO contact_search_fts (rowid, text)
    SELECT d.id, s.text FROM contact_search_docs d JOIN contact_search_text s ON s.contact_id = d.contact_id
     WHERE d.contact_id = new.contact_id AND NOT EXISTS (SELECT 1 FROM contact_search_fts f WHERE f.rowid = d.id);
END;
DROP TRIGGER IF EXISTS contact_search_update;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, email ON contacts
  WHEN old.name IS NOT new.name OR old.email IS NOT new.email BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = new.id);
  INSERT INTO contact_search_fts (rowid, text)
    SELECT d.id, s.text FROM contact_search_docs d JOIN contact_search_text s ON s.contact_id = d.contact_id
     WHERE d.contact_id = new.id AND NOT EXISTS (SELECT 1 FROM contact_search_fts f WHERE f.rowid = d.id);
END;
DROP TRIGGER IF EXISTS contact_search_delete;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM contact_search_fts WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = old.id);
  DELETE FROM contact_search_docs WHERE contact_id = old.id;
END;
-- An identity renamed or moved to another contact (linking, a confirmed email): both contacts' texts.
DROP TRIGGER IF EXISTS contact_search_identity_update;
CREATE TRIGGER contact_search_identity_update AFTER UPDATE OF contact_id, external_id, display_name ON channel_identities
  WHEN old.contact_id IS NOT new.contact_id OR old.external_id IS NOT new.external_id
    OR old.display_name IS NOT new.display_name BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = new.contact_id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = new.contact_id);
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = old.contact_id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = old.contact_id)
     AND old.contact_id IS NOT new.contact_id;
END;
DROP TRIGGER IF EXISTS contact_search_identity_delete;
CREATE TRIGGER contact_search_identity_delete AFTER DELETE ON channel_identities BEGIN
  UPDATE contact_search_fts SET text = (SELECT text FROM contact_search_text WHERE contact_id = old.contact_id)
   WHERE rowid = (SELECT id FROM contact_search_docs WHERE contact_id = old.contact_id);
END;

-- A subject the customer gave (a web form's, an email's, a Discord form's) is no longer a search document of its own
-- (search_docs row, its key's index entry, the FTS row): src/store/ingest.ts writes it into the opening message's
-- document, before the body and a unit separator (char(31)). When staff (or redaction, src/store/thread.ts) change
-- the subject, it comes out of there again, and the new one gets its own document as before (migrations/0024).
DROP TRIGGER IF EXISTS search_ticket_insert;
DROP TRIGGER IF EXISTS search_ticket_subject;
CREATE TRIGGER search_ticket_subject AFTER UPDATE OF subject ON tickets WHEN new.subject IS NOT old.subject BEGIN
  UPDATE search_fts SET text = substr(text, length(old.subject) + 2)
   WHERE rowid IN (SELECT d.id FROM messages m JOIN search_docs d ON d.doc_id = 'm:' || m.id WHERE m.ticket_id = new.id
                   UNION ALL
                   SELECT d.id FROM messages m JOIN search_docs d ON d.doc_id = 'm:' || m.id
                    WHERE m.origin_ticket_id = new.id AND m.origin_ticket_id <> m.ticket_id)
     AND substr(text, 1, length(old.subject) + 1) = old.subject || char(31);
  UPDATE search_fts SET text = new.subject
   WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 't:' || new.id);
  INSERT INTO search_docs (doc_id, ticket_id) SELECT 't:' || new.id, new.id
   WHERE NOT EXISTS (SELECT 1 FROM search_docs WHERE doc_id = 't:' || new.id);
  INSERT INTO search_fts (rowid, text) SELECT d.id, new.subject FROM search_docs d
   WHERE d.doc_id = 't:' || new.id AND NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = d.id);
END;
-- A message's text changed (an edit, a redaction): its document keeps the subject in front when it had it.
DROP TRIGGER IF EXISTS search_message_body;
CREATE TRIGGER search_message_body AFTER UPDATE OF body ON messages BEGIN
  UPDATE search_fts SET text = COALESCE((SELECT t.subject || char(31) FROM tickets t
       WHERE t.id = COALESCE(new.origin_ticket_id, new.ticket_id)
         AND substr(search_fts.text, 1, length(t.subject) + 1) = t.subject || char(31)), '') || new.body
   WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 'm:' || new.id);
END;
