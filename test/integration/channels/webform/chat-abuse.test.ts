/**
 * The live chat under abuse: files from the widget (stored once, downloadable only through the
 * ticket's link, limits, redaction), Turnstile on the first message, and the rate limiter saying no.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../../../src/app";
import type { ChatMessage, ChatTicket } from "../../../../src/core/chat";
import { pick, randomHexKey, randomPhrase, randomToken } from "../../../support/phrases";
import { BOOTSTRAP, call } from "../../staff/helpers";
import { count } from "../../support";
import { BASE, catchUp, newSession, rand, say } from "./chat-helpers";

/** A PNG screenshot: the signature, then random bytes (fresh each run). */
function png(size = 64): Uint8Array {
  const bytes = crypto.getRandomValues(new Uint8Array(size));
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  return bytes;
}

interface Part {
  name: string;
  type: string;
  data: Uint8Array | string;
}

function multipart(token: string, fields: Record<string, string>, files: Part[], ip?: string): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("files", new File([f.data], f.name, { type: f.type }));
  return new Request(`${BASE}/api/chat/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "CF-Connecting-IP": ip ?? `10.7.${1 + (Date.now() % 250)}.9` },
    body: form,
  });
}

const postFiles = (token: string, fields: Record<string, string>, files: Part[]) =>
  exports.default.fetch(multipart(token, fields, files));

/** Every message and attachment row a client id of this visitor may have left. */
async function rowsOf(visitorId: string, clientId: string) {
  const pid = `chat:v:${visitorId}:${clientId}`;
  return {
    messages: await count("SELECT COUNT(*) AS n FROM messages WHERE provider_message_id = ?1", pid),
    attachments: await count(
      "SELECT COUNT(*) AS n FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.provider_message_id = ?1",
      pid,
    ),
  };
}

async function r2Count(): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await env.ATTACHMENTS.list({ prefix: "attachments/", cursor });
    n += page.objects.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return n;
}

/** Runs the app in this isolate with some bindings replaced (a limiter, Turnstile's secret). */
async function withEnv(req: Request, overrides: Record<string, unknown>): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(req, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

function jsonPost(token: string, body: Record<string, unknown>, ip: string): Request {
  return new Request(`${BASE}/api/chat/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "CF-Connecting-IP": ip },
    body: JSON.stringify(body),
  });
}

afterEach(() => vi.restoreAllMocks());

