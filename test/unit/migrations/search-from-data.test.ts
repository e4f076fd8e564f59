/**
 * migrations/0035: an identity moved onto a contact with no people-search document (one that never had an identity)
 * makes that document, so the identity is found under its new contact; documents already lost this way are written
 * by the migration itself (every contact without one gets it, as scripts/search-index.sql writes one for every
 * contact); and a message whose document has its ticket's subject in front, written there before migrations/0033 by
 * an UPDATE, says so (subject_in_doc = 1) so the rebuild writes it again, while one without (or renamed since) does
 * not. Random contacts and moves, seed printed
 * (`SEARCH_MOVE_SEED=n` replays).
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { migrated, migrationSql } from "../../support/migrations";
import { mulberry32 } from "../../support/random";

const THIS = "0035_search_from_data.sql";
const NOW = "2026-12-01T10:00:00.000Z";

const docOf = (db: DatabaseSync, contactId: string): string[] =>
  db
    .prepare("SELECT f.text FROM contacts c JOIN contact_search_fts f ON f.rowid = c.rowid WHERE c.id = ?")
    .all(contactId)
    .map((r) => (r as { text: string }).text);
const found = (db: DatabaseSync, term: string): string[] =>
  db
    .prepare(
      `SELECT c.id FROM contact_search_fts f JOIN contacts c ON c.rowid = f.rowid
        WHERE contact_search_fts MATCH ? ORDER BY c.id`,
    )
    .all(`"${term}"`)
    .map((r) => (r as { id: string }).id);
const count = (db: DatabaseSync, sql: string) => (db.prepare(sql).get() as { n: number }).n;

function addContact(db: DatabaseSync, id: string): void {
  db.prepare("INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES (?, ?, 'en', ?, ?)").run(
    id,
    `person_${id}`,
    NOW,
    NOW,
  );
}
function addIdentity(db: DatabaseSync, id: string, contactId: string, ext: string): void {
  db.prepare(
    `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
     VALUES (?, ?, 'telegram', ?, NULL, ?, ?)`,
  ).run(id, contactId, ext, NOW, NOW);
}

describe(`migrations/${THIS}`, () => {
  const seed = Number(process.env.SEARCH_MOVE_SEED) || Math.floor(Math.random() * 2 ** 31);
  const random = mulberry32(seed);

  it("writes the documents an earlier move lost, one per contact", () => {
    const db = migrated((f) => f < THIS);
    const n = 3 + Math.floor(random() * 6);
    for (let i = 0; i < n; i++) addContact(db, `con_${i}`);
    // con_0 has identities; con_1 never has one; the others get one moved from con_0 (the old trigger loses them).
    for (let i = 0; i < n; i++) addIdentity(db, `idn_${i}`, "con_0", `ext${seed}x${i}`);
    for (let i = 2; i < n; i++)
      db.prepare("UPDATE channel_identities SET contact_id = ? WHERE id = ?").run(`con_${i}`, `idn_${i}`);
    for (let i = 2; i < n; i++) expect(found(db, `ext${seed}x${i}`), `before, seed ${seed}`).toEqual([]);

    db.exec(migrationSql(THIS));

    for (let i = 2; i < n; i++) expect(found(db, `ext${seed}x${i}`), `seed ${seed}`).toEqual([`con_${i}`]);
    expect(found(db, `ext${seed}x0`)).toEqual(["con_0"]);
    expect(found(db, `ext${seed}x1`)).toEqual(["con_0"]);
    expect(docOf(db, "con_1")).toEqual(["person_con_1  "]);
    expect(count(db, "SELECT COUNT(*) AS n FROM contact_search_fts")).toBe(n);
  });

  it("a move onto a contact with no document makes it, and both contacts' texts follow", () => {
    const db = migrated();
    const n = 2 + Math.floor(random() * 5);
    addContact(db, "con_src");
    for (let i = 0; i < n; i++) addIdentity(db, `idn_${i}`, "con_src", `mv${seed}x${i}`);
    addContact(db, "con_empty");
    expect(docOf(db, "con_empty")).toEqual([]);
    const moved = Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.5);
    if (moved.length === 0) moved.push(0);
    for (const i of moved) {
      db.prepare("UPDATE channel_identities SET contact_id = 'con_empty' WHERE id = ?").run(`idn_${i}`);
    }
    for (let i = 0; i < n; i++) {
      const owner = moved.includes(i) ? "con_empty" : "con_src";
      expect(found(db, `mv${seed}x${i}`), `identity ${i}, seed ${seed}`).toEqual([owner]);
    }
    expect(docOf(db, "con_empty")).toHaveLength(1);
    expect(docOf(db, "con_empty")[0]).toContain("person_con_empty");
    // A rename after the move rewrites the one document, never a second.
    db.prepare("UPDATE channel_identities SET display_name = ? WHERE id = ?").run(`renamed${seed}`, `idn_${moved[0]}`);
    expect(found(db, `renamed${seed}`)).toEqual(["con_empty"]);
    expect(count(db, "SELECT COUNT(*) AS n FROM contact_search_fts")).toBe(2);
  });

  it("marks the messages whose document has their ticket's subject in front, and only those", () => {
    const db = migrated((f) => f < THIS);
    addContact(db, "con");
    const n = 3 + Math.floor(random() * 6);
    const prefixed: string[] = [];
    for (let i = 0; i < n; i++) {
      const subject = `subj${seed}x${i}`;
      db.prepare(
        `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject,
            created_at, updated_at) VALUES (?, ?, 'email', ?, ?, 'con', 'new', ?, ?, ?)`,
      ).run(`t${i}`, 1000 + i, `k${i}`, `tok${i}`, subject, NOW, NOW);
      for (const [j, author] of ["customer", "bot", "customer"].entries()) {
        db.prepare(
          `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at)
           VALUES (?, ?, ?, ?, 'email', ?, ?)`,
        ).run(`m${i}_${j}`, `t${i}`, author === "bot" ? "out" : "in", author, `body ${random()}`, NOW);
      }
      // How ingest wrote a given subject before 0033: an UPDATE of the opening message's document.
      if (i === 0 || random() < 0.6) {
        db.prepare(
          `UPDATE search_fts SET text = ? || char(31) || text
            WHERE rowid = (SELECT rowid + 1099511627776 FROM messages WHERE id = ?)`,
        ).run(subject, `m${i}_0`);
        prefixed.push(`m${i}_0`);
        // A subject renamed since: the prefix goes, the message stays unmarked.
        if (i > 0 && random() < 0.3) {
          db.prepare("UPDATE tickets SET subject = ? WHERE id = ?").run(`new${seed}`, `t${i}`);
          prefixed.pop();
        }
      }
    }
    db.exec(migrationSql(THIS));
    const marked = db
      .prepare("SELECT id FROM messages WHERE subject_in_doc = 1 ORDER BY id")
      .all()
      .map((r) => (r as { id: string }).id);
    expect(prefixed.length).toBeGreaterThan(0);
    expect(marked, `seed ${seed}`).toEqual([...prefixed].sort());
  });
});
