/**
 * No staff API query scans `tickets` or `messages` in full. The SQL is not listed here: the test
 * calls every staff API route (enumerated from the app, with every list filter, view and kind of
 * search) through an instrumented D1 binding, records each statement with its binds, and runs
 * EXPLAIN QUERY PLAN on it. A new route or query is covered as soon as it exists.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { openTicket } from "../staff/helpers";
import { BOOTSTRAP } from "../support";
import { app, instrumentedEnv, runApp, toRequest } from "./harness";
import type { RecordedStatement } from "./recording-d1";

const SCANNED_TABLES = ["tickets", "messages"];

/** Query strings of the ticket list: each filter, each view, each kind of search, a cursor. */
const LIST_VARIANTS = [
  "",
  "?status=open",
  "?channel=telegram",
  "?priority=urgent",
  "?category=deposit",
  "?assignee=me",
  "?assignee=none",
  "?assignee=stf_bootstrap",
  "?status=new&channel=discord",
  "?view=mine",
  "?view=unassigned",
  "?view=urgent",
  "?view=resolved",
  "?view=needs_human",
  "?tag=vip",
  "?tag=vip&view=mine",
  "?view=needs_human&channel=telegram",
  "?q=RD-1001",
  "?q=deposit",
  "?q=%E6%8F%90%E7%8E%B0",
  "?q=ab",
  "?q=%22not%20arrived%22%20usdt",
  "?limit=1",
];

/** Bodies for write routes, by path; anything else gets `{}` (and may answer 400 before querying). */
function bodyFor(method: string, path: string, ids: { other: string }): unknown {
  if (/\/(replies|notes)$/.test(path)) return { body: "Checking with the chain team." };
  if (/\/merge$/.test(path)) return { intoId: ids.other };
  if (method === "PATCH" && /\/tickets\/:id$/.test(path)) return { priority: "high", tags: ["vip"], status: "open" };
  return {};
}

const statements: RecordedStatement[] = [];
let routesCalled = 0;

beforeAll(async () => {
  const ticket = await openTicket(`Deposit of 100 USDT not arrived ${crypto.randomUUID()}`);
  const other = await openTicket(`Withdrawal pending ${crypto.randomUUID()}`);
  const anyMessage = await env.DB.prepare("SELECT id FROM messages WHERE ticket_id = ?1 LIMIT 1")
    .bind(ticket.id)
    .first<{ id: string }>();
  const idFor = (path: string, name: string) => {
    if (/\/tickets\/:id/.test(path) && name === "id") return ticket.id;
    if (/\/messages\/:id/.test(path)) return anyMessage?.id ?? "msg_none";
    if (name === "ticketId") return ticket.id;
    return "zz_nonexistent_0000";
  };
  const routes = (app.routes as Array<{ method: string; path: string }>)
    .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/staff"))
    .filter((r, i, a) => a.findIndex((x) => x.method === r.method && x.path === r.path) === i)
    // Destructive and one-off routes last, so reads see the data first.
    .sort((a, b) => Number(a.method !== "GET") - Number(b.method !== "GET"));
  let cursor: string | null = null;
  for (const route of routes) {
    const concrete = route.path.replace(/:([A-Za-z_]\w*)(\{[^}]*\})?/g, (_, name: string) => idFor(route.path, name));
    const variants =
      route.method === "GET" && route.path === "/api/staff/tickets"
        ? [...LIST_VARIANTS, ...(cursor ? [`?cursor=${cursor}`] : [])]
        : [""];
    for (const query of variants) {
      const { env: e, recording } = instrumentedEnv();
      const res = await runApp(
        toRequest({
          method: route.method,
          path: `${concrete}${query}`,
          headers: { Authorization: `Bearer ${BOOTSTRAP}`, "Content-Type": "application/json" },
          body:
            route.method === "GET" ? undefined : JSON.stringify(bodyFor(route.method, route.path, { other: other.id })),
        }),
        e,
      );
      routesCalled++;
      expect(res.status, `${route.method} ${concrete}${query}`).toBeLessThan(500);
      if (route.path === "/api/staff/tickets" && query === "?limit=1") {
        cursor = ((await res.json()) as { nextCursor: string | null }).nextCursor;
        if (cursor) {
          const more = instrumentedEnv();
          await runApp(
            toRequest({
              method: "GET",
              path: `/api/staff/tickets?limit=1&cursor=${cursor}`,
              headers: { Authorization: `Bearer ${BOOTSTRAP}` },
            }),
            more.env,
          );
          statements.push(...more.recording.statements);
        }
      }
      statements.push(...recording.statements);
    }
  }
});

