/**
 * migrations/0031: one active ticket per conversation is kept by triggers (no unique index entry per ticket), and the
 * bot's quote column has no foreign key (no messages_reply_to entry). Random sequences of ticket inserts and status
 * changes over a few conversations, seed printed (`ONE_ACTIVE_SEED=n` replays): the triggers accept exactly what the
 * old unique index accepted, and fail the rest as it failed them (a UNIQUE constraint error, which ingest retries on).
 */
import type { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { migrated as applyMigrations, migrationSql } from "../../support/migrations";
import { mulberry32 } from "../../support/random";

const THIS = "0031_rows_one_active_quote.sql";
const NOW = "2026-12-01T10:00:00.000Z";
const STATUSES = ["new", "open", "pending", "resolved", "closed"] as const;
const ACTIVE = new Set(["new", "open", "pending"]);

function migrated(upTo: (f: string) => boolean): DatabaseSync {
  const db = applyMigrations(upTo);
  db.prepare("INSERT INTO contacts (id, name, language, created_at, updated_at) VALUES ('con', 'A', 'en', ?, ?)").run(
    NOW,
    NOW,
  );
  return db;
}

/** Runs one operation; the error's text if it failed. */
function attempt(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (err) {
    return String(err instanceof Error ? err.message : err);
  }
}

let number = 1000;
function insertTicket(db: DatabaseSync, id: string, conversation: string, status: string): void {
  number++;
  db.prepare(
    `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject,
        created_at, updated_at) VALUES (?, ?, 'telegram', ?, ?, 'con', ?, 's', ?, ?)`,
  ).run(id, number, conversation, `tok_${id}`, status, NOW, NOW);
}

describe(`migrations/${THIS}`, () => {
  it("accepts and refuses the same ticket writes as the unique index it replaces", () => {
    const seed = Number(process.env.ONE_ACTIVE_SEED) || Math.floor(Math.random() * 2 ** 31);
    const random = mulberry32(seed);
    const before = migrated((f) => f < THIS);
    const after = migrated(() => true);
    const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)] as T;
    const ids: string[] = [];
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const conversation = `c${Math.floor(random() * 4)}`;
      let op: (db: DatabaseSync) => void;
      const kind = ids.length === 0 || random() < 0.4 ? "insert" : random() < 0.8 ? "status" : "move";
      if (kind === "insert") {
        const id = `t${i}`;
        const status = pick(STATUSES);
        op = (db) => insertTicket(db, id, conversation, status);
        ids.push(id);
      } else if (kind === "status") {
        const id = pick(ids);
        const status = pick(STATUSES);
        op = (db) => db.prepare("UPDATE tickets SET status = ? WHERE id = ?").run(status, id);
      } else {
        const id = pick(ids);
        op = (db) => db.prepare("UPDATE tickets SET conversation_key = ? WHERE id = ?").run(conversation, id);
      }
      const saved = number;
      const b = attempt(() => op(before));
      number = saved;
      const a = attempt(() => op(after));
      expect(a === null, `operation ${i} (${kind}) (seed ${seed}): before ${b}, after ${a}`).toBe(b === null);
      if (a !== null) {
        refused++;
        expect(a, `seed ${seed}`).toMatch(/UNIQUE constraint failed/);
      }
    }
    const state = (db: DatabaseSync) =>
      db.prepare("SELECT id, conversation_key, status FROM tickets ORDER BY id").all() as Array<{
        conversation_key: string;
        status: string;
      }>;
    expect(state(after), `seed ${seed}`).toEqual(state(before));
    const active = state(after).filter((t) => ACTIVE.has(t.status));
    expect(new Set(active.map((t) => t.conversation_key)).size, `seed ${seed}`).toBe(active.length);
    // The sequence did meet the rule (or it tested nothing).
    expect(refused, `seed ${seed}`).toBeGreaterThan(0);
  });

  it("drops the index entry and keeps the existing tickets", () => {
    const db = migrated((f) => f < THIS);
    insertTicket(db, "old_a", "c1", "open");
    insertTicket(db, "old_b", "c1", "resolved");
    db.exec(migrationSql(THIS));
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'").all();
    expect(indexes.map((r) => (r as { name: string }).name)).not.toContain("tickets_active_conversation");
    expect((db.prepare("SELECT COUNT(*) AS n FROM tickets").get() as { n: number }).n).toBe(2);
    expect(attempt(() => insertTicket(db, "new_c", "c1", "new"))).toMatch(/UNIQUE constraint failed/);
  });

  it("a bot message's quote names a message without a foreign key: the quoted message can be deleted", () => {
    const db = migrated(() => true);
    insertTicket(db, "t", "c", "open");
    const message = (id: string, author: string, direction: string, quote: string | null) =>
      db
        .prepare(
          `INSERT INTO messages (id, ticket_id, direction, author, channel, body, quote_message_id, created_at)
           VALUES (?, 't', ?, ?, 'telegram', 'b', ?, ?)`,
        )
        .run(id, direction, author, quote, NOW);
    message("m_in", "customer", "in", null);
    message("m_ack", "bot", "out", "m_in");
    const entries = db
      .prepare("SELECT COUNT(*) AS n FROM messages INDEXED BY messages_reply_to WHERE reply_to_message_id IS NOT NULL")
      .get() as { n: number };
    expect(entries.n).toBe(0);
    db.prepare("DELETE FROM messages WHERE id = 'm_in'").run();
    expect(db.prepare("SELECT quote_message_id AS q FROM messages WHERE id = 'm_ack'").get()).toEqual({ q: "m_in" });
  });
});
