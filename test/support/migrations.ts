/** The D1 migrations, applied in order to an in-memory SQLite (node:sqlite), for the migration tests. */
import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";

const DIR = new URL("../../migrations/", import.meta.url);

/** Every migration's file name, in the order D1 applies them. */
export const MIGRATIONS = readdirSync(DIR)
  .filter((f) => f.endsWith(".sql"))
  .sort();

/** One migration's SQL. */
export const migrationSql = (file: string): string => readFileSync(new URL(file, DIR), "utf8");

/** A database with the migrations `upTo` keeps applied (all of them by default), foreign keys on as in D1. */
export function migrated(upTo: (file: string) => boolean = () => true): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  db.exec("PRAGMA foreign_keys = ON");
  for (const f of MIGRATIONS.filter(upTo)) db.exec(migrationSql(f));
  return db;
}

/** A migration test's query: every row as an object. */
export const rows = (db: DatabaseSync, sql: string, ...v: string[]) =>
  db.prepare(sql).all(...v) as Array<Record<string, unknown>>;

const MESSAGES = "SELECT * FROM messages ORDER BY id";
const IDENTITIES = "SELECT id, channel, external_id, display_name FROM channel_identities ORDER BY id";

/** What a migration that splits contacts must keep, before it runs: messages, identities, contacts, tickets. */
export function splitSnapshot(db: DatabaseSync) {
  return {
    messages: rows(db, MESSAGES),
    identities: rows(db, IDENTITIES),
    contacts: rows(db, "SELECT * FROM contacts ORDER BY id"),
    tickets: rows(db, "SELECT id, contact_id FROM tickets ORDER BY id"),
  };
}

/** A split's result beside its snapshot: messages and identities now, the contacts kept and those lost. */
export function afterSplit(db: DatabaseSync, before: ReturnType<typeof splitSnapshot>) {
  const kept = new Set(rows(db, "SELECT id FROM contacts").map((r) => r.id));
  return {
    messages: rows(db, MESSAGES),
    identities: rows(db, IDENTITIES),
    kept,
    lostContacts: before.contacts.filter((c) => !kept.has(c.id)).map((c) => c.id),
  };
}

/** A generated desk's writer: random picks, numbered ids (`count()` is the last number), a clock that moves on. */
export function deskWriter(db: DatabaseSync, next: () => number) {
  let n = 0;
  let clock = Date.parse("2026-01-01T00:00:00.000Z");
  return {
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    id: (p: string) => `${p}_${++n}`,
    count: () => n,
    at: () => {
      clock += 1000 + Math.floor(next() * 60_000);
      return new Date(clock).toISOString();
    },
    run: (sql: string, ...v: Array<string | number | null>) => db.prepare(sql).run(...v),
  };
}
