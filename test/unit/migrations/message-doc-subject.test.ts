/**
 * migrations/0033: a first message flagged subject_in_doc gets its ticket's subject in front of its text in its one
 * search document, written by the insert itself (no UPDATE after: test/integration/reliability/rows-written.test.ts counts it), and the other triggers keep that prefix
 * as they kept the one ingest's UPDATE wrote (an edit keeps it, a new subject replaces it). Random subjects and texts,
 * seed printed (`DOC_SUBJECT_SEED=n` replays).
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { migrated as applyMigrations } from "../../support/migrations";
import { mulberry32 } from "../../support/random";

const NOW = "2026-12-01T10:00:00.000Z";
const DOC_BASE = 1099511627776;
const US = String.fromCharCode(31);

function migrated(): DatabaseSync {
  const db = applyMigrations();
  db.prepare("INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES ('con', 'A', 'en', ?, ?)").run(
    NOW,
    NOW,
  );
  return db;
}

const docOf = (db: DatabaseSync, messageId: string) =>
  (
    db
      .prepare("SELECT f.text FROM messages m JOIN search_fts f ON f.rowid = m.rowid + ? WHERE m.id = ?")
      .get(DOC_BASE, messageId) as { text: string } | undefined
  )?.text;

describe("migrations/0033_message_doc_subject.sql", () => {
  it("writes a flagged first message's document with its ticket's subject in front, and keeps it in step", () => {
    const seed = Number(process.env.DOC_SUBJECT_SEED) || Math.floor(Math.random() * 2 ** 31);
    const random = mulberry32(seed);
    const word = () => `w${Math.floor(random() * 2 ** 31).toString(36)}`;
    const db = migrated();
    const subject = `${word()} ${word()}`;
    const body = `${word()} ${word()} ${word()}`;
    db.prepare(
      `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject,
          created_at, updated_at) VALUES ('t', 1001, 'email', 'c', 'tok', 'con', 'new', ?, ?, ?)`,
    ).run(subject, NOW, NOW);
    const insert = (id: string, text: string, flag: number | null, author = "customer") =>
      db
        .prepare(
          `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at, subject_in_doc)
           VALUES (?, 't', ?, ?, 'email', ?, ?, ?)`,
        )
        .run(id, author === "bot" ? "out" : "in", author, text, NOW, flag);
    insert("m1", body, 1);
    expect(docOf(db, "m1"), `seed ${seed}`).toBe(`${subject}${US}${body}`);
    const follow = word();
    insert("m2", follow, null);
    expect(docOf(db, "m2")).toBe(follow);
    insert("m3", word(), 1, "bot");
    expect(docOf(db, "m3")).toBeUndefined();

    // An edit keeps the subject in front; a new subject replaces it.
    const edited = `${word()} edited`;
    db.prepare("UPDATE messages SET body = ? WHERE id = 'm1'").run(edited);
    expect(docOf(db, "m1"), `seed ${seed}`).toBe(`${subject}${US}${edited}`);
    const renamed = `${word()} renamed`;
    db.prepare("UPDATE tickets SET subject = ? WHERE id = 't'").run(renamed);
    expect(docOf(db, "m1"), `seed ${seed}`).toBe(edited);
    expect(docOf(db, "m2")).toBe(follow);
  });
});
