/**
 * Chat tokens have a lifetime: 30 days without use (every use renews it) and 90 days at most. An expired
 * token is a 401 chat_session_expired on every route, stores nothing, and resuming with it starts a new
 * session (a verified user's continues their own conversation; a guest's is a new one).
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../../../src/core/ids";
import { count } from "../../support";
import {
  BASE,
  catchUp,
  newSession,
  openSession,
  postChat,
  rand,
  type SessionBody,
  say,
  sign,
  verifiedSession,
} from "./chat-helpers";

const DAY = 86_400_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

async function sessionRow(token: string) {
  return env.DB.prepare("SELECT created_at, last_seen_at FROM chat_sessions WHERE token_hash = ?1")
    .bind(await sha256Hex(token))
    .first<{ created_at: string; last_seen_at: string }>();
}

async function age(token: string, t: { createdAgo?: number; lastSeenAgo: number }) {
  await env.DB.prepare(
    "UPDATE chat_sessions SET created_at = COALESCE(?2, created_at), last_seen_at = ?3 WHERE token_hash = ?1",
  )
    .bind(await sha256Hex(token), t.createdAgo === undefined ? null : iso(t.createdAgo), iso(t.lastSeenAgo))
    .run();
}

function socket(token: string): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/chat/socket`, {
    headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `relaydesk-chat, ${token}` },
  });
}

async function expectExpired(res: Response) {
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: "chat_session_expired", message: expect.any(String) } });
}

/** An expiry in one of its forms: idle past 30 days, or started over 90 days ago though used just now. */
function expiredAges() {
  return Math.random() < 0.5
    ? { lastSeenAgo: 30 * DAY + 1000 + Math.floor(Math.random() * 300 * DAY) }
    : {
        createdAgo: 90 * DAY + 1000 + Math.floor(Math.random() * 300 * DAY),
        lastSeenAgo: Math.floor(Math.random() * DAY),
      };
}

describe("chat session lifetime", { timeout: 60_000 }, () => {
  it("an expired guest token is 401 chat_session_expired everywhere, stores nothing, and resuming starts a new visitor", async () => {
    const s = await newSession();
    const secret = `first words ${rand()}`;
    await say(s.token, secret);
    await age(s.token, expiredAges());

    const late = `late ${rand()}`;
    await expectExpired(await postChat(s.token, { clientId: rand("c"), text: late }));
    // ...also when the body is bad: authentication comes first.
    await expectExpired(await postChat(s.token, { clientId: "!", text: "" }));
    await expectExpired(await catchUp(s.token));
    await expectExpired(await socket(s.token));
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE body = ?1")
      .bind(late)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);

    const res = await openSession({ token: s.token });
    expect(res.status).toBe(201);
    const fresh = (await res.json()) as SessionBody;
    expect(fresh.token).not.toBe(s.token);
    expect(fresh.visitor.id).not.toBe(s.visitor.id);
    expect(JSON.stringify(fresh.messages)).not.toContain(secret);
    expect(fresh.ticket).toBeNull();
    // The old token stays expired (the new session did not revive it).
    await expectExpired(await catchUp(s.token));
  });

  it("a verified user's expired token gives way to a new session in the same conversation", async () => {
    const userId = rand("u");
    const s = await verifiedSession(userId);
    const words = `hello ${rand()}`;
    await say(s.token, words);
    await age(s.token, expiredAges());
    await expectExpired(await catchUp(s.token));
    const res = await openSession({ token: s.token, identity: { userId, userHash: await sign(userId) } });
    expect(res.status).toBe(201);
    const next = (await res.json()) as SessionBody;
    expect(next.token).not.toBe(s.token);
    expect(next.messages.map((m) => m.body)).toContain(words);
    expect((await catchUp(next.token)).status).toBe(200);
  });

  it("use renews the idle lifetime: a session idle 29 days works and starts its 30 days again", async () => {
    const s = await newSession();
    const idle = 29 * DAY + Math.floor(Math.random() * (DAY - 60_000));
    const how = (["message", "catch-up", "socket", "resume"] as const)[Math.floor(Math.random() * 4)] as string;
    await age(s.token, { lastSeenAgo: idle });
    if (how === "message") await say(s.token, `still here ${rand()}`);
    else if (how === "catch-up") expect((await catchUp(s.token)).status).toBe(200);
    else if (how === "socket") expect((await socket(s.token)).status).toBe(101);
    else expect((await openSession({ token: s.token })).status).toBe(200);
    const row = await sessionRow(s.token);
    expect(Date.now() - Date.parse(row?.last_seen_at ?? "")).toBeLessThan(60_000);
    // Renewed: a day later (29 days after the renewal would still be fine) it is not expired.
    await age(s.token, { lastSeenAgo: DAY });
    expect((await catchUp(s.token)).status, how).toBe(200);
  });

  it("reads and messages renew at most hourly (no write per request), and never revive an expired session", async () => {
    const s = await newSession();
    const recent = iso(10 * 60_000);
    await env.DB.prepare("UPDATE chat_sessions SET last_seen_at = ?2 WHERE token_hash = ?1")
      .bind(await sha256Hex(s.token), recent)
      .run();
    expect((await catchUp(s.token)).status).toBe(200);
    expect((await sessionRow(s.token))?.last_seen_at).toBe(recent);
    // A message too: stored, and the session seen ten minutes ago is not written again for it.
    const words = `within the hour ${rand()}`;
    await say(s.token, words);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE body = ?1", words)).toBe(1);
    expect((await sessionRow(s.token))?.last_seen_at).toBe(recent);

    await age(s.token, { lastSeenAgo: 31 * DAY });
    const before = (await sessionRow(s.token))?.last_seen_at;
    await expectExpired(await catchUp(s.token));
    await expectExpired(await socket(s.token));
    expect((await sessionRow(s.token))?.last_seen_at).toBe(before);
  });
});
