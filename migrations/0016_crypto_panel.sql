-- Relaydesk schema v16: the staff crypto panel and the daily-work views (issue 14).

-- Which kinds of secret redaction removed from a message (a JSON array of src/core/redact SECRET_KINDS,
-- e.g. '["seed_phrase","password"]'): the panel names the kind, never the secret. NULL when nothing was
-- removed, or for messages redacted before this column (the panel then reads the markers in the body).
ALTER TABLE messages ADD COLUMN redacted_kinds TEXT;

-- When the customer last asked for a person (src/store/customer-tickets.ts requestHumanStatement). The
-- "Needs a human" view lists active tickets with no staff reply since then.
ALTER TABLE tickets ADD COLUMN human_requested_at TEXT;
UPDATE tickets SET human_requested_at = COALESCE(last_customer_at, updated_at)
 WHERE EXISTS (SELECT 1 FROM json_each(tickets.tags) WHERE value = 'human');
-- The view's list and count walk only those tickets, newest activity first.
CREATE INDEX tickets_needs_human ON tickets (updated_at DESC, id DESC)
  WHERE human_requested_at IS NOT NULL AND status IN ('new', 'open', 'pending');

-- The per-view counts of open work (GET /api/staff/views/counts) each walk one of these, bounded by a LIMIT.
CREATE INDEX tickets_active_assignee ON tickets (assignee_id) WHERE status IN ('new', 'open', 'pending');
CREATE INDEX tickets_active_priority ON tickets (priority) WHERE status IN ('new', 'open', 'pending');
CREATE INDEX tickets_active_channel ON tickets (channel) WHERE status IN ('new', 'open', 'pending');

-- A ticket's tags (tickets.tags, a JSON array) one row each, so `tag=` in the staff list is an index
-- lookup. Triggers keep it in step with tickets.tags whoever writes it.
CREATE TABLE ticket_tags (
  ticket_id  TEXT NOT NULL REFERENCES tickets (id),
  tag        TEXT NOT NULL,
  PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tags_tag ON ticket_tags (tag, ticket_id);
INSERT OR IGNORE INTO ticket_tags (ticket_id, tag)
  SELECT t.id, j.value FROM tickets t, json_each(t.tags) j WHERE j.type = 'text';

CREATE TRIGGER ticket_tags_insert AFTER INSERT ON tickets WHEN new.tags <> '[]' BEGIN
  INSERT OR IGNORE INTO ticket_tags (ticket_id, tag)
    SELECT new.id, value FROM json_each(new.tags) WHERE type = 'text';
END;

CREATE TRIGGER ticket_tags_update AFTER UPDATE OF tags ON tickets WHEN new.tags IS NOT old.tags BEGIN
  DELETE FROM ticket_tags WHERE ticket_id = new.id;
  INSERT OR IGNORE INTO ticket_tags (ticket_id, tag)
    SELECT new.id, value FROM json_each(new.tags) WHERE type = 'text';
END;

CREATE TRIGGER ticket_tags_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM ticket_tags WHERE ticket_id = old.id;
END;
