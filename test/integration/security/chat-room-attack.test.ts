/**
 * Live chat attacked from a second visitor's own session, with fresh random values: socket frames
 * naming the first visitor's ticket, message or conversation; a catch-up cursor pointing into the
 * first visitor's conversation; a widget socket offered the first visitor's ticket link as its token.
 * A socket only ever acts on its own session's room, and a visitor reads only their own conversation.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../../src/core/chat";
import { BASE, catchUp, chatSocket, newSession, rand, say, until } from "../channels/webform/chat-helpers";
import { api } from "../requests";
import { staffReply, waitFor } from "../support";

interface Live {
  online: boolean;
  typing: boolean;
  customerReadAt: string | null;
}

async function liveOf(ticketId: string): Promise<Live> {
  const res = await api("GET", `/api/staff/tickets/${ticketId}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { live: Live }).live;
}

describe("live chat: a second visitor's socket and catch-up aimed at the first visitor", { timeout: 30_000 }, () => {
  it("frames naming the other conversation act only on the sender's own room; the other's replies never arrive", async () => {
    const a = await newSession();
    const b = await newSession();
    const aSaid = await say(a.token, `my deposit ${rand()}`);
    const bSaid = await say(b.token, `my withdrawal ${rand()}`);
    const aKey = `webform:chat:v:${a.visitor.id}`;

    const bSocket = await chatSocket(b.token);
    const frames = [
      { type: "typing", typing: true, ticketId: aSaid.ticket.id, conversationKey: aKey },
      { type: "read", upTo: aSaid.message.id, ticketId: aSaid.ticket.id },
      { type: "message", text: `steer ${rand()}`, ticketId: aSaid.ticket.id, conversationKey: aKey },
      { type: "join", conversationKey: aKey, token: a.token },
    ];
    for (const f of frames.sort(() => Math.random() - 0.5)) bSocket.ws.send(JSON.stringify(f));

    // The frames reach Bob's own room (his ticket shows him typing and reading): they could have acted.
    await waitFor(async () => {
      const live = await liveOf(bSaid.ticket.id);
      return live.typing && live.customerReadAt ? live : undefined;
    }, "Bob's own room took his frames");
    // Alice's room: she is not here, typing or reading; nothing was written to her ticket.
    expect(await liveOf(aSaid.ticket.id)).toEqual({ online: false, typing: false, customerReadAt: null });
    const aList = (await (await catchUp(a.token)).json()) as { messages: ChatMessage[] };
    expect(aList.messages.filter((m) => m.author === "customer").map((m) => m.id)).toEqual([aSaid.message.id]);

    // A staff reply to Alice never reaches Bob's socket; one to Bob does (after Alice's was sent).
    const toAlice = `for alice ${rand()}`;
    await staffReply(aSaid.ticket.id, toAlice);
    const toBob = `for bob ${rand()}`;
    await staffReply(bSaid.ticket.id, toBob);
    await until(() => JSON.stringify(bSocket.frames).includes(toBob), "Bob's reply on his socket");
    expect(JSON.stringify(bSocket.frames)).not.toContain(toAlice);
    expect(JSON.stringify(bSocket.frames)).not.toContain(aSaid.ticket.id);
    bSocket.ws.close();
  });

  it("a catch-up after the other visitor's message id, or a socket offered their link, reads nothing of theirs", async () => {
    const a = await newSession();
    const b = await newSession();
    const aSaid = await say(a.token, `account locked ${rand()}`);
    await say(b.token, `kyc ${rand()}`);
    await staffReply(aSaid.ticket.id, `reply ${rand()}`);

    for (const after of [aSaid.message.id, undefined]) {
      const res = await catchUp(b.token, after);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(aSaid.message.body);
      expect(text).not.toContain(aSaid.ticket.id);
      expect(text).not.toContain(aSaid.ticket.link);
    }
    // A ticket link is no widget token (and the widget's token is no ticket link).
    const linkToken = aSaid.ticket.link.slice(3);
    for (const offered of [`relaydesk-chat, ${linkToken}`, `relaydesk-chat, ${rand()}${rand()}`.slice(0, 58)]) {
      const res = await exports.default.fetch(`${BASE}/api/chat/socket`, {
        headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": offered },
      });
      expect(res.status).toBe(401);
      expect(res.webSocket).toBeNull();
    }
    const asLink = await exports.default.fetch(`${BASE}/t/${a.token}/live`, { headers: { Upgrade: "websocket" } });
    expect(asLink.status).toBe(404);
  });
});
