/** The staff side of the live chat: presence and verified badge on the ticket, typing and read receipts, admin settings. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BOOTSTRAP, call, staffWithToken } from "../../staff/helpers";
import { chatSocket, newSession, rand, say, until, verifiedSession } from "./chat-helpers";

interface TicketBody {
  ticket: { id: string; source?: string; contact: { identities: Array<{ externalId: string; verified: boolean }> } };
  live: { online: boolean; typing: boolean; customerReadAt: string | null } | null;
}

async function staffView(id: string, token = BOOTSTRAP): Promise<TicketBody> {
  const res = await call("GET", `/api/staff/tickets/${id}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as TicketBody;
}

describe("live chat, staff side", () => {
  it("shows the visitor online and typing, and relays staff typing and reads to the widget", async () => {
    const s = await newSession();
    const { ticket } = await say(s.token, `Withdrawal stuck ${rand()}`);
    const before = await staffView(ticket.id);
    expect(before.ticket.source).toBe("chat");
    expect(before.live?.online).toBe(false);

    const sock = await chatSocket(s.token);
    await until(() => true, "");
    const online = await staffView(ticket.id);
    expect(online.live?.online).toBe(true);
    sock.ws.send(JSON.stringify({ type: "typing", typing: true }));
    let typing = false;
    for (let i = 0; i < 100 && !typing; i++) {
      typing = (await staffView(ticket.id)).live?.typing === true;
      if (!typing) await new Promise((r) => setTimeout(r, 50));
    }
    expect(typing).toBe(true);

    const agent = await staffWithToken("agent", `Agent ${rand().slice(0, 6)}`);
    const t = await call("POST", `/api/staff/tickets/${ticket.id}/typing`, {
      token: agent.token,
      json: { typing: true },
    });
    expect(t.status).toBe(204);
    await until(
      () => sock.frames.some((f) => f.type === "typing" && f.from === "staff" && f.typing === true),
      "staff typing",
    );
    const r = await call("POST", `/api/staff/tickets/${ticket.id}/read`, { token: agent.token });
    expect(r.status).toBe(204);
    await until(() => sock.frames.some((f) => f.type === "read" && f.by === "staff"), "staff read");
    const bad = await call("POST", `/api/staff/tickets/${ticket.id}/typing`, {
      token: agent.token,
      json: { typing: "yes" },
    });
    expect(bad.status).toBe(400);
    const none = await call("POST", "/api/staff/tickets/tkt_doesnotexist/typing", {
      token: agent.token,
      json: { typing: true },
    });
    expect(none.status).toBe(404);
    sock.ws.close();
  });

  it("marks a signed-in user's identity verified and an anonymous one not", async () => {
    const userId = `u-${rand().slice(0, 10)}`;
    const v = await verifiedSession(userId, `${userId}@example.com`, "Li Wei");
    expect(v.visitor.verified).toBe(true);
    const vt = (await say(v.token, `KYC rejected ${rand()}`)).ticket;
    const vid = (await staffView(vt.id)).ticket.contact.identities.find((i) => i.externalId === `chat:u:${userId}`);
    expect(vid?.verified).toBe(true);
    const a = await newSession();
    const at = (await say(a.token, `Login problem ${rand()}`)).ticket;
    const aid = (await staffView(at.id)).ticket.contact.identities.find((i) => i.externalId.startsWith("chat:v:"));
    expect(aid?.verified).toBe(false);
  });

  it("lets only admins read and change the chat settings, validates origins, and audits the change", async () => {
    const agent = await staffWithToken("agent");
    expect((await call("GET", "/api/staff/chat-settings", { token: agent.token })).status).toBe(403);
    expect(
      (
        await call("PUT", "/api/staff/chat-settings", {
          token: agent.token,
          json: { allowedOrigins: [], turnstileFirstMessage: false },
        })
      ).status,
    ).toBe(403);
    for (const bad of [
      "https://*.example.com",
      "https://a.example/path",
      "ftp://x.example",
      "javascript:alert(1)",
      "http://evil.example",
    ]) {
      const res = await call("PUT", "/api/staff/chat-settings", {
        token: BOOTSTRAP,
        json: { allowedOrigins: [bad], turnstileFirstMessage: false },
      });
      expect(res.status, bad).toBe(400);
    }
    const tooMany = Array.from({ length: 21 }, (_, i) => `https://x${i}.example`);
    expect(
      (
        await call("PUT", "/api/staff/chat-settings", {
          token: BOOTSTRAP,
          json: { allowedOrigins: tooMany, turnstileFirstMessage: false },
        })
      ).status,
    ).toBe(400);
    const auditsBefore = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'settings.chat.update'",
    ).first<{ n: number }>();
    const ok = await call("PUT", "/api/staff/chat-settings", {
      token: BOOTSTRAP,
      json: { allowedOrigins: ["https://exchange.example", "http://localhost:8787"], turnstileFirstMessage: false },
    });
    expect(ok.status).toBe(200);
    const got = (await (await call("GET", "/api/staff/chat-settings", { token: BOOTSTRAP })).json()) as {
      settings: { allowedOrigins: string[]; identityVerification: string };
    };
    expect(got.settings.allowedOrigins).toEqual(["https://exchange.example", "http://localhost:8787"]);
    expect(got.settings.identityVerification).toBe("on");
    expect(JSON.stringify(got)).not.toContain("test-chat-identity-secret");
    const auditsAfter = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'settings.chat.update'",
    ).first<{ n: number }>();
    expect((auditsAfter?.n ?? 0) - (auditsBefore?.n ?? 0)).toBe(1);
  });
});
