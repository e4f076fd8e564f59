-- Indexes found missing by the issue 8 EXPLAIN QUERY PLAN test
-- (test/integration/reliability/query-plans.test.ts) and benchmarks (bench/staff-queries.mjs).

-- messages.reply_to_message_id references messages (id): without an index, SQLite's foreign-key
-- check on a message insert, delete or re-key plans a scan of all messages (EXPLAIN shows it on
-- every insert; it runs whenever a constraint check has to look for children).
CREATE INDEX messages_reply_to ON messages (reply_to_message_id) WHERE reply_to_message_id IS NOT NULL;
