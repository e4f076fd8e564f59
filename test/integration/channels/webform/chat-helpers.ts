/** Builders for live-chat integration tests: sessions, signed identities, messages, sockets. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { ChatMessage, ChatTicket } from "../../../../src/core/chat";
import { testHmacHex } from "../../support";

export const CHAT_SECRET = "test-chat-identity-secret";
export const BASE = "http://relaydesk.test";

export interface SessionBody {
  token: string;
  visitor: { id: string; verified: boolean; name: string | null; reason?: string };
  ticket: ChatTicket | null;
  messages: ChatMessage[];
  history: ChatTicket[];
  settings: { quickReplies: Array<{ text: string; data: string }>; maxChars: number; online: boolean };
}

/** A fresh random user id / client id. */
export const rand = (prefix = "") => `${prefix}${crypto.randomUUID().replace(/-/g, "")}`;

/** userHash = hex(HMAC-SHA256(secret, userId \n email \n name)), computed independently of the Worker. */
export async function sign(userId: string, email?: string, name?: string, secret = CHAT_SECRET): Promise<string> {
  return testHmacHex(secret, `${userId}\n${email ?? ""}\n${name ?? ""}`);
}

export async function openSession(
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/chat/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": `10.9.${rnd()}.${rnd()}`, ...headers },
    body: JSON.stringify(body),
  });
}

function rnd(): number {
  return 1 + Math.floor(Math.random() * 250);
}

/** A new session (anonymous unless `identity` is given); asserts it was created. */
export async function newSession(body: Record<string, unknown> = {}): Promise<SessionBody> {
  const res = await openSession(body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as SessionBody;
}

/** A verified user's session: a signed identity. */
export async function verifiedSession(userId: string, email?: string, name?: string): Promise<SessionBody> {
  return newSession({ identity: { userId, email, name, userHash: await sign(userId, email, name) } });
}

export function postChat(token: string, body: Record<string, unknown>, ip?: string): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/chat/messages`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      "CF-Connecting-IP": ip ?? `10.8.${rnd()}.${rnd()}`,
    },
    body: JSON.stringify(body),
  });
}

/** Sends a text; asserts 201; returns the stored message and ticket. */
export async function say(token: string, text: string): Promise<{ message: ChatMessage; ticket: ChatTicket }> {
  const res = await postChat(token, { clientId: rand("c"), text });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { message: ChatMessage; ticket: ChatTicket };
}

export function catchUp(token: string, after?: string): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/chat/messages${after ? `?after=${after}` : ""}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

export interface Frames {
  ws: WebSocket;
  frames: Array<{ type: string; [k: string]: unknown }>;
}

/** Opens the widget socket (token in the subprotocol) through the Worker; asserts the upgrade. */
export async function chatSocket(token: string): Promise<Frames & { protocol: string | null }> {
  const res = await exports.default.fetch(`${BASE}/api/chat/socket`, {
    headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `relaydesk-chat, ${token}` },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const frames: Frames["frames"] = [];
  ws.addEventListener("message", (e) => frames.push(JSON.parse(e.data as string)));
  return { ws, frames, protocol: res.headers.get("Sec-WebSocket-Protocol") };
}

/** Opens a `/t/` page's live socket. */
export async function linkSocket(link: string): Promise<Frames> {
  const res = await exports.default.fetch(`${BASE}${link}/live`, { headers: { Upgrade: "websocket" } });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const frames: Frames["frames"] = [];
  ws.addEventListener("message", (e) => frames.push(JSON.parse(e.data as string)));
  return { ws, frames };
}

export async function until(fn: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
