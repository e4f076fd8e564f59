/**
 * migrations/0032 on a database with identities: every identity is kept with all its values (ids included), the
 * table is keyed by (channel, external_id) with no other unique entry, a second identity with the same key is
 * still refused, and the people-search documents still follow identities (insert, rename, move). Random identities,
 * seed printed (`IDENTITY_SEED=n` replays).
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { migrated, migrationSql } from "../../support/migrations";
import { mulberry32 } from "../../support/random";

const THIS = "0032_identity_key.sql";
const NOW = "2026-12-01T10:00:00.000Z";
const CHANNELS = ["telegram", "discord", "email", "webform"] as const;

const all = (db: DatabaseSync) =>
  db.prepare("SELECT * FROM channel_identities ORDER BY id").all() as Array<Record<string, unknown>>;
const docOf = (db: DatabaseSync, contactId: string) =>
  (
    db
      .prepare("SELECT f.text FROM contacts c JOIN contact_search_fts f ON f.rowid = c.rowid WHERE c.id = ?")
      .get(contactId) as { text: string } | undefined
  )?.text ?? "";

function insertIdentity(db: DatabaseSync, i: { id: string; contact: string; channel: string; ext: string }): void {
  db.prepare(
    `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(i.id, i.contact, i.channel, i.ext, `name_${i.ext}`, NOW, NOW);
}

describe(`migrations/${THIS}`, () => {
  it("keeps every identity, keyed by (channel, external_id), and people search follows them", () => {
    const seed = Number(process.env.IDENTITY_SEED) || Math.floor(Math.random() * 2 ** 31);
    const random = mulberry32(seed);
    const db = migrated((f) => f < THIS);
    const contacts = Array.from({ length: 3 + Math.floor(random() * 5) }, (_, i) => `con_${i}`);
    for (const c of contacts) {
      db.prepare("INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES (?, ?, 'en', ?, ?)").run(
        c,
        `person${c}`,
        NOW,
        NOW,
      );
    }
    const identities = Array.from({ length: 5 + Math.floor(random() * 20) }, (_, i) => ({
      id: `idn_${i}_${Math.floor(random() * 1e9)}`,
      contact: contacts[Math.floor(random() * contacts.length)] as string,
      channel: CHANNELS[Math.floor(random() * CHANNELS.length)] as string,
      ext: `x${i}${Math.floor(random() * 1e6)}`,
    }));
    for (const i of identities) insertIdentity(db, i);
    db.prepare("UPDATE channel_identities SET verified_at = ?, reachable = 0 WHERE id = ?").run(
      NOW,
      identities[0]?.id as string,
    );
    const before = all(db);
    const docsBefore = contacts.map((c) => docOf(db, c));

    db.exec(migrationSql(THIS));

    expect(all(db), `seed ${seed}`).toEqual(before);
    expect(
      contacts.map((c) => docOf(db, c)),
      `seed ${seed}`,
    ).toEqual(docsBefore);
    const uniques = db
      .prepare("SELECT name FROM pragma_index_list('channel_identities') WHERE \"unique\" = 1 AND origin <> 'pk'")
      .all();
    expect(uniques).toEqual([]);
    const first = identities[0] as (typeof identities)[number];
    expect(() => insertIdentity(db, { ...first, id: "idn_other" })).toThrow(/UNIQUE constraint failed/);

    // The people-search triggers, made again: a new identity, a new display name, an identity moved onto a contact
    // with a document (a contact that never had an identity has none; migrations/0035 covers a move onto one).
    insertIdentity(db, { id: "idn_con1", contact: "con_1", channel: "discord", ext: `other${seed}` });
    insertIdentity(db, { id: "idn_new", contact: "con_0", channel: "telegram", ext: `fresh${seed}` });
    expect(docOf(db, "con_0"), `seed ${seed}`).toContain(`fresh${seed}`);
    db.prepare("UPDATE channel_identities SET display_name = 'renamed' WHERE id = 'idn_new'").run();
    expect(docOf(db, "con_0")).toContain("renamed");
    db.prepare("UPDATE channel_identities SET contact_id = 'con_1' WHERE id = 'idn_new'").run();
    expect(docOf(db, "con_0")).not.toContain(`fresh${seed}`);
    expect(docOf(db, "con_1")).toContain(`fresh${seed}`);
    db.prepare("UPDATE contacts SET name = 'Zed' WHERE id = 'con_2'").run();
    expect(docOf(db, "con_2")).toContain("Zed");
  });
});
