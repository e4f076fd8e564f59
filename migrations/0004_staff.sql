-- Relaydesk schema v4: the staff feed: browser sessions, read markers, canned replies,
-- ticket merges and full-text search.

-- Browser sessions of /staff. The cookie holds a random secret; only its SHA-256 is stored.
CREATE TABLE staff_sessions (
  id_hash      TEXT PRIMARY KEY,
  staff_id     TEXT NOT NULL REFERENCES staff_users (id),
  -- the API token used to sign in (NULL: bootstrap secret or Cloudflare Access); revoking it ends the session
  token_id     TEXT REFERENCES staff_tokens (id),
  via          TEXT NOT NULL CHECK (via IN ('token', 'access')),
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);

-- When a staff member last opened a ticket: customer messages after this are unread for them.
CREATE TABLE staff_ticket_reads (
  staff_id   TEXT NOT NULL REFERENCES staff_users (id),
  ticket_id  TEXT NOT NULL REFERENCES tickets (id),
  read_at    TEXT NOT NULL,
  PRIMARY KEY (staff_id, ticket_id)
) WITHOUT ROWID;

-- Canned replies; bodies may use {{customer_name}} and {{ticket_number}}.
CREATE TABLE canned_replies (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  language    TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'zh')),
  created_by  TEXT NOT NULL REFERENCES staff_users (id),
  created_at  TEXT NOT NULL
);
CREATE INDEX canned_replies_title ON canned_replies (language, title);

-- A ticket merged into another: closed, its messages moved, and it points at the result.
ALTER TABLE tickets ADD COLUMN merged_into_id TEXT REFERENCES tickets (id);
CREATE INDEX tickets_merged_into ON tickets (merged_into_id) WHERE merged_into_id IS NOT NULL;
CREATE INDEX messages_ticket_direction ON messages (ticket_id, direction, created_at);

-- Full-text search over ticket subjects and message bodies.
-- search_docs maps each indexed document ('t:<ticket id>' or 'm:<message id>') to its ticket
-- and gives it a stable INTEGER id (the FTS rowid); the text itself lives in search_fts.
-- The trigram tokenizer matches any substring of 3+ characters, so Chinese (no spaces) works.
-- Triggers keep both in sync on insert, edit, delete, and when a merge moves messages.
-- NOTE: `wrangler d1 export` refuses databases with virtual tables; see README "Backups".
CREATE TABLE search_docs (
  id         INTEGER PRIMARY KEY,
  doc_id     TEXT NOT NULL UNIQUE,
  ticket_id  TEXT NOT NULL
);
CREATE INDEX search_docs_ticket ON search_docs (ticket_id);

-- From here to the end of the file is the rebuildable search index: README "Backups" re-runs it
-- (sed -n '/^CREATE VIRTUAL TABLE search_fts/,$p') after an export. Keep it self-contained.
CREATE VIRTUAL TABLE search_fts USING fts5 (text, tokenize = 'trigram');

CREATE TRIGGER search_ticket_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO search_docs (doc_id, ticket_id) VALUES ('t:' || new.id, new.id);
  INSERT INTO search_fts (rowid, text)
    VALUES ((SELECT id FROM search_docs WHERE doc_id = 't:' || new.id), new.subject);
END;

CREATE TRIGGER search_ticket_subject AFTER UPDATE OF subject ON tickets BEGIN
  UPDATE search_fts SET text = new.subject
   WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 't:' || new.id);
END;

CREATE TRIGGER search_ticket_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 't:' || old.id);
  DELETE FROM search_docs WHERE doc_id = 't:' || old.id;
END;

CREATE TRIGGER search_message_insert AFTER INSERT ON messages BEGIN
  INSERT INTO search_docs (doc_id, ticket_id) VALUES ('m:' || new.id, new.ticket_id);
  INSERT INTO search_fts (rowid, text)
    VALUES ((SELECT id FROM search_docs WHERE doc_id = 'm:' || new.id), new.body);
END;

CREATE TRIGGER search_message_body AFTER UPDATE OF body ON messages BEGIN
  UPDATE search_fts SET text = new.body
   WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 'm:' || new.id);
END;

-- A merge moves messages to another ticket.
CREATE TRIGGER search_message_move AFTER UPDATE OF ticket_id ON messages BEGIN
  UPDATE search_docs SET ticket_id = new.ticket_id WHERE doc_id = 'm:' || new.id;
END;

CREATE TRIGGER search_message_delete AFTER DELETE ON messages BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 'm:' || old.id);
  DELETE FROM search_docs WHERE doc_id = 'm:' || old.id;
END;

-- Index what existed before this migration.
INSERT INTO search_docs (doc_id, ticket_id) SELECT 't:' || id, id FROM tickets;
INSERT INTO search_docs (doc_id, ticket_id) SELECT 'm:' || id, ticket_id FROM messages;
INSERT INTO search_fts (rowid, text)
  SELECT d.id, t.subject FROM search_docs d JOIN tickets t ON d.doc_id = 't:' || t.id;
INSERT INTO search_fts (rowid, text)
  SELECT d.id, m.body FROM search_docs d JOIN messages m ON d.doc_id = 'm:' || m.id;