/** `t` -> `tickets`, `m` -> `messages`: the aliases a statement gives the watched tables. */
function aliasesOf(sql: string): Map<string, string> {
  const aliases = new Map<string, string>(SCANNED_TABLES.map((t) => [t, t]));
  const re = /\b(tickets|messages)\s+(?:AS\s+)?([A-Za-z_]\w*)/gi;
  for (const m of sql.matchAll(re)) {
    const alias = m[2] as string;
    if (
      !/^(WHERE|JOIN|ON|SET|ORDER|GROUP|LIMIT|LEFT|INNER|VALUES|USING|AND|OR|WHEN|THEN|END|UNION|SELECT)$/i.test(alias)
    ) {
      aliases.set(alias, (m[1] as string).toLowerCase());
    }
  }
  return aliases;
}

/** Plan lines that read all of tickets or messages: a SCAN without an index, or an index walk with no LIMIT to stop it. */
function fullScans(sql: string, plan: string[]): string[] {
  const aliases = aliasesOf(sql);
  const bounded = /\bLIMIT\b/i.test(sql);
  return plan.filter((detail) => {
    const m = /^SCAN (\S+)(.*)$/.exec(detail);
    if (!m || !aliases.has(m[1] as string)) return false;
    const viaIndex = /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(m[2] ?? "");
    return !viaIndex || !bounded;
  });
}

describe("EXPLAIN QUERY PLAN of every statement the staff API runs", () => {
  it("records the staff API's statements", () => {
    expect(routesCalled).toBeGreaterThan(20);
    const distinct = new Set(statements.map((s) => s.sql));
    expect(distinct.size).toBeGreaterThan(10);
    expect([...distinct].some((s) => /FROM tickets t/.test(s) && /ORDER BY t\.updated_at DESC/.test(s))).toBe(true);
  });

  it("finds no full scan of tickets or messages", async () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const s of statements) {
      const key = `${s.sql}\u0000${JSON.stringify(s.binds)}`;
      if (seen.has(key) || !/\b(tickets|messages)\b/i.test(s.sql)) continue;
      seen.add(key);
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
        .bind(...s.binds)
        .all<{ detail: string }>();
      const scans = fullScans(
        s.sql,
        results.map((r) => r.detail),
      );
      if (scans.length)
        problems.push(`${scans.join("; ")}\n    in: ${s.sql.replace(/\s+/g, " ").trim().slice(0, 300)}`);
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("a search reads its candidates through indexes, never walking every ticket in list order", async () => {
    // A walk of tickets_updated stops at the LIMIT only once enough tickets matched: for a search that
    // matches one ticket (its number, a TxID) it visits them all (1.2 s at 300,000 tickets: bench/RESULTS.md, "A year of a desk, archived").
    const searches = [...new Set(statements.filter((s) => /search_fts MATCH|t\.number =/.test(s.sql)))];
    expect(searches.length).toBeGreaterThan(2);
    const walks: string[] = [];
    for (const s of searches) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
        .bind(...s.binds)
        .all<{ detail: string }>();
      const details = results.map((r) => r.detail);
      if (details.some((d) => /^SCAN t\b/.test(d))) walks.push(`${details.join(" | ").slice(0, 400)}`);
    }
    expect(walks, walks.join("\n")).toEqual([]);
  });

  it("the check itself catches a full scan", () => {
    expect(fullScans("SELECT * FROM tickets t WHERE t.subject LIKE ?1", ["SCAN t"])).toEqual(["SCAN t"]);
    expect(
      fullScans("SELECT * FROM tickets t ORDER BY t.updated_at DESC", ["SCAN t USING INDEX tickets_updated"]),
    ).toHaveLength(1);
    expect(
      fullScans("SELECT * FROM tickets t ORDER BY t.updated_at DESC LIMIT 51", ["SCAN t USING INDEX tickets_updated"]),
    ).toEqual([]);
    expect(
      fullScans("SELECT * FROM messages WHERE id = ?1", [
        "SEARCH messages USING INDEX sqlite_autoindex_messages_1 (id=?)",
      ]),
    ).toEqual([]);
  });
});
