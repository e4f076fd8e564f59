import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifyTurnstile } from "../../../../channels/webform/turnstile";
import { createApp } from "../../../../src/app";
import { formPayload, r2ObjectsFor, rowsFor, submissionKeyOf } from "./builders";

const VERIFY_URL = "http://127.0.0.1:1/siteverify";

/** A stand-in for Cloudflare's siteverify that records what it was asked. */
function fakeSiteverify(answer: unknown, status = 200) {
  const calls: Array<{ url: string; fields: Record<string, string> }> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const form = new URLSearchParams(String(init?.body));
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) fields[k] = String(v);
    calls.push({ url: String(input), fields });
    return Response.json(answer, { status });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

describe("verifyTurnstile", () => {
  it("posts secret, response and remoteip, and accepts only success: true", async () => {
    const ok = fakeSiteverify({ success: true });
    expect(
      await verifyTurnstile({
        secret: "s3cret",
        verifyUrl: VERIFY_URL,
        token: "tok",
        remoteIp: "203.0.113.9",
        fetch: ok.fetchImpl,
      }),
    ).toBe(true);
    expect(ok.calls).toEqual([
      { url: VERIFY_URL, fields: { secret: "s3cret", response: "tok", remoteip: "203.0.113.9" } },
    ]);

    const no = fakeSiteverify({ success: false, "error-codes": ["invalid-input-response"] });
    expect(await verifyTurnstile({ secret: "s", verifyUrl: VERIFY_URL, token: "tok", fetch: no.fetchImpl })).toBe(
      false,
    );
    const weird = fakeSiteverify({ success: "true" });
    expect(await verifyTurnstile({ secret: "s", verifyUrl: VERIFY_URL, token: "t", fetch: weird.fetchImpl })).toBe(
      false,
    );
    const down = fakeSiteverify({ success: true }, 500);
    expect(await verifyTurnstile({ secret: "s", verifyUrl: VERIFY_URL, token: "t", fetch: down.fetchImpl })).toBe(
      false,
    );
  });

  it("says no without a token (and does not ask), and when the network fails", async () => {
    const spy = fakeSiteverify({ success: true });
    expect(await verifyTurnstile({ secret: "s", verifyUrl: VERIFY_URL, token: undefined, fetch: spy.fetchImpl })).toBe(
      false,
    );
    expect(spy.calls).toHaveLength(0);
    const failing = (async () => {
      throw new TypeError("connection refused");
    }) as typeof fetch;
    expect(await verifyTurnstile({ secret: "s", verifyUrl: VERIFY_URL, token: "t", fetch: failing })).toBe(false);
  });
});

describe("POST /api/tickets with Turnstile on", () => {
  const app = createApp();
  const turnstileEnv = { ...env, TURNSTILE_SECRET: "x", TURNSTILE_VERIFY_URL: "http://127.0.0.1:1/never" };

  async function send(body: unknown, headers: Record<string, string> = {}) {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request("http://relaydesk.test/api/tickets", {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.7", ...headers },
        body: JSON.stringify(body),
      }),
      turnstileEnv,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("rejects with 403 turnstile_failed when siteverify cannot confirm, writing nothing", async () => {
    for (const p of [formPayload(), formPayload({ "cf-turnstile-response": "some-token" })]) {
      const res = await send(p);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "turnstile_failed" } });
      expect(await rowsFor(p)).toEqual({ tickets: 0, messages: 0, contacts: 0, attachments: 0 });
      expect(await r2ObjectsFor(await submissionKeyOf(p))).toEqual([]);
    }
  });

  it("shows the widget on the page when a site key is set", async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request("http://relaydesk.test/support"),
      { ...env, TURNSTILE_SITE_KEY: "1x00000000000000000000AA" },
      ctx,
    );
    const html = await res.text();
    expect(html).toContain('<div class="cf-turnstile" data-sitekey="1x00000000000000000000AA"');
    expect(html).toContain('<script src="https://challenges.cloudflare.com/turnstile/v0/api.js"');
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src https://challenges.cloudflare.com");
  });
});
