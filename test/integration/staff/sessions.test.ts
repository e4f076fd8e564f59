/**
 * The admin's view of staff sessions (never a secret that signs in), revoking one, and sessions opened with the
 * bootstrap secret ending when that secret changes (HTTP and their feed sockets).
 */
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import type { Env } from "../../../src/env";
import { CREDENTIALS_ENDED } from "../../../src/feed/hub";
import {
  BASE,
  BOOTSTRAP,
  call,
  callWithSession,
  count,
  openTicket,
  settleDeliveries,
  signIn,
  staffWithToken,
} from "./helpers";
import { closeAll, type FeedSocket, fetchWithEnv, openFeed, openFeedWithEnv, until } from "./sockets";

afterAll(() => settleDeliveries());

interface SessionJson {
  id: string;
  staffId: string;
  staffName: string;
  via: string;
  tokenId: string | null;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

async function sessionsOf(staffId: string): Promise<SessionJson[]> {
  const res = await call("GET", `/api/staff/sessions?staffId=${staffId}`, { token: BOOTSTRAP });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessions: SessionJson[] }).sessions;
}

/** A live tab still gets events (so a socket that should stay open is open, not just not yet closed). */
async function stillLive(tab: FeedSocket) {
  const t = await openTicket(`Still live ${crypto.randomUUID()}`);
  await until(() => tab.events.some((e) => e.type === "ticket.created" && e.ticketId === t.id), "event on a live tab");
  expect(tab.closed).toBeNull();
}

async function sha256Hex(text: string) {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("GET /api/staff/sessions and DELETE /api/staff/sessions/:id", () => {
  it("lists who, how, when, with no secret or hash that signs in; revoking one ends its cookie and sockets only", async () => {
    const agent = await staffWithToken("agent", `Agent ${crypto.randomUUID().slice(0, 6)}`);
    const first = await signIn(agent.token);
    const second = await signIn(agent.token);
    const listed = await sessionsOf(agent.id);
    expect(listed).toHaveLength(2);
    for (const s of listed) {
      expect(s).toMatchObject({ staffId: agent.id, via: "token", tokenId: agent.tokenId });
      expect(s.id).toMatch(/^ses_[a-z0-9]+$/);
      expect(Date.parse(s.expiresAt) - Date.parse(s.createdAt)).toBe(12 * 3600_000);
      expect(s.lastUsedAt).not.toBeNull();
      expect(Object.keys(s).sort()).toEqual(
        ["createdAt", "expiresAt", "id", "lastUsedAt", "staffId", "staffName", "tokenId", "via"].sort(),
      );
    }
    // Nothing in the list is the cookie secret, its hash or the CSRF token, and the id is no cookie.
    const text = JSON.stringify(listed);
    for (const s of [first, second]) {
      const secret = s.cookie.slice("rd_session=".length);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(await sha256Hex(secret));
      expect(text).not.toContain(s.csrfToken);
    }
    for (const s of listed) {
      expect(
        (await callWithSession("GET", "/api/staff/me", { cookie: `rd_session=${s.id}`, csrfToken: "" })).status,
      ).toBe(401);
      expect((await call("GET", "/api/staff/me", { token: s.id })).status).toBe(401);
    }

    // Revoke one of the two listed sessions: exactly its tab closes, and its cookie stops working.
    const tabs = [
      { session: first, tab: await openFeed({ Cookie: first.cookie, Origin: BASE }) },
      { session: second, tab: await openFeed({ Cookie: second.cookie, Origin: BASE }) },
    ];
    const firstId = listed[0]?.id as string;
    const res = await call("DELETE", `/api/staff/sessions/${firstId}`, { token: BOOTSTRAP });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ session: { id: firstId, staffId: agent.id }, closedSockets: 1 });
    await until(() => tabs.some((t) => t.tab.closed), "a tab closed");
    const ended = tabs.find((t) => t.tab.closed) as (typeof tabs)[number];
    const live = tabs.find((t) => !t.tab.closed) as (typeof tabs)[number];
    expect(ended.tab.closed).toEqual({ code: CREDENTIALS_ENDED, reason: "session revoked" });
    await stillLive(live.tab);
    expect((await callWithSession("GET", "/api/staff/me", ended.session)).status).toBe(401);
    expect((await callWithSession("GET", "/api/staff/me", live.session)).status).toBe(200);
    expect((await sessionsOf(agent.id)).map((s) => s.id)).not.toContain(firstId);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'session.revoke' AND target_id = ?1", firstId),
    ).toBe(1);

    // Again, or an id that never existed: 404, nothing written.
    expect((await call("DELETE", `/api/staff/sessions/${firstId}`, { token: BOOTSTRAP })).status).toBe(404);
    expect((await call("DELETE", "/api/staff/sessions/ses_nope", { token: BOOTSTRAP })).status).toBe(404);
    expect((await call("DELETE", "/api/staff/sessions/..%2F..", { token: BOOTSTRAP })).status).toBe(404);
    // Agents neither list nor revoke (not even their own).
    expect((await call("GET", "/api/staff/sessions", { token: agent.token })).status).toBe(403);
    const liveId = (await sessionsOf(agent.id))[0]?.id as string;
    expect((await call("DELETE", `/api/staff/sessions/${liveId}`, { token: agent.token })).status).toBe(403);
    expect((await callWithSession("GET", "/api/staff/me", live.session)).status).toBe(200);
    closeAll(live.tab);
  });

  it("lists the bootstrap admin's sessions as via bootstrap", async () => {
    await signIn(BOOTSTRAP);
    const listed = await sessionsOf("stf_bootstrap");
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((s) => s.via === "bootstrap" && s.tokenId === null)).toBe(true);
  });
});

