/**
 * migrations/0029 on a database whose people-search documents are numbered by contact_search_docs: each moves to the
 * row its contact's rowid numbers, with its text, and contact_search_docs is left empty; then the new triggers keep
 * a contact's document in step (first identity, rename, another identity, an identity moved, a contact deleted).
 * Random contacts, seed printed.
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { migrated, migrationSql } from "../../support/migrations";

const THIS = "0029_contact_search_rowid.sql";
const NOW = "2026-12-01T10:00:00.000Z";

/** A contact and its first identity, as ingest writes them (one after the other). */
function addContact(db: DatabaseSync, id: string, name: string, externalId: string): void {
  db.prepare("INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES (?, ?, 'en', ?, ?)").run(
    id,
    name,
    NOW,
    NOW,
  );
  addIdentity(db, `idn_${externalId}`, id, externalId);
}

function addIdentity(db: DatabaseSync, id: string, contactId: string, externalId: string): void {
  db.prepare(
    `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
     VALUES (?, ?, 'telegram', ?, NULL, ?, ?)`,
  ).run(id, contactId, externalId, NOW, NOW);
}

/** The texts of a contact's document(s), by its rowid. */
const docOf = (db: DatabaseSync, contactId: string) =>
  db
    .prepare("SELECT f.text FROM contacts c JOIN contact_search_fts f ON f.rowid = c.rowid WHERE c.id = ?")
    .all(contactId)
    .map((r) => (r as { text: string }).text);

const words = (text: string | undefined) => (text ?? "").split(/\s+/).filter(Boolean).sort();

describe(`migrations/${THIS}`, () => {
  it("moves every customer's document to its contact's rowid, with its text", () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const db = migrated((f) => f < THIS);
    const n = 2 + (seed % 9);
    const contacts = Array.from({ length: n }, (_, i) => ({
      id: `con_${i}`,
      name: `name${(seed + i * 7919) % 100000}`,
      ext: String(100000 + ((seed * (i + 1)) % 900000)) + i,
    }));
    for (const c of contacts) addContact(db, c.id, c.name, c.ext);
    // A contact deleted before (a gap in the rowids, and in the old numbers).
    db.prepare("DELETE FROM channel_identities WHERE contact_id = 'con_0'").run();
    db.prepare("DELETE FROM contacts WHERE id = 'con_0'").run();

    db.exec(migrationSql(THIS));

    for (const c of contacts.slice(1)) {
      const docs = docOf(db, c.id);
      expect(docs, `${c.id} (seed ${seed})`).toHaveLength(1);
      expect(words(docs[0]), `seed ${seed}`).toEqual(words(`${c.name} ${c.ext}`));
    }
    expect((db.prepare("SELECT COUNT(*) AS n FROM contact_search_fts").get() as { n: number }).n).toBe(n - 1);
    expect((db.prepare("SELECT COUNT(*) AS n FROM contact_search_docs").get() as { n: number }).n).toBe(0);
  });

  it("its triggers keep a customer's document in step", () => {
    const db = migrated(() => true);
    addContact(db, "con_a", "Ann", "111");
    addContact(db, "con_b", "Bob", "222");
    expect(words(docOf(db, "con_a")[0])).toEqual(["111", "Ann"]);
    db.prepare("UPDATE contacts SET name = 'Anna', email = 'anna@example.com' WHERE id = 'con_a'").run();
    expect(words(docOf(db, "con_a")[0])).toEqual(["111", "Anna", "anna@example.com"]);
    addIdentity(db, "idn_333", "con_a", "333");
    expect(words(docOf(db, "con_a")[0])).toEqual(["111", "333", "Anna", "anna@example.com"]);
    // Linking moves an identity: both customers' texts change.
    db.prepare("UPDATE channel_identities SET contact_id = 'con_b' WHERE id = 'idn_333'").run();
    expect(words(docOf(db, "con_a")[0])).toEqual(["111", "Anna", "anna@example.com"]);
    expect(words(docOf(db, "con_b")[0])).toEqual(["222", "333", "Bob"]);
    db.prepare("DELETE FROM channel_identities WHERE contact_id = 'con_a'").run();
    expect(words(docOf(db, "con_a")[0])).toEqual(["Anna", "anna@example.com"]);
    db.prepare("DELETE FROM contacts WHERE id = 'con_a'").run();
    expect((db.prepare("SELECT COUNT(*) AS n FROM contact_search_fts").get() as { n: number }).n).toBe(1);
    expect((db.prepare("SELECT COUNT(*) AS n FROM contact_search_docs").get() as { n: number }).n).toBe(0);
  });
});
