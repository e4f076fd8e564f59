import { exports } from "cloudflare:workers";
import { BOOTSTRAP, count } from "../support";

export { BOOTSTRAP, count } from "../support";

export const BASE = "http://relaydesk.test";

/** Calls the Worker with an optional bearer token and JSON body. */
export async function call(
  method: string,
  path: string,
  opts: { token?: string | null; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  return exports.default.fetch(`${BASE}${path}`, { method, headers, body });
}

/** Creates a staff user through the API and issues it a token. */
export async function staffWithToken(role: "agent" | "admin", name = `${role}-${crypto.randomUUID().slice(0, 8)}`) {
  const created = await call("POST", "/api/staff/users", { token: BOOTSTRAP, json: { name, role } });
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${await created.text()}`);
  const { user } = (await created.json()) as { user: { id: string } };
  const issued = await call("POST", `/api/staff/users/${user.id}/tokens`, { token: BOOTSTRAP, json: { name: "test" } });
  if (issued.status !== 201) throw new Error(`issue token: ${issued.status}`);
  const { token, tokenInfo } = (await issued.json()) as { token: string; tokenInfo: { id: string } };
  return { id: user.id, token, tokenId: tokenInfo.id };
}

/** Opens a ticket as a customer through the sandbox ingest (a real ingest, no channel specifics). */
export async function openTicket(
  text = `Deposit missing ${crypto.randomUUID()}`,
): Promise<{ id: string; number: string }> {
  const res = await call("POST", "/dev/sandbox/inbound", {
    json: { channel: "webform", sender: `c-${crypto.randomUUID().slice(0, 8)}@example.com`, text },
  });
  if (res.status !== 201) throw new Error(`open ticket: ${res.status} ${await res.text()}`);
  const { result } = (await res.json()) as { result: { ticketId: string; ticketNumber: string } };
  return { id: result.ticketId, number: result.ticketNumber };
}

/** Signs in through the login form; returns the `rd_session` cookie pair, the Set-Cookie header and the CSRF token. */
export async function signIn(token: string, next?: string) {
  const form = new URLSearchParams({ token, ...(next ? { next } : {}) });
  const res = await exports.default.fetch(`${BASE}/staff/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
    body: form,
    redirect: "manual",
  });
  if (res.status !== 303) throw new Error(`sign in: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get("Set-Cookie") ?? "";
  const cookie = /rd_session=[^;]+/.exec(setCookie)?.[0];
  if (!cookie) throw new Error(`no session cookie in ${setCookie}`);
  const me = await exports.default.fetch(`${BASE}/api/staff/me`, { headers: { Cookie: cookie } });
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { cookie, setCookie, csrfToken, location: res.headers.get("Location") };
}

/** Calls the Worker with a session cookie (and, unless `csrf` is null, the CSRF header). */
export async function callWithSession(
  method: string,
  path: string,
  session: { cookie: string; csrfToken: string },
  opts: { json?: unknown; csrf?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Cookie: session.cookie, ...opts.headers };
  const csrf = opts.csrf === undefined ? session.csrfToken : opts.csrf;
  if (csrf) headers["X-CSRF-Token"] = csrf;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  return exports.default.fetch(`${BASE}${path}`, { method, headers, body, redirect: "manual" });
}

/**
 * A customer message through the sandbox ingest: a new ticket, or the next message of `sender`'s
 * conversation (`conversation` names another conversation of the same sender: another ticket of one customer).
 */
export async function customerWrites(
  text: string,
  opts: { sender?: string; channel?: "webform" | "telegram" | "discord"; conversation?: string } = {},
): Promise<{ id: string; number: string; messageId: string }> {
  const res = await call("POST", "/dev/sandbox/inbound", {
    json: {
      channel: opts.channel ?? "webform",
      sender: opts.sender ?? `c-${crypto.randomUUID().slice(0, 8)}@example.com`,
      text,
      ...(opts.conversation ? { conversation: opts.conversation } : {}),
    },
  });
  if (res.status !== 201) throw new Error(`customer message: ${res.status} ${await res.text()}`);
  const { result } = (await res.json()) as { result: { ticketId: string; ticketNumber: string; messageId: string } };
  return { id: result.ticketId, number: result.ticketNumber, messageId: result.messageId };
}

/**
 * Waits until no outbound message is still queued or being sent, so a test file does not end
 * while the queue consumer (bot acknowledgements) is mid-flight.
 */
export async function settleDeliveries(ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const pending = await count(
      "SELECT COUNT(*) AS n FROM messages WHERE direction = 'out' AND delivery_status IN ('queued', 'sending')",
    );
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
