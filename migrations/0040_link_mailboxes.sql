-- Mailboxes an earlier `/link` joined are split too. Migration 0039 split the Telegram and Discord accounts of a contact
-- an earlier `/link` joined, but that `/link` also folded the redeemer's whole contact into the code's: a customer whose
-- Telegram was on their own mailbox's contact (they had linked the two), typing a code a scammer's mailbox asked for by
-- mail, put their mailbox beside the scammer's on one contact. There it stayed after 0039: the scammer's mail asking
-- "status" listed the customer's email tickets, and staff replies on them went to the contact's address, the scammer's.
-- Besides `/link`, only a web-form contact from before per-submission claims that proved a second address holds two
-- (a confirmed address otherwise folds into the contact holding that same address; a forged From gets a contact of its
-- own), and splitting it changes nothing staff see. So each address of such a contact but one gets a contact
-- of its own in the contact's group, with its identities (email, unproven email, its proven web-form address), the
-- tickets it opened (the first customer message of the ticket's own conversation is its) and its unused codes. The
-- address kept is the contact's own (`contacts.email`), else its oldest identity's. Messages and everything else stay.
CREATE TABLE migration_0040_addresses (
  identity_id  TEXT PRIMARY KEY,
  contact_id   TEXT NOT NULL,
  address      TEXT NOT NULL,
  proven       INTEGER NOT NULL,
  display_name TEXT,
  created_at   TEXT NOT NULL
);
INSERT INTO migration_0040_addresses (identity_id, contact_id, address, proven, display_name, created_at)
  SELECT id, contact_id,
         CASE WHEN external_id LIKE 'unverified:%' THEN substr(external_id, 12)
              WHEN external_id LIKE 'failed:%' THEN substr(external_id, 8) ELSE external_id END,
         external_id NOT LIKE 'unverified:%' AND external_id NOT LIKE 'failed:%', display_name, created_at
    FROM channel_identities
   WHERE (channel = 'email' OR (channel = 'webform' AND external_id LIKE '%@%'
          AND external_id NOT LIKE 'claim:%' AND external_id NOT LIKE 'chat:%' AND external_id NOT LIKE 'ticket:%'));
-- Each contact's addresses are read through this index (a scan of the addresses per contact otherwise: minutes on a
-- desk of 50,000 contacts). Dropped with its table.
CREATE INDEX migration_0040_addresses_contact ON migration_0040_addresses (contact_id, address);

-- The address each contact keeps.
CREATE TABLE migration_0040_kept (
  contact_id TEXT PRIMARY KEY,
  address    TEXT NOT NULL
);
INSERT INTO migration_0040_kept (contact_id, address)
  SELECT c.id, COALESCE(
           (SELECT a.address FROM migration_0040_addresses a WHERE a.contact_id = c.id AND a.address = lower(c.email)),
           (SELECT a.address FROM migration_0040_addresses a WHERE a.contact_id = c.id
             ORDER BY a.created_at, a.identity_id LIMIT 1))
    FROM contacts c
   WHERE (SELECT COUNT(DISTINCT a.address) FROM migration_0040_addresses a WHERE a.contact_id = c.id) > 1;

CREATE TABLE migration_0040_moves (
  old_contact  TEXT NOT NULL,
  address      TEXT NOT NULL,
  new_contact  TEXT NOT NULL,
  PRIMARY KEY (old_contact, address)
);
INSERT INTO migration_0040_moves (old_contact, address, new_contact)
  SELECT contact_id, address, 'con_' || lower(hex(randomblob(12)))
    FROM (SELECT DISTINCT a.contact_id, a.address
            FROM migration_0040_addresses a JOIN migration_0040_kept k ON k.contact_id = a.contact_id
           WHERE a.address <> k.address);

CREATE TABLE migration_0040_tickets (
  ticket_id    TEXT PRIMARY KEY,
  new_contact  TEXT NOT NULL
);
INSERT OR IGNORE INTO migration_0040_tickets (ticket_id, new_contact)
  SELECT t.id, m.new_contact
    FROM migration_0040_moves m
    JOIN tickets t ON t.contact_id = m.old_contact
    JOIN migration_0040_addresses a ON a.contact_id = m.old_contact AND a.address = m.address
   WHERE a.identity_id = (SELECT f.sender_identity_id FROM messages f
                           WHERE f.origin_ticket_id = t.id AND f.direction = 'in' AND f.author = 'customer'
                           ORDER BY f.created_at, f.id LIMIT 1);

INSERT INTO contacts (id, name, email, email_verified_at, language, preferred_language, linked_to_id, created_at,
                      updated_at)
  SELECT m.new_contact,
         (SELECT a.display_name FROM migration_0040_addresses a WHERE a.contact_id = m.old_contact
             AND a.address = m.address ORDER BY a.created_at, a.identity_id LIMIT 1),
         m.address,
         (SELECT MIN(a.created_at) FROM migration_0040_addresses a WHERE a.contact_id = m.old_contact
             AND a.address = m.address AND a.proven),
         c.language, c.preferred_language, COALESCE(c.linked_to_id, c.id),
         (SELECT MIN(a.created_at) FROM migration_0040_addresses a WHERE a.contact_id = m.old_contact
             AND a.address = m.address),
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM migration_0040_moves m JOIN contacts c ON c.id = m.old_contact;
UPDATE tickets SET contact_id = (SELECT new_contact FROM migration_0040_tickets WHERE ticket_id = tickets.id)
 WHERE id IN (SELECT ticket_id FROM migration_0040_tickets);
UPDATE channel_identities SET contact_id = (SELECT m.new_contact FROM migration_0040_addresses a
                                              JOIN migration_0040_moves m
                                                ON m.old_contact = a.contact_id AND m.address = a.address
                                             WHERE a.identity_id = channel_identities.id)
 WHERE id IN (SELECT a.identity_id FROM migration_0040_addresses a JOIN migration_0040_moves m
                ON m.old_contact = a.contact_id AND m.address = a.address);
UPDATE link_codes SET contact_id = (SELECT i.contact_id FROM channel_identities i
                                     WHERE i.channel = link_codes.channel AND i.external_id = link_codes.external_id)
 WHERE channel = 'email' AND contact_id IN (SELECT old_contact FROM migration_0040_moves)
   AND EXISTS (SELECT 1 FROM channel_identities i
                WHERE i.channel = link_codes.channel AND i.external_id = link_codes.external_id);

DROP TABLE migration_0040_tickets;
DROP TABLE migration_0040_moves;
DROP TABLE migration_0040_kept;
DROP TABLE migration_0040_addresses;
