/**
 * The hostile client, input class by input class, on every route and method of the app (read from its
 * route table): bodies of the wrong JSON type, encoding or framing (multipart to JSON routes and back,
 * non-UTF-8, UTF-16, 1,000 levels deep, huge strings), bodies over the limit with and without a
 * Content-Length, duplicate, huge and odd headers, hostile path parameters and queries, methods no
 * route has (webhooks whose signature is missing, garbled or replayed: hostile-webhooks.test.ts).
 * fuzz.test.ts throws random mutations at the same routes; this file sends each class to each route,
 * so a gap names its class.
 *
 * Every answer: no 5xx, no stack trace, a 4xx is `{"error":{"code","message"}}` as JSON, and a rejected
 * (or malformed) request wrote no D1 row, no R2 object and no queue message. The seed is printed;
 * HOSTILE_SEED=<seed> replays a run.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { STAFF_BODY_MAX_BYTES } from "../../../src/staff/uploads";
import { BROWSER_ACCEPT, createTicket, uniqueIp } from "../channels/webform/builders";
import { BOOTSTRAP } from "../support";
import { type Json, profileOf } from "./fuzz";
import { BASE, seeded } from "./harness";
import { BODIES, FIELD_NAMES, HEADERS, HOSTILE_IDS, hostileQuery, hostileValue, pick, streamOf } from "./hostile";
import { answer, type Route, report as reportClass, routes } from "./hostile-verdict";

const SEED = Number(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.info(`hostile-client seed: ${SEED} (replay with HOSTILE_SEED=${SEED})`);

const withBody = routes.filter((r) => r.method !== "GET");

/** Real ids and a live-chat session, so hostile bodies get past the path's 404 and the 401 to the parsers. */
const real = { token: "", ticketId: "", chatToken: "" };
/** Ids of staff resources by the path segment before `:id`. */
const resources: Record<string, string> = {};

