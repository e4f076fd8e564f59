-- Mail whose SPF/DKIM/DMARC FAILED writes as `failed:<address>` since the change that brought it (channels/email/receive.ts),
-- a customer of its own. Tickets such mail opened before that were written as the address's `unverified:` identity: they
-- still share the contact of the address's genuine mail (a domain without DMARC gets no verdict), so staff see the forger
-- as that customer, the customer's `/t/` page shows a merged-in forger's words, and the forger's mail dedupes and counts
-- against the customer's. Each ticket whose customer messages ALL failed authentication, all from one `unverified:`
-- identity of its contact, moves onto the address's `failed:` contact (made here when there is none yet), as if it had
-- arrived today. A message failed when its inbound record says so (sender_verified -1), when it begins with the mark such
-- mail has borne since it was kept apart ("[Unverified sender] [Failed authentication: claims to be <its sender>; failed
-- authentication (…)]", not the downgrade's "earlier mail from it passed"), or
-- when its record (sender_verified 0, from before the mark) holds a failing verdict in its summary: a result of fail,
-- softfail, permerror, quarantine or reject, or the spam flag (channels/email/auth.ts judgeSender). Tickets with any
-- other customer message (genuine mail, a "none" downgrade) stay: nothing proves whose they are. Archived tickets whose
-- messages are in R2 only are not read here.
--
-- With the ticket move: its customer messages' sender identity and their inbound records' bucket (-1: the Message-ID
-- and the hourly count are the forger's, no longer the customer's), and its conversation key (a key computed for the
-- address's `unverified:` identity must not lead the customer's mail into the moved ticket).

-- Every inbound email has its record (email_inbound), so the failed ones are found from the records nothing proved.
CREATE TABLE migration_0036_failed (message_id TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO migration_0036_failed (message_id)
  SELECT e.message_id FROM email_inbound e JOIN messages m ON m.id = e.message_id
   WHERE e.kind = 'message' AND e.sender_verified <= 0 AND m.direction = 'in'
     AND (e.sender_verified = -1
       OR instr(m.body, '[Unverified sender] [Failed authentication: claims to be ' || e.sender || '; failed authentication (') = 1
       OR ' ' || replace(COALESCE(e.auth, ''), '(', ' ') || ' ' LIKE '%=fail %'
       OR ' ' || replace(COALESCE(e.auth, ''), '(', ' ') || ' ' LIKE '%=softfail %'
       OR ' ' || replace(COALESCE(e.auth, ''), '(', ' ') || ' ' LIKE '%=permerror %'
       OR ' ' || replace(COALESCE(e.auth, ''), '(', ' ') || ' ' LIKE '%=quarantine %'
       OR ' ' || replace(COALESCE(e.auth, ''), '(', ' ') || ' ' LIKE '%=reject %'
       OR ' ' || COALESCE(e.auth, '') || ' ' LIKE '% spam %');

-- The tickets to move: those a failed message came from whose customer messages (by origin, so a ticket merged away
-- keeps its own; they sit in the ticket itself or in the one it was merged into) all failed, and all came from one
-- `unverified:` identity of the ticket's contact.
CREATE TABLE migration_0036_moves (
  ticket_id      TEXT PRIMARY KEY,
  address        TEXT NOT NULL,
  from_identity  TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO migration_0036_moves (ticket_id, address, from_identity)
  SELECT t.id, substr(i.external_id, 12), i.id
    FROM (SELECT DISTINCT COALESCE(m.origin_ticket_id, m.ticket_id) AS id
            FROM migration_0036_failed f JOIN messages m ON m.id = f.message_id) c
    JOIN tickets t ON t.id = c.id
    JOIN channel_identities i ON i.contact_id = t.contact_id AND i.channel = 'email' AND i.external_id LIKE 'unverified:%'
   WHERE t.channel = 'email'
     AND NOT EXISTS (SELECT 1 FROM messages m
                      WHERE m.ticket_id IN (t.id, t.merged_into_id) AND COALESCE(m.origin_ticket_id, m.ticket_id) = t.id
                        AND m.direction = 'in'
                        AND (m.sender_identity_id IS NOT i.id
                          OR m.id NOT IN (SELECT message_id FROM migration_0036_failed)));

-- The customer messages of the moving tickets.
CREATE TABLE migration_0036_messages (message_id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO migration_0036_messages (message_id, ticket_id)
  SELECT m.id, t.id FROM migration_0036_moves mv JOIN tickets t ON t.id = mv.ticket_id
    JOIN messages m ON m.ticket_id IN (t.id, t.merged_into_id) AND COALESCE(m.origin_ticket_id, m.ticket_id) = t.id
   WHERE m.direction = 'in';

-- One `failed:` contact per address: the one that exists, else a new one.
CREATE TABLE migration_0036_contacts (
  address      TEXT PRIMARY KEY,
  contact_id   TEXT NOT NULL,
  identity_id  TEXT NOT NULL,
  fresh        INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO migration_0036_contacts (address, contact_id, identity_id, fresh)
  SELECT mv.address,
         COALESCE(f.contact_id, 'con_' || lower(hex(randomblob(12)))),
         COALESCE(f.id, 'idn_' || lower(hex(randomblob(12)))),
         f.id IS NULL
    FROM (SELECT DISTINCT address FROM migration_0036_moves) mv
    LEFT JOIN channel_identities f ON f.channel = 'email' AND f.external_id = 'failed:' || mv.address;

INSERT INTO contacts (id, name, email, language, created_at, updated_at)
  SELECT c.contact_id, NULL, c.address,
         COALESCE((SELECT t.language FROM migration_0036_moves mv JOIN tickets t ON t.id = mv.ticket_id
                    WHERE mv.address = c.address ORDER BY t.created_at DESC LIMIT 1), 'en'),
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM migration_0036_contacts c WHERE c.fresh = 1;
INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
  SELECT c.identity_id, c.contact_id, 'email', 'failed:' || c.address, NULL,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM migration_0036_contacts c WHERE c.fresh = 1;

UPDATE tickets
   SET contact_id = (SELECT c.contact_id FROM migration_0036_moves mv JOIN migration_0036_contacts c ON c.address = mv.address
                      WHERE mv.ticket_id = tickets.id),
       conversation_key = conversation_key || '#failed-auth'
 WHERE id IN (SELECT ticket_id FROM migration_0036_moves);

-- A message that would then repeat the failed identity's own (the same Message-ID it sent again later) keeps its sender.
UPDATE OR IGNORE messages
   SET sender_identity_id = (SELECT c.identity_id FROM migration_0036_messages mm
                               JOIN migration_0036_moves mv ON mv.ticket_id = mm.ticket_id
                               JOIN migration_0036_contacts c ON c.address = mv.address
                              WHERE mm.message_id = messages.id)
 WHERE id IN (SELECT message_id FROM migration_0036_messages);

UPDATE OR IGNORE email_inbound SET sender_verified = -1
 WHERE sender_verified = 0 AND message_id IN (SELECT message_id FROM migration_0036_messages);

DROP TABLE migration_0036_messages;
DROP TABLE migration_0036_contacts;
DROP TABLE migration_0036_moves;
DROP TABLE migration_0036_failed;
