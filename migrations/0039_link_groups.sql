-- `/link` joins two accounts for staff only. Until now it moved the redeemer's identities and tickets onto the code
-- owner's contact, and every read a customer sees is scoped by contact (their status list, a ticket by number, the
-- buttons naming a ticket, the language they chose, the address mail goes to): a customer talked into typing a
-- scammer's code ("to verify your account") handed the scammer their ticket list. Now each account keeps its own
-- contact and the contacts form a group, named by its first contact; only staff views read the group (the customer
-- panel, a ticket's identities). A contact alone has no linked_to_id; a group is one level deep.
ALTER TABLE contacts ADD COLUMN linked_to_id TEXT REFERENCES contacts (id);
CREATE INDEX contacts_linked ON contacts (linked_to_id) WHERE linked_to_id IS NOT NULL;

-- Contacts an earlier /link joined are split back into one contact per account, in one group. Only /link ever put a
-- Telegram or Discord identity on a contact that holds another identity (ingest, the language button and issuing a
-- code each make a new contact for a new identity), so such a contact is one that /link joined. Its first chat account
-- stays (none does when a mailbox or web-form address is on it: the contact's email is theirs); every other Telegram
-- or Discord identity gets a contact of its own (its display name, the contact's language), linked to the old one,
-- with the tickets of its own conversation (its private chat or DM) and those it opened (the first customer message of
-- the ticket's own conversation is its), and its unused codes. Everything else stays where it is.
CREATE TABLE migration_0039_moves (
  channel      TEXT NOT NULL,
  external_id  TEXT NOT NULL,
  identity_id  TEXT NOT NULL,
  old_contact  TEXT NOT NULL,
  new_contact  TEXT NOT NULL,
  display_name TEXT,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (channel, external_id)
);
INSERT INTO migration_0039_moves (channel, external_id, identity_id, old_contact, new_contact, display_name, created_at)
  SELECT i.channel, i.external_id, i.id, i.contact_id, 'con_' || lower(hex(randomblob(12))), i.display_name, i.created_at
    FROM channel_identities i
   WHERE i.channel IN ('telegram', 'discord')
     AND (EXISTS (SELECT 1 FROM channel_identities o WHERE o.contact_id = i.contact_id
                     AND o.channel NOT IN ('telegram', 'discord'))
       OR EXISTS (SELECT 1 FROM channel_identities o WHERE o.contact_id = i.contact_id
                     AND o.channel IN ('telegram', 'discord')
                     AND (o.created_at < i.created_at
                       OR (o.created_at = i.created_at
                           AND o.channel || ':' || o.external_id < i.channel || ':' || i.external_id))));

CREATE TABLE migration_0039_tickets (
  ticket_id    TEXT PRIMARY KEY,
  new_contact  TEXT NOT NULL
);
INSERT OR IGNORE INTO migration_0039_tickets (ticket_id, new_contact)
  SELECT t.id, m.new_contact FROM migration_0039_moves m JOIN tickets t ON t.contact_id = m.old_contact
   WHERE t.conversation_key = CASE m.channel WHEN 'telegram' THEN 'telegram:' ELSE 'discord:dm:' END || m.external_id
      OR m.identity_id = (SELECT f.sender_identity_id FROM messages f
                           WHERE f.origin_ticket_id = t.id AND f.direction = 'in' AND f.author = 'customer'
                           ORDER BY f.created_at, f.id LIMIT 1);

INSERT INTO contacts (id, name, language, preferred_language, linked_to_id, created_at, updated_at)
  SELECT m.new_contact, m.display_name, c.language, c.preferred_language, c.id, m.created_at,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM migration_0039_moves m JOIN contacts c ON c.id = m.old_contact;
UPDATE tickets SET contact_id = (SELECT new_contact FROM migration_0039_tickets WHERE ticket_id = tickets.id)
 WHERE id IN (SELECT ticket_id FROM migration_0039_tickets);
UPDATE channel_identities SET contact_id = (SELECT m.new_contact FROM migration_0039_moves m
                                             WHERE m.channel = channel_identities.channel
                                               AND m.external_id = channel_identities.external_id)
 WHERE (channel, external_id) IN (SELECT channel, external_id FROM migration_0039_moves);
UPDATE link_codes SET contact_id = (SELECT m.new_contact FROM migration_0039_moves m
                                     WHERE m.channel = link_codes.channel AND m.external_id = link_codes.external_id)
 WHERE (channel, external_id) IN (SELECT channel, external_id FROM migration_0039_moves);

DROP TABLE migration_0039_tickets;
DROP TABLE migration_0039_moves;
