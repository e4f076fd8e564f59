/**
 * The verdict every answer of the hostile-client tests gets: no 5xx, no stack trace, a 4xx in the JSON
 * error shape, and a rejected (or malformed) request changed nothing: no D1 row, no R2 object, no queue
 * message. And the routes they cover, read from the app's route table.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { Env } from "../../../src/env";
import { STACK_TRACE } from "./fuzz";
import { app, instrumentedEnv } from "./harness";

export interface Route {
  method: string;
  path: string;
}

/** Every endpoint (not middleware) outside the development-only /dev routes. */
export const routes: Route[] = (app.routes as Route[])
  .filter((e) => e.method !== "ALL" && !e.path.startsWith("/dev") && !e.path.includes("*"))
  .filter((e, i, a) => a.findIndex((x) => x.method === e.method && x.path === e.path) === i)
  .map(({ method, path }) => ({ method, path }));

/** An env whose D1, R2 bucket and queues record what a request changed. */
export function watchedEnv(): { env: Env; writes: () => string[] } {
  const { env: e, recording, deliveries } = instrumentedEnv();
  const r2: string[] = [];
  const bucket = env.ATTACHMENTS;
  const watched = new Proxy(bucket, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (typeof v !== "function") return v;
      if (prop === "put" || prop === "delete" || prop === "createMultipartUpload")
        return (key: string, ...rest: unknown[]) => {
          r2.push(`R2 ${String(prop)} ${String(key).slice(0, 40)}`);
          return (v as (...a: unknown[]) => unknown).call(target, key, ...rest);
        };
      return v.bind(target);
    },
  });
  const dead: unknown[] = [];
  const deadLetters = {
    send: async (b: unknown) => void dead.push(b),
    sendBatch: async (m: unknown[]) => void dead.push(...m),
  };
  return {
    env: { ...e, ATTACHMENTS: watched, DEAD_LETTERS: deadLetters } as unknown as Env,
    writes: () => [
      ...recording.statements.filter((s) => s.changes > 0).map((s) => `D1 ${s.sql.trim().slice(0, 50)}`),
      ...r2,
      ...deliveries.sent.map(() => "queue deliveries"),
      ...dead.map(() => "queue dead letters"),
    ],
  };
}

/** What is wrong with one answer (empty when nothing). */
export async function judge(
  res: Response,
  writes: string[],
  malformed: boolean,
  opts: { head?: boolean; browser?: boolean } = {},
): Promise<string[]> {
  const { head = false, browser = false } = opts;
  const text = await res.text();
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`${res.status}: ${text.slice(0, 160)}`);
  if (STACK_TRACE.test(text)) problems.push(`stack trace: ${text.slice(0, 160)}`);
  // A browser (Accept: text/html) may get a page with the error's status instead, as documented for the customer pages.
  const page = browser && /text\/html/.test(res.headers.get("Content-Type") ?? "");
  if (res.status >= 400 && !page) {
    let code: unknown;
    try {
      code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    } catch {}
    // A HEAD answer has no body: its headers still say JSON.
    if ((typeof code !== "string" && !(head && text === "")) || !/json/.test(res.headers.get("Content-Type") ?? ""))
      problems.push(
        `${res.status} is not the JSON error shape: ${res.headers.get("Content-Type")} ${text.slice(0, 100)}`,
      );
  }
  if ((res.status >= 400 || malformed) && writes.length)
    problems.push(`${res.status} but wrote: ${writes.join(" | ")}`);
  return problems;
}

/** Answers by status since the last report (what the routes made of a class). */
const tally = new Map<number, number>();

/** One request through the app with a watched env: its status and what is wrong with the answer. */
export async function answer(
  req: Request,
  malformed: boolean,
  opts: { browser?: boolean } = {},
): Promise<{ status: number; problems: string[] }> {
  const { env: e, writes } = watchedEnv();
  const ctx = createExecutionContext();
  const raw = await app.fetch(req, e, ctx);
  tally.set(raw.status, (tally.get(raw.status) ?? 0) + 1);
  if (raw.status === 101) {
    // An upgrade the route accepted (the odd headers were a valid handshake with a real credential): hang up.
    raw.webSocket?.accept();
    raw.webSocket?.close(1000, "hostile test");
    await waitOnExecutionContext(ctx);
    return { status: 101, problems: [] };
  }
  // Read the body before the context is drained, so streamed answers are complete.
  const body = await raw.arrayBuffer();
  await waitOnExecutionContext(ctx);
  const res = new Response(raw.status === 204 || raw.status === 304 ? null : body, raw);
  const problems = await judge(res, writes(), malformed, { head: req.method === "HEAD", ...opts });
  return { status: res.status, problems };
}

/** Prints the class's statuses with the seed, and fails with its first problems. */
export function report(name: string, seed: number, problems: string[]): void {
  const statuses = [...tally].sort(([a], [b]) => a - b).map(([k, n]) => `${k}: ${n}`);
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  console.info(`${name} (seed ${seed}): ${total} requests; ${statuses.join(", ")}`);
  tally.clear();
  if (problems.length) console.error(`${name} (seed ${seed}):\n${problems.slice(0, 60).join("\n")}`);
  expect(problems.slice(0, 30), `${name}: seed ${seed}, ${problems.length} problems`).toEqual([]);
}
