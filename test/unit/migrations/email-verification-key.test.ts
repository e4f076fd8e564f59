/**
 * migrations/0034 on a database with confirmation links: every link is kept with all its values, the table is keyed
 * by the token's hash with no other unique entry, a second link with the same hash is still refused, and a link is
 * found by id among its ticket's links through an index (what the confirmation does). Random links, seed printed
 * (`VERIFICATION_SEED=n` replays).
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { migrated, migrationSql } from "../../support/migrations";
import { mulberry32 } from "../../support/random";

const THIS = "0034_email_verification_key.sql";
const NOW = "2026-12-01T10:00:00.000Z";

const all = (db: DatabaseSync) =>
  db.prepare("SELECT * FROM email_verifications ORDER BY id").all() as Array<Record<string, unknown>>;

describe(`migrations/${THIS}`, () => {
  it("keeps every link, keyed by its token's hash", () => {
    const seed = Number(process.env.VERIFICATION_SEED) || Math.floor(Math.random() * 2 ** 31);
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
            created_at, updated_at) VALUES (?, ?, 'webform', ?, ?, 'con', 'resolved', 's', ?, ?)`,
      ).run(t, 1001 + i, `c${i}`, `tok${i}`, NOW, NOW);
    }
    const links = Array.from({ length: 3 + (next() % 12) }, (_, i) => ({
      id: `ver_${i}_${next()}`,
      hash: `h${next().toString(16)}${i}`,
      ticket: tickets[next() % tickets.length] as string,
      used: next() % 2 ? NOW : null,
    }));
    for (const l of links) {
      db.prepare(
        `INSERT INTO email_verifications (id, token_hash, ticket_id, email, created_at, expires_at, used_at, outcome)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(l.id, l.hash, l.ticket, `a${next()}@example.com`, NOW, NOW, l.used, l.used ? "confirmed" : null);
    }
    const before = all(db);

    db.exec(migrationSql(THIS));

    expect(all(db), `seed ${seed}`).toEqual(before);
    const uniques = db
      .prepare("SELECT name FROM pragma_index_list('email_verifications') WHERE \"unique\" = 1 AND origin <> 'pk'")
      .all();
    expect(uniques).toEqual([]);
    const first = links[0] as (typeof links)[number];
    expect(() =>
      db
        .prepare(
          `INSERT INTO email_verifications (id, token_hash, ticket_id, email, created_at, expires_at)
           VALUES ('ver_other', ?, ?, 'x@example.com', ?, ?)`,
        )
        .run(first.hash, first.ticket, NOW, NOW),
    ).toThrow(/UNIQUE constraint failed/);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT 1 FROM email_verifications WHERE ticket_id = ? AND id = ?")
      .all(first.ticket, first.id)
      .map((r) => (r as { detail: string }).detail)
      .join("\n");
    expect(plan).toMatch(/USING INDEX email_verifications_ticket/);
  });
});
