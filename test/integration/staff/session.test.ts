import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { type AppEnv, loadConfig } from "../../../src/env";
import { onError } from "../../../src/http";
import worker from "../../../src/index";
import { requireStaffPage } from "../../../src/staff/session";
import { BASE, BOOTSTRAP, call, callWithSession, count, openTicket, signIn, staffWithToken } from "./helpers";

/** A page behind requireStaffPage, run in this worker against the real D1. */
async function page(path: string, headers: Record<string, string> = {}) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use(async (c, next) => {
    c.set("config", loadConfig(c.env));
    await next();
  });
  app.get("/staff/*", requireStaffPage, (c) =>
    c.json({ staffId: c.get("staff").staffId, csrfToken: c.get("csrfToken") ?? null }),
  );
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}${path}`, { headers }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
  body: new URLSearchParams(fields),
  redirect: "manual" as const,
});

describe("staff sign-in page", () => {
  it("renders a token form in English or Chinese by Accept-Language", async () => {
    const en = await exports.default.fetch(`${BASE}/staff/login?next=/staff/tickets/x`, {
      headers: { "Accept-Language": "en-US,en;q=0.9" },
    });
    expect(en.status).toBe(200);
    const html = await en.text();
    expect(html).toContain('name="token"');
    expect(html).toContain("Sign in");
    expect(html).toContain('value="/staff/tickets/x"');
    const zh = await exports.default.fetch(`${BASE}/staff/login`, { headers: { "Accept-Language": "zh-CN,zh;q=0.9" } });
    expect(await zh.text()).toContain("登录");
  });

  it("a valid token sets an HttpOnly, Secure, SameSite=Strict cookie whose hash only is stored, then 303 to next", async () => {
    const agent = await staffWithToken("agent");
    const res = await exports.default.fetch("https://relaydesk.test/staff/login", {
      ...form({ token: agent.token, next: "/staff/tickets/tkt_abc?view=mine" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://relaydesk.test" },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/staff/tickets/tkt_abc?view=mine");
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^rd_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    const secret = /rd_session=([^;]+)/.exec(setCookie)?.[1] as string;
    expect(await count("SELECT COUNT(*) AS n FROM staff_sessions WHERE id_hash = ?1", secret)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM staff_sessions WHERE staff_id = ?1", agent.id)).toBe(1);
    const row = await env.DB.prepare("SELECT expires_at, created_at FROM staff_sessions WHERE staff_id = ?1")
      .bind(agent.id)
      .first<{ expires_at: string; created_at: string }>();
    expect(Date.parse(row?.expires_at ?? "") - Date.parse(row?.created_at ?? "")).toBe(12 * 3600_000);
  });

  it("Secure on https and loopback hosts (Chromium keeps Secure cookies on http://127.0.0.1), not on other plain-http hosts", async () => {
    const setCookieAt = async (origin: string) => {
      const res = await exports.default.fetch(`${origin}/staff/login`, {
        ...form({ token: BOOTSTRAP }),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
      });
      expect(res.status).toBe(303);
      return res.headers.get("Set-Cookie") ?? "";
    };
    expect(await setCookieAt("http://127.0.0.1:8787")).toMatch(/; Secure/);
    expect(await setCookieAt("http://localhost:8787")).toMatch(/; Secure/);
    expect(await setCookieAt("https://support.example.com")).toMatch(/; Secure/);
    expect(await setCookieAt("http://relaydesk.test")).not.toMatch(/Secure/);
  });

  it("only same-site /staff paths are accepted as next", async () => {
    for (const next of [
      "https://evil.example/staff",
      "//evil.example/staff",
      "/api/staff/tokens",
      "/\\evil",
      "/staffx",
    ]) {
      const res = await exports.default.fetch(`${BASE}/staff/login`, form({ token: BOOTSTRAP, next }));
      expect(res.status, next).toBe(303);
      expect(res.headers.get("Location"), next).toBe("/staff");
    }
  });

  it("a wrong or revoked token re-renders the form with 401 and sets no cookie", async () => {
    const revoked = await staffWithToken("agent");
    await call("DELETE", `/api/staff/tokens/${revoked.tokenId}`, { token: BOOTSTRAP });
    for (const token of ["rdk_wrong-token-value", revoked.token, ""]) {
      const res = await exports.default.fetch(`${BASE}/staff/login`, form({ token, next: "/staff" }));
      expect(res.status).toBe(401);
      expect(res.headers.get("Set-Cookie")).toBeNull();
      expect(await res.text()).toContain('id="login-error"');
    }
    expect(await count("SELECT COUNT(*) AS n FROM staff_sessions WHERE staff_id = ?1", revoked.id)).toBe(0);
  });

  it("refuses a sign-in form posted from another site", async () => {
    const res = await exports.default.fetch(`${BASE}/staff/login`, {
      ...form({ token: BOOTSTRAP }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });

  it("signing in again replaces the browser's previous session", async () => {
    const agent = await staffWithToken("agent");
    const first = await signIn(agent.token);
    const res = await exports.default.fetch(`${BASE}/staff/login`, {
      ...form({ token: agent.token }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Cookie: first.cookie },
    });
    expect(res.status).toBe(303);
    const second = /rd_session=[^;]+/.exec(res.headers.get("Set-Cookie") ?? "")?.[0] as string;
    expect(second).not.toBe(first.cookie);
    expect((await callWithSession("GET", "/api/staff/me", first)).status).toBe(401);
    expect((await callWithSession("GET", "/api/staff/me", { cookie: second, csrfToken: "" })).status).toBe(200);
    expect(await count("SELECT COUNT(*) AS n FROM staff_sessions WHERE staff_id = ?1", agent.id)).toBe(1);
  });

  it("sends a signed-in browser from /staff/login straight on", async () => {
    const s = await signIn(BOOTSTRAP);
    const res = await exports.default.fetch(`${BASE}/staff/login?next=/staff/x`, {
      headers: { Cookie: s.cookie },
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/staff/x");
  });
});

describe("staff pages need a session", () => {
  it("redirects to sign-in with next, and lets a session through with its CSRF token", async () => {
    const anon = await page("/staff/tickets/tkt_1?view=urgent");
    expect(anon.status).toBe(303);
    expect(anon.headers.get("Location")).toBe(
      `/staff/login?next=${encodeURIComponent("/staff/tickets/tkt_1?view=urgent")}`,
    );
    const bearerOnly = await page("/staff", { Authorization: `Bearer ${BOOTSTRAP}` });
    expect(bearerOnly.status).toBe(303);
    const bogus = await page("/staff", { Cookie: "rd_session=not-a-session" });
    expect(bogus.status).toBe(303);

    const agent = await staffWithToken("agent");
    const s = await signIn(agent.token);
    const ok = await page("/staff", { Cookie: s.cookie });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ staffId: agent.id, csrfToken: s.csrfToken });
  });

  it("a session ends with its token's revocation, its user's disabling, and sign-out", async () => {
    const a = await staffWithToken("agent");
    const s1 = await signIn(a.token);
    expect((await page("/staff", { Cookie: s1.cookie })).status).toBe(200);
    await call("DELETE", `/api/staff/tokens/${a.tokenId}`, { token: BOOTSTRAP });
    expect((await page("/staff", { Cookie: s1.cookie })).status).toBe(303);
    expect((await callWithSession("GET", "/api/staff/me", s1)).status).toBe(401);

    const b = await staffWithToken("agent");
    const s2 = await signIn(b.token);
    await call("PATCH", `/api/staff/users/${b.id}`, { token: BOOTSTRAP, json: { disabled: true } });
    expect((await callWithSession("GET", "/api/staff/me", s2)).status).toBe(401);

    const c = await staffWithToken("agent");
    const s3 = await signIn(c.token);
    const noCsrf = await exports.default.fetch(`${BASE}/staff/logout`, {
      method: "POST",
      headers: { Cookie: s3.cookie },
      redirect: "manual",
    });
    expect(noCsrf.status).toBe(403);
    expect((await callWithSession("GET", "/api/staff/me", s3)).status).toBe(200);
    const out = await exports.default.fetch(`${BASE}/staff/logout`, {
      ...form({ csrf: s3.csrfToken }),
      headers: { Cookie: s3.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get("Location")).toBe("/staff/login");
    expect(out.headers.get("Set-Cookie")).toMatch(/rd_session=;.*Max-Age=0/i);
    expect((await callWithSession("GET", "/api/staff/me", s3)).status).toBe(401);
    expect(await count("SELECT COUNT(*) AS n FROM staff_sessions WHERE staff_id = ?1", c.id)).toBe(0);
  });
});

describe("staff API with the session cookie", () => {
  let agentSession: Awaited<ReturnType<typeof signIn>>;
  let ticket: { id: string };

  beforeAll(async () => {
    const agent = await staffWithToken("agent");
    agentSession = await signIn(agent.token);
    ticket = await openTicket("Session test: KYC rejected");
  });

  it("GET /me answers the principal and the CSRF token; Bearer answers no CSRF token", async () => {
    const res = await callWithSession("GET", "/api/staff/me", agentSession, { csrf: null });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { staff: { role: string }; csrfToken: string };
    expect(body.staff.role).toBe("agent");
    expect(body.csrfToken).toBe(agentSession.csrfToken);
    const bearer = (await (await call("GET", "/api/staff/me", { token: BOOTSTRAP })).json()) as object;
    expect(bearer).not.toHaveProperty("csrfToken");
  });

  it("reads need no CSRF token; writes need the right X-CSRF-Token (403 otherwise, nothing written)", async () => {
    expect((await callWithSession("GET", "/api/staff/tickets", agentSession, { csrf: null })).status).toBe(200);
    for (const csrf of [null, "wrong-token-value-xxxxxxxxxxxxx"]) {
      const res = await callWithSession("PATCH", `/api/staff/tickets/${ticket.id}`, agentSession, {
        csrf,
        json: { priority: "urgent" },
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "csrf_failed" } });
      const note = await callWithSession("POST", `/api/staff/tickets/${ticket.id}/notes`, agentSession, {
        csrf,
        json: { body: "should not be stored" },
      });
      expect(note.status).toBe(403);
    }
    expect(
      await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1 AND direction = 'note'", ticket.id),
    ).toBe(0);
    const ok = await callWithSession("PATCH", `/api/staff/tickets/${ticket.id}`, agentSession, {
      json: { priority: "urgent" },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { ticket: { priority: string } }).ticket.priority).toBe("urgent");
  });

  it("Bearer writes need no CSRF token; an invalid Bearer never falls back to the cookie", async () => {
    const res = await call("PATCH", `/api/staff/tickets/${ticket.id}`, {
      token: BOOTSTRAP,
      json: { priority: "high" },
    });
    expect(res.status).toBe(200);
    const mixed = await callWithSession("GET", "/api/staff/me", agentSession, {
      headers: { Authorization: "Bearer rdk_invalid_token_here" },
    });
    expect(mixed.status).toBe(401);
  });

  it("admin routes stay admin-only with a session; an admin session reaches them", async () => {
    const denied = await callWithSession("GET", "/api/staff/users", agentSession);
    expect(denied.status).toBe(403);
    const denied2 = await callWithSession("POST", "/api/staff/users", agentSession, { json: { name: "Mallory" } });
    expect(denied2.status).toBe(403);
    const admin = await signIn(BOOTSTRAP);
    expect((await callWithSession("GET", "/api/staff/users", admin)).status).toBe(200);
  });
});

describe("expired sessions", () => {
  it("the cron forgets expired sessions and keeps live ones", async () => {
    const row = (idHash: string, expiresAt: string) =>
      env.DB.prepare(
        `INSERT INTO staff_sessions (id_hash, staff_id, token_id, via, csrf_token, created_at, expires_at)
         VALUES (?1, 'stf_bootstrap', NULL, 'token', 'csrf', ?2, ?3)`,
      )
        .bind(idHash, new Date(Date.now() - 86_400_000).toISOString(), expiresAt)
        .run();
    const [dead, live] = [`dead-${crypto.randomUUID()}`, `live-${crypto.randomUUID()}`];
    await row(dead, new Date(Date.now() - 60_000).toISOString());
    await row(live, new Date(Date.now() + 3_600_000).toISOString());

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect(await count("SELECT COUNT(*) AS n FROM staff_sessions WHERE id_hash = ?1", dead)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM staff_sessions WHERE id_hash = ?1", live)).toBe(1);
  });
});
