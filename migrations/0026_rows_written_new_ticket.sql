-- Rows written per new ticket (issue 16). D1 bills every index entry an INSERT adds, and every index entry an
-- UPDATE re-inserts (an index its SET list touches, when the row still matches a partial one), as a written row.

-- Active tickets: one partial index instead of four (tickets_sla_active, tickets_active_channel,
-- tickets_active_priority, tickets_active_assignee), each of which every new ticket wrote. The SLA sweep walks it
-- by created_at (src/store/sla.ts); the view and unread counts (src/store/view-counts.ts, unread-counts.ts) walk
-- it filtering on its columns, without reading the table (status too: any UPDATE of status re-inserts the entry of
-- a partial index on it anyway), and stop at VIEW_COUNT_LIMIT.
DROP INDEX IF EXISTS tickets_sla_active;
DROP INDEX IF EXISTS tickets_active_channel;
DROP INDEX IF EXISTS tickets_active_priority;
DROP INDEX IF EXISTS tickets_active_assignee;
CREATE INDEX tickets_active ON tickets (created_at, channel, priority, assignee_id, status)
  WHERE status IN ('new', 'open', 'pending');

-- A new ticket's knowledge-base suggestions (a JSON array of article ids; NULL when none) go in its own insert
-- rather than one kb_suggestions row (and its primary-key entry) each. Later suggestions on the ticket, rare,
-- stay rows of kb_suggestions; src/store/triage.ts reads both.
ALTER TABLE tickets ADD COLUMN kb_suggested TEXT;

-- The outbox: a message is in it while it has a due time (queued or sending; sent and failed clear it). Keyed on
-- next_attempt_at alone, claiming a message (status to 'sending', attempts, lease) no longer re-inserts its entry.
-- The sweep's `next_attempt_at < ?` implies the NOT NULL, so SQLite uses it (src/store/outbox.ts).
DROP INDEX IF EXISTS messages_outbox;
CREATE INDEX messages_outbox ON messages (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
