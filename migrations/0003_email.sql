-- Relaydesk schema v3: what the email channel needs to thread, dedupe and keep originals.

-- Per ticket, the token of the plus-address we put in Reply-To (support+<token>@domain).
-- Random and unguessable: knowing a ticket number is not enough to write into a ticket.
CREATE TABLE email_threads (
  ticket_id    TEXT PRIMARY KEY REFERENCES tickets (id),
  reply_token  TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL
);

-- Every Message-ID we put on an outgoing email, and the message and ticket it belongs to:
-- a reply's In-Reply-To/References finds its ticket here; a bounce finds the message it failed.
CREATE TABLE email_sent (
  message_id_header  TEXT PRIMARY KEY,
  message_id         TEXT NOT NULL REFERENCES messages (id),
  ticket_id          TEXT NOT NULL REFERENCES tickets (id),
  created_at         TEXT NOT NULL
);
CREATE INDEX email_sent_ticket ON email_sent (ticket_id, created_at);
CREATE INDEX email_sent_message ON email_sent (message_id);

-- Every inbound email once, by its Message-ID: what it was (a customer message, an auto-reply,
-- a bounce, our own mail, held back by the rate limit), where its full original is in R2, and the
-- message it became. Also the per-sender counter of the flood limit.
CREATE TABLE email_inbound (
  message_id_header  TEXT PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('message', 'auto_reply', 'bounce', 'own', 'rate_limited')),
  source             TEXT NOT NULL CHECK (source IN ('cloudflare', 'mailgun', 'postmark', 'sendgrid')),
  sender             TEXT NOT NULL,
  subject            TEXT,
  raw_r2_key         TEXT,
  message_id         TEXT REFERENCES messages (id),
  ticket_id          TEXT REFERENCES tickets (id),
  detail             TEXT,
  created_at         TEXT NOT NULL
);
CREATE INDEX email_inbound_sender ON email_inbound (sender, created_at);
CREATE INDEX email_inbound_message ON email_inbound (message_id) WHERE message_id IS NOT NULL;
