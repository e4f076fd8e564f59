-- Relaydesk schema v21: auto-assign (issue 14). One desk-wide setting, off until an admin turns it on.
-- When on, the FeedHub Durable Object assigns each new ticket to the next online agent in round-robin
-- order (src/feed/auto-assign.ts); `max_open_per_agent` (NULL: no cap) skips agents who already hold that
-- many active tickets. The round-robin pointer lives in the hub's own storage, not here.
CREATE TABLE auto_assign_settings (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  enabled             INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  max_open_per_agent  INTEGER CHECK (max_open_per_agent IS NULL OR max_open_per_agent BETWEEN 1 AND 1000),
  updated_at          TEXT NOT NULL,
  updated_by          TEXT REFERENCES staff_users (id)
);
INSERT INTO auto_assign_settings (id, enabled, max_open_per_agent, updated_at, updated_by)
VALUES (1, 0, NULL, '1970-01-01T00:00:00.000Z', NULL);
