/**
 * The authorisation matrix: every staff API route (enumerated from the app's own route table,
 * so new routes are covered without editing this file) x no token, agent, admin, revoked token.
 * Which routes need staff or admin is read from the same table: the routes that `requireStaff`
 * and `requireAdmin` guard. And the customer side: random `/t/` tokens and another customer's
 * ids answer 404.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { requireAdmin, requireStaff } from "../../../src/staff/auth";
import { createTicket, PNG_1X1, postMultipart, uniqueIp } from "../channels/webform/builders";
import { call, staffWithToken } from "../staff/helpers";
import { app, instrumentedEnv, runApp, toRequest } from "./harness";

interface RouteEntry {
  method: string;
  path: string;
  handler: unknown;
}

const entries = app.routes as RouteEntry[];

/** Hono path pattern -> RegExp over concrete paths. */
function patternOf(path: string): RegExp {
  const body = path
    .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\/\*$/, "(?:/.*)?")
    .replace(/\*/g, ".*")
    .replace(/:[A-Za-z_]\w*(\{[^}]*\})?/g, "[^/]+");
  return new RegExp(`^${body}$`);
}

/** Concrete path for a route: every parameter gets an id that exists nowhere. */
const concrete = (path: string) => path.replace(/:[A-Za-z_]\w*(\{[^}]*\})?/g, "zz_nonexistent_0000");

function guardedBy(guard: unknown, route: RouteEntry): boolean {
  const path = concrete(route.path);
  return entries.some(
    (e) => e.handler === guard && (e.method === "ALL" || e.method === route.method) && patternOf(e.path).test(path),
  );
}

/** The staff API routes: endpoints (not middleware) under /api/staff. */
const staffRoutes = entries
  .filter((e) => e.method !== "ALL" && e.path.startsWith("/api/staff"))
  // Inline guards (`api.post(path, requireAdmin, handler)`) are entries of their own: skip them first.
  .filter((e) => e.handler !== requireAdmin && e.handler !== requireStaff)
  .filter((e, i, a) => a.findIndex((x) => x.method === e.method && x.path === e.path) === i)
  .map((e) => ({ ...e, staff: guardedBy(requireStaff, e), admin: guardedBy(requireAdmin, e) }));

type Who = "none" | "agent" | "admin" | "revoked";
const tokens: Record<Who, string | null> = { none: null, agent: null, admin: null, revoked: null };

beforeAll(async () => {
  tokens.agent = (await staffWithToken("agent")).token;
  tokens.admin = (await staffWithToken("admin")).token;
  const revoked = await staffWithToken("admin");
  const res = await call("DELETE", `/api/staff/tokens/${revoked.tokenId}`, { token: tokens.admin });
  expect(res.status).toBe(200);
  tokens.revoked = revoked.token;
});

async function request(route: { method: string; path: string }, who: Who): Promise<Response> {
  const { env } = instrumentedEnv();
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (tokens[who]) headers.Authorization = `Bearer ${tokens[who]}`;
  return runApp(
    toRequest({
      method: route.method,
      path: concrete(route.path),
      headers,
      body: route.method === "GET" || route.method === "HEAD" ? undefined : "{}",
    }),
    env,
  );
}

