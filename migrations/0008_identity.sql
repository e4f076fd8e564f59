-- Relaydesk schema v8: proven email addresses, and the conversation each message belongs to.
-- One customer never sees or steers another's conversation: an address typed into the web form is
-- only a claim until its owner follows a link we mail to it, and a merge never changes whose
-- conversation a message is part of.

-- When the contact's email address was proven: by a web-form confirmation link, or because the
-- customer writes to us from it by email (mail to it reaches them). NULL = a claim nobody proved.
ALTER TABLE contacts ADD COLUMN email_verified_at TEXT;
UPDATE contacts SET email_verified_at = created_at
 WHERE email IS NOT NULL
   AND EXISTS (SELECT 1 FROM channel_identities i
                WHERE i.contact_id = contacts.id AND i.channel = 'email' AND i.external_id = lower(contacts.email));

-- A web-form identity keyed by a typed email address joined every later submission with that
-- address to one contact. Those addresses were never proven: they become per-contact claims
-- (`claim:<id>`), the shape new submissions use; ('webform', <address>) now only exists once proven.
UPDATE channel_identities SET external_id = 'claim:' || id
 WHERE channel = 'webform' AND instr(external_id, '@') > 0;

-- Single-use, expiring links that prove a web-form address (GET/POST /verify-email/:token).
-- Only the SHA-256 of the token is stored.
CREATE TABLE email_verifications (
  id          TEXT PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  ticket_id   TEXT NOT NULL REFERENCES tickets (id),
  -- the address the link was mailed to, lowercased
  email       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  outcome     TEXT CHECK (outcome IN ('confirmed', 'superseded'))
);
CREATE INDEX email_verifications_ticket ON email_verifications (ticket_id, created_at);
-- The per-address cap on confirmation emails counts recent rows.
CREATE INDEX email_verifications_email ON email_verifications (email, created_at);

-- The ticket whose conversation a message came from or was sent to. Set on insert, never changed
-- by a merge: a customer's view shows only messages whose origin ticket is theirs, and a reply
-- goes out through its origin's channel, conversation and recipient.
ALTER TABLE messages ADD COLUMN origin_ticket_id TEXT REFERENCES tickets (id);
UPDATE messages SET origin_ticket_id = ticket_id;
CREATE INDEX messages_origin ON messages (origin_ticket_id, created_at);
-- A writer that does not name an origin (older code paths) means the ticket it writes to.
CREATE TRIGGER messages_origin_default AFTER INSERT ON messages WHEN NEW.origin_ticket_id IS NULL BEGIN
  UPDATE messages SET origin_ticket_id = NEW.ticket_id WHERE id = NEW.id;
END;