describe("live chat: files from the widget", () => {
  it("stores a screenshot once, serves it to its visitor only, and keeps another visitor out", async () => {
    const a = await newSession();
    const shot = png(2048);
    const clientId = rand("c");
    const text = `Screenshot of the error ${randomToken()}`;
    const first = await postFiles(a.token, { clientId, text }, [{ name: "screen.png", type: "image/png", data: shot }]);
    expect(first.status, await first.clone().text()).toBe(201);
    const { message, ticket } = (await first.json()) as { message: ChatMessage; ticket: ChatTicket };
    expect(message.attachments).toHaveLength(1);
    const att = message.attachments[0] as ChatMessage["attachments"][number];
    expect(att).toMatchObject({ filename: "screen.png", contentType: "image/png", size: shot.byteLength });
    expect(att.url).toBe(`${ticket.link}/attachments/${att.id}`);

    // The widget retries the same message: the stored one comes back, nothing is stored twice.
    const objectsBefore = await r2Count();
    const again = await postFiles(a.token, { clientId, text }, [{ name: "screen.png", type: "image/png", data: shot }]);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { message: ChatMessage }).message.id).toBe(message.id);
    expect(await rowsOf(a.visitor.id, clientId)).toEqual({ messages: 1, attachments: 1 });
    expect(await r2Count()).toBe(objectsBefore);

    const got = await exports.default.fetch(`${BASE}${att.url}`);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(shot);

    // A second visitor: their message lands in their own conversation, never the first's.
    const b = await newSession();
    const other = await say(b.token, `Mine ${randomToken()}`);
    expect(other.ticket.id).not.toBe(ticket.id);
    const bList = (await (await catchUp(b.token)).json()) as { messages: ChatMessage[] };
    expect(bList.messages.map((m) => m.id)).not.toContain(message.id);
    expect(JSON.stringify(bList)).not.toContain(att.id);
    // Their ticket's link does not open the first visitor's file, nor does a guessed link.
    expect((await exports.default.fetch(`${BASE}${other.ticket.link}/attachments/${att.id}`)).status).toBe(404);
    expect((await exports.default.fetch(`${BASE}/t/${rand()}/attachments/${att.id}`)).status).toBe(404);
    // Reusing the first visitor's clientId is not a retry of their message: it is b's own, in b's conversation.
    const reuse = await postFiles(b.token, { clientId, text: "mine too" }, [
      { name: "other.png", type: "image/png", data: png() },
    ]);
    expect(reuse.status, await reuse.clone().text()).toBe(201);
    const mine = (await reuse.json()) as { message: ChatMessage; ticket: ChatTicket };
    expect(mine.message.id).not.toBe(message.id);
    expect(mine.ticket.id).toBe(other.ticket.id);
    expect(await rowsOf(a.visitor.id, clientId)).toEqual({ messages: 1, attachments: 1 });
  });

  it("refuses too many or too large files with a 4xx JSON error and writes nothing", async () => {
    const s = await newSession();
    const maxCount = Number(env.ATTACHMENT_MAX_COUNT);
    const cases: Array<{ files: Part[]; status: number; code: string; overrides?: Record<string, unknown> }> = [
      {
        files: Array.from({ length: maxCount + 1 }, (_, i) => ({ name: `s${i}.png`, type: "image/png", data: png() })),
        status: 413,
        code: "too_many_attachments",
      },
      {
        files: [{ name: "big.png", type: "image/png", data: png(5000) }],
        status: 413,
        code: "attachment_too_large",
        overrides: { ATTACHMENT_MAX_BYTES: "4096" },
      },
      { files: [{ name: "run.exe", type: "application/x-msdownload", data: "MZ" }], status: 415, code: "" },
      { files: [{ name: "fake.png", type: "image/png", data: "<script>x</script>" }], status: 415, code: "" },
    ];
    const objectsBefore = await r2Count();
    for (const k of cases) {
      const clientId = rand("c");
      const req = multipart(s.token, { clientId, text: "see files" }, k.files);
      const res = k.overrides ? await withEnv(req, k.overrides) : await exports.default.fetch(req);
      expect(res.status).toBe(k.status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message).toBeTruthy();
      if (k.code) expect(body.error.code).toBe(k.code);
      expect(await rowsOf(s.visitor.id, clientId)).toEqual({ messages: 0, attachments: 0 });
    }
    expect(await r2Count()).toBe(objectsBefore);
    expect(
      await count("SELECT COUNT(*) AS n FROM tickets WHERE conversation_key = ?1", `webform:chat:v:${s.visitor.id}`),
    ).toBe(0);
  });

  it("redacts a secret in a file name and replaces a text file holding a seed phrase", async () => {
    const s = await newSession();
    // A labelled key (a bare 64-hex string is a TxID as often as a key, and is kept, as on the web form).
    const key = randomHexKey();
    const label = pick(["privkey-", "private key ", "key_0x", "私钥"]);
    const phrase = randomPhrase({ lang: "en" });
    const clientId = rand("c");
    const res = await postFiles(s.token, { clientId, text: `files ${randomToken()}` }, [
      { name: `${label}${key}.png`, type: "image/png", data: png() },
      { name: "notes.txt", type: "text/plain", data: `my words:\n${phrase.text}\n` },
    ]);
    expect(res.status, await res.clone().text()).toBe(201);
    const { message } = (await res.json()) as { message: ChatMessage };
    const raw = JSON.stringify(message);
    expect(raw).not.toContain(key);
    expect(raw).toContain("[redacted:");
    const stored = await env.DB.prepare(
      `SELECT a.id, a.filename, a.r2_key FROM attachments a JOIN messages m ON m.id = a.message_id
        WHERE m.provider_message_id = ?1 ORDER BY a.filename`,
    )
      .bind(`chat:v:${s.visitor.id}:${clientId}`)
      .all<{ id: string; filename: string; r2_key: string }>();
    expect(stored.results).toHaveLength(2);
    expect(JSON.stringify(stored.results)).not.toContain(key);
    for (const a of message.attachments) {
      const body = await (await exports.default.fetch(`${BASE}${a.url}`)).text();
      for (const w of new Set(phrase.words)) expect(body.split(/\s+/)).not.toContain(w);
    }
    const note = message.attachments.find((a) => a.filename === "notes.txt");
    expect(note).toBeDefined();
    const noteBody = await (await exports.default.fetch(`${BASE}${note?.url}`)).text();
    expect(noteBody).toContain("[redacted: seed phrase]");
  });
});

