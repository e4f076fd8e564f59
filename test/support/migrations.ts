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
