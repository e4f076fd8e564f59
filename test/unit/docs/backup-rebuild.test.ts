/**
 * docs/deploy.md "Backups": the SQL-dump procedure drops the search indexes (D1's export cannot read them), exports,
 * and writes them again from the data. Run as the page writes it (the two files its block names, in its order), it
 * must leave the schema and every search document exactly as a twin database that never dropped them, with the
 * same writes during the window: renamed subjects and archived tickets (kept across the dump), merged messages, a
 * subject given by the customer, people with and without identities. A migration that changes a search trigger
 * without scripts/search-index.sql fails here. The restore into an empty database (the dump's tables and rows, then
 * the rebuild) is run too. Random texts, seed printed (`REBUILD_SEED=n` replays).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { migrated } from "../../support/migrations";
import { mulberry32 } from "../../support/random";

const ROOT = resolve(import.meta.dirname, "../../..");
const DEPLOY = readFileSync(resolve(ROOT, "docs/deploy.md"), "utf8");
const NOW = "2026-12-01T10:00:00.000Z";
const DOC_BASE = 1099511627776;

/** The files the page's SQL-dump block runs, in its order, around its export. */
function procedure(): { drop: string; rebuild: string } {
  const block = DEPLOY.slice(DEPLOY.indexOf("**An SQL dump**")).match(/```sh\n([\s\S]*?)```/)?.[1] ?? "";
  const lines = block.split("\n");
  const files = lines.flatMap((l, i) => [...l.matchAll(/--file (scripts\/\S+\.sql)/g)].map((m) => ({ i, f: m[1] })));
  const exportAt = lines.findIndex((l) => /d1 export/.test(l));
  const before = files.filter((x) => x.i < exportAt).map((x) => x.f as string);
  const after = files.filter((x) => x.i > exportAt).map((x) => x.f as string);
  expect(before, "one file before the export").toHaveLength(1);
  expect(after.length, "a file after the export").toBeGreaterThanOrEqual(1);
  const read = (f: string) => readFileSync(resolve(ROOT, f), "utf8");
  return { drop: read(before[0] as string), rebuild: read(after[0] as string) };
}

const schema = (db: DatabaseSync) =>
  db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").all();
const documents = (db: DatabaseSync) => ({
  search: db.prepare("SELECT rowid, text FROM search_fts ORDER BY rowid").all(),
  docs: db.prepare("SELECT id, doc_id, ticket_id FROM search_docs ORDER BY id").all(),
  people: db.prepare("SELECT rowid, text FROM contact_search_fts ORDER BY rowid").all(),
});

/** The same, named by what they index (a restore numbers rows anew): message ids, doc ids, contact ids. */
const documentsByOwner = (db: DatabaseSync) => ({
  messages: db
    .prepare(`SELECT m.id, f.text FROM messages m JOIN search_fts f ON f.rowid = m.rowid + ${DOC_BASE} ORDER BY m.id`)
    .all(),
  kept: db
    .prepare(
      "SELECT d.doc_id, d.ticket_id, f.text FROM search_docs d JOIN search_fts f ON f.rowid = d.id ORDER BY d.doc_id",
    )
    .all(),
  people: db
    .prepare("SELECT c.id, f.text FROM contacts c JOIN contact_search_fts f ON f.rowid = c.rowid ORDER BY c.id")
    .all(),
  count: db.prepare("SELECT (SELECT COUNT(*) FROM search_fts) + (SELECT COUNT(*) FROM contact_search_fts) AS n").get(),
});

function rng(seed: number) {
  const random = mulberry32(seed);
  const next = () => Math.floor(random() * 2 ** 31);
  return { word: () => `w${next().toString(36)}`, pick: (n: number) => next() % n };
}

