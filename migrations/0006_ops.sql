-- Relaydesk schema v6: official-channel verification, identity linking, SLA policies, CSAT, incidents.

-- The admin list of our official accounts. `value` is stored normalised (see src/core/verify.ts).
CREATE TABLE official_handles (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('telegram', 'discord_user', 'discord_server', 'discord_invite', 'email', 'domain')),
  value       TEXT NOT NULL,
  label       TEXT,
  created_by  TEXT REFERENCES staff_users (id),
  created_at  TEXT NOT NULL,
  UNIQUE (kind, value)
);

-- One-time codes that link a second channel identity to a contact (`/link`). Only the SHA-256 is stored.
CREATE TABLE link_codes (
  id           TEXT PRIMARY KEY,
  code_hash    TEXT NOT NULL UNIQUE,
  contact_id   TEXT NOT NULL REFERENCES contacts (id),
  channel      TEXT NOT NULL,
  external_id  TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  used_at      TEXT,
  used_by      TEXT,
  created_at   TEXT NOT NULL
);
CREATE INDEX link_codes_issuer ON link_codes (channel, external_id, created_at);
-- A merge moves the folded contact's codes.
CREATE INDEX link_codes_contact ON link_codes (contact_id);
CREATE INDEX link_codes_expires ON link_codes (expires_at);

-- Failed `/link <code>` attempts per identity in the current window: guessing is bounded.
CREATE TABLE link_attempts (
  channel       TEXT NOT NULL,
  external_id   TEXT NOT NULL,
  window_start  TEXT NOT NULL,
  failures      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, external_id)
);

-- A contact folded into another by `/link` keeps its row (history), pointing at the survivor.
ALTER TABLE contacts ADD COLUMN merged_into_id TEXT REFERENCES contacts (id);
CREATE INDEX contacts_merged_into ON contacts (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- SLA targets per priority and channel ('*' = any channel); business_hours NULL = around the clock.
CREATE TABLE sla_policies (
  id                      TEXT PRIMARY KEY,
  priority                TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  channel                 TEXT NOT NULL DEFAULT '*' CHECK (channel IN ('*', 'telegram', 'discord', 'email', 'webform')),
  first_response_minutes  INTEGER NOT NULL CHECK (first_response_minutes > 0),
  resolution_minutes      INTEGER NOT NULL CHECK (resolution_minutes > 0),
  business_hours          TEXT,
  updated_at              TEXT NOT NULL,
  UNIQUE (priority, channel)
);
-- Defaults match the acknowledgement's promise (FIRST_RESPONSE_HOURS=24 scaled by priority).
INSERT INTO sla_policies (id, priority, channel, first_response_minutes, resolution_minutes, business_hours, updated_at) VALUES
  ('sla_default_urgent', 'urgent', '*', 180, 1440, NULL, '1970-01-01T00:00:00.000Z'),
  ('sla_default_high', 'high', '*', 720, 2880, NULL, '1970-01-01T00:00:00.000Z'),
  ('sla_default_normal', 'normal', '*', 1440, 4320, NULL, '1970-01-01T00:00:00.000Z'),
  ('sla_default_low', 'low', '*', 2880, 10080, NULL, '1970-01-01T00:00:00.000Z');

ALTER TABLE tickets ADD COLUMN resolution_due_at TEXT;
ALTER TABLE tickets ADD COLUMN first_response_breached_at TEXT;
ALTER TABLE tickets ADD COLUMN resolution_breached_at TEXT;
-- The SLA sweep walks the active tickets only.
CREATE INDEX tickets_sla_active ON tickets (created_at) WHERE status IN ('new', 'open', 'pending');
-- Metrics read tickets by creation time.
CREATE INDEX tickets_created ON tickets (created_at);

-- One satisfaction survey per ticket: asked once on resolve; a later rating replaces the earlier one.
CREATE TABLE csat_surveys (
  ticket_id     TEXT PRIMARY KEY REFERENCES tickets (id),
  message_id    TEXT REFERENCES messages (id),
  requested_at  TEXT NOT NULL,
  rating        INTEGER CHECK (rating BETWEEN 1 AND 5),
  rated_at      TEXT,
  rated_via     TEXT,
  changes       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX csat_surveys_message ON csat_surveys (message_id);

-- Incidents ("ETH withdrawals delayed"), the tickets tagged with them, and broadcasts to those tickets.
CREATE TABLE incidents (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  created_by  TEXT NOT NULL REFERENCES staff_users (id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX incidents_created ON incidents (created_at DESC);

CREATE TABLE incident_tickets (
  incident_id  TEXT NOT NULL REFERENCES incidents (id),
  ticket_id    TEXT NOT NULL REFERENCES tickets (id),
  added_at     TEXT NOT NULL,
  PRIMARY KEY (incident_id, ticket_id)
);
CREATE INDEX incident_tickets_ticket ON incident_tickets (ticket_id);

-- A retried request with the same idempotency key finds its broadcast instead of sending again.
CREATE TABLE incident_broadcasts (
  id               TEXT PRIMARY KEY,
  incident_id      TEXT NOT NULL REFERENCES incidents (id),
  idempotency_key  TEXT NOT NULL,
  body             TEXT NOT NULL,
  body_zh          TEXT,
  created_by       TEXT NOT NULL REFERENCES staff_users (id),
  created_at       TEXT NOT NULL,
  UNIQUE (incident_id, idempotency_key)
);

-- Exactly one outbound message per (broadcast, ticket).
CREATE TABLE broadcast_messages (
  broadcast_id  TEXT NOT NULL REFERENCES incident_broadcasts (id),
  ticket_id     TEXT NOT NULL REFERENCES tickets (id),
  message_id    TEXT NOT NULL,
  PRIMARY KEY (broadcast_id, ticket_id)
);
