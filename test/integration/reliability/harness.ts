/**
 * Runs the real Hono app (every channel mounted, as src/index.ts builds it) against an env whose
 * D1 is instrumented and whose deliveries queue records instead of delivering, and waits for
 * the request's `waitUntil` work. What a test sees is exactly what the Worker did.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createApp } from "../../../src/app";
import { createChannels } from "../../../src/channels";
import type { Env } from "../../../src/env";
import { recordingQueue } from "../pipeline/builders";
import { type D1Recording, recordingD1 } from "./recording-d1";

export const BASE = "http://relaydesk.test";

/** The app as the Worker builds it. */
/** The adapters as the queue consumer builds them, per batch from its settings. */
export const channels = createChannels;
export const app = createApp();

export interface Instrumented {
  env: Env;
  recording: D1Recording;
  deliveries: ReturnType<typeof recordingQueue<{ messageId: string }>>;
}

/**
 * The test env with a recording D1 and a recording deliveries queue. The eager send is off unless
 * `eager` (EAGER_DELIVERY), so every outbound message is handed to the recorder, as the tests count,
 * and the D1 calls recorded are the webhook's own: the eager send runs in `waitUntil`, never awaited
 * by the handler, so the round-trip gate measures the path the answer waits for without it.
 */
export function instrumentedEnv(opts: { eager?: boolean } = {}): Instrumented {
  const { db, recording } = recordingD1(env.DB);
  const deliveries = recordingQueue<{ messageId: string }>();
  const eager = opts.eager ? {} : { EAGER_DELIVERY: "off" };
  return { env: { ...env, DB: db, DELIVERIES: deliveries, ...eager } as Env, recording, deliveries };
}

/** One request through the app, waiting for its deferred work too. */
export async function runApp(req: Request, e: Env): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, e, ctx);
  // Read the body before the context is drained, so streamed answers are complete.
  const body = await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return new Response(body, { status: res.status, headers: res.headers });
}

/** A request description that can be replayed: each call of `request()` makes a fresh Request. */
export interface Delivery {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export function toRequest(d: Delivery): Request {
  return new Request(`${BASE}${d.path}`, {
    method: d.method,
    headers: d.headers,
    body: d.method === "GET" || d.method === "HEAD" ? undefined : d.body,
  });
}

/** A seeded PRNG: fuzz and shuffles are reproducible from the seed in a failure message. */
export { mulberry32 as seeded } from "../../support/random";

/** Fisher-Yates with the given random source. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}
