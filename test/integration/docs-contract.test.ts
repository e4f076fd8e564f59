/**
 * What the docs tell a new user to send, sent literally: the error shape on the rating route
 * (docs/channels/webform.md, "Errors are the usual {error:{code,message}}"), files posted to
 * `POST /api/tickets` as `files` or `attachments` (never dropped in silence), a bare `curl -X POST`
 * on routes whose body is optional (a new API token, a new confirmation link), and a script signing
 * in with JSON (docs/staff-api.md, "Sign-in"). Values are random per run; the seed is printed.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { rng } from "../support/secret-generator";
import { PNG_1X1 } from "./channels/webform/builders";
import { api, BASE, unique, uniqueIp, webformTicket } from "./requests";
import { BOOTSTRAP, count, staffTicket } from "./support";

const SEED = Number(process.env.DOCS_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.info(`docs-contract seed ${SEED} (DOCS_SEED=${SEED} replays)`);
/** Replayable choices for this run. */
const rand = rng(SEED).next;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** A PNG whose tail is random, so every upload is a different file. */
function png(): Uint8Array {
  const tail = crypto.getRandomValues(new Uint8Array(8 + Math.floor(rand() * 64)));
  const out = new Uint8Array(PNG_1X1.length + tail.length);
  out.set(PNG_1X1);
  out.set(tail, PNG_1X1.length);
  return out;
}

function form(fields: Record<string, string>, files: Array<[string, File]>): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  for (const [name, file] of files) body.append(name, file);
  return body;
}

async function postForm(path: string, body: FormData): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "CF-Connecting-IP": uniqueIp(), Accept: "application/json" },
    body,
    redirect: "manual",
  });
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { error?: { code: string; message: string } };
  expect(body.error, JSON.stringify(body)).toBeDefined();
  return body.error as { code: string; message: string };
}

describe("POST /t/:token/csat refused: the usual error shape", () => {
  it("a rating nobody asked for is 409 with error.code and error.message (and the page's fields)", async () => {
    for (let i = 0; i < 3; i++) {
      const t = await webformTicket({ lang: pick(["en", "zh"] as const) });
      const rating = 1 + Math.floor(rand() * 5);
      const res = await exports.default.fetch(`${BASE}/t/${t.token}/csat`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": uniqueIp() },
        body: JSON.stringify({ rating }),
      });
      expect(res.status).toBe(409);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.error).toEqual({ code: "csat_not_open", message: expect.any(String) });
      expect(body).toMatchObject({ accepted: false, rating: null });
      expect(await count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1", t.id)).toBe(0);
    }
  });
});

describe("POST /api/tickets multipart: files are attached whatever the documented field", () => {
  it("`files` and `attachments` both attach every file; another field is a 400 and nothing is stored", async () => {
    for (let i = 0; i < 4; i++) {
      const subject = `Deposit proof ${unique()}`;
      const n = 1 + Math.floor(rand() * 3);
      const files = Array.from({ length: n }, (_, k): [string, File] => [
        pick(["files", "attachments"]),
        new File([png()], `proof-${k}-${unique()}.png`, { type: "image/png" }),
      ]);
      const res = await postForm(
        "/api/tickets",
        form({ email: `${unique()}@example.com`, subject, description: "Screenshots of the deposit" }, files),
      );
      expect(res.status, files.map(([f]) => f).join(",")).toBe(201);
      const { ticket } = (await res.json()) as { ticket: { id: string } };
      const { messages } = await staffTicket(ticket.id);
      const names = (messages[0]?.attachments ?? []).map((a) => (a as { filename: string }).filename);
      expect(names.sort()).toEqual(files.map(([, f]) => f.name).sort());
    }
    for (let i = 0; i < 3; i++) {
      const subject = `Stray file ${unique()}`;
      const field = pick(["file", "upload", "attachment", "files[]", unique("f")]);
      const res = await postForm(
        "/api/tickets",
        form({ email: `${unique()}@example.com`, subject, description: "See the file" }, [
          [field, new File([png()], "proof.png", { type: "image/png" })],
        ]),
      );
      expect(res.status, field).toBe(400);
      expect((await errorOf(res)).code).toBe("validation_failed");
      expect(await count("SELECT COUNT(*) AS n FROM tickets WHERE subject = ?1", subject)).toBe(0);
    }
  });
});

