-- Relaydesk schema v13: the bot's own texts (answers to /start, /help, /status...) get an outbox of
-- their own. They belong to no ticket, so they are not `messages` rows, but they are delivered by the
-- same pipeline (src/pipeline/deliver.ts): claimed with a lease, retried with backoff through the
-- deliveries queue, re-enqueued by the sweep, and marked failed with a reason.
CREATE TABLE bot_messages (
  id                   TEXT PRIMARY KEY,
  channel              TEXT NOT NULL,
  conversation_key     TEXT NOT NULL,
  body                 TEXT NOT NULL,
  -- inline buttons as rows of {"text","data"}; NULL when the text has none
  buttons              TEXT,
  language             TEXT NOT NULL,
  delivery_status      TEXT NOT NULL DEFAULT 'queued'
                         CHECK (delivery_status IN ('queued', 'sending', 'sent', 'failed')),
  delivery_attempts    INTEGER NOT NULL DEFAULT 0,
  delivery_error       TEXT,
  delivery_lease_until TEXT,
  next_attempt_at      TEXT,
  -- the provider ids of the parts already accepted (a long text split in parts resumes after them)
  sent_parts           TEXT NOT NULL DEFAULT '[]',
  provider_message_id  TEXT,
  created_at           TEXT NOT NULL,
  sent_at              TEXT
);
-- The sweep's lookup of overdue deliveries, as for messages (messages_outbox).
CREATE INDEX bot_messages_outbox ON bot_messages (next_attempt_at)
  WHERE delivery_status IN ('queued', 'sending');