describe("live chat: Turnstile on the first message", () => {
  it("asks for a token, refuses a failing one, accepts a passing one, then asks no more", async () => {
    const before = (await (await call("GET", "/api/staff/chat-settings", { token: BOOTSTRAP })).json()) as {
      settings: { allowedOrigins: string[]; turnstileFirstMessage: boolean };
    };
    const put = (on: boolean) =>
      call("PUT", "/api/staff/chat-settings", {
        token: BOOTSTRAP,
        json: { allowedOrigins: before.settings.allowedOrigins, turnstileFirstMessage: on },
      });
    expect((await put(true)).status).toBe(200);
    try {
      const verifyUrl = "http://127.0.0.1:1/siteverify";
      const asked: string[] = [];
      const realFetch = globalThis.fetch;
      vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
        if (String(input) !== verifyUrl) return realFetch(input, init);
        const response = new URLSearchParams(String(init?.body)).get("response") ?? "";
        asked.push(response);
        return Response.json({ success: response.startsWith("pass-") });
      });
      const turnstileEnv = { TURNSTILE_SECRET: "test-turnstile-secret", TURNSTILE_VERIFY_URL: verifyUrl };
      const s = await newSession();
      const ip = "198.51.100.23";
      const send = (body: Record<string, unknown>) => withEnv(jsonPost(s.token, body, ip), turnstileEnv);

      const none = rand("c");
      const r1 = await send({ clientId: none, text: "hello" });
      expect(r1.status).toBe(403);
      expect(await r1.json()).toMatchObject({ error: { code: "turnstile_required" } });
      expect(await rowsOf(s.visitor.id, none)).toEqual({ messages: 0, attachments: 0 });

      const bad = rand("c");
      const badToken = `fail-${rand()}`;
      const r2 = await send({ clientId: bad, text: "hello", turnstileToken: badToken });
      expect(r2.status).toBe(403);
      expect(await r2.json()).toMatchObject({ error: { code: "turnstile_failed" } });
      expect(asked).toContain(badToken);
      expect(await rowsOf(s.visitor.id, bad)).toEqual({ messages: 0, attachments: 0 });

      const good = rand("c");
      const r3 = await send({ clientId: good, text: "hello", turnstileToken: `pass-${rand()}` });
      expect(r3.status, await r3.clone().text()).toBe(201);
      expect(await rowsOf(s.visitor.id, good)).toEqual({ messages: 1, attachments: 0 });

      const askedBefore = asked.length;
      const next = rand("c");
      const r4 = await send({ clientId: next, text: "second" });
      expect(r4.status, await r4.clone().text()).toBe(201);
      expect(asked).toHaveLength(askedBefore);

      // Another visitor's first message still needs its own check.
      const other = await newSession();
      const r5 = await withEnv(jsonPost(other.token, { clientId: rand("c"), text: "hi" }, ip), turnstileEnv);
      expect(r5.status).toBe(403);
    } finally {
      expect((await put(before.settings.turnstileFirstMessage)).status).toBe(200);
    }
  });
});

