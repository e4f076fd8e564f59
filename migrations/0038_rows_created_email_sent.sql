-- Rows written per new ticket (issue 16), two entries fewer where they were not worth their write.
--
-- (1) tickets_created (every ticket's created_at) cost each new ticket one row. Its two readers bound their range by
-- updated_at too, which tickets_updated serves: metrics by period (src/store/metrics.ts) and a live chat's recent
-- answer time (src/store/chat-read.ts). A ticket's updated_at is never before its created_at (both are the writer's
-- clock, and every change sets updated_at to its own now), so "updated since a day before the period began" loses
-- no ticket created in the period (the day absorbs clock skew between writers); it reads the tickets touched since
-- then rather than the ones created in the period, which for recent periods is about as many. The SLA sweep and the
-- view counts read active tickets by created_at through tickets_active, as before.
DROP INDEX tickets_created;

-- (2) email_sent (one row per email we send: a new email ticket's acknowledgement, every answer) was a rowid table
-- keyed by a text Message-ID: the row and its key were two b-tree entries. It becomes WITHOUT ROWID, keyed by that
-- Message-ID: one. Nothing references it by foreign key and nothing reads its rowid (the archive reads its rows in
-- (created_at, message_id_header) order since this change: src/store/archive.ts), so it is copied, verified and
-- swapped in place, as migrations/0026 and 0032 did for other tables no foreign key names. No view or trigger
-- names it.
CREATE TABLE email_sent_v38 (
  message_id_header  TEXT NOT NULL PRIMARY KEY,
  message_id         TEXT NOT NULL REFERENCES messages (id),
  ticket_id          TEXT NOT NULL REFERENCES tickets (id),
  created_at         TEXT NOT NULL,
  recipient          TEXT
) WITHOUT ROWID;
INSERT INTO email_sent_v38 (message_id_header, message_id, ticket_id, created_at, recipient)
  SELECT message_id_header, message_id, ticket_id, created_at, recipient FROM email_sent;

-- Verified before the old table goes: every row copied, each the same (the migration fails and changes nothing
-- otherwise). A rowid table's TEXT PRIMARY KEY admits NULL; a NULL key could not be copied and fails here too.
CREATE TABLE migration_check_v38 (ok INTEGER NOT NULL CHECK (ok = 1));
INSERT INTO migration_check_v38 (ok)
  SELECT (SELECT COUNT(*) FROM email_sent) = (SELECT COUNT(*) FROM email_sent_v38)
     AND NOT EXISTS (SELECT 1 FROM email_sent s
                      WHERE NOT EXISTS (SELECT 1 FROM email_sent_v38 n
                                         WHERE n.message_id_header = s.message_id_header
                                           AND n.message_id = s.message_id AND n.ticket_id = s.ticket_id
                                           AND n.created_at = s.created_at AND n.recipient IS s.recipient));
DROP TABLE migration_check_v38;

DROP TABLE email_sent;
ALTER TABLE email_sent_v38 RENAME TO email_sent;
CREATE INDEX email_sent_ticket ON email_sent (ticket_id, created_at);
CREATE INDEX email_sent_message ON email_sent (message_id);
