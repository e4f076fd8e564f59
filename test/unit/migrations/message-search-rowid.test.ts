/**
 * migrations/0028 on a database that already has search documents the old way ('m:' rows of search_docs): every
 * message document moves to the row its message's rowid numbers, with its text; the documents search_docs keeps
 * (a renamed subject's, an archive's) stay; nothing of the bot's and no stray document is left. Then the new
 * triggers keep the index in step with inserts, edits, subject changes and deletes. Random messages, seed printed.
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { MESSAGE_DOC_BASE } from "../../../src/store/ticket-search";
import { migrated, migrationSql } from "../../support/migrations";
import { mulberry32 as seeded } from "../../support/random";

const THIS = "0028_message_search_rowid.sql";

const NOW = "2026-12-01T10:00:00.000Z";

function addTicket(db: DatabaseSync, id: string, n: number): void {
  db.prepare("INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES (?, 'Ann', 'en', ?, ?)").run(
    `con_${id}`,
    NOW,
    NOW,
  );
  db.prepare(
    `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject, created_at,
        updated_at)
     VALUES (?, ?, 'telegram', ?, ?, ?, 'open', ?, ?, ?)`,
  ).run(id, n, `telegram:${n}`, `tok_${id}`, `con_${id}`, `Subject ${id}`, NOW, NOW);
}

function addMessage(db: DatabaseSync, id: string, ticket: string, author: string, body: string): void {
  const direction = author === "customer" ? "in" : author === "bot" ? "out" : "note";
  db.prepare(
    `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at, origin_ticket_id)
     VALUES (?, ?, ?, ?, 'telegram', ?, ?, ?)`,
  ).run(id, ticket, direction, author, body, NOW, ticket);
}

const docOf = (db: DatabaseSync, messageId: string) =>
  db
    .prepare(
      `SELECT f.text FROM messages m JOIN search_fts f ON f.rowid = m.rowid + ${MESSAGE_DOC_BASE} WHERE m.id = ?`,
    )
    .all(messageId)
    .map((r) => (r as { text: string }).text);

describe(`migrations/${THIS}`, () => {
  it("moves every message document to its message's rowid and keeps the other documents", () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const random = seeded(seed);
    const db = migrated((f) => f < THIS);
    const authors = ["customer", "staff", "bot"];
    const messages: Array<{ id: string; author: string; body: string }> = [];
    for (let t = 0; t < 3; t++) {
      addTicket(db, `tkt_${t}`, 1001 + t);
      const n = 1 + Math.floor(random() * 12);
      for (let i = 0; i < n; i++) {
        const author = authors[Math.floor(random() * authors.length)] as string;
        const body = `word${Math.floor(random() * 1e9)} 提现 ${i}`;
        const id = `msg_${t}_${i}`;
        addMessage(db, id, `tkt_${t}`, author, body);
        messages.push({ id, author, body });
      }
    }
    // A deleted message leaves a gap in the rowids; a renamed subject and an archive have documents of their own.
    db.prepare("DELETE FROM messages WHERE id = ?").run("msg_0_0");
    messages.splice(
      messages.findIndex((m) => m.id === "msg_0_0"),
      1,
    );
    db.prepare("UPDATE tickets SET subject = 'Renamed' WHERE id = 'tkt_1'").run();
    db.prepare("INSERT INTO search_docs (doc_id, ticket_id) VALUES ('a:tkt_2', 'tkt_2')").run();
    db.prepare(
      "INSERT INTO search_fts (rowid, text) SELECT id, 'archived words' FROM search_docs WHERE doc_id = 'a:tkt_2'",
    ).run();
    // A stray document of a message that no longer exists.
    db.prepare("INSERT INTO search_docs (doc_id, ticket_id) VALUES ('m:msg_gone', 'tkt_0')").run();
    db.prepare(
      "INSERT INTO search_fts (rowid, text) SELECT id, 'stray' FROM search_docs WHERE doc_id = 'm:msg_gone'",
    ).run();
    const oldDocs = (db.prepare("SELECT COUNT(*) AS n FROM search_docs WHERE doc_id LIKE 'm:%'").get() as { n: number })
      .n;
    expect(oldDocs, `seed ${seed}`).toBe(messages.filter((m) => m.author !== "bot").length + 1);

    db.exec(migrationSql(THIS));

    for (const m of messages)
      expect(docOf(db, m.id), `${m.id} (seed ${seed})`).toEqual(m.author === "bot" ? [] : [m.body]);
    expect(
      db
        .prepare("SELECT doc_id FROM search_docs ORDER BY doc_id")
        .all()
        .map((r) => (r as { doc_id: string }).doc_id),
    ).toEqual(["a:tkt_2", "t:tkt_1"]);
    const fts = db.prepare("SELECT rowid, text FROM search_fts ORDER BY rowid").all() as Array<{
      rowid: number;
      text: string;
    }>;
    expect(fts.filter((r) => r.rowid < MESSAGE_DOC_BASE).map((r) => r.text)).toEqual(["Renamed", "archived words"]);
    expect(fts.filter((r) => r.rowid >= MESSAGE_DOC_BASE)).toHaveLength(
      messages.filter((m) => m.author !== "bot").length,
    );
    expect(fts.some((r) => r.text === "stray")).toBe(false);
  });

  it("its triggers keep a message's document in step: insert, edit, a subject in front, delete", () => {
    const db = migrated(() => true);
    addTicket(db, "tkt_a", 2001);
    addMessage(db, "msg_a", "tkt_a", "customer", "first words");
    addMessage(db, "msg_bot", "tkt_a", "bot", "never share your seed phrase");
    expect(docOf(db, "msg_a")).toEqual(["first words"]);
    expect(docOf(db, "msg_bot")).toEqual([]);
    // Ingest puts a customer's subject in front of the opening message's text (src/store/ingest.ts).
    db.prepare(
      `UPDATE search_fts SET text = 'Subject tkt_a' || char(31) || text
        WHERE rowid = (SELECT rowid + ${MESSAGE_DOC_BASE} FROM messages WHERE id = 'msg_a')`,
    ).run();
    db.prepare("UPDATE messages SET body = 'edited words' WHERE id = 'msg_a'").run();
    expect(docOf(db, "msg_a")).toEqual(["Subject tkt_a\u001fedited words"]);
    db.prepare("UPDATE tickets SET subject = 'Other' WHERE id = 'tkt_a'").run();
    expect(docOf(db, "msg_a")).toEqual(["edited words"]);
    db.prepare("DELETE FROM messages WHERE id = 'msg_a'").run();
    expect(
      (db.prepare(`SELECT COUNT(*) AS n FROM search_fts WHERE rowid >= ${MESSAGE_DOC_BASE}`).get() as { n: number }).n,
    ).toBe(0);
  });
});
