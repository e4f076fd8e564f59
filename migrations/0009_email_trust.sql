-- Relaydesk schema v9: who really sent an inbound email, originals withheld for a secret, and
-- signed webhooks accepted once.

-- Whether the email's From was proven by the door's SPF/DKIM/DMARC verdicts. The flood limit
-- counts verified and unverified mail of an address in separate buckets, so forged mail cannot
-- silence the real sender. Rows from before verification existed count as verified.
ALTER TABLE email_inbound ADD COLUMN sender_verified INTEGER NOT NULL DEFAULT 1;
-- The door's verdicts in short, e.g. "dmarc=fail(bank.test) spf=softfail(mailer.test)".
ALTER TABLE email_inbound ADD COLUMN auth TEXT;
-- Why no original is kept (a part of it held a secret, or it was too large to check), or NULL.
ALTER TABLE email_inbound ADD COLUMN original_withheld TEXT;
DROP INDEX email_inbound_sender;
CREATE INDEX email_inbound_sender ON email_inbound (sender, sender_verified, created_at);

-- Signatures already used (Mailgun's timestamp + token), kept until the signature is too old to
-- be accepted anyway. `nonce` tells the writer's own row from an earlier one.
CREATE TABLE webhook_replays (
  key         TEXT PRIMARY KEY,
  nonce       TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
CREATE INDEX webhook_replays_expiry ON webhook_replays (expires_at);