describe("the bootstrap secret changes", () => {
  const rotated = () => ({ ...env, STAFF_BOOTSTRAP_TOKEN: `rotated-${crypto.randomUUID()}` }) as Env;

  it("ends the sessions opened with the old one on their next use, and closes their sockets", async () => {
    const session = await signIn(BOOTSTRAP);
    const tab = await openFeed({ Cookie: session.cookie });
    const bearerTab = await openFeed({ Authorization: `Bearer ${BOOTSTRAP}` });
    const agent = await staffWithToken("agent");
    const agentTab = await openFeed({ Authorization: `Bearer ${agent.token}` });
    const before = await count("SELECT COUNT(*) AS n FROM staff_sessions WHERE staff_id = 'stf_bootstrap'");

    const next = rotated();
    const me = await fetchWithEnv(next, "/api/staff/me", { Cookie: session.cookie });
    expect(me.status).toBe(401);
    expect(await tab.closes()).toEqual({ code: CREDENTIALS_ENDED, reason: "bootstrap token changed" });
    expect(await bearerTab.closes()).toEqual({ code: CREDENTIALS_ENDED, reason: "bootstrap token changed" });
    expect(await count("SELECT COUNT(*) AS n FROM staff_sessions WHERE staff_id = 'stf_bootstrap'")).toBe(before - 1);
    // The old secret is no credential any more, the new one is; an agent's socket was not touched.
    expect((await fetchWithEnv(next, "/api/staff/me", { Authorization: `Bearer ${BOOTSTRAP}` })).status).toBe(401);
    expect(
      (await fetchWithEnv(next, "/api/staff/me", { Authorization: `Bearer ${next.STAFF_BOOTSTRAP_TOKEN}` })).status,
    ).toBe(200);
    await stillLive(agentTab);
    // Changed back, the ended session stays ended.
    expect((await callWithSession("GET", "/api/staff/me", session)).status).toBe(401);
    closeAll(agentTab);
  });

  it("a session opened with the new secret works, and connecting with it closes sockets of the old one", async () => {
    const oldTab = await openFeed({ Authorization: `Bearer ${BOOTSTRAP}` });
    const oldSession = await signIn(BOOTSTRAP);
    const oldCookieTab = await openFeed({ Cookie: oldSession.cookie });
    const next = rotated();
    const newTab = await openFeedWithEnv(next, { Authorization: `Bearer ${next.STAFF_BOOTSTRAP_TOKEN}` });
    expect((await oldTab.closes()).code).toBe(CREDENTIALS_ENDED);
    expect((await oldCookieTab.closes()).code).toBe(CREDENTIALS_ENDED);
    await until(() => newTab.events.some((e) => e.type === "hello"), "hello");
    expect(newTab.closed).toBeNull();

    // Signing in with the new secret gives a session that works while it is the secret.
    const login = await fetchWithEnv(
      next,
      "/staff/login",
      { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
      { method: "POST", body: new URLSearchParams({ token: next.STAFF_BOOTSTRAP_TOKEN }) },
    );
    expect(login.status).toBe(303);
    const cookie = /rd_session=[^;]+/.exec(login.headers.get("Set-Cookie") ?? "")?.[0] as string;
    expect((await fetchWithEnv(next, "/api/staff/me", { Cookie: cookie })).status).toBe(200);
    // The same session under the old secret does not verify (and so it ends).
    expect((await fetchWithEnv(env as Env, "/api/staff/me", { Cookie: cookie })).status).toBe(401);
    expect((await fetchWithEnv(next, "/api/staff/me", { Cookie: cookie })).status).toBe(401);
    closeAll(newTab);
  });
});