describe("staff API authorisation matrix", () => {
  it("enumerates the routes from the app (and knows which need admin)", () => {
    const names = staffRoutes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(expect.arrayContaining(["GET /api/staff/tickets", "PATCH /api/staff/tickets/:id"]));
    expect(staffRoutes.filter((r) => r.admin).map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "GET /api/staff/users",
        "POST /api/staff/users/:id/tokens",
        "DELETE /api/staff/tokens/:id",
        "POST /api/staff/incidents/:id/broadcasts",
      ]),
    );
    expect(staffRoutes.filter((r) => r.admin && !r.staff)).toEqual([]);
    // Reading the roles from the app cannot see a guard that was forgotten: these must be admin whatever the app says.
    // Broadcasts speak to many customers at once: admins only (linking tickets to an incident is every agent's).
    const mustBeAdmin = staffRoutes.filter(
      (r) =>
        /^\/api\/staff\/(users|tokens|sessions)(\/|$)/.test(r.path) ||
        (r.method === "POST" && r.path === "/api/staff/incidents/:id/broadcasts"),
    );
    expect(mustBeAdmin.length).toBeGreaterThanOrEqual(7);
    expect(mustBeAdmin.filter((r) => !r.admin).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("answers every route x (no token, agent, admin, revoked token) as the route's role requires", async () => {
    const rows: string[] = [];
    const wrong: string[] = [];
    for (const route of staffRoutes.filter((r) => r.staff)) {
      const got: Record<Who, number> = { none: 0, agent: 0, admin: 0, revoked: 0 };
      for (const who of Object.keys(tokens) as Who[]) {
        const res = await request(route, who);
        got[who] = res.status;
        // Staff data and errors about it are never cached, whoever asks.
        if (res.headers.get("Cache-Control") !== "no-store") {
          wrong.push(`${route.method} ${route.path} as ${who}: Cache-Control ${res.headers.get("Cache-Control")}`);
        }
        if (res.status >= 400) {
          const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
          if (!body?.error?.code) wrong.push(`${route.method} ${route.path} as ${who}: no JSON error body`);
        }
      }
      const name = `${route.method} ${route.path}${route.admin ? " (admin)" : ""}`;
      rows.push(`${name}: ${JSON.stringify(got)}`);
      if (got.none !== 401) wrong.push(`${name}: no token -> ${got.none}`);
      if (got.revoked !== 401) wrong.push(`${name}: revoked token -> ${got.revoked}`);
      const allowed = (s: number) => s !== 401 && s !== 403 && s < 500;
      if (!allowed(got.admin)) wrong.push(`${name}: admin -> ${got.admin}`);
      if (route.admin ? got.agent !== 403 : !allowed(got.agent)) wrong.push(`${name}: agent -> ${got.agent}`);
    }
    console.info(`authorisation matrix: ${rows.length} staff routes x 4 principals`);
    expect(wrong, rows.join("\n")).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(10);
  });
});

describe("customer links", () => {
  it("answers 404 to random /t/ tokens, ticket ids and another customer's attachments", async () => {
    const a = await createTicket();
    const form = {
      email: `b${crypto.randomUUID().slice(0, 8)}@example.com`,
      subject: "Screenshot of the failed withdrawal",
      description: `Attached ${crypto.randomUUID()}`,
      idempotencyKey: crypto.randomUUID(),
    };
    const created = await postMultipart(
      "/api/tickets",
      form,
      [{ name: "proof.png", type: "image/png", data: PNG_1X1 }],
      {
        ip: uniqueIp(),
        headers: { Accept: "application/json" },
      },
    );
    expect(created.status).toBe(201);
    const b = (await created.json()) as { ticket: { id: string }; link: string };
    const bToken = b.link.slice("/t/".length);
    const bPage = await runApp(toRequest({ method: "GET", path: `/t/${bToken}`, headers: {} }), instrumentedEnv().env);
    expect(bPage.status).toBe(200);
    const attachmentPath = /\/t\/[^/"]+\/attachments\/([A-Za-z0-9_-]+)/.exec(await bPage.text())?.[1];
    expect(attachmentPath, "B's page links its attachment").toBeTruthy();

    const random = () => crypto.randomUUID().replace(/-/g, "") + crypto.randomUUID().replace(/-/g, "").slice(0, 8);
    const probes = [
      { method: "GET", path: `/t/${random()}` },
      { method: "GET", path: `/t/${b.ticket.id}` },
      { method: "GET", path: `/t/${a.created.ticket.id}` },
      { method: "GET", path: `/t/${a.token.slice(0, -1)}${a.token.at(-1) === "A" ? "B" : "A"}` },
      { method: "GET", path: `/t/${a.token}/attachments/${attachmentPath}` },
      { method: "GET", path: `/t/${random()}/attachments/${attachmentPath}` },
      { method: "POST", path: `/t/${random()}/replies` },
      { method: "POST", path: `/t/${b.ticket.id}/replies` },
    ];
    for (const p of probes) {
      const { env, recording } = instrumentedEnv();
      const res = await runApp(
        toRequest({
          method: p.method,
          path: p.path,
          headers: { "Content-Type": "application/json", Accept: "application/json", "CF-Connecting-IP": uniqueIp() },
          body: JSON.stringify({ body: "Is anyone there?", idempotencyKey: crypto.randomUUID() }),
        }),
        env,
      );
      expect(res.status, `${p.method} ${p.path}`).toBe(404);
      expect(recording.changes, `${p.method} ${p.path} wrote nothing`).toBe(0);
    }
    // The real links still work, so the 404s above are about the ids, not the routes.
    const own = await runApp(
      toRequest({ method: "GET", path: `/t/${bToken}/attachments/${attachmentPath}`, headers: {} }),
      instrumentedEnv().env,
    );
    expect(own.status).toBe(200);
  });
});
