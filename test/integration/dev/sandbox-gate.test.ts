// /dev/sandbox exists only where ENVIRONMENT says development or test, exactly: a missing,
// empty, misspelt or unknown ENVIRONMENT is production, and there the routes do not exist.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import type { Env } from "../../../src/env";

const app = createApp();

function envWith(environment: string | undefined): Env {
  const e: Record<string, unknown> = { ...env, ENVIRONMENT: environment };
  if (environment === undefined) delete e.ENVIRONMENT;
  return e as unknown as Env;
}

async function call(req: Request, environment: string | undefined): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, envWith(environment), ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const inbound = (sender: string) =>
  new Request("http://relaydesk.test/dev/sandbox/inbound", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ channel: "telegram", sender, text: "Where is my withdrawal?" }),
  });

async function contactsNamed(sender: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM channel_identities WHERE external_id = ?1")
    .bind(sender)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("/dev/sandbox outside development", () => {
  it("is a 404 for every ENVIRONMENT that is not exactly development or test, and writes nothing", async () => {
    const noise = crypto.randomUUID();
    for (const environment of [undefined, "", "production", "Development", " development", "dev", "TEST", noise]) {
      const what = `ENVIRONMENT=${JSON.stringify(environment)}`;
      const page = await call(new Request("http://relaydesk.test/dev/sandbox?format=json"), environment);
      expect(page.status, what).toBe(404);
      expect(await page.json()).toMatchObject({ error: { code: "not_found" } });
      const sender = `gate-${crypto.randomUUID().slice(0, 8)}`;
      const res = await call(inbound(sender), environment);
      expect(res.status, what).toBe(404);
      expect(await contactsNamed(sender)).toBe(0);
    }
  });

  it("exists in development and test", async () => {
    for (const environment of ["development", "test"]) {
      const page = await call(new Request("http://relaydesk.test/dev/sandbox?format=json"), environment);
      expect(page.status, environment).toBe(200);
      const sender = `gate-${crypto.randomUUID().slice(0, 8)}`;
      expect((await call(inbound(sender), environment)).status).toBe(201);
      expect(await contactsNamed(sender)).toBe(1);
    }
  });
});
