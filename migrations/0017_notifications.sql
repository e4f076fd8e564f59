-- Relaydesk schema v17: per-agent notifications and @mentions in internal notes (issue 14).

-- What each staff member wants to be told about, as a desktop notification and as a sound. A missing row
-- means every switch is off (the defaults: nothing pops up or plays until the agent turns it on).
CREATE TABLE staff_notification_settings (
  staff_id                 TEXT PRIMARY KEY REFERENCES staff_users (id),
  desktop_new_ticket       INTEGER NOT NULL DEFAULT 0 CHECK (desktop_new_ticket IN (0, 1)),
  desktop_customer_reply   INTEGER NOT NULL DEFAULT 0 CHECK (desktop_customer_reply IN (0, 1)),
  desktop_mention          INTEGER NOT NULL DEFAULT 0 CHECK (desktop_mention IN (0, 1)),
  desktop_sla_breach       INTEGER NOT NULL DEFAULT 0 CHECK (desktop_sla_breach IN (0, 1)),
  sound_new_ticket         INTEGER NOT NULL DEFAULT 0 CHECK (sound_new_ticket IN (0, 1)),
  sound_customer_reply     INTEGER NOT NULL DEFAULT 0 CHECK (sound_customer_reply IN (0, 1)),
  sound_mention            INTEGER NOT NULL DEFAULT 0 CHECK (sound_mention IN (0, 1)),
  sound_sla_breach         INTEGER NOT NULL DEFAULT 0 CHECK (sound_sla_breach IN (0, 1)),
  updated_at               TEXT NOT NULL
) WITHOUT ROWID;

-- Who an internal note mentions (@name), resolved to staff ids when the note is stored. A mention is unread for
-- its staff member while it is newer than their staff_ticket_reads marker on the ticket.
CREATE TABLE note_mentions (
  message_id  TEXT NOT NULL REFERENCES messages (id),
  staff_id    TEXT NOT NULL REFERENCES staff_users (id),
  ticket_id   TEXT NOT NULL REFERENCES tickets (id),
  author_id   TEXT NOT NULL REFERENCES staff_users (id),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (message_id, staff_id)
) WITHOUT ROWID;
-- The list's "mentioned" marker and the unread-mention count: one agent's mentions per ticket, newest last.
CREATE INDEX note_mentions_staff_ticket ON note_mentions (staff_id, ticket_id, created_at);
