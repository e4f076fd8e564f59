-- Relaydesk schema v22: live chat (issue 15). The widget is the web channel made live: its tickets stay
-- `webform` (metadata.source = "chat"); a visitor's identity is `chat:v:<visitorId>` (anonymous) or
-- `chat:u:<userId>` (verified by the exchange's HMAC signature).

-- One row per widget session. Only the SHA-256 of the session's bearer token is kept (hex), so a copy of
-- the database opens no conversation. `external_id` is the webform identity the session writes as.
CREATE TABLE chat_sessions (
  id                  TEXT PRIMARY KEY,
  token_hash          TEXT NOT NULL UNIQUE,
  visitor_id          TEXT NOT NULL,
  external_id         TEXT NOT NULL,
  verified            INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
  user_id             TEXT,
  email               TEXT,
  name                TEXT,
  language            TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'zh')),
  turnstile_passed_at TEXT,
  created_at          TEXT NOT NULL,
  last_seen_at        TEXT NOT NULL
);
CREATE INDEX chat_sessions_external ON chat_sessions (external_id);

-- The desk's live-chat settings (one row). allowed_origins: JSON array of exact origins that may frame /chat;
-- quick_replies: JSON [{text, data}] or NULL for the defaults in code.
CREATE TABLE chat_settings (
  id                       INTEGER PRIMARY KEY CHECK (id = 1),
  allowed_origins          TEXT NOT NULL DEFAULT '[]',
  turnstile_first_message  INTEGER NOT NULL DEFAULT 0 CHECK (turnstile_first_message IN (0, 1)),
  quick_replies            TEXT,
  updated_at               TEXT NOT NULL,
  updated_by               TEXT REFERENCES staff_users (id)
);
INSERT INTO chat_settings (id, allowed_origins, turnstile_first_message, quick_replies, updated_at, updated_by)
VALUES (1, '[]', 0, NULL, '1970-01-01T00:00:00.000Z', NULL);

-- A verified widget user's identity: when the exchange's signature first proved it.
ALTER TABLE channel_identities ADD COLUMN verified_at TEXT;

-- Buttons under a bot message of a ticket (the chat acknowledgement's quick replies): JSON rows of {text, data}.
ALTER TABLE messages ADD COLUMN buttons TEXT;
