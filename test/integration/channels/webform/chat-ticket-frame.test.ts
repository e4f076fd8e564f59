/** The room's `{ type: "ticket" }` frame: staff changing a web ticket's status reaches the visitor's widget and `/t/` page. */
import { describe, expect, it } from "vitest";
import type { ChatTicket } from "../../../../src/core/chat";
import { randomToken } from "../../../support/phrases";
import { BOOTSTRAP, call } from "../../staff/helpers";
import { chatSocket, linkSocket, newSession, say, until } from "./chat-helpers";

describe("live chat: the ticket frame", () => {
  it("tells the visitor's socket and the /t/ page when staff resolve the ticket", async () => {
    const s = await newSession();
    const { ticket } = await say(s.token, `Deposit missing ${randomToken()}`);
    const sock = await chatSocket(s.token);
    const page = await linkSocket(ticket.link);
    const res = await call("PATCH", `/api/staff/tickets/${ticket.id}`, {
      token: BOOTSTRAP,
      json: { status: "resolved", confirm: true },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const isResolved = (f: { type: string; ticket?: unknown }) =>
      f.type === "ticket" && (f.ticket as ChatTicket | undefined)?.status === "resolved";
    await until(() => sock.frames.some(isResolved), "the widget's ticket frame");
    await until(() => page.frames.some(isResolved), "the /t/ page's ticket frame");
    const frame = sock.frames.find(isResolved) as unknown as { ticket: ChatTicket };
    expect(frame.ticket).toMatchObject({ id: ticket.id, number: ticket.number, link: ticket.link });
    sock.ws.close();
    page.ws.close();
  });

  it("tells each visitor of a bulk status change, and only about their own ticket", async () => {
    const a = await newSession();
    const b = await newSession();
    const ta = (await say(a.token, `Login issue ${randomToken()}`)).ticket;
    const tb = (await say(b.token, `KYC issue ${randomToken()}`)).ticket;
    const sa = await chatSocket(a.token);
    const sb = await chatSocket(b.token);
    const res = await call("POST", "/api/staff/tickets/bulk", {
      token: BOOTSTRAP,
      json: { ticketIds: [ta.id, tb.id], action: { type: "status", status: "pending" } },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const pending = (id: string) => (f: { type: string; ticket?: unknown }) =>
      f.type === "ticket" && (f.ticket as ChatTicket | undefined)?.id === id;
    await until(() => sa.frames.some(pending(ta.id)), "a's ticket frame");
    await until(() => sb.frames.some(pending(tb.id)), "b's ticket frame");
    expect(sa.frames.find(pending(ta.id))).toMatchObject({ ticket: { status: "pending", link: ta.link } });
    // Each room heard of its own ticket only (both frames arrived, so nothing is still on its way).
    expect(sa.frames.some(pending(tb.id))).toBe(false);
    expect(sb.frames.some(pending(ta.id))).toBe(false);
    sa.ws.close();
    sb.ws.close();
  });
});