describe("a bare POST on a route whose body is optional", () => {
  it("POST /api/staff/users/:id/tokens with no body issues a token (201), as with {}", async () => {
    const created = await api("POST", "/api/staff/users", {
      json: { name: `Agent ${unique()}`, email: `${unique()}@desk.test`, role: "agent" },
    });
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string } };
    const bare = await exports.default.fetch(`${BASE}/api/staff/users/${user.id}/tokens`, {
      method: "POST",
      headers: { Authorization: `Bearer ${BOOTSTRAP}` },
    });
    expect(bare.status).toBe(201);
    const issued = (await bare.json()) as { token: string; tokenInfo: { staffId: string } };
    expect(issued.token).toMatch(/^rdk_/);
    expect(issued.tokenInfo.staffId).toBe(user.id);
    // A body that is there but not JSON is still refused, and a bare POST to a route that needs fields is a 400.
    const text = await api("POST", `/api/staff/users/${user.id}/tokens`, {
      headers: { "Content-Type": "text/plain" },
    });
    expect(text.status).toBe(415);
    const t = await webformTicket();
    const note = await exports.default.fetch(`${BASE}/api/staff/tickets/${t.id}/notes`, {
      method: "POST",
      headers: { Authorization: `Bearer ${BOOTSTRAP}`, "Content-Length": "0" },
    });
    expect(note.status).toBe(400);
    expect((await errorOf(note)).code).toBe("validation_failed");
  });

  it("POST /t/:token/verify-email with no body mails a new link (202)", async () => {
    const t = await webformTicket();
    const res = await exports.default.fetch(`${BASE}/t/${t.token}/verify-email`, {
      method: "POST",
      headers: { "CF-Connecting-IP": uniqueIp() },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ confirmationSent: true });
    // A body of a type the form does not take is still a 415.
    const xml = await exports.default.fetch(`${BASE}/t/${t.token}/verify-email`, {
      method: "POST",
      headers: { "CF-Connecting-IP": uniqueIp(), "Content-Type": "application/xml" },
      body: "<x/>",
    });
    expect(xml.status).toBe(415);
  });
});

describe("POST /staff/login from a script", () => {
  it("takes JSON { token, next }: 303 and the session cookie; a wrong token is 401 JSON", async () => {
    const next = pick(["/staff", "/staff/metrics", "/staff/admin"]);
    const ok = await exports.default.fetch(`${BASE}/staff/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ token: BOOTSTRAP, next }),
      redirect: "manual",
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe(next);
    const cookie = ok.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^rd_session=[A-Za-z0-9_-]+;/);
    const me = await exports.default.fetch(`${BASE}/api/staff/me`, {
      headers: { Cookie: cookie.split(";")[0] as string },
    });
    expect(me.status).toBe(200);

    const wrong = await exports.default.fetch(`${BASE}/staff/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ token: `rdk_${unique()}${unique()}` }),
      redirect: "manual",
    });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe("unauthorized");
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("GET /api/staff/tickets with a key the docs do not list", () => {
  it("is 400 validation_failed naming the query, not a body that was never sent", async () => {
    for (let i = 0; i < 3; i++) {
      const key = pick(["foo", "page", "sort", "state", unique("k")]);
      const res = await api("GET", `/api/staff/tickets?${key}=${encodeURIComponent(unique())}`);
      expect(res.status, key).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: Array<{ path: string; message: string }> } };
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.details).toEqual([{ path: "(query)", message: expect.stringContaining(key) }]);
    }
  });
});
