/**
 * Sign-in as another site would try it (login CSRF): `Origin: null`, foreign origins, a cross-site
 * `Sec-Fetch-Site`; and `Cache-Control: no-store` on staff pages, redirects and errors.
 */

import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, BOOTSTRAP, call, count, signIn, staffWithToken } from "./helpers";

async function postLogin(token: string, headers: Record<string, string>) {
  return exports.default.fetch(`${BASE}/staff/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token }),
    redirect: "manual",
  });
}

const sessionsOf = (staffId: string) => count("SELECT COUNT(*) AS n FROM staff_sessions WHERE staff_id = ?1", staffId);

describe("sign-in origin", () => {
  it("refuses Origin: null and every foreign origin (403, no session, no cookie), accepts its own", async () => {
    const agent = await staffWithToken("agent");
    const rand = crypto.randomUUID().slice(0, 8);
    const hostile = [
      "null",
      "NULL",
      `https://${rand}.example`,
      "https://relaydesk.test",
      "http://relaydesk.test:8080",
      "http://sub.relaydesk.test",
      "http://relaydesk.test.evil.example",
      "http://relaydesk.tes",
      "file://",
      `data:text/html,${rand}`,
    ];
    for (const origin of hostile) {
      const res = await postLogin(agent.token, { Origin: origin });
      expect(res.status, `Origin ${JSON.stringify(origin)}`).toBe(403);
      expect(res.headers.get("Set-Cookie"), origin).toBeNull();
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(await res.json()).toMatchObject({ error: { code: "csrf_failed" } });
    }
    for (const site of ["cross-site", "same-site", "none"]) {
      const res = await postLogin(agent.token, { "Sec-Fetch-Site": site });
      expect(res.status, `Sec-Fetch-Site ${site}`).toBe(403);
      const withOrigin = await postLogin(agent.token, { "Sec-Fetch-Site": site, Origin: BASE });
      expect(withOrigin.status, `Sec-Fetch-Site ${site} with our Origin`).toBe(403);
    }
    expect(await sessionsOf(agent.id)).toBe(0);

    const own = await postLogin(agent.token, { Origin: BASE, "Sec-Fetch-Site": "same-origin" });
    expect(own.status).toBe(303);
    expect(own.headers.get("Cache-Control")).toBe("no-store");
    expect(await sessionsOf(agent.id)).toBe(1);
  });
});

describe("Cache-Control: no-store", () => {
  it("on staff pages, their redirects and errors, and on any /api/staff answer including unknown routes", async () => {
    const session = await signIn(BOOTSTRAP);
    const get = (path: string, headers: Record<string, string> = {}) =>
      exports.default.fetch(`${BASE}${path}`, { headers, redirect: "manual" });
    const answers: Array<[string, Response]> = [
      ["GET /staff (no session)", await get("/staff")],
      ["GET /staff/ (no session)", await get("/staff/")],
      ["GET /staff", await get("/staff", { Cookie: session.cookie })],
      ["GET /staff/login", await get("/staff/login")],
      ["GET /staff/login (signed in)", await get("/staff/login", { Cookie: session.cookie })],
      ["GET /staff/metrics", await get("/staff/metrics", { Cookie: session.cookie })],
      ["GET /staff/nothing-here", await get("/staff/nothing-here", { Cookie: session.cookie })],
      ["POST /staff/login (bad token)", await postLogin(`wrong-${crypto.randomUUID()}`, { Origin: BASE })],
      [
        "POST /staff/logout (no CSRF)",
        await exports.default.fetch(`${BASE}/staff/logout`, {
          method: "POST",
          headers: { Cookie: session.cookie },
          redirect: "manual",
        }),
      ],
      ["GET /api/staff/nothing-here", await call("GET", "/api/staff/nothing-here", { token: BOOTSTRAP })],
      ["GET /api/staff/nothing-here (no token)", await call("GET", "/api/staff/nothing-here")],
      ["GET /api/staff/tickets (bad token)", await call("GET", "/api/staff/tickets", { token: "bogus-token-123" })],
      ["GET /api/staff/tickets?limit=0", await call("GET", "/api/staff/tickets?limit=0", { token: BOOTSTRAP })],
      ["GET /api/staff/me", await call("GET", "/api/staff/me", { token: BOOTSTRAP })],
    ];
    const wrong = answers
      .filter(([, res]) => res.headers.get("Cache-Control") !== "no-store")
      .map(([what, res]) => `${what} -> ${res.status} ${res.headers.get("Cache-Control")}`);
    expect(wrong).toEqual([]);
    // The statuses are the ones each case is about.
    expect(answers.map(([, res]) => res.status)).toEqual([
      303, 404, 200, 200, 303, 200, 404, 401, 403, 404, 401, 401, 400, 200,
    ]);
    // The versioned stylesheet stays cacheable.
    expect((await get(`/staff/inbox.css?v=${crypto.randomUUID()}`)).headers.get("Cache-Control")).toMatch(/immutable/);
  });
});

describe("the inbox's script, a static asset", () => {
  it("is the content-hashed file the manifest names, served minified with immutable caching and nosniff", async () => {
    const session = await signIn(BOOTSTRAP);
    const page = await exports.default.fetch(`${BASE}/staff`, { headers: { Cookie: session.cookie } });
    const html = await page.text();
    const src = /<script[^>]+src="(\/staff\/assets\/inbox-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(src, html.slice(0, 400)).toBeTruthy();
    // What the page names is what the build wrote last (the manifest), not a stale copy. Asset
    // paths are answered before the Worker runs; here they are asked of the ASSETS binding itself.
    const asset = (path: string) => env.ASSETS.fetch(`${BASE}${path}`);
    const manifest = (await (await asset("/staff/assets/manifest.json")).json()) as Record<string, string>;
    expect(manifest["inbox.js"]).toBe(src);

    const script = await asset(src as string);
    expect(script.status).toBe(200);
    expect(script.headers.get("Content-Type")).toMatch(/javascript/);
    expect(script.headers.get("Cache-Control")).toMatch(/immutable/);
    expect(script.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const body = await script.text();
    expect(body).toContain("rd-boot"); // the inbox's own code, not a placeholder
    expect(body.split("\n").length).toBeLessThan(10); // minified
    // Only built files are assets: the source and the build's inputs are not served.
    for (const path of ["/src/staff/ui/client/main.ts", "/_headers", "/staff/inbox.js"]) {
      expect((await asset(path)).status, path).toBe(404);
    }
  });
});
