/**
 * Every staff API route (enumerated from the app) refuses whatever a customer holds: their chat token or
 * `/t/` link as a bearer token or as the session cookie, a look-alike of a staff token, a forged Access
 * assertion. 401 with the JSON error, before anything of the staff side is read. Fresh credentials each run.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTicket } from "../channels/webform/builders";
import { newSession } from "../channels/webform/chat-helpers";
import { app } from "../reliability/harness";
import { BOOTSTRAP } from "../support";

interface RouteEntry {
  method: string;
  path: string;
}

const routes = (app.routes as RouteEntry[])
  .filter((e) => e.method !== "ALL" && e.path.startsWith("/api/staff") && e.path !== "/api/staff/feed")
  .filter((e, i, a) => a.findIndex((x) => x.method === e.method && x.path === e.path) === i)
  // Sign-in itself answers without a session.
  .filter((e) => !/\/(login|sign-?in|session)$/.test(e.path) || e.method !== "POST");

const randomId = () => `${["tkt", "msg", "con", "usr", "att"][Math.floor(Math.random() * 5)]}_${crypto.randomUUID()}`;
const concrete = (path: string) => path.replace(/:[A-Za-z_]\w*(\{[^}]*\})?/g, () => randomId());

describe("staff API with a customer's credentials", () => {
  it("answers 401 on every route to chat tokens, /t/ links, look-alike tokens and forged Access headers", {
    timeout: 120_000,
  }, async () => {
    const chat = await newSession();
    const link = (await createTicket()).token;
    const b64 = () => btoa(crypto.randomUUID()).replace(/=+$/, "");
    const credentials: Array<{ name: string; headers: Record<string, string> }> = [
      { name: "chat token", headers: { Authorization: `Bearer ${chat.token}` } },
      { name: "/t/ token", headers: { Authorization: `Bearer ${link}` } },
      { name: "chat token cookie", headers: { Cookie: `rd_session=${chat.token}` } },
      { name: "/t/ token cookie", headers: { Cookie: `rd_session=${link}; rd_csrf=${link}`, "X-CSRF-Token": link } },
      { name: "rdk_ look-alike", headers: { Authorization: `Bearer rdk_${crypto.randomUUID().replace(/-/g, "")}` } },
      { name: "bootstrap, other case", headers: { Authorization: `Bearer ${BOOTSTRAP.toUpperCase()}` } },
      { name: "bootstrap prefix", headers: { Authorization: `Bearer ${BOOTSTRAP.slice(0, -1)}` } },
      { name: "bootstrap + suffix", headers: { Authorization: `Bearer ${BOOTSTRAP}x` } },
      { name: "basic", headers: { Authorization: `Basic ${btoa(`admin:${BOOTSTRAP}x`)}` } },
      {
        name: "forged Access JWT",
        headers: {
          "Cf-Access-Jwt-Assertion": `${b64()}.${b64()}.${b64()}`,
          "Cf-Access-Authenticated-User-Email": "a@b.c",
        },
      },
    ];
    const wrong: string[] = [];
    // Every credential on a random third of the routes, and each route with at least one (all of them over runs).
    const offset = Math.floor(Math.random() * credentials.length);
    for (const [i, route] of routes.entries()) {
      const path = concrete(route.path);
      const picked = credentials.filter((_, j) => (i + j + offset) % 3 === 0);
      for (const cred of picked) {
        const res = await exports.default.fetch(`http://relaydesk.test${path}`, {
          method: route.method,
          headers: { "Content-Type": "application/json", Origin: "http://relaydesk.test", ...cred.headers },
          body: route.method === "GET" || route.method === "HEAD" ? undefined : "{}",
        });
        const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
        if (res.status !== 401 || !body?.error?.code)
          wrong.push(`${route.method} ${route.path} ${cred.name}: ${res.status}`);
      }
    }
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(wrong).toEqual([]);
  });
});
