-- A secret a customer wrote once under its label and again later, bare, in another message ("password: X", then
-- "X still fails"): the later copy has no label to say what it is, and the first was redacted before it was stored.
-- What is kept of a found password, key, API secret or code is its print: the first 16 hex digits of SHA-256 over
-- the conversation's own ticket id and the value (src/core/redact-prints.ts), never the value. A later message of the
-- same conversation reads the prints of its latest tickets with ingest's other reads and redacts any token whose
-- print is among them. Written only when a message held such a secret: no row for an ordinary message. Keyed
-- (ticket_id, print), WITHOUT ROWID: one b-tree entry per print, no other index. The ticket's row outlives its
-- archive (src/store/archive.ts keeps it), so its prints stay with it.
CREATE TABLE secret_prints (
  ticket_id  TEXT NOT NULL REFERENCES tickets (id),
  print      TEXT NOT NULL,
  kind       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (ticket_id, print)
) WITHOUT ROWID;
