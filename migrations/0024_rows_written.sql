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
