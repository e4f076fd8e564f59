/**
 * Ended credentials end everything at once, written as the holder of a stolen token or session would test it:
 * a revoked token, a disabled user, a revoked or signed-out session loses its open feed sockets (close code
 * 4401 with a reason) and every HTTP request, while other staff's sockets stay live.
 */
import { afterAll, describe, expect, it } from "vitest";
import { CREDENTIALS_ENDED } from "../../../src/feed/hub";
import {
  BASE,
  BOOTSTRAP,
  call,
  callWithSession,
  openTicket,
  settleDeliveries,
  signIn,
  staffWithToken,
} from "./helpers";
import { closeAll, openFeed, until } from "./sockets";

afterAll(() => settleDeliveries());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A bystander socket still gets live events: proof that the hub is up and only the right sockets closed. */
async function stillLive(...sockets: Array<Awaited<ReturnType<typeof openFeed>>>) {
  const t = await openTicket(`Still live ${crypto.randomUUID()}`);
  for (const s of sockets) {
    await until(() => s.events.some((e) => e.type === "ticket.created" && e.ticketId === t.id), "event on a live tab");
    expect(s.closed).toBeNull();
  }
  return t;
}

describe("revoking a token", () => {
  it("closes the agent's open sockets (token and session opened with it) with 4401, and refuses them over HTTP", async () => {
    const agent = await staffWithToken("agent");
    const session = await signIn(agent.token);
    const byToken = await openFeed(bearer(agent.token));
    const bySession = await openFeed({ Cookie: session.cookie, Origin: BASE });
    const other = await staffWithToken("agent");
    const bystander = await openFeed(bearer(other.token));

    const res = await call("DELETE", `/api/staff/tokens/${agent.tokenId}`, { token: BOOTSTRAP });
    expect(res.status).toBe(200);

    for (const s of [byToken, bySession]) {
      const closed = await s.closes();
      expect(closed.code).toBe(CREDENTIALS_ENDED);
      expect(closed.reason).toMatch(/token revoked/);
    }
    const t = await stillLive(bystander);
    // Nothing reached the closed tabs after they closed.
    expect([...byToken.events, ...bySession.events].some((e) => e.ticketId === t.id)).toBe(false);

    // HTTP: at once, for the token and the session opened with it; a new socket is refused too.
    expect((await call("GET", "/api/staff/tickets", { token: agent.token })).status).toBe(401);
    expect((await callWithSession("GET", "/api/staff/tickets", session)).status).toBe(401);
    const again = await call("GET", "/api/staff/feed", { headers: { Upgrade: "websocket", ...bearer(agent.token) } });
    expect(again.status).toBe(401);
    closeAll(bystander);
  });
});

describe("disabling a user", () => {
  it("closes all their sockets, refuses their token and sessions at once, and enabling again revives no session", async () => {
    const agent = await staffWithToken("agent");
    const s1 = await signIn(agent.token);
    const s2 = await signIn(agent.token);
    const sockets = [
      await openFeed(bearer(agent.token)),
      await openFeed({ Cookie: s1.cookie }),
      await openFeed({ Cookie: s2.cookie }),
    ];
    const bystander = await openFeed(bearer(BOOTSTRAP));

    const res = await call("PATCH", `/api/staff/users/${agent.id}`, { token: BOOTSTRAP, json: { disabled: true } });
    expect(res.status).toBe(200);
    for (const s of sockets) {
      const closed = await s.closes();
      expect(closed).toEqual({ code: CREDENTIALS_ENDED, reason: "user disabled" });
    }
    await stillLive(bystander);
    expect((await call("GET", "/api/staff/me", { token: agent.token })).status).toBe(401);
    for (const s of [s1, s2]) {
      expect((await callWithSession("GET", "/api/staff/me", s)).status).toBe(401);
      expect((await callWithSession("POST", "/api/staff/tickets/tkt_x/read", s)).status).toBe(401);
    }

    // Enabled again: the token (never revoked) works; the sessions are gone for good.
    await call("PATCH", `/api/staff/users/${agent.id}`, { token: BOOTSTRAP, json: { disabled: false } });
    expect((await call("GET", "/api/staff/me", { token: agent.token })).status).toBe(200);
    expect((await callWithSession("GET", "/api/staff/me", s1)).status).toBe(401);
    closeAll(bystander);
  });
});

describe("sessions", () => {
  it("signing out closes that session's sockets only", async () => {
    const agent = await staffWithToken("agent");
    const a = await signIn(agent.token);
    const b = await signIn(agent.token);
    const tabA = await openFeed({ Cookie: a.cookie });
    const tabB = await openFeed({ Cookie: b.cookie });
    const out = await callWithSession("POST", "/staff/logout", a);
    expect(out.status).toBe(303);
    expect(await tabA.closes()).toEqual({ code: CREDENTIALS_ENDED, reason: "signed out" });
    await stillLive(tabB);
    closeAll(tabB);
  });

  it("a client cannot pose as other credentials with the hub's internal headers", async () => {
    const victim = await staffWithToken("agent");
    const victimSession = await signIn(victim.token);
    const victimTab = await openFeed({ Cookie: victimSession.cookie });
    const sessionId = (
      (await (await call("GET", `/api/staff/sessions?staffId=${victim.id}`, { token: BOOTSTRAP })).json()) as {
        sessions: Array<{ id: string }>;
      }
    ).sessions[0]?.id as string;
    const bootstrapTab = await openFeed(bearer(BOOTSTRAP));

    const attacker = await staffWithToken("agent");
    const spoofed = await openFeed({
      ...bearer(attacker.token),
      "X-Relaydesk-Staff-Id": victim.id,
      "X-Relaydesk-Token-Id": victim.tokenId,
      "X-Relaydesk-Session-Id": sessionId,
      "X-Relaydesk-Via-Bootstrap": "1",
      "X-Relaydesk-Bootstrap-Epoch": crypto.randomUUID(),
    });
    // The attacker's connect did not pass for a new bootstrap secret (which would close the bootstrap tab)...
    await stillLive(victimTab, bootstrapTab, spoofed);
    // ...ending the victim's session closes the victim's tab, not the attacker's...
    expect((await call("DELETE", `/api/staff/sessions/${sessionId}`, { token: BOOTSTRAP })).status).toBe(200);
    expect((await victimTab.closes()).code).toBe(CREDENTIALS_ENDED);
    await stillLive(spoofed, bootstrapTab);
    // ...and the attacker's socket is tied to the attacker's own token.
    await call("DELETE", `/api/staff/tokens/${attacker.tokenId}`, { token: BOOTSTRAP });
    expect((await spoofed.closes()).code).toBe(CREDENTIALS_ENDED);
    closeAll(bootstrapTab);
  });
});
