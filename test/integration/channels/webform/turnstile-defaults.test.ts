// Turnstile fails closed: in production (any ENVIRONMENT that is not development or test, or
// none at all) the form takes nothing until TURNSTILE_SECRET is set, unless TURNSTILE = "off".
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../../src/app";
import type { Env } from "../../../../src/env";
import { BASE, BROWSER_ACCEPT, formPayload, PNG_1X1, r2ObjectsFor, rowsFor, unique, uniqueIp } from "./builders";

const app = createApp();
const SITE_KEY = "1x00000000000000000000AA";
// Nothing listens on port 1: a check that really ran could never pass.
const NO_SITEVERIFY = "http://127.0.0.1:1/siteverify";

type Vars = Record<string, string | undefined>;

/** The test bindings with these vars changed (undefined removes one), Turnstile keys empty unless given. */
function envWith(vars: Vars): Env {
  const e: Record<string, unknown> = {
    ...env,
    TURNSTILE_SECRET: "",
    TURNSTILE_SITE_KEY: "",
    TURNSTILE_VERIFY_URL: NO_SITEVERIFY,
  };
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete e[k];
    else e[k] = v;
  }
  return e as unknown as Env;
}

/** ENVIRONMENT values that must all mean production: missing, empty, near-misses and noise. */
function productionLikeEnvironments(): Array<string | undefined> {
  const noise = unique("env-");
  return [
    undefined,
    "",
    "production",
    "Development",
    "DEVELOPMENT",
    " development",
    "development\n",
    "dev",
    "Test",
    "testing",
    "staging",
    noise,
  ];
}

async function call(req: Request, vars: Vars): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, envWith(vars), ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

type Body = "json" | "multipart" | "urlencoded";

function submission(fields: Record<string, string>, body: Body, browser = false): Request {
  const headers: Record<string, string> = { "CF-Connecting-IP": uniqueIp() };
  if (browser) headers.Accept = BROWSER_ACCEPT;
  let payload: BodyInit;
  if (body === "json") {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(fields);
  } else if (body === "urlencoded") {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(fields).toString();
  } else {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("attachments", new File([PNG_1X1], "proof.png", { type: "image/png" }));
    payload = form;
  }
  return new Request(`${BASE}/api/tickets`, { method: "POST", headers, body: payload, redirect: "manual" });
}

async function expectNothingStored(p: ReturnType<typeof formPayload>) {
  expect(await rowsFor(p)).toEqual({ tickets: 0, messages: 0, contacts: 0, attachments: 0 });
  expect(await r2ObjectsFor(p.idempotencyKey)).toEqual([]);
}

describe("POST /api/tickets in production without Turnstile", () => {
  it("refuses every submission with 503 turnstile_not_configured and stores nothing", async () => {
    const bodies: Body[] = ["json", "multipart", "urlencoded"];
    for (const environment of productionLikeEnvironments()) {
      const body = bodies[Math.floor(Math.random() * bodies.length)] as Body;
      const p = formPayload({ "cf-turnstile-response": unique("forged-token-") });
      const res = await call(submission(p as Record<string, string>, body), { ENVIRONMENT: environment });
      const what = `ENVIRONMENT=${JSON.stringify(environment)} ${body}`;
      expect(res.status, what).toBe(503);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code, what).toBe("turnstile_not_configured");
      expect(json.error.message).toMatch(/turnstile/i);
      await expectNothingStored(p);
    }
  });

  it("refuses also with a site key but no secret", async () => {
    const p = formPayload({ "cf-turnstile-response": unique("token-") });
    const res = await call(submission(p as Record<string, string>, "json"), {
      ENVIRONMENT: "production",
      TURNSTILE_SITE_KEY: SITE_KEY,
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "turnstile_not_configured" } });
    await expectNothingStored(p);
  });

  it("refuses before validating, so a form with mistakes is not sent back for fixing first", async () => {
    const res = await call(submission({ email: "not an email", subject: "", description: "" }, "json"), {
      ENVIRONMENT: undefined,
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "turnstile_not_configured" } });
  });

  it("answers a browser with an error page in the form's language", async () => {
    const cases = [
      { lang: "en", text: "The form is not available right now", html: '<html lang="en">' },
      { lang: "zh", text: "表单暂时无法使用", html: '<html lang="zh-CN">' },
    ];
    for (const c of cases) {
      const p = formPayload({ lang: c.lang });
      const res = await call(submission(p as Record<string, string>, "multipart", true), { ENVIRONMENT: "production" });
      expect(res.status).toBe(503);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain(c.html);
      expect(html).toContain(c.text);
      expect(html).toContain(`href="/support?lang=${c.lang}"`);
      await expectNothingStored(p);
    }
  });
});

