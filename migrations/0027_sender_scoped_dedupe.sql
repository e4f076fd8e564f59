-- Relaydesk schema v27: dedupe scoped to the sender. A Message-ID is chosen by whoever sends the email, so
-- someone who learns a customer's (they were copied in) could send first and get the customer's real email
-- dropped as a "duplicate". An inbound email's record is now keyed by its Message-ID AND the identity it
-- writes as (the From address, in the bucket of its verdicts: proven or not), and a customer's message is
-- unique per provider id AND sender identity. The same sender's redelivery is still stored once.

CREATE TABLE email_inbound_v27 (
  message_id_header  TEXT NOT NULL,
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
  original_withheld  TEXT,
  PRIMARY KEY (message_id_header, sender, sender_verified)
) WITHOUT ROWID;
INSERT INTO email_inbound_v27 (message_id_header, kind, source, sender, subject, raw_r2_key, message_id, ticket_id,
    detail, created_at, sender_verified, auth, original_withheld)
  SELECT message_id_header, kind, source, sender, subject, raw_r2_key, message_id, ticket_id, detail, created_at,
      sender_verified, auth, original_withheld
    FROM email_inbound;
DROP TABLE email_inbound;
ALTER TABLE email_inbound_v27 RENAME TO email_inbound;
CREATE INDEX email_inbound_message ON email_inbound (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX email_inbound_sender ON email_inbound (sender, sender_verified, created_at);

-- One customer message per provider id and sender identity (a message without one, e.g. an old row, counts as '').
DROP INDEX messages_inbound_dedupe;
CREATE UNIQUE INDEX messages_inbound_dedupe ON messages (channel, provider_message_id, COALESCE(sender_identity_id, ''))
  WHERE direction = 'in' AND provider_message_id IS NOT NULL;
