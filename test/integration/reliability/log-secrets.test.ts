/**
 * `/t/` tokens and email reply tokens are credentials: requests with them through every path that logs (errors,
 * 404s, a failing delivery) leave nothing of them in the console output, which `wrangler dev` prints and Workers
 * Logs keeps. The console is captured here, inside workerd, where the Worker's own code runs.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Env } from "../../../src/env";
import { loadConfig } from "../../../src/env";
import { type DeliverDeps, deliverOutbound } from "../../../src/pipeline/deliver";
import { createTicket, uniqueIp } from "../channels/webform/builders";
import { first, queuedOutbound, scriptedAdapter } from "../pipeline/builders";
import { instrumentedEnv, runApp, toRequest } from "./harness";

let lines: string[] = [];

function show(arg: unknown): string {
  if (typeof arg === "string") return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message}\n${arg.stack ?? ""}`;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

beforeEach(() => {
  lines = [];
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(`[${level}] ${args.map(show).join(" ")}`);
    });
  }
});

afterEach(() => vi.restoreAllMocks());

/** A D1 binding that fails every query, with an error that (like a real one may) names the URL it served. */
function brokenDb(url: string): D1Database {
  const fail = () => {
    throw new Error(`D1_ERROR: database is locked while serving ${url}: SQLITE_BUSY`);
  };
  const statement = { bind: () => statement, first: fail, all: fail, run: fail, raw: fail };
  return { prepare: () => statement, batch: fail, exec: fail, dump: fail, withSession: fail } as unknown as D1Database;
}

const request = (method: string, path: string, body?: unknown) =>
  toRequest({
    method,
    path,
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "CF-Connecting-IP": uniqueIp(),
      Cookie: `rd_session=${crypto.randomUUID()}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("the console never shows a /t/ token or a reply token", () => {
  it("through 500s (a failing D1) and 404s on /t/ paths", async () => {
    const { token } = await createTicket();
    const paths: Array<[string, string, unknown?]> = [
      ["GET", `/t/${token}`],
      ["POST", `/t/${token}/replies`, { body: "Still waiting", idempotencyKey: crypto.randomUUID() }],
      ["GET", `/t/${token}/attachments/att_${crypto.randomUUID().slice(0, 8)}`],
      ["POST", `/t/${token}/csat`, { rating: 5 }],
    ];
    for (const [method, path, body] of paths) {
      const res = await runApp(request(method, path, body), {
        ...env,
        DB: brokenDb(`https://relaydesk.test${path}`),
      } as Env);
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
    }
    // 404s: unknown routes under a real token; the answer does not echo the token either.
    for (const path of [`/t/${token}/nothing`, `/t/${token}/replies/x`, `/t/${token}/attachments`]) {
      const res = await runApp(request("GET", path), instrumentedEnv().env);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain(token);
    }
    const text = lines.join("\n");
    // The paths above did log (so this check can fail)...
    expect(text).toContain("unhandled error");
    expect(text).toContain("/t/[redacted]");
    // ...and never the token.
    expect(text).not.toContain(token);
  });

  it("through a failing delivery whose error echoes the ticket link and the Reply-To token", async () => {
    const { messageId, ticketId } = await queuedOutbound("email");
    const row = await first<{ access_token: string }>("SELECT access_token FROM tickets WHERE id = ?1", ticketId);
    const token = row?.access_token as string;
    expect(token).toBeTruthy();
    const replyToken = Array.from(
      crypto.getRandomValues(new Uint8Array(24)),
      (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36],
    ).join("");
    const echoed = new TypeError(
      `fetch failed: POST https://mail.example/v3/send (text: "View your request: https://relaydesk.test/t/${token}", ` +
        `h:Reply-To: support+${replyToken}@relaydesk.test, Authorization: Basic ${btoa(`api:${token}`)})`,
    );
    const deps: DeliverDeps = {
      env,
      config: loadConfig(env),
      channels: { email: scriptedAdapter("email", [echoed, echoed]) },
      random: () => 0,
    };
    const outcome = await deliverOutbound(deps, messageId, 1);
    expect(outcome.kind).toBe("retry");
    const text = lines.join("\n");
    expect(text).toContain("unexpected delivery error");
    for (const secret of [token, replyToken]) expect(text).not.toContain(secret);
    // What staff see as the delivery error is redacted the same way.
    const stored = await first<{ delivery_error: string }>(
      "SELECT delivery_error FROM messages WHERE id = ?1",
      messageId,
    );
    expect(stored?.delivery_error).toContain("/t/[redacted]");
    for (const secret of [token, replyToken]) expect(stored?.delivery_error).not.toContain(secret);
  });
});
