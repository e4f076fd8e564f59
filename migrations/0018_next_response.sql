-- Relaydesk schema v18: the next-response SLA target (issue 14, the staff app's SLA timers).

-- Minutes within which a customer who writes again after a staff reply gets the next staff reply.
-- Existing policies start with their first-response target.
ALTER TABLE sla_policies ADD COLUMN next_response_minutes INTEGER CHECK (next_response_minutes IS NULL OR next_response_minutes > 0);
UPDATE sla_policies SET next_response_minutes = first_response_minutes WHERE next_response_minutes IS NULL;

-- The next-response clock of a ticket: started by the first customer message after a staff reply
-- (next_response_since), due at next_response_due_at; both cleared by the next staff reply.
-- next_response_breached_at is the due time of the last cycle found late (a later cycle is a new breach).
ALTER TABLE tickets ADD COLUMN next_response_since TEXT;
ALTER TABLE tickets ADD COLUMN next_response_due_at TEXT;
ALTER TABLE tickets ADD COLUMN next_response_breached_at TEXT;
