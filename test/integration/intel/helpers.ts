/** Helpers for the intelligence tests: a scan of every D1 table, the staff feed, the staff API. */
import { env, exports } from "cloudflare:workers";
import { BOOTSTRAP } from "../support";

export { BOOTSTRAP, settledOutbox, staffReply, staffTicket, waitFor } from "../support";

export const BASE = "http://relaydesk.test";

/** The D1 tables (and FTS shadow tables) whose rows contain any of `needles`, as `table: row`. */
export async function d1RowsContaining(needles: string[]): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const hits: string[] = [];
  for (const { name } of results) {
    let rows: unknown[];
    try {
      rows = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results;
    } catch {
      continue; // virtual-table internals that cannot be read directly
    }
    for (const row of rows) {
      const text = JSON.stringify(row);
      if (needles.some((n) => text.includes(n))) hits.push(`${name}: ${text.slice(0, 200)}`);
    }
  }
  return hits;
}

/** Opens the staff feed WebSocket and collects its events (raw JSON text). */
export async function connectFeed() {
  const res = await exports.default.fetch(`${BASE}/api/staff/feed`, {
    headers: { Upgrade: "websocket", Authorization: `Bearer ${BOOTSTRAP}` },
  });
  if (res.status !== 101) throw new Error(`feed: ${res.status}`);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const events: string[] = [];
  ws.addEventListener("message", (e) => events.push(String(e.data)));
  return { ws, events };
}

/** Calls the staff API with a token (the bootstrap admin unless given). */
export async function staffCall(
  method: string,
  path: string,
  opts: { token?: string; json?: unknown } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${opts.token ?? BOOTSTRAP}` };
  if (opts.json !== undefined) headers["Content-Type"] = "application/json";
  return exports.default.fetch(`${BASE}${path}`, {
    method,
    headers,
    body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
  });
}

/** Rows of messages of a ticket straight from D1, oldest first. */
export async function messageRows(ticketId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, direction, author, body, redacted FROM messages WHERE ticket_id = ?1 ORDER BY created_at, rowid",
  )
    .bind(ticketId)
    .all<{ id: string; direction: string; author: string; body: string; redacted: number }>();
  return results;
}
