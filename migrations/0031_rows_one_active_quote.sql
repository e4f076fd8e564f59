-- Rows written per message (issue 16), two more index entries a new ticket no longer writes.
--
-- 1. One active ticket per conversation (threading's guard under concurrency) was the unique partial index
--    tickets_active_conversation: an entry for every new ticket. No query needs it to read (the conversation's
--    tickets are found through tickets_conversation_latest), so the same rule is kept by triggers, which write
--    nothing: inserting an active ticket, or making one active, into a conversation that has an active ticket fails
--    as the index failed (a UNIQUE constraint error, which ingest answers by reading again and appending).
-- 2. The bot's messages (the acknowledgement, a rule's answer) quote the customer's message through a column with no
--    foreign key, so they write no messages_reply_to entry (that index exists for the foreign key check a message's
--    delete needs). The pointer may outlive the message it names: its readers join it with LEFT JOIN.
-- Existing rows are kept as they are: data already here satisfies the rule (the index held it until now).
CREATE TRIGGER tickets_one_active_insert BEFORE INSERT ON tickets
  WHEN new.status IN ('new', 'open', 'pending') BEGIN
  SELECT RAISE(ABORT, 'UNIQUE constraint failed: tickets.conversation_key (one active ticket per conversation)')
   WHERE EXISTS (SELECT 1 FROM tickets WHERE conversation_key = new.conversation_key
                   AND status IN ('new', 'open', 'pending'));
END;
CREATE TRIGGER tickets_one_active_update BEFORE UPDATE OF status, conversation_key ON tickets
  WHEN new.status IN ('new', 'open', 'pending')
   AND (old.status NOT IN ('new', 'open', 'pending') OR new.conversation_key IS NOT old.conversation_key) BEGIN
  SELECT RAISE(ABORT, 'UNIQUE constraint failed: tickets.conversation_key (one active ticket per conversation)')
   WHERE EXISTS (SELECT 1 FROM tickets WHERE conversation_key = new.conversation_key
                   AND status IN ('new', 'open', 'pending') AND id <> new.id);
END;
DROP INDEX IF EXISTS tickets_active_conversation;
ALTER TABLE messages ADD COLUMN quote_message_id TEXT;
