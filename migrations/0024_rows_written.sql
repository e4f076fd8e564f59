-- Rows written per message (issue 16). D1 bills every index entry an INSERT adds, and every index an UPDATE's
-- SET list touches, as a written row; these indexes were written by every message and read by few queries.

-- Outbound receipts only: an inbound message's provider id is already in messages_inbound_dedupe, so the
-- receipt lookup (a customer replying to one of our messages, src/store/ingest.ts) asks each index for its half.
DROP INDEX IF EXISTS messages_provider_id;
CREATE INDEX messages_receipt ON messages (channel, provider_message_id)
  WHERE provider_message_id IS NOT NULL AND direction <> 'in';

-- A message's origin is its own ticket except after a merge moved it: only moved messages need this index
-- (src/store/email-threads.ts finds the rest through messages_ticket_direction).
DROP INDEX IF EXISTS messages_origin;
CREATE INDEX messages_origin_moved ON messages (origin_ticket_id, created_at) WHERE origin_ticket_id <> ticket_id;

-- Every message wrote both (ticket_id, created_at) and (ticket_id, direction, created_at). Each query that filters a
-- ticket's messages by direction is bounded by the ticket (and mostly by a time range), so the first serves them all.
DROP INDEX IF EXISTS messages_ticket_direction;

-- The list's channel and category filters walk tickets_updated newest first and stop at the page's LIMIT
-- (test/integration/reliability/query-plans.test.ts); the view counts keep tickets_active_channel. A customer's
-- every message rewrote both, since updated_at is in each.
DROP INDEX IF EXISTS tickets_channel_updated;
DROP INDEX IF EXISTS tickets_category_updated;

-- A ticket's subject gets its own search document only when it is not simply the first line of the first message
-- (whose document holds the same words): src/store/ingest.ts writes it in the ingest batch instead of this trigger.
DROP TRIGGER IF EXISTS search_ticket_insert;
-- Renaming a subject updates its document, or adds it when the ticket had none.
DROP TRIGGER IF EXISTS search_ticket_subject;
CREATE TRIGGER search_ticket_subject AFTER UPDATE OF subject ON tickets WHEN new.subject IS NOT old.subject BEGIN
  UPDATE search_fts SET text = new.subject
   WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = 't:' || new.id);
  INSERT INTO search_docs (doc_id, ticket_id) SELECT 't:' || new.id, new.id
   WHERE NOT EXISTS (SELECT 1 FROM search_docs WHERE doc_id = 't:' || new.id);
  INSERT INTO search_fts (rowid, text) SELECT d.id, new.subject FROM search_docs d
   WHERE d.doc_id = 't:' || new.id AND NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = d.id);
END;

-- Assigned tickets only: a new ticket has no assignee, and an unassigned ticket's every message rewrote its entry.
-- The unassigned view counts and lists through tickets_active_assignee and tickets_updated.
DROP INDEX IF EXISTS tickets_assignee_updated;
CREATE INDEX tickets_assignee_updated ON tickets (assignee_id, updated_at DESC, id DESC) WHERE assignee_id IS NOT NULL;

-- The list's status and priority filters keep an index only for the values few tickets have (src/store/ticket-list.ts
-- repeats these conditions so SQLite uses them); new/open and normal tickets, most of a desk's newest activity, are
-- found walking tickets_updated. A message on a new/open, normal ticket then rewrites neither.
DROP INDEX IF EXISTS tickets_status_updated;
CREATE INDEX tickets_status_updated ON tickets (status, updated_at DESC, id DESC) WHERE status NOT IN ('new', 'open');
DROP INDEX IF EXISTS tickets_priority_updated;
CREATE INDEX tickets_priority_updated ON tickets (priority, updated_at DESC, id DESC) WHERE priority <> 'normal';
