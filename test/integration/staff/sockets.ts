/** Staff feed sockets as a test (or an attacker) holds them: what arrived, and how the socket ended. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { createApp } from "../../../src/app";
import type { Env } from "../../../src/env";
import { BASE } from "./helpers";

export interface FeedSocket {
  ws: WebSocket;
  events: Array<{ type: string; ticketId?: string }>;
  /** Set once the socket closed: the code and reason the server sent. */
  closed: { code: number; reason: string } | null;
  /** Resolves when the socket closes (rejects after `ms`). */
  closes(ms?: number): Promise<{ code: number; reason: string }>;
}

function hold(res: Response): FeedSocket {
  expect(res.status, "feed upgrade").toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const socket: FeedSocket = {
    ws,
    events: [],
    closed: null,
    closes: (ms = 5_000) =>
      new Promise((resolve, reject) => {
        const end = Date.now() + ms;
        const poll = () => {
          if (socket.closed) return resolve(socket.closed);
          if (Date.now() > end) return reject(new Error("the socket did not close"));
          setTimeout(poll, 20);
        };
        poll();
      }),
  };
  ws.addEventListener("message", (e) => {
    if (typeof e.data === "string" && e.data.startsWith("{")) socket.events.push(JSON.parse(e.data));
  });
  ws.addEventListener("close", (e) => {
    socket.closed = { code: e.code, reason: e.reason };
  });
  return socket;
}

/** Opens `/api/staff/feed` through the Worker (like a browser tab or a script) and waits for its hello. */
export async function openFeed(headers: Record<string, string>): Promise<FeedSocket> {
  const socket = hold(
    await exports.default.fetch(`${BASE}/api/staff/feed`, { headers: { Upgrade: "websocket", ...headers } }),
  );
  await until(() => socket.events.some((e) => e.type === "hello"), "hello");
  return socket;
}

const app = createApp();

/** One request through the app with another env (e.g. a rotated bootstrap secret); the answer keeps its socket. */
export async function fetchWithEnv(
  e: Env,
  path: string,
  headers: Record<string, string>,
  init: { method?: string; body?: BodyInit } = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}${path}`, { ...init, headers, redirect: "manual" }), e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Opens the feed through the app with another env. */
export async function openFeedWithEnv(e: Env, headers: Record<string, string>): Promise<FeedSocket> {
  const socket = hold(await fetchWithEnv(e, "/api/staff/feed", { Upgrade: "websocket", ...headers }));
  await until(() => socket.events.some((ev) => ev.type === "hello"), "hello");
  return socket;
}

export async function until(fn: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Closes what is still open (end of a test). */
export function closeAll(...sockets: FeedSocket[]): void {
  for (const s of sockets) {
    if (!s.closed) {
      try {
        s.ws.close(1000, "done");
      } catch {
        // already closing
      }
    }
  }
}
