-- Rows written per message (issue 16). Marking one of the bot's messages sent (the acknowledgement, a rule's answer)
-- wrote an entry of messages_receipt. Its one reader is ingest's reply link: a customer quoting one of our messages
-- (src/store/ingest.ts). Staff messages keep their entries; a quoted bot message is found among the messages of the
-- customer's own conversation instead (through tickets_conversation_latest and messages_ticket), which is where the
-- bot wrote it.
DROP INDEX IF EXISTS messages_receipt;
CREATE INDEX messages_receipt ON messages (channel, provider_message_id)
  WHERE provider_message_id IS NOT NULL AND direction <> 'in' AND author <> 'bot';
