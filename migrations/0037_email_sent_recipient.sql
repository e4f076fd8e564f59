-- The address each email we sent went to (ASCII letters lowercased, as addresses are compared: src/core/email-claims.ts
-- normalizeEmail). A provider's delivery event (Mailgun's `failed`) names a Message-ID and a recipient; it changes that
-- message's delivery only when its recipient is the one the message was sent to. Rows from before have none: no event
-- proves anything about them (they stay as they are).
ALTER TABLE email_sent ADD COLUMN recipient TEXT;
