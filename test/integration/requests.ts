/**
 * Requests a test makes through the Worker, as a customer or as staff: the API (the bootstrap admin
 * unless a token is given), web-form tickets and replies, the official list, the staff feed.
 */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { receive, SUPPORT, ticketOf } from "./channels/email/harness";
import { BOOTSTRAP, staffTicket, waitFor } from "./support";

export const BASE = "http://relaydesk.test";

/** Calls the Worker; `token` defaults to the bootstrap admin, `null` sends none. */
export async function api(
  method: string,
  path: string,
  opts: { token?: string | null; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? BOOTSTRAP : opts.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  return exports.default.fetch(`${BASE}${path}`, { method, headers, body, redirect: "manual" });
}

/** A short unique marker (storage is shared by every test of the pool). */
export function unique(prefix = "t"): string {
  return `${prefix}${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
}

/** A fresh client address: the form is rate limited per IP. */
export function uniqueIp(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** Opens a ticket through the web form (JSON API). */
export async function webformTicket(
  o: { email?: string; description?: string; subject?: string; lang?: "en" | "zh" } = {},
): Promise<{ id: string; number: string; link: string; token: string; email: string }> {
  const id = unique();
  const email = o.email ?? `${id}@example.com`;
  const res = await exports.default.fetch(`${BASE}/api/tickets`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": uniqueIp() },
    body: JSON.stringify({
      email,
      name: "Web Customer",
      category: "deposit",
      subject: o.subject ?? `Deposit missing ${id}`,
      description: o.description ?? `My deposit has not arrived ${id}`,
      lang: o.lang ?? "en",
      idempotencyKey: `key-${id}`,
    }),
  });
  if (res.status !== 201) throw new Error(`form: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { ticket: { id: string; number: string }; link: string };
  return { ...body.ticket, link: body.link, token: body.link.slice(3), email };
}

/** Adds a message to a web-form ticket from its /t/ page (JSON). */
export async function webformReply(token: string, body: string): Promise<void> {
  const res = await exports.default.fetch(`${BASE}/t/${token}/replies`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": uniqueIp() },
    body: JSON.stringify({ body, idempotencyKey: `r-${crypto.randomUUID()}` }),
  });
  if (res.status !== 201) throw new Error(`reply: ${res.status} ${await res.text()}`);
}

/** Waits until the ticket has `n` bot messages; returns them (oldest first). */
export async function botMessages(ticketId: string, n = 1) {
  return waitFor(async () => {
    const { messages } = await staffTicket(ticketId);
    const bot = messages.filter((m) => m.author === "bot");
    return bot.length >= n ? bot : undefined;
  }, `${n} bot messages on ${ticketId}`);
}

/** Adds an entry to the official list as the bootstrap admin; returns its stored value. */
export async function addOfficial(kind: string, value: string, label?: string): Promise<string> {
  const res = await api("POST", "/api/staff/official-handles", { json: { kind, value, ...(label ? { label } : {}) } });
  if (res.status !== 201 && res.status !== 200) throw new Error(`official: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { handle: { value: string } }).handle.value;
}

/** Resolves a ticket through the staff API. */
export async function resolveTicket(ticketId: string): Promise<Response> {
  return api("PATCH", `/api/staff/tickets/${ticketId}`, { json: { status: "resolved", confirm: true } });
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

/** A plain-text email from `from`, run through the Worker's email() handler; returns its ticket id. */
export async function emailTicket(from: string, subject: string, body: string): Promise<string> {
  const messageId = `<${unique("m")}@customer.test>`;
  const raw = [
    `From: Customer <${from}>`,
    `To: ${SUPPORT}`,
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");
  const { rejected } = await receive(raw, { from });
  expect(rejected).toEqual([]);
  return ticketOf(messageId);
}