/** Writes as the store does them, on either database. */
function writer(db: DatabaseSync, r: ReturnType<typeof rng>, prefix: string) {
  let tickets = 0;
  let messages = 0;
  const contact = (id: string, identities: number) => {
    db.prepare("INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES (?, ?, 'en', ?, ?)").run(
      id,
      r.word(),
      NOW,
      NOW,
    );
    for (let i = 0; i < identities; i++) identity(`${id}_${i}`, id);
  };
  const identity = (id: string, contactId: string) =>
    db
      .prepare(
        `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
         VALUES (?, ?, 'telegram', ?, ?, ?, ?)`,
      )
      .run(`idn_${id}`, contactId, r.word(), r.word(), NOW, NOW);
  const message = (ticket: string, author: string, flag: number | null) =>
    db
      .prepare(
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at, subject_in_doc)
         VALUES (?, ?, ?, ?, 'email', ?, ?, ?)`,
      )
      .run(
        `${prefix}m${++messages}`,
        ticket,
        author === "customer" ? "in" : "out",
        author,
        `${r.word()} ${r.word()}`,
        NOW,
        flag,
      );
  const ticket = (contactId: string, givenSubject: boolean) => {
    const id = `${prefix}t${++tickets}`;
    db.prepare(
      `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject,
          created_at, updated_at) VALUES (?, ?, 'email', ?, ?, ?, 'new', ?, ?, ?)`,
    ).run(id, (prefix ? 2000 : 1000) + tickets, `k${id}`, `tok${id}`, contactId, `${r.word()} ${r.word()}`, NOW, NOW);
    message(id, "customer", givenSubject ? 1 : null);
    message(id, "bot", null);
    for (let i = r.pick(3); i > 0; i--) message(id, i % 2 ? "staff" : "customer", null);
    return id;
  };
  return { contact, identity, message, ticket };
}

/** The state before the window, the same on both databases. */
function history(db: DatabaseSync, seed: number): void {
  const r = rng(seed);
  const w = writer(db, r, "");
  for (let c = 0; c < 5; c++) w.contact(`con_${c}`, c === 4 ? 0 : 1 + r.pick(2));
  const ids = Array.from({ length: 8 }, (_, i) => w.ticket(`con_${i % 4}`, r.pick(3) > 0));
  // A subject renamed (its own 't:' document), a merge (the moved messages keep their origin), an identity moved onto
  // the contact without one, and an archived ticket's record (as src/store/archive.ts writes it, its messages gone).
  db.prepare("UPDATE tickets SET subject = ? WHERE id = ?").run(`renamed ${r.word()}`, ids[1] as string);
  db.prepare(
    "UPDATE messages SET ticket_id = ?, origin_ticket_id = COALESCE(origin_ticket_id, ticket_id) WHERE ticket_id = ?",
  ).run(ids[3] as string, ids[2] as string);
  db.prepare("UPDATE channel_identities SET contact_id = 'con_4' WHERE id = 'idn_con_0_0'").run();
  const archived = ids[5] as string;
  db.prepare("DELETE FROM messages WHERE ticket_id = ?").run(archived);
  db.prepare("INSERT INTO search_docs (doc_id, ticket_id) VALUES ('a:' || ?1, ?1)").run(archived);
  db.prepare(
    "INSERT INTO search_fts (rowid, text) VALUES ((SELECT id FROM search_docs WHERE doc_id = 'a:' || ?1), ?2)",
  ).run(archived, `${r.word()}\n${r.word()} ${r.word()}`);
}

/** Writes while the indexes are gone: new customers, tickets and messages, renames of people. */
function windowWrites(db: DatabaseSync, seed: number): void {
  const r = rng(seed + 1);
  const w = writer(db, r, "w");
  w.contact("con_new", 1);
  w.ticket("con_new", true);
  w.message("t1", "customer", null);
  w.identity("late", "con_2");
  db.prepare("UPDATE contacts SET name = ? WHERE id = 'con_1'").run(r.word());
}

/** An export and a restore into an empty database: the tables (FTS gone), their rows, then indexes, views, triggers. */
function dumpAndRestore(db: DatabaseSync): DatabaseSync {
  const out = new DatabaseSync(":memory:");
  const objects = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")
    .all() as Array<{ type: string; name: string; sql: string }>;
  for (const t of objects.filter((o) => o.type === "table")) {
    out.exec(t.sql);
    const rows = db.prepare(`SELECT * FROM "${t.name}"`).all() as Array<Record<string, unknown>>;
    for (const cols of rows) {
      const names = Object.keys(cols);
      out
        .prepare(`INSERT INTO "${t.name}" (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`)
        .run(...(names.map((n) => cols[n]) as Array<string | number | null>));
    }
  }
  for (const type of ["index", "view", "trigger"])
    for (const o of objects.filter((x) => x.type === type)) out.exec(o.sql);
  return out;
}

describe("docs/deploy.md: the SQL dump drops the search indexes and writes them again", () => {
  const seed = Number(process.env.REBUILD_SEED) || Math.floor(Math.random() * 2 ** 31);
  const { drop, rebuild } = procedure();

  it("leaves the schema and every document as a database that never dropped them", () => {
    const twin = migrated();
    const db = migrated();
    history(twin, seed);
    history(db, seed);
    expect(documents(db)).toEqual(documents(twin));
    // The history holds every kind: a renamed subject, an archived record, a subject in front, a person without one.
    const kinds = (documents(twin).docs as Array<{ doc_id: string }>).map((d) => d.doc_id.slice(0, 2)).sort();
    expect(kinds).toEqual(["a:", "t:"]);
    expect(
      (documents(twin).search as Array<{ text: string }>).some((d) => d.text.includes(String.fromCharCode(31))),
    ).toBe(true);

    db.exec(drop);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'").all()).toEqual([]);
    windowWrites(twin, seed);
    windowWrites(db, seed);
    db.exec(rebuild);

    expect(schema(db)).toEqual(schema(twin));
    expect(documents(db), `seed ${seed}`).toEqual(documents(twin));
    // And the triggers work on: a rename, a new message, a moved identity.
    for (const d of [db, twin]) {
      d.prepare("UPDATE tickets SET subject = 'after' WHERE id = 't4'").run();
      d.prepare("UPDATE channel_identities SET contact_id = 'con_3' WHERE id = 'idn_con_new_0'").run();
    }
    expect(documents(db), `seed ${seed}`).toEqual(documents(twin));
  });

  it("writes them into a database restored from the dump", () => {
    const twin = migrated();
    const db = migrated();
    history(twin, seed);
    history(db, seed);
    db.exec(drop);
    windowWrites(twin, seed);
    windowWrites(db, seed);
    const restored = dumpAndRestore(db);
    restored.exec(rebuild);
    expect(documentsByOwner(restored), `seed ${seed}`).toEqual(documentsByOwner(twin));
    expect(schema(restored).filter((o) => (o as { type: string }).type === "trigger")).toEqual(
      schema(twin).filter((o) => (o as { type: string }).type === "trigger"),
    );
  });

  it("the drop, run twice, keeps what the first run kept", () => {
    const db = migrated();
    history(db, seed);
    const twin = migrated();
    history(twin, seed);
    db.exec(drop);
    expect(() => db.exec(drop)).toThrow(/search_fts/);
    db.exec(rebuild);
    expect(documents(db), `seed ${seed}`).toEqual(documents(twin));
  });
});
