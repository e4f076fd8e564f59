-- Relaydesk schema v25: hot and cold (issue 16). Tickets closed for `closed_days` move their messages
-- (with attachments' rows, edits, parts, mentions, audit rows, KB suggestions, read markers and entities)
-- to R2 as one gzipped JSON document per ticket (src/pipeline/archive.ts). The ticket row, its tags, its
-- email thread and incident links stay, so numbers, contacts and `/t/` links still resolve; this table
-- keeps what staff need without R2 (the entities, the list's last message) and the move's state.
CREATE TABLE archive_settings (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  enabled      INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  closed_days  INTEGER NOT NULL DEFAULT 90 CHECK (closed_days BETWEEN 1 AND 3650),
  -- Keyset position of the scan over closed tickets (closed_at, id): each run resumes after it.
  scan_closed_at TEXT NOT NULL DEFAULT '',
  scan_id        TEXT NOT NULL DEFAULT '',
  updated_at   TEXT NOT NULL,
  updated_by   TEXT REFERENCES staff_users (id)
);
INSERT INTO archive_settings (id, enabled, closed_days, updated_at) VALUES (1, 1, 90, '1970-01-01T00:00:00.000Z');

-- One row per ticket that was (or is being) archived. state: written (the R2 object exists) ->
-- verified (read back, hash and counts match) -> archived (rows deleted, in one batch); restored when
-- a customer or staff member brought it back.
CREATE TABLE archived_tickets (
  ticket_id          TEXT PRIMARY KEY REFERENCES tickets (id),
  state              TEXT NOT NULL CHECK (state IN ('written', 'verified', 'archived', 'restored')),
  r2_key             TEXT NOT NULL,
  sha256             TEXT NOT NULL,
  message_count      INTEGER NOT NULL,
  row_count          INTEGER NOT NULL,
  bytes              INTEGER NOT NULL,
  -- The ticket's updated_at when the document was written: the delete re-checks it.
  ticket_updated_at  TEXT NOT NULL,
  entities           TEXT NOT NULL DEFAULT '[]',
  last_message       TEXT,
  created_at         TEXT NOT NULL,
  archived_at        TEXT,
  restored_at        TEXT
);
-- The moves left half done (resumed first) and restored tickets waiting to be archived again.
CREATE INDEX archived_tickets_pending ON archived_tickets (state, restored_at) WHERE state <> 'archived';

-- Attachments of archived tickets stay downloadable by id without opening the archive.
CREATE TABLE archived_attachments (
  id            TEXT PRIMARY KEY,
  ticket_id     TEXT NOT NULL REFERENCES tickets (id),
  r2_key        TEXT NOT NULL,
  filename      TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL
);
CREATE INDEX archived_attachments_ticket ON archived_attachments (ticket_id);

-- The archive scan walks closed tickets by when they closed.
CREATE INDEX tickets_closed ON tickets (closed_at, id) WHERE status = 'closed';

-- A batch's guard: inserting ok = 0 fails the CHECK and rolls the whole batch back (nothing is ever stored).
CREATE TABLE archive_guard (ok INTEGER CHECK (ok = 1));
