/**
 * Staff requests and D1 read replication (src/staff/d1-session.ts). Locally there are no replicas, so what is
 * observed is the constraint each request's session is opened with, at the binding boundary (a D1 binding that
 * forwards to the real one and notes each `withSession` argument), through the whole app. A write (any method
 * but GET/HEAD) starts from the primary whatever bookmark the client sends, since the checks inside its handler
 * must not read a replica as old as that bookmark; a read starts from the client's bookmark (its own writes);
 * both answer a bookmark to carry on. Methods, routes and bookmarks are drawn at random (`ATTACK_SEED` replays).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/env";
import { BASE, runApp } from "../reliability/harness";
import { attackRandom } from "../security/attack-seed";
import { BOOTSTRAP, openTicket } from "./helpers";

const rnd = attackRandom("staff-d1-session");

/** The real D1 binding, noting the constraint of every session opened on it. */
function sessionNotingEnv(): { env: Env; opened: string[] } {
  const db = env.DB;
  const opened: string[] = [];
  const binding = {
    prepare: (sql: string) => db.prepare(sql),
    batch: (statements: D1PreparedStatement[]) => db.batch(statements),
    exec: (sql: string) => db.exec(sql),
    dump: () => (db as unknown as { dump(): Promise<ArrayBuffer> }).dump(),
    withSession(constraint?: string) {
      opened.push(String(constraint));
      return db.withSession(constraint as D1SessionConstraint);
    },
  };
  return { env: { ...env, DB: binding as unknown as D1Database } as Env, opened };
}

async function staffRequest(method: string, path: string, bookmark: string | null, json?: unknown) {
  const noted = sessionNotingEnv();
  const headers: Record<string, string> = { Authorization: `Bearer ${BOOTSTRAP}` };
  if (bookmark) headers["x-d1-bookmark"] = bookmark;
  if (json !== undefined) headers["Content-Type"] = "application/json";
  const res = await runApp(
    new Request(`${BASE}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }),
    noted.env,
  );
  return { res, opened: noted.opened };
}

const hex = (n: number) => Array.from({ length: n }, () => rnd.pick([..."0123456789abcdef"])).join("");

describe("staff D1 sessions", { timeout: 60_000 }, () => {
  it("a write starts from the primary whatever bookmark it carries; a read from the client's bookmark", async () => {
    const ticket = await openTicket();
    // An old bookmark: what a tab carries from its first read, before the writes below.
    const first = await staffRequest("GET", "/api/staff/tickets", null);
    expect(first.opened).toEqual(["first-unconstrained"]);
    const old = first.res.headers.get("x-d1-bookmark") as string;
    expect(old).toBeTruthy();

    const writes: Array<() => [string, string, unknown]> = [
      () => ["PATCH", `/api/staff/tickets/${ticket.id}`, { priority: rnd.pick(["low", "normal", "high", "urgent"]) }],
      () => ["POST", `/api/staff/tickets/${ticket.id}/notes`, { body: `note ${rnd.word(10)}` }],
      () => ["POST", `/api/staff/tickets/${ticket.id}/read`, undefined],
      () => ["DELETE", `/api/staff/tickets/${rnd.word(12)}`, undefined],
      () => [rnd.pick(["POST", "PUT", "PATCH", "DELETE"]), `/api/staff/${rnd.word(8)}`, { x: rnd.word(4) }],
    ];
    let latest = old;
    for (let i = 0; i < 12; i++) {
      const [method, path, json] = rnd.pick(writes)();
      const sent = rnd.pick([old, latest, `${hex(8)}-${hex(8)}-${hex(8)}-${hex(32)}`]);
      const { res, opened } = await staffRequest(method, path, sent, json);
      expect(opened, `${method} ${path} with bookmark ${sent} (${res.status})`).toEqual(["first-primary"]);
      if (res.status < 500 && res.status !== 404) {
        const answered = res.headers.get("x-d1-bookmark");
        expect(answered, `${method} ${path}: a bookmark to carry`).toBeTruthy();
        latest = answered as string;
      }
    }

    // A read carries on from the client's bookmark (read-your-writes), and answers one too.
    for (const method of ["GET", "HEAD"]) {
      const { res, opened } = await staffRequest(method, `/api/staff/tickets/${ticket.id}`, latest);
      expect(res.status).toBe(200);
      expect(opened).toEqual([latest]);
      expect(res.headers.get("x-d1-bookmark")).toBeTruthy();
    }
  });
});
