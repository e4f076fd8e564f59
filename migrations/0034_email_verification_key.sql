-- Rows written per web-form ticket with a typed address (issue 16). email_verifications was keyed by its text id with
-- a unique token_hash beside it: two b-tree entries per confirmation link. A link is found by its token's hash (the
-- page, its use); the id is only named again by the confirmation itself, which knows the link's ticket and so finds
-- it through email_verifications_ticket (src/store/email-claims.ts). So the hash becomes the key of the WITHOUT
-- ROWID table and the id a plain column. Nothing references the table; it is rebuilt in place with every row
-- (as migrations/0026 did). Its rows are one per link sent, far fewer than messages.
CREATE TABLE email_verifications_v34 (
  id          TEXT NOT NULL,
  token_hash  TEXT PRIMARY KEY,
  ticket_id   TEXT NOT NULL REFERENCES tickets (id),
  -- the address the link was mailed to, lowercased
  email       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  outcome     TEXT CHECK (outcome IN ('confirmed', 'superseded'))
) WITHOUT ROWID;
INSERT INTO email_verifications_v34 (id, token_hash, ticket_id, email, created_at, expires_at, used_at, outcome)
  SELECT id, token_hash, ticket_id, email, created_at, expires_at, used_at, outcome FROM email_verifications;
DROP TABLE email_verifications;
ALTER TABLE email_verifications_v34 RENAME TO email_verifications;
CREATE INDEX email_verifications_ticket ON email_verifications (ticket_id, created_at);
CREATE INDEX email_verifications_email ON email_verifications (email, created_at);