describe("live chat: rate limits", () => {
  /** A CHAT_RATE_LIMITER that records every key and refuses those `deny` picks. */
  function limiter(deny: (key: string) => boolean) {
    const keys: string[] = [];
    return {
      keys,
      binding: {
        limit: async ({ key }: { key: string }) => {
          keys.push(key);
          return { success: !deny(key) };
        },
      },
    };
  }

  it("answers 429 rate_limited with Retry-After, per IP and per visitor, and stores nothing", async () => {
    const s = await newSession();
    const ip = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;

    const byIp = limiter((k) => k === `msg:ip:${ip}`);
    const c1 = rand("c");
    const r1 = await withEnv(jsonPost(s.token, { clientId: c1, text: "spam" }, ip), {
      CHAT_RATE_LIMITER: byIp.binding,
    });
    expect(r1.status).toBe(429);
    expect(Number(r1.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await r1.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(await rowsOf(s.visitor.id, c1)).toEqual({ messages: 0, attachments: 0 });
    // The same visitor from another address is let through (the IP key alone said no).
    const other = `198.18.${1 + Math.floor(Math.random() * 250)}.7`;
    const ok = await withEnv(jsonPost(s.token, { clientId: rand("c"), text: "fine" }, other), {
      CHAT_RATE_LIMITER: byIp.binding,
    });
    expect(ok.status, await ok.clone().text()).toBe(201);

    const byVisitor = limiter((k) => k === `msg:v:chat:v:${s.visitor.id}`);
    const c2 = rand("c");
    const r2 = await withEnv(
      multipart(s.token, { clientId: c2, text: "spam" }, [{ name: "a.png", type: "image/png", data: png() }], ip),
      {
        CHAT_RATE_LIMITER: byVisitor.binding,
      },
    );
    expect(r2.status).toBe(429);
    expect(Number(r2.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await r2.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(byVisitor.keys).toContain(`msg:ip:${ip}`);
    expect(await rowsOf(s.visitor.id, c2)).toEqual({ messages: 0, attachments: 0 });

    // A limited visitor's key never slows another visitor on the same address.
    const t = await newSession();
    const r3 = await withEnv(jsonPost(t.token, { clientId: rand("c"), text: "mine" }, ip), {
      CHAT_RATE_LIMITER: byVisitor.binding,
    });
    expect(r3.status, await r3.clone().text()).toBe(201);
  });

  it("limits new sessions per IP", async () => {
    const ip = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
    const all = limiter(() => true);
    const before = await count("SELECT COUNT(*) AS n FROM chat_sessions");
    const res = await withEnv(
      new Request(`${BASE}/api/chat/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
        body: "{}",
      }),
      { CHAT_RATE_LIMITER: all.binding },
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBeTruthy();
    expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(all.keys.some((k) => k.includes(ip))).toBe(true);
    expect(await count("SELECT COUNT(*) AS n FROM chat_sessions")).toBe(before);
  });

  it("limits the widget's and the /t/ page's sockets per IP", async () => {
    const s = await newSession();
    const { ticket } = await say(s.token, `Socket flood ${randomToken()}`);
    const ip = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
    const byIp = limiter((k) => k.endsWith(`:ip:${ip}`));
    const upgrade = (path: string, extra: Record<string, string> = {}) =>
      withEnv(new Request(`${BASE}${path}`, { headers: { Upgrade: "websocket", "CF-Connecting-IP": ip, ...extra } }), {
        CHAT_RATE_LIMITER: byIp.binding,
      });
    for (const res of [
      await upgrade("/api/chat/socket", { "Sec-WebSocket-Protocol": `relaydesk-chat, ${s.token}` }),
      await upgrade(`${ticket.link}/live`),
    ]) {
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
    }
    expect(byIp.keys.filter((k) => k === `socket:ip:${ip}`)).toHaveLength(2);
  });
});
