-- Relaydesk schema: redaction across a customer's consecutive messages (README "Secret redaction and triage").

-- The channel identity that wrote an inbound message. Pieces of a secret are joined only across one
-- sender's messages: a support group's ticket holds many senders. NULL for messages stored before.
ALTER TABLE messages ADD COLUMN sender_identity_id TEXT;

-- 1 when part of the body was redacted only because of the sender's neighbouring messages (a piece of
-- a secret split over messages): an edit, which brings the whole text again, keeps that part redacted.
ALTER TABLE messages ADD COLUMN redacted_in_context INTEGER NOT NULL DEFAULT 0;

-- Ingest plans a message from the conversation's recent messages (read in its first round trip). Its
-- batch of writes first checks that they are unchanged; when a concurrent message changed them, the
-- check inserts this table's one id again, the UNIQUE violation rolls the batch back, and ingest reads again.
CREATE TABLE ingest_read_guard (id INTEGER PRIMARY KEY);
INSERT INTO ingest_read_guard (id) VALUES (0);
