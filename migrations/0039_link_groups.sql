-- `/link` joins two accounts for staff only. Until now it moved the redeemer's identities and tickets onto the code
-- owner's contact, and every read a customer sees is scoped by contact (their status list, a ticket by number, the
-- buttons naming a ticket, the language they chose, the address mail goes to): a customer talked into typing a
-- scammer's code ("to verify your account") handed the scammer their ticket list. Now each account keeps its own
-- contact and the contacts form a group, named by its first contact; only staff views read the group (the customer
-- panel, a ticket's identities). A contact alone has no linked_to_id; a group is one level deep.
ALTER TABLE contacts ADD COLUMN linked_to_id TEXT REFERENCES contacts (id);
CREATE INDEX contacts_linked ON contacts (linked_to_id) WHERE linked_to_id IS NOT NULL;