describe('TURNSTILE = "off"', () => {
  it("switches the check off explicitly in production: the submission is stored without any token", async () => {
    for (const off of ["off", "OFF", " Off "]) {
      const p = formPayload();
      const res = await call(submission(p as Record<string, string>, "json"), {
        ENVIRONMENT: "production",
        TURNSTILE: off,
        TURNSTILE_SITE_KEY: SITE_KEY,
        TURNSTILE_SECRET: unique("secret-"),
      });
      expect(res.status, JSON.stringify(off)).toBe(201);
      expect(await rowsFor(p)).toMatchObject({ tickets: 1, messages: 1 });
    }
  });

  it("only the exact word switches it off: near-misses still fail closed", async () => {
    for (const value of ["false", "0", "no", "disabled", "of", "off!", "on", "", unique()]) {
      const p = formPayload();
      const res = await call(submission(p as Record<string, string>, "json"), {
        ENVIRONMENT: "production",
        TURNSTILE: value,
      });
      expect(res.status, JSON.stringify(value)).toBe(503);
      await expectNothingStored(p);
    }
  });
});

describe("Turnstile configured in production", () => {
  it("checks every submission, with or without a site key (siteverify unreachable here: 403, nothing stored)", async () => {
    for (const siteKey of [SITE_KEY, ""]) {
      for (const token of [unique("token-"), undefined]) {
        const p = formPayload(token ? { "cf-turnstile-response": token } : {});
        const res = await call(submission(p as Record<string, string>, "json"), {
          ENVIRONMENT: "production",
          TURNSTILE_SITE_KEY: siteKey,
          TURNSTILE_SECRET: unique("secret-"),
        });
        expect(res.status, `site key ${JSON.stringify(siteKey)}, token ${token ? "forged" : "none"}`).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: "turnstile_failed" } });
        await expectNothingStored(p);
      }
    }
  });
});

describe("development and test without Turnstile", () => {
  it("accept submissions (the check is skipped, as before)", async () => {
    for (const environment of ["development", "test"]) {
      const p = formPayload();
      const res = await call(submission(p as Record<string, string>, "json"), { ENVIRONMENT: environment });
      expect(res.status, environment).toBe(201);
      expect(await rowsFor(p)).toMatchObject({ tickets: 1, messages: 1 });
    }
  });
});

describe("GET /support", () => {
  const page = (vars: Vars, lang = "en") => call(new Request(`${BASE}/support?lang=${lang}`), vars);

  it("has no Turnstile widget, script or CSP origin without a site key, in any environment", async () => {
    for (const environment of ["development", "test", "production", undefined]) {
      const res = await page({ ENVIRONMENT: environment, TURNSTILE_SECRET: unique("secret-") });
      const html = await res.text();
      expect(html, String(environment)).not.toContain("cf-turnstile");
      expect(html).not.toContain("challenges.cloudflare.com");
      expect(res.headers.get("Content-Security-Policy")).not.toContain("challenges.cloudflare.com");
    }
  });

  it("in production without Turnstile: no widget even with a site key, and says the form is unavailable (503)", async () => {
    for (const [lang, text] of [
      ["en", "The form is not available right now"],
      ["zh", "表单暂时无法使用"],
    ] as const) {
      const res = await page({ ENVIRONMENT: "production", TURNSTILE_SITE_KEY: SITE_KEY }, lang);
      expect(res.status).toBe(503);
      const html = await res.text();
      expect(html).toContain(text);
      expect(html).not.toContain("cf-turnstile");
      expect(html).not.toContain('action="/api/tickets"');
      expect(res.headers.get("Content-Security-Policy")).not.toContain("challenges.cloudflare.com");
    }
  });

  it('with TURNSTILE = "off": the form, without a widget even when a site key is set', async () => {
    const res = await page({ ENVIRONMENT: "production", TURNSTILE: "off", TURNSTILE_SITE_KEY: SITE_KEY });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('action="/api/tickets"');
    expect(html).not.toContain("cf-turnstile");
  });

  it("configured in production: the form with the widget", async () => {
    const res = await page({
      ENVIRONMENT: "production",
      TURNSTILE_SITE_KEY: SITE_KEY,
      TURNSTILE_SECRET: unique("secret-"),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<div class="cf-turnstile" data-sitekey="${SITE_KEY}"`);
    expect(html).toContain('action="/api/tickets"');
  });
});
