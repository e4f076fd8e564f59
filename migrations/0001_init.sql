-- Relaydesk schema v1. Times are ISO 8601 UTC text; ids are prefixed random strings.

CREATE TABLE contacts (
  id          TEXT PRIMARY KEY,
  name        TEXT,
  email       TEXT,
  language    TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'zh')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX contacts_email ON contacts (email) WHERE email IS NOT NULL;

-- One row per account of a contact on a channel (Telegram user id, Discord user id,
-- email address, web-form email).
CREATE TABLE channel_identities (
  id            TEXT PRIMARY KEY,
  contact_id    TEXT NOT NULL REFERENCES contacts (id),
  channel       TEXT NOT NULL CHECK (channel IN ('telegram', 'discord', 'email', 'webform')),
  external_id   TEXT NOT NULL,
  display_name  TEXT,
  reachable     INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  UNIQUE (channel, external_id)
);
CREATE INDEX channel_identities_contact ON channel_identities (contact_id);

CREATE TABLE staff_users (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  email       TEXT UNIQUE,
  role        TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
  disabled_at TEXT,
  created_at  TEXT NOT NULL
);
-- The principal behind STAFF_BOOTSTRAP_TOKEN, so its actions have an author.
INSERT INTO staff_users (id, name, email, role, created_at)
VALUES ('stf_bootstrap', 'Bootstrap admin', NULL, 'admin', '1970-01-01T00:00:00.000Z');

-- API tokens: only the SHA-256 of the token is stored; the token is shown once.
CREATE TABLE staff_tokens (
  id           TEXT PRIMARY KEY,
  staff_id     TEXT NOT NULL REFERENCES staff_users (id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX staff_tokens_staff ON staff_tokens (staff_id);

CREATE TABLE tickets (
  id                 TEXT PRIMARY KEY,
  number             INTEGER NOT NULL UNIQUE,
  channel            TEXT NOT NULL CHECK (channel IN ('telegram', 'discord', 'email', 'webform')),
  conversation_key   TEXT NOT NULL,
  access_token       TEXT NOT NULL UNIQUE,
  contact_id         TEXT NOT NULL REFERENCES contacts (id),
  status             TEXT NOT NULL CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed')),
  priority           TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  category           TEXT NOT NULL DEFAULT 'other',
  subject            TEXT NOT NULL,
  language           TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'zh')),
  assignee_id        TEXT REFERENCES staff_users (id),
  tags               TEXT NOT NULL DEFAULT '[]',
  metadata           TEXT NOT NULL DEFAULT '{}',
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  last_customer_at   TEXT,
  first_response_due_at TEXT,
  first_response_at  TEXT,
  resolved_at        TEXT,
  closed_at          TEXT
);
-- At most one active ticket per conversation: concurrent first messages cannot open two.
CREATE UNIQUE INDEX tickets_active_conversation ON tickets (conversation_key)
  WHERE status IN ('new', 'open', 'pending');
CREATE INDEX tickets_conversation_latest ON tickets (conversation_key, created_at DESC);
CREATE INDEX tickets_updated ON tickets (updated_at DESC, id DESC);
CREATE INDEX tickets_status_updated ON tickets (status, updated_at DESC, id DESC);
CREATE INDEX tickets_assignee_updated ON tickets (assignee_id, updated_at DESC, id DESC);
CREATE INDEX tickets_channel_updated ON tickets (channel, updated_at DESC, id DESC);
CREATE INDEX tickets_priority_updated ON tickets (priority, updated_at DESC, id DESC);
CREATE INDEX tickets_category_updated ON tickets (category, updated_at DESC, id DESC);
CREATE INDEX tickets_contact ON tickets (contact_id, created_at DESC);

CREATE TABLE messages (
  id                   TEXT PRIMARY KEY,
  ticket_id            TEXT NOT NULL REFERENCES tickets (id),
  direction            TEXT NOT NULL CHECK (direction IN ('in', 'out', 'note')),
  author               TEXT NOT NULL CHECK (author IN ('customer', 'staff', 'bot')),
  author_staff_id      TEXT REFERENCES staff_users (id),
  channel              TEXT NOT NULL,
  body                 TEXT NOT NULL,
  redacted             INTEGER NOT NULL DEFAULT 0,
  -- inbound: the provider's id of the message (dedupe key); outbound: the provider's receipt id
  provider_message_id  TEXT,
  reply_to_message_id  TEXT REFERENCES messages (id),
  delivery_status      TEXT CHECK (delivery_status IN ('queued', 'sending', 'sent', 'failed')),
  delivery_attempts    INTEGER NOT NULL DEFAULT 0,
  delivery_error       TEXT,
  delivery_lease_until TEXT,
  next_attempt_at      TEXT,
  sent_at              TEXT,
  created_at           TEXT NOT NULL
);
-- The same inbound delivered many times, even concurrently, is stored once.
CREATE UNIQUE INDEX messages_inbound_dedupe ON messages (channel, provider_message_id)
  WHERE direction = 'in' AND provider_message_id IS NOT NULL;
CREATE INDEX messages_ticket ON messages (ticket_id, created_at);
CREATE INDEX messages_outbox ON messages (next_attempt_at)
  WHERE delivery_status IN ('queued', 'sending');

CREATE TABLE attachments (
  id           TEXT PRIMARY KEY,
  message_id   TEXT NOT NULL REFERENCES messages (id),
  r2_key       TEXT NOT NULL,
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);

CREATE TABLE audit_log (
  id          TEXT PRIMARY KEY,
  actor_id    TEXT NOT NULL REFERENCES staff_users (id),
  action      TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, created_at);

-- Dev sandbox: what a channel without credentials would have sent (ENVIRONMENT=development only).
CREATE TABLE sandbox_outbox (
  id          TEXT PRIMARY KEY,
  channel     TEXT NOT NULL,
  recipient   TEXT NOT NULL,
  ticket_id   TEXT,
  message_id  TEXT,
  payload     TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX sandbox_outbox_created ON sandbox_outbox (created_at DESC);
