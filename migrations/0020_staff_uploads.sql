-- Files staff upload while writing a reply or note (POST /api/staff/tickets/:id/uploads), before it
-- is sent. Sending links each to the message: an `attachments` row with the same id is written in the
-- message's own batch and `message_id` is set here, so an upload is sent once (the primary key of
-- `attachments` refuses a second use). Only the uploader may use or remove their upload, on its ticket.
CREATE TABLE staff_uploads (
  id           TEXT PRIMARY KEY,
  ticket_id    TEXT NOT NULL REFERENCES tickets (id),
  staff_id     TEXT NOT NULL REFERENCES staff_users (id),
  r2_key       TEXT NOT NULL,
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  message_id   TEXT REFERENCES messages (id),
  created_at   TEXT NOT NULL
);
CREATE INDEX staff_uploads_owner ON staff_uploads (ticket_id, staff_id);
