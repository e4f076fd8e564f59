-- Relaydesk schema v2: what the Telegram channel needs, kept generic where other channels can use it.

-- A language the customer chose explicitly (Telegram /lang); it wins over detection. NULL = never chosen.
ALTER TABLE contacts ADD COLUMN preferred_language TEXT CHECK (preferred_language IN ('en', 'zh'));

-- The history of an edited inbound message: each row keeps the body as it was before one edit.
CREATE TABLE message_edits (
  id             TEXT PRIMARY KEY,
  message_id     TEXT NOT NULL REFERENCES messages (id),
  previous_body  TEXT NOT NULL,
  edited_at      TEXT NOT NULL
);
CREATE INDEX message_edits_message ON message_edits (message_id, edited_at);

-- Provider messages that were merged into one stored message (the parts of a Telegram album).
-- A part is added once, however often it is delivered; replies and edits of a part find its message.
CREATE TABLE message_parts (
  channel           TEXT NOT NULL,
  provider_part_id  TEXT NOT NULL,
  message_id        TEXT NOT NULL REFERENCES messages (id),
  created_at        TEXT NOT NULL,
  PRIMARY KEY (channel, provider_part_id)
);
CREATE INDEX message_parts_message ON message_parts (message_id);

-- Finds any message (inbound or an outbound receipt) by its provider id, e.g. the target of a reply.
CREATE INDEX messages_provider_id ON messages (channel, provider_message_id) WHERE provider_message_id IS NOT NULL;

-- Telegram updates whose bot-only side effects (command answers) already ran: a redelivery stays quiet.
CREATE TABLE telegram_updates (
  update_key  TEXT PRIMARY KEY,
  created_at  TEXT NOT NULL
);
CREATE INDEX telegram_updates_created ON telegram_updates (created_at);
