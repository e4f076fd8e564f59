// The widget's pages inside workerd: /widget.js at its stable address (short cache, nosniff, the built loader),
// /chat framed only by its allowed ancestors, /dev/widget-demo only in development and cross-origin, and the
// customer's ticket page running its live script under a CSP that allows only its own scripts.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import type { Env } from "../../../src/env";
import { createTicket, get } from "../channels/webform/builders";

const app = createApp();

async function call(url: string, environment = "test", init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(url, init), { ...env, ENVIRONMENT: environment } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The CSP's directives by name. */
function csp(res: Response): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (res.headers.get("Content-Security-Policy") ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

async function manifest(): Promise<Record<string, string>> {
  return (await (await env.ASSETS.fetch("http://relaydesk.test/staff/assets/manifest.json")).json()) as Record<
    string,
    string
  >;
}

describe("GET /widget.js", () => {
  it("serves the current built loader at the stable path with a short cache and nosniff", async () => {
    const res = await call("http://relaydesk.test/widget.js", "production");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const cache = res.headers.get("Cache-Control") ?? "";
    const maxAge = Number(/max-age=(\d+)/.exec(cache)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(3600);
    expect(cache).not.toContain("immutable");
    const built = await (await env.ASSETS.fetch(`http://relaydesk.test${(await manifest())["widget.js"]}`)).text();
    expect(await res.text()).toBe(built);
    expect(built).toContain("aria-expanded");
  });
});

describe("GET /chat", () => {
  it("may be framed by itself and, in development, the loopback names only; never X-Frame-Options", async () => {
    for (const environment of ["development", "test"]) {
      const res = await call("http://relaydesk.test/chat?lang=zh", environment);
      expect(res.status).toBe(200);
      expect(res.headers.get("X-Frame-Options")).toBeNull();
      const policy = csp(res);
      expect(policy["frame-ancestors"]).toEqual(["'self'", "http://localhost:*", "http://127.0.0.1:*"]);
      expect(policy["script-src"]).toEqual(["'self'"]);
      expect(policy["connect-src"]).toEqual(["'self'"]);
      expect(policy["default-src"]).toEqual(["'none'"]);
      const html = await res.text();
      expect(html).toContain('lang="zh-CN"');
      expect(html).toContain("转人工");
      const src = /<script src="([^"]+)"/.exec(html)?.[1];
      expect(src).toBe((await manifest())["chat.js"]);
    }
  });

  it("in production is framed by itself only (until an admin allows origins), and speaks English by default", async () => {
    const res = await call("http://relaydesk.test/chat", "production", { headers: { "Accept-Language": "en-US" } });
    expect(res.status).toBe(200);
    expect(csp(res)["frame-ancestors"]).toEqual(["'self'"]);
    expect(await res.text()).toContain("Talk to a person");
  });
});

describe("GET /chat with the admin's allowed origins", () => {
  const put = (body: unknown) =>
    call("http://relaydesk.test/api/staff/chat-settings", "production", {
      method: "PUT",
      headers: { Authorization: "Bearer test-bootstrap-token", "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  it("lets exactly the allowed origins frame it; hostile values never reach the header", async () => {
    const origins = [`https://ex-${crypto.randomUUID().slice(0, 8)}.example`, "https://app.exchange.example:8443"];
    expect((await put({ allowedOrigins: origins, turnstileFirstMessage: false })).status).toBe(200);
    const res = await call("http://relaydesk.test/chat", "production");
    expect(csp(res)["frame-ancestors"]).toEqual(["'self'", ...origins]);

    for (const hostile of [
      "*",
      "https://*.example",
      "https://a.example; script-src *",
      "https://a.example/path",
      "javascript:alert(1)",
      "https://a.example 'unsafe-inline'",
      "http://plain-http.example",
    ]) {
      const refused = await put({ allowedOrigins: [hostile], turnstileFirstMessage: false });
      expect(refused.status, hostile).toBe(400);
    }
    // Whatever is in the row (written by hand, an old version): only exact origins reach the header.
    await env.DB.prepare("UPDATE chat_settings SET allowed_origins = ?1 WHERE id = 1")
      .bind(JSON.stringify(["https://ok.example", "https://x.example; frame-ancestors *", "*", 42]))
      .run();
    const after = await call("http://relaydesk.test/chat", "production");
    expect(after.status).toBe(200);
    expect(csp(after)["frame-ancestors"]).toEqual(["'self'", "https://ok.example"]);
    expect(after.headers.get("Content-Security-Policy")).not.toMatch(/frame-ancestors[^;]*\*/);
  });
});

describe("GET /dev/widget-demo", () => {
  it("is a 404 outside development, for the page and the identity signer", async () => {
    for (const environment of ["production", "", "Development", crypto.randomUUID()]) {
      expect((await call("http://localhost:8787/dev/widget-demo", environment)).status).toBe(404);
      const sign = await call("http://localhost:8787/dev/widget-demo/identity", environment, { method: "POST" });
      expect(sign.status).toBe(404);
    }
  });

  it("loads the loader from the other loopback name, so the widget is cross-origin", async () => {
    for (const [host, desk] of [
      ["http://localhost:8787", "http://127.0.0.1:8787"],
      ["http://127.0.0.1:9100", "http://localhost:9100"],
    ] as const) {
      const res = await call(`${host}/dev/widget-demo`, "development");
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<script src="${desk}/widget.js"`);
      const policy = csp(res);
      expect(policy["script-src"]).toEqual(["'self'", `${desk}/widget.js`]);
      expect(policy["frame-src"]).toEqual([desk]);
    }
    // Any other host name has no "other" loopback: no page.
    expect((await call("http://desk.example/dev/widget-demo", "development")).status).toBe(404);
  });
});

describe("the customer's ticket page", () => {
  it("runs its live script (and only its own scripts); the other /t/ routes still allow none", async () => {
    const { created } = await createTicket();
    const res = await get(created.link);
    expect(res.status).toBe(200);
    const policy = csp(res);
    expect(policy["script-src"]).toEqual(["'self'"]);
    expect(policy["connect-src"]).toContain("'self'");
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    const html = await res.text();
    expect(html).toContain(`<script src="${(await manifest())["ticket-live.js"]}" defer`);
    const missing = await get(`${created.link}/attachments/nope`);
    expect(csp(missing)["script-src"] ?? ["'none'"]).toEqual(["'none'"]);
  });
});
