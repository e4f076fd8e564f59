import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { staffReply, staffTicket } from "../../support";
import { catchUp, chatSocket, newSession, postChat, rand, say, until } from "./chat-helpers";

describe("live chat: session, message, socket, staff reply", () => {
  it("an anonymous visitor opens a session, writes, and sees a staff reply live and on catch-up", async () => {
    const s = await newSession({ lang: "en" });
    expect(s.visitor.verified).toBe(false);
    expect(s.visitor.id).toMatch(/^v[a-z2-7]{24}$/);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.ticket).toBeNull();
    expect(s.settings.quickReplies.map((q) => q.data)).toContain("human");
    const stored = await env.DB.prepare("SELECT token_hash FROM chat_sessions WHERE visitor_id = ?1")
      .bind(s.visitor.id)
      .first<{ token_hash: string }>();
    expect(stored?.token_hash).not.toContain(s.token);

    const sock = await chatSocket(s.token);
    expect(sock.protocol).toBe("relaydesk-chat");
    const first = await say(s.token, `My deposit ${rand()} has not arrived`);
    expect(first.ticket.link).toMatch(/^\/t\//);
    expect(first.message.author).toBe("customer");
    await until(() => sock.frames.some((f) => f.type === "message"), "own message pushed");

    const { ticket } = await staffTicket(first.ticket.id);
    expect(ticket.metadata.source).toBe("chat");
    expect(ticket.channel).toBe("webform");
    const reply = await staffReply(first.ticket.id, `Hello from staff ${rand()}`);
    await until(
      () => sock.frames.some((f) => f.type === "message" && (f.message as { id: string }).id === reply.id),
      "staff reply pushed",
    );
    const res = await catchUp(s.token, first.message.id);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: Array<{ id: string; author: string }> };
    expect(body.messages.map((m) => m.id)).toContain(reply.id);
    expect(body.messages.map((m) => m.id)).not.toContain(first.message.id);
    sock.ws.close();
  });

  it("refuses a bad token before anything", async () => {
    const res = await postChat("x".repeat(43), { clientId: rand("c"), text: "hi" });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("chat_session_invalid");
  });
});
