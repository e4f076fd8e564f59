/**
 * migrations/0038 on a database with sent emails: every record is kept with all its values, the table is keyed by
 * the Message-ID alone (WITHOUT ROWID: no rowid, no second unique entry), a second record with the same Message-ID
 * is still refused and the sender's upsert still updates the recipient, the ticket's and the message's lookups still
 * go through their indexes, and tickets_created is gone with metrics' read still served by an index. A record the
 * new table cannot hold (a NULL Message-ID, which the old rowid table admitted) fails the migration, which then
 * changes nothing. Random records, seed printed (`EMAIL_SENT_SEED=n` replays).
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { migrated, migrationSql } from "../../support/migrations";
import { mulberry32, seedFrom } from "../../support/random";

const THIS = "0038_rows_created_email_sent.sql";
const NOW = "2026-12-01T10:00:00.000Z";

const all = (db: DatabaseSync) =>
  db.prepare("SELECT * FROM email_sent ORDER BY message_id_header").all() as Array<Record<string, unknown>>;
const plan = (db: DatabaseSync, sql: string, ...binds: string[]) =>
  db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...binds)
    .map((r) => (r as { detail: string }).detail)
    .join("\n");

/** A database before this migration, with `n` tickets, a message on each and random sent records. */
function seeded(seed: number) {
  const random = mulberry32(seed);
  const next = () => Math.floor(random() * 2 ** 31);
  const db = migrated((f) => f < THIS);
  db.prepare("INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES ('con', 'A', 'en', ?, ?)").run(
    NOW,
    NOW,
  );
  const tickets = Array.from({ length: 2 + (next() % 4) }, (_, i) => `t${i}`);
  for (const [i, t] of tickets.entries()) {
    db.prepare(
      `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject,
          created_at, updated_at) VALUES (?, ?, 'email', ?, ?, 'con', 'open', 's', ?, ?)`,
    ).run(t, 1001 + i, `c${i}`, `tok${i}`, NOW, NOW);
    db.prepare(
      `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at)
       VALUES (?, ?, 'out', 'staff', 'email', 'b', ?)`,
    ).run(`m${i}`, t, NOW);
  }
  const records = Array.from({ length: 3 + (next() % 20) }, (_, i) => {
    const t = next() % tickets.length;
    return {
      // Message-IDs as mailers write them, some differing only in case (a text key compares them as written).
      header: `<${i % 3 ? "a" : "A"}${next().toString(36)}.${i}@relaydesk.example>`,
      message: `m${t}`,
      ticket: tickets[t] as string,
      at: new Date(Date.parse(NOW) + (next() % 86_400) * 1000).toISOString(),
      recipient: next() % 3 ? `c${next()}@example.com` : null,
    };
  });
  for (const r of records) {
    db.prepare(
      "INSERT INTO email_sent (message_id_header, message_id, ticket_id, created_at, recipient) VALUES (?, ?, ?, ?, ?)",
    ).run(r.header, r.message, r.ticket, r.at, r.recipient);
  }
  return { db, records };
}

describe(`migrations/${THIS}`, () => {
  it("keeps every sent record, keyed by its Message-ID alone", () => {
    const seed = seedFrom("EMAIL_SENT_SEED");
    const { db, records } = seeded(seed);
    const before = all(db);
    expect(before).toHaveLength(records.length);

    db.exec(migrationSql(THIS));

    expect(all(db), `seed ${seed}`).toEqual(before);
    expect(() => db.prepare("SELECT rowid FROM email_sent").all()).toThrow(/no such column/);
    const uniques = db
      .prepare("SELECT name FROM pragma_index_list('email_sent') WHERE \"unique\" = 1 AND origin <> 'pk'")
      .all();
    expect(uniques).toEqual([]);
    const first = records[0] as (typeof records)[number];
    expect(() =>
      db
        .prepare("INSERT INTO email_sent (message_id_header, message_id, ticket_id, created_at) VALUES (?, ?, ?, ?)")
        .run(first.header, first.message, first.ticket, NOW),
    ).toThrow(/UNIQUE constraint failed/);
    // The sender's own statement (src/store/email-threads.ts recordSentMessageId): a retry to another address.
    db.prepare(
      `INSERT INTO email_sent (message_id_header, message_id, ticket_id, created_at, recipient) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (message_id_header) DO UPDATE SET recipient = excluded.recipient`,
    ).run(first.header, first.message, first.ticket, NOW, "changed@example.com");
    expect(
      db.prepare("SELECT recipient, created_at FROM email_sent WHERE message_id_header = ?").get(first.header),
    ).toEqual({ recipient: "changed@example.com", created_at: first.at });
    expect(plan(db, "SELECT 1 FROM email_sent WHERE ticket_id = ? ORDER BY created_at", first.ticket)).toMatch(
      /USING (COVERING )?INDEX email_sent_ticket/,
    );
    expect(plan(db, "SELECT message_id_header FROM email_sent WHERE message_id = ?", first.message)).toMatch(
      /USING (COVERING )?INDEX email_sent_message/,
    );
  });

  it("drops tickets_created; a period's tickets are still read through an index", () => {
    const { db } = seeded(seedFrom("EMAIL_SENT_SEED"));
    db.exec(migrationSql(THIS));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'tickets_created'").all()).toEqual([]);
    const metrics = plan(
      db,
      `SELECT t.id FROM tickets t WHERE t.updated_at >= ?4 AND t.created_at >= ?1 AND t.created_at < ?2
          AND t.merged_into_id IS NULL ORDER BY t.created_at LIMIT 10`,
      "2026-11-01",
      "2026-12-01",
      "2026-10-31",
    );
    expect(metrics).toMatch(/SEARCH t USING INDEX/);
    expect(metrics).not.toMatch(/^SCAN t\b/m);
  });

  it("refuses a record the new table cannot hold, and changes nothing", () => {
    const { db } = seeded(seedFrom("EMAIL_SENT_SEED"));
    // A rowid table's TEXT PRIMARY KEY admits NULL (SQLite's old quirk); no writer stores one, but a desk could hold it.
    db.prepare(
      "INSERT INTO email_sent (message_id_header, message_id, ticket_id, created_at) VALUES (NULL, 'm0', 't0', ?)",
    ).run(NOW);
    const before = all(db);
    const schema = db.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").all();
    // D1 applies a migration in one transaction.
    db.exec("BEGIN");
    expect(() => db.exec(migrationSql(THIS))).toThrow(/NOT NULL constraint failed|CHECK constraint failed/);
    db.exec("ROLLBACK");
    expect(all(db)).toEqual(before);
    expect(db.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").all()).toEqual(schema);
  });
});