async function create(path: string, body: unknown): Promise<string> {
  const res = await exports.default.fetch(`${BASE}/api/staff${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${BOOTSTRAP}`,
      "Content-Type": "application/json",
      "Idempotency-Key": crypto.randomUUID(),
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, { id?: string }>;
  const id = Object.values(json).find((v) => v && typeof v === "object" && typeof v.id === "string")?.id;
  if (!id) throw new Error(`create ${path}: ${res.status} ${JSON.stringify(json)}`);
  return id;
}

beforeAll(async () => {
  const { created, token } = await createTicket();
  real.token = token;
  real.ticketId = created.ticket.id;
  const chat = await exports.default.fetch(`${BASE}/api/chat/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": uniqueIp() },
    body: "{}",
  });
  real.chatToken = ((await chat.json()) as { token: string }).token;
  const tag = crypto.randomUUID().slice(0, 8);
  resources.canned = await create("/canned", { title: `hostile ${tag}`, body: "Hello", language: "en" });
  resources.incidents = await create("/incidents", { title: `hostile ${tag}` });
  resources.articles = await create("/kb/articles", {
    language: "en",
    title: `hostile ${tag}`,
    body: "Body",
    keywords: ["hostile"],
  });
  resources.users = await create("/users", { name: `hostile ${tag}`, role: "agent" });
});

/**
 * Routes that read no body (every DELETE, marking a ticket read, mailing the confirmation link again):
 * whatever body comes with them is ignored, so they may answer 2xx and do their work.
 */
const TAKES_NO_BODY = new Set(["POST /api/staff/tickets/:id/read", "POST /t/:token/verify-email"]);
const malformedFor = (route: Route, malformed: boolean) =>
  malformed && route.method !== "DELETE" && !TAKES_NO_BODY.has(`${route.method} ${route.path}`);

function concrete(path: string, value?: string): string {
  return path.replace(/:([A-Za-z_]\w*)(\{[^}]*\})?/g, (_, name: string) => {
    if (value !== undefined) return value;
    if (name === "token") return real.token;
    if (name === "provider") return "postmark";
    if (name === "ticket" || (name === "id" && path.includes("/tickets/:id"))) return real.ticketId;
    const owner = /\/([a-z-]+)\/:id/.exec(path)?.[1] ?? "";
    if (name === "id" && resources[owner]) return resources[owner];
    return "zz_nonexistent_0000";
  });
}

type Headers2 = Array<[string, string]>;

/** The route's own credentials for these bytes (webhook signature, staff token), so the input reaches the parser. */
async function credentials(route: Route, bytes: string | Uint8Array): Promise<Record<string, string>> {
  const text = typeof bytes === "string" ? bytes : new TextDecoder("latin1").decode(bytes);
  if (route.path.startsWith("/api/chat/")) return { Authorization: `Bearer ${real.chatToken}` };
  return (await profileOf(route.path).sign?.(text)) ?? {};
}

const sampleOf = (route: Route): Json => profileOf(route.path).sample?.() ?? { body: "hostile sample", text: "hi" };

interface Sent {
  what: string;
  method: string;
  path: string;
  headers: Headers2;
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  malformed: boolean;
}

async function send(s: Sent): Promise<string[]> {
  const headers = new Headers();
  for (const [k, v] of s.headers) headers.append(k, v);
  const body = s.method === "GET" || s.method === "HEAD" ? undefined : s.body;
  const req = new Request(`${BASE}${s.path}`, { method: s.method, headers, body });
  const browser = s.headers.some(([k, v]) => k === "Accept" && v.includes("text/html"));
  const { problems } = await answer(req, s.malformed, { browser });
  return problems.map((p) => `${s.what}: ${s.method} ${s.path.slice(0, 70)} -> ${p}`);
}

/** Runs the cases a few at a time; the problems of all of them, seed first. */
async function runAll(cases: Array<() => Promise<Sent>>): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const make = cases[next++] as () => Promise<Sent>;
      problems.push(...(await send(await make())));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return problems;
}

const base = (): Headers2 => [
  ["Accept", "application/json"],
  ["CF-Connecting-IP", uniqueIp()],
  ["Origin", BASE],
];

const report = (name: string, problems: string[]) => reportClass(name, SEED, problems);

describe("the hostile client", () => {
  it("reads every route from the app (webhooks, form, customer pages, staff API)", () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining(["POST /webhooks/telegram", "POST /api/tickets", "PATCH /api/staff/tickets/:id"]),
    );
    expect(routes.length).toBeGreaterThan(80);
  });

  it("bodies of the wrong type, encoding and framing: 4xx JSON or a harmless 2xx, never a 5xx or a write when malformed", async () => {
    const r = seeded(SEED);
    const cases = withBody.flatMap((route) =>
      Object.entries(BODIES).map(([name, make]) => async (): Promise<Sent> => {
        const body = await make(sampleOf(route), r);
        const headers: Headers2 = [
          ...base(),
          ...(body.contentType ? ([["Content-Type", body.contentType]] as Headers2) : []),
        ];
        for (const [k, v] of Object.entries(await credentials(route, body.bytes))) headers.push([k, v]);
        const malformed = malformedFor(route, body.malformed);
        return { what: name, method: route.method, path: concrete(route.path), headers, body: body.bytes, malformed };
      }),
    );
    report("bodies", await runAll(cases));
  }, 240_000);

  it("one field at a time, of every JSON type, so strict shapes let the value reach its validation", async () => {
    const r = seeded(SEED + 5);
    const targets = withBody.filter((route) => route.method !== "DELETE" && !route.path.startsWith("/webhooks/"));
    const cases = targets.flatMap((route) =>
      Array.from({ length: 24 }, () => async (): Promise<Sent> => {
        const fields = Array.from({ length: 1 + Math.floor(r() * 3) }, () => [pick(r, FIELD_NAMES), hostileValue(r)]);
        const bytes = JSON.stringify(Object.fromEntries(fields));
        const headers: Headers2 = [
          ...base(),
          ["Content-Type", "application/json"],
          ["Idempotency-Key", crypto.randomUUID()],
        ];
        for (const [k, v] of Object.entries(await credentials(route, bytes))) headers.push([k, v]);
        const what = `fields ${bytes.slice(0, 60)}`;
        return { what, method: route.method, path: concrete(route.path), headers, body: bytes, malformed: false };
      }),
    );
    report("fields", await runAll(cases));
  }, 240_000);

  it("a body over the route's limit is 413 (or refused before it is read), with or without a truthful Content-Length", async () => {
    const r = seeded(SEED + 1);
    // The email provider webhooks take 40 MiB (body-limits.test.ts sends them more).
    const bounded = withBody.filter((route) => !route.path.startsWith("/webhooks/email"));
    const cases = bounded.flatMap((route) =>
      // (A Content-Length smaller than the body is not sent: Cloudflare's edge frames a body by its declared
      // length, so a Worker never receives more; only a Request built inside the runtime can, and Hono's
      // bodyLimit, like any HTTP server, trusts the declared length.)
      (["truthful", "streamed", "declared larger than sent"] as const).map((how) => async (): Promise<Sent> => {
        const size = 2 * 1024 * 1024 + Math.floor(r() * 65_536);
        const text = JSON.stringify({ ...(sampleOf(route) as object), body: "x".repeat(size) });
        const headers: Headers2 = [...base(), ["Content-Type", "application/json"]];
        for (const [k, v] of Object.entries(await credentials(route, text))) headers.push([k, v]);
        let body: Sent["body"] = text;
        if (how === "streamed") body = streamOf(text);
        if (how === "declared larger than sent") {
          headers.push(["Content-Length", String(size * 2)]);
          body = text.slice(0, 100);
        }
        return {
          what: `oversized (${how})`,
          method: route.method,
          path: concrete(route.path),
          headers,
          body,
          malformed: true,
        };
      }),
    );
    const problems: string[] = [];
    for (const make of cases) {
      const s = await make();
      const headers = new Headers();
      for (const [k, v] of s.headers) headers.append(k, v);
      const req = new Request(`${BASE}${s.path}`, { method: s.method, headers, body: s.body });
      const { status, problems: found } = await answer(req, true);
      problems.push(...found.map((p) => `${s.what} ${s.method} ${s.path}: ${p}`));
      // 400 or 2xx means the body was read and parsed; only 413, or a refusal that comes before reading, will do.
      if (![401, 403, 404, 405, 413, 415].includes(status))
        problems.push(`${s.what} ${s.method} ${s.path}: ${status}, not 413`);
    }
    report("oversized", problems);
  }, 240_000);

  it("a staff body just under 1 MiB still reaches the route (its validation answers, not the cap)", async () => {
    const body = JSON.stringify({ status: "open", pad: "x".repeat(STAFF_BODY_MAX_BYTES - 100) });
    const res = await exports.default.fetch(`${BASE}/api/staff/tickets/${real.ticketId}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${BOOTSTRAP}`, "Content-Type": "application/json" },
      body,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
  });

  it("the staff API's 1 MiB cap leaves room: the largest body it takes (the default triage rules) is far below it", async () => {
    const res = await exports.default.fetch(`${BASE}/api/staff/triage/rules/defaults`, {
      headers: { Authorization: `Bearer ${BOOTSTRAP}` },
    });
    const size = new TextEncoder().encode(JSON.stringify(await res.json())).length;
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(STAFF_BODY_MAX_BYTES / 8);
  });

  it("duplicate, huge and odd headers: never a 5xx or a stack, 4xx in JSON", async () => {
    const r = seeded(SEED + 2);
    const cases = routes.flatMap((route) =>
      Object.entries(HEADERS).map(([name, make]) => async (): Promise<Sent> => {
        const bytes = route.method === "GET" ? "" : JSON.stringify(sampleOf(route));
        const own = await credentials(route, bytes);
        const extra = make(r, own.Authorization);
        const replaced = new Set(extra.map(([k]) => k.toLowerCase()));
        const headers: Headers2 = [
          ...base().filter(([k]) => !replaced.has(k.toLowerCase())),
          ...(replaced.has("content-type") ? [] : ([["Content-Type", "application/json"]] as Headers2)),
          ...Object.entries(own).filter(([k]) => !replaced.has(k.toLowerCase())),
          ...extra,
        ];
        return { what: name, method: route.method, path: concrete(route.path), headers, body: bytes, malformed: false };
      }),
    );
    report("headers", await runAll(cases));
  }, 240_000);

  it("a header value with CR or LF never reaches the Worker (the runtime refuses to build it)", () => {
    for (const bad of ["\r\nX-Admin: 1", "\nX-Admin: 1", "\rX-Admin: 1"])
      expect(() => new Headers([["Authorization", `Bearer ${BOOTSTRAP}${bad}`]])).toThrow(TypeError);
  });

  it("path parameters with ../, %00, bad escapes, 10,000-character ids, SQL and HTML; hostile queries on every GET", async () => {
    const r = seeded(SEED + 3);
    const cases: Array<() => Promise<Sent>> = [];
    for (const route of routes) {
      const body = route.method === "GET" ? undefined : JSON.stringify(sampleOf(route));
      const sent = async (what: string, path: string): Promise<Sent> => {
        // Half as a browser: the customer pages may answer it with a page (no 5xx and no stack all the same).
        const accept = r() < 0.5 ? BROWSER_ACCEPT : "application/json";
        const headers: Headers2 = [
          ...base().filter(([k]) => k !== "Accept"),
          ["Accept", accept],
          ["Content-Type", "application/json"],
        ];
        for (const [k, v] of Object.entries(await credentials(route, body ?? ""))) headers.push([k, v]);
        return { what, method: route.method, path, headers, body, malformed: false };
      };
      if (route.path.includes(":"))
        for (const id of HOSTILE_IDS) cases.push(() => sent(`param ${id.slice(0, 20)}`, concrete(route.path, id)));
      if (route.method === "GET")
        for (let i = 0; i < 6; i++) {
          const q = hostileQuery(r);
          cases.push(() => sent(`query ${q.slice(0, 30)}`, `${concrete(route.path)}${q}`));
        }
    }
    report("paths", await runAll(cases));
  }, 240_000);

  it("methods no route has answer a JSON 404/405, and HEAD on a GET route is no 5xx", async () => {
    const paths = [...new Set(routes.map((r) => r.path))];
    const cases: Array<() => Promise<Sent>> = [];
    for (const path of paths) {
      const has = new Set(routes.filter((r) => r.path === path).map((r) => r.method));
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"].filter((m) => !has.has(m))) {
        if (method === "HEAD" && !has.has("GET")) continue;
        cases.push(async () => ({
          what: "method",
          method,
          path: concrete(path),
          headers: [...base(), ["Authorization", `Bearer ${BOOTSTRAP}`], ["Content-Type", "application/json"]],
          body: "{}",
          // HEAD is GET without the body (opening a ticket marks it read, as GET does).
          malformed: method !== "HEAD",
        }));
      }
    }
    report("methods", await runAll(cases));
  }, 120_000);
});
