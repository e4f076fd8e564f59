/**
 * At least 5,000 malformed, truncated, oversized, mistyped and random requests spread over every
 * public endpoint (enumerated from the app's route table, so new routes are fuzzed too):
 * no 5xx, no stack trace in any response, and not one row written.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { routedMessage } from "../channels/email/harness";
import { ALWAYS_MALFORMED, type Endpoint, fuzzCase, STACK_TRACE } from "./fuzz";
import { app, instrumentedEnv, runApp, seeded, toRequest } from "./harness";

const CASES = 5000;
const CONCURRENCY = 8;

/** Every endpoint a client can call: all methods and paths of the app except middleware and the dev sandbox. */
const endpoints: Endpoint[] = (app.routes as Array<{ method: string; path: string }>)
  .filter((e) => e.method !== "ALL" && !e.path.startsWith("/dev") && !e.path.includes("*"))
  .filter((e, i, a) => a.findIndex((x) => x.method === e.method && x.path === e.path) === i)
  .map(({ method, path }) => ({ method, path }));

describe("fuzzing every public endpoint", () => {
  it("recognises a leaked stack trace (so the check below can fail)", () => {
    let leaked = "";
    try {
      JSON.parse("{");
    } catch (err) {
      leaked = JSON.stringify({ error: { message: (err as Error).stack } });
    }
    expect(STACK_TRACE.test(leaked) || STACK_TRACE.test(JSON.parse(leaked).error.message)).toBe(true);
    expect(STACK_TRACE.test("Error: x\n    at parse (src/store/tickets.ts:12:5)")).toBe(true);
    expect(STACK_TRACE.test('{"error":{"code":"bad_request","message":"Sent at 10:00:00"}}')).toBe(false);
  });

  it("covers the webhooks, the form, the customer pages and the staff API", () => {
    const names = endpoints.map((e) => `${e.method} ${e.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "POST /webhooks/telegram",
        "POST /webhooks/discord",
        "POST /webhooks/discord/relay",
        "POST /api/tickets",
        "POST /t/:token/replies",
        "GET /api/staff/tickets",
      ]),
    );
  });

  it(`answers ${CASES} bad requests with 4xx (or a harmless 2xx), never a 5xx or a stack trace, and writes nothing`, async () => {
    // To replay a failure, put the seed it printed here.
    const seed = Date.now() >>> 0;
    const random = seeded(seed);
    const problems: string[] = [];
    const byStatus = new Map<number, number>();
    /** Structural mutations that left a valid input (an optional field dropped, an unused one mistyped). */
    const accepted: string[] = [];
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= CASES) return;
        const endpoint = endpoints[i % endpoints.length] as Endpoint;
        const { mutation, detail, delivery } = await fuzzCase(random, endpoint, i);
        const { env, recording } = instrumentedEnv();
        const res = await runApp(toRequest(delivery), env);
        const text = await res.text();
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        const what = `#${i} ${mutation}${detail ? `(${detail})` : ""} ${delivery.method} ${delivery.path.slice(0, 80)} -> ${res.status}`;
        if (recording.changes > 0 && !ALWAYS_MALFORMED.has(mutation) && res.status < 400) accepted.push(what);
        if (res.status >= 500) problems.push(`${what}: ${text.slice(0, 200)}`);
        if (STACK_TRACE.test(text)) problems.push(`${what}: stack trace in the answer: ${text.slice(0, 200)}`);
        // A 303 is the form's success answer to a browser (redirect to the ticket page).
        // `{}` is a whole request to open a live-chat session (every field is optional): it may write its session row.
        const validEmpty = delivery.path.startsWith("/api/chat/session") && delivery.body === "{}" && res.status < 400;
        if (recording.changes > 0 && !validEmpty && (ALWAYS_MALFORMED.has(mutation) || res.status >= 400)) {
          const writes = recording.statements.filter((s) => s.changes > 0).map((s) => s.sql.trim().slice(0, 60));
          problems.push(`${what}: wrote ${recording.changes} rows (${writes.join(" | ")})`);
        }
        if (res.status >= 400 && (res.headers.get("Content-Type") ?? "").includes("json")) {
          const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          if (typeof body.error?.code !== "string" || typeof body.error?.message !== "string") {
            problems.push(`${what}: error body is not {"error":{"code","message"}}: ${text.slice(0, 120)}`);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const summary = [...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
    console.info(`fuzz seed ${seed}: ${CASES} requests over ${endpoints.length} endpoints; ${summary.join(", ")}`);
    console.info(`accepted and stored (still valid after the mutation): ${accepted.length}\n${accepted.join("\n")}`);
    expect(problems.slice(0, 25), `seed ${seed}, ${problems.length} problems`).toEqual([]);
  }, 240_000);
});

/** The email() handler (Email Routing) is a public door too: raw mail from anyone on the internet. */
describe("fuzzing the email() handler", () => {
  // Mail that cannot be parsed still comes from a sender Email Routing verified: the channel keeps
  // it (nothing a customer sends is lost) or rejects it; what it must never do is throw, which
  // would make the sending server retry the same bad mail for days.
  it("rejects or keeps 300 malformed raw messages without throwing (a throw asks the sender to retry forever)", async () => {
    const seed = Date.now() >>> 0;
    const r = seeded(seed);
    const good = [
      "From: Lin <lin@customer.test>",
      "To: support@relaydesk.test",
      "Subject: Deposit missing",
      "Message-ID: <fuzz@customer.test>",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "My deposit has not arrived",
      "",
    ].join("\r\n");
    const problems: string[] = [];
    const outcomes = { rejected: 0, accepted: 0 };
    for (let i = 0; i < 300; i++) {
      const kind = i % 5;
      let raw: string;
      if (kind === 0) raw = String.fromCharCode(...crypto.getRandomValues(new Uint8Array(Math.floor(r() * 2000))));
      else if (kind === 1) raw = good.slice(0, Math.floor(r() * good.length));
      else if (kind === 2)
        raw = good.replace(
          "Content-Type: text/plain",
          `Content-Type: multipart/mixed; boundary="${"x".repeat(Math.floor(r() * 200))}`,
        );
      else if (kind === 3) raw = good.replace(/^From: .*$/m, `From: ${"<".repeat(Math.floor(r() * 50))}@@@`);
      else raw = `${"X-Junk: a\r\n".repeat(Math.floor(r() * 500))}${good}`.replace("<fuzz@", `<fuzz${i}-${seed}@`);
      const { env, recording } = instrumentedEnv();
      const { message, rejected } = routedMessage(raw, { from: `f${i}-${seed}@customer.test` });
      const ctx = createExecutionContext();
      try {
        await worker.email?.(message, env, ctx);
        await waitOnExecutionContext(ctx);
      } catch (err) {
        problems.push(`#${i} (kind ${kind}) threw: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (rejected.length) {
        outcomes.rejected++;
        if (recording.changes > 0)
          problems.push(`#${i} (kind ${kind}) was rejected but wrote ${recording.changes} rows`);
      } else outcomes.accepted++;
    }
    console.info(`email() fuzz seed ${seed}: ${JSON.stringify(outcomes)}`);
    expect(problems.slice(0, 20), `seed ${seed}`).toEqual([]);
  }, 120_000);
});
