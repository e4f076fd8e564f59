import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import { type AppEnv, type Env, loadConfig } from "../../../src/env";
import { onError } from "../../../src/http";
import { requireStaffPage } from "../../../src/staff/session";
import { accessVars, rsaKey } from "../../unit/staff/access-keys";
import { BASE, BOOTSTRAP, call, customerWrites, settleDeliveries } from "./helpers";

// Let the bot acknowledgements these tests cause finish before the file ends.
afterAll(() => settleDeliveries());

/**
 * The Worker's app with Cloudflare Access configured. The team's certs document is handed over
 * as a `data:` URL in ACCESS_CERTS_URL (fetched, parsed and cached exactly like the real
 * `<team>/cdn-cgi/access/certs`); test/unit/staff/access.test.ts serves it from 127.0.0.1.
 */
const app = createApp();
let accessEnv: Env;
let key: Awaited<ReturnType<typeof rsaKey>>;

async function fetchWithAccess(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}${path}`, { redirect: "manual", ...init }), accessEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const email = (p: string) => `${p}-${crypto.randomUUID().slice(0, 8)}@example.com`;

async function staffWithEmail(address: string, role: "agent" | "admin" = "agent") {
  const res = await call("POST", "/api/staff/users", { token: BOOTSTRAP, json: { name: "Li", email: address, role } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { user: { id: string } }).user;
}

beforeAll(async () => {
  key = await rsaKey("access-kid-1");
  accessEnv = { ...env, ...accessVars(key) } as Env;
});

describe("Cloudflare Access", () => {
  it("maps a valid Cf-Access-Jwt-Assertion (or CF_Authorization cookie) to the staff user with that email", async () => {
    const address = email("li");
    const user = await staffWithEmail(address);
    const jwt = await key.sign({ email: address.toUpperCase() });
    const ways: Array<Record<string, string>> = [
      { "Cf-Access-Jwt-Assertion": jwt },
      { Cookie: `CF_Authorization=${jwt}` },
    ];
    for (const headers of ways) {
      const res = await fetchWithAccess("/api/staff/me", { headers });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { staff: { staffId: string; role: string } };
      expect(body.staff).toMatchObject({ staffId: user.id, role: "agent" });
      expect(body).not.toHaveProperty("csrfToken");
    }
    // An agent via Access still cannot reach admin routes.
    expect((await fetchWithAccess("/api/staff/users", { headers: { "Cf-Access-Jwt-Assertion": jwt } })).status).toBe(
      403,
    );
  });

  it("403 for an unknown or disabled email; 401 for an invalid token; ignored when Access is not configured", async () => {
    const unknown = await key.sign({ email: email("nobody") });
    const res = await fetchWithAccess("/api/staff/me", { headers: { "Cf-Access-Jwt-Assertion": unknown } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });

    const address = email("gone");
    const user = await staffWithEmail(address);
    await call("PATCH", `/api/staff/users/${user.id}`, { token: BOOTSTRAP, json: { disabled: true } });
    const disabled = await key.sign({ email: address });
    expect((await fetchWithAccess("/api/staff/me", { headers: { "Cf-Access-Jwt-Assertion": disabled } })).status).toBe(
      403,
    );

    const wrongAud = await key.sign({ email: address, aud: ["other-app"] });
    expect((await fetchWithAccess("/api/staff/me", { headers: { "Cf-Access-Jwt-Assertion": wrongAud } })).status).toBe(
      401,
    );

    const valid = await key.sign({ email: address });
    // The deployed config (no ACCESS_* vars) never trusts the header.
    expect((await call("GET", "/api/staff/me", { headers: { "Cf-Access-Jwt-Assertion": valid } })).status).toBe(401);
  });

  it("an Access email that only JavaScript's case folding makes a staff member's is nobody (403)", async () => {
    // The KELVIN SIGN (U+212A) lowers to "k": an identity provider's `\u212Aate@` is another account than `kate@`.
    const address = `k${crypto.randomUUID().slice(0, 8)}-admin@example.com`;
    await staffWithEmail(address, "admin");
    const lookalike = address.replace(/^k/, "\u212A");
    const jwt = await key.sign({ email: Math.random() < 0.5 ? lookalike : lookalike.toUpperCase() });
    const res = await fetchWithAccess("/api/staff/me", { headers: { "Cf-Access-Jwt-Assertion": jwt } });
    expect(res.status, JSON.stringify(lookalike)).toBe(403);
    const real = await key.sign({ email: address.toUpperCase() });
    expect((await fetchWithAccess("/api/staff/me", { headers: { "Cf-Access-Jwt-Assertion": real } })).status).toBe(200);
  });

  it("Access alone may read but not write (no CSRF token); /staff/login turns it into a session that may", async () => {
    const address = email("writer");
    const user = await staffWithEmail(address);
    const jwt = await key.sign({ email: address });
    const read = await fetchWithAccess("/api/staff/canned", { headers: { "Cf-Access-Jwt-Assertion": jwt } });
    expect(read.status).toBe(200);
    const { id } = await customerWrites("Access test ticket");
    const patch = await fetchWithAccess(`/api/staff/tickets/${id}/read`, {
      method: "POST",
      headers: { "Cf-Access-Jwt-Assertion": jwt },
    });
    expect(patch.status).toBe(403);
    expect(await patch.json()).toMatchObject({ error: { code: "csrf_failed" } });

    const login = await fetchWithAccess("/staff/login?next=/staff/tickets", {
      headers: { "Cf-Access-Jwt-Assertion": jwt },
    });
    expect(login.status).toBe(303);
    expect(login.headers.get("Location")).toBe("/staff/tickets");
    const cookie = /rd_session=[^;]+/.exec(login.headers.get("Set-Cookie") ?? "")?.[0] as string;
    expect(cookie).toBeTruthy();
    const me = (await (await fetchWithAccess("/api/staff/me", { headers: { Cookie: cookie } })).json()) as {
      staff: { staffId: string };
      csrfToken: string;
    };
    expect(me.staff.staffId).toBe(user.id);
    const ok = await fetchWithAccess(`/api/staff/tickets/${id}/read`, {
      method: "POST",
      headers: { Cookie: cookie, "X-CSRF-Token": me.csrfToken },
    });
    expect(ok.status).toBe(204);
  });
});

describe("staff pages with Cloudflare Access", () => {
  it("a page request with a valid Access identity gets a session (cookie + CSRF token) instead of a redirect", async () => {
    const page = new Hono<AppEnv>();
    page.onError(onError);
    page.use(async (c, next) => {
      c.set("config", loadConfig(c.env));
      await next();
    });
    page.get("/staff", requireStaffPage, (c) => c.json({ staffId: c.get("staff").staffId, csrf: c.get("csrfToken") }));
    const address = email("page");
    const user = await staffWithEmail(address);
    const ctx = createExecutionContext();
    const res = await page.fetch(
      new Request(`${BASE}/staff`, { headers: { "Cf-Access-Jwt-Assertion": await key.sign({ email: address }) } }),
      accessEnv,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { staffId: string; csrf: string };
    expect(body.staffId).toBe(user.id);
    expect(body.csrf).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(res.headers.get("Set-Cookie")).toMatch(/^rd_session=.+HttpOnly/);

    const ctx2 = createExecutionContext();
    const unknown = await page.fetch(
      new Request(`${BASE}/staff`, { headers: { "Cf-Access-Jwt-Assertion": await key.sign({ email: email("x") }) } }),
      accessEnv,
      ctx2,
    );
    await waitOnExecutionContext(ctx2);
    expect(unknown.status).toBe(403);
  });
});
