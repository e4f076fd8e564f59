/** Threading: our Message-ID, then our plus-address, then the subject's ticket number only from the ticket's contact. */
import { describe, expect, it } from "vitest";
import {
  count,
  FIXTURES,
  headerOf,
  inboundRecord,
  receive,
  setHeader,
  staffTicket,
  ticketOf,
  variant,
  waitForMail,
} from "./harness";

/** A ticket opened by email, and the acknowledgement we really sent (as the fake Mailgun got it). */
async function openTicket() {
  const first = variant(FIXTURES.latin1);
  await receive(first.raw, { from: first.from });
  const ticketId = await ticketOf(first.messageId);
  const ack = await waitForMail(first.from);
  const { ticket } = await staffTicket(ticketId);
  return {
    ticketId,
    number: ticket.number,
    customer: first.from,
    customerMessageId: first.messageId,
    ackId: headerOf(ack.mime, "Message-ID") as string,
    replyTo: (headerOf(ack.mime, "Reply-To") ?? "").replace(/[<>]/g, ""),
  };
}

async function inboundBodies(ticketId: string): Promise<string[]> {
  const { messages } = await staffTicket(ticketId);
  return messages.filter((m) => m.direction === "in").map((m) => m.body);
}

describe("email threading", () => {
  it("a Gmail reply carrying our Message-ID in In-Reply-To joins its ticket, quote and signature stripped", async () => {
    const t = await openTicket();
    const reply = variant(FIXTURES.gmail, { ourId: t.ackId, from: t.customer });
    await receive(reply.raw, { from: reply.from });
    expect(await ticketOf(reply.messageId)).toBe(t.ticketId);
    const bodies = await inboundBodies(t.ticketId);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe("Thanks, here is the screenshot you asked for. The withdrawal is still pending.");
    // Appending is not acknowledged again (other bot answers, like a FAQ, may exist).
    const { messages } = await staffTicket(t.ticketId);
    expect(messages.filter((m) => m.author === "bot" && /ticket number is|工单号/.test(m.body))).toHaveLength(1);
  });

  it("the same reply from another address opens that sender's own ticket (our Message-ID proves nothing about them)", async () => {
    const t = await openTicket();
    const reply = variant(FIXTURES.gmail, { ourId: t.ackId });
    await receive(reply.raw, { from: reply.from });
    expect(await ticketOf(reply.messageId)).not.toBe(t.ticketId);
    expect(await inboundBodies(t.ticketId)).toHaveLength(1);
  });

  it("the same text from a different sender quoting [RD-n] opens a new ticket", async () => {
    const t = await openTicket();
    let raw = variant(FIXTURES.gmail, { subject: `Re: [${t.number}] Withdrawal pending` }).raw;
    raw = setHeader(setHeader(raw, "In-Reply-To", null), "References", null);
    raw = setHeader(raw, "To", "support@relaydesk.test");
    const stranger = variant(raw);
    await receive(stranger.raw, { from: stranger.from });
    const other = await ticketOf(stranger.messageId);
    expect(other).not.toBe(t.ticketId);
    expect(await inboundBodies(t.ticketId)).toHaveLength(1);
    const { ticket } = await staffTicket(other);
    expect(ticket.subject).toBe("Withdrawal pending");
  });

  it("the ticket's own contact quoting [RD-n] (no threading headers) joins it", async () => {
    const t = await openTicket();
    const qq = variant(FIXTURES.qq, {
      from: t.customer,
      subject: `=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(`回复：[${t.number}] 充值未到账`)))}?=`,
    });
    await receive(qq.raw, { from: qq.from });
    expect(await ticketOf(qq.messageId)).toBe(t.ticketId);
    // QQ's "原始邮件" block and its "发件人:" header lines are cut.
    expect((await inboundBodies(t.ticketId))[1]).toBe("收到，谢谢。");
  });

  it("our plus-address in To joins the ticket without any threading header", async () => {
    const t = await openTicket();
    let raw = setHeader(setHeader(FIXTURES.apple, "In-Reply-To", null), "References", null);
    raw = variant(raw, { to: `Relaydesk Support <${t.replyTo}>`, subject: "a new subject line" }).raw;
    const v = variant(raw, { from: t.customer });
    await receive(v.raw, { from: v.from, to: t.replyTo });
    expect(await ticketOf(v.messageId)).toBe(t.ticketId);
    expect((await inboundRecord(v.messageId))?.kind).toBe("message");
    // Apple Mail's "On ... wrote:" quote and "Sent from my iPhone" are cut.
    expect((await inboundBodies(t.ticketId))[1]).toBe("It works now, thank you!");
  });

  it("an Outlook reply (发件人: block, gb2312) joins and keeps only the new text", async () => {
    const t = await openTicket();
    const v = variant(FIXTURES.outlook, { ourId: t.ackId, from: t.customer });
    await receive(v.raw, { from: v.from });
    expect(await ticketOf(v.messageId)).toBe(t.ticketId);
    expect((await inboundBodies(t.ticketId))[1]).toBe("好的，我已经按照你们说的重新提交了KYC资料。");
  });

  it("the same Message-ID twice (a redelivery, or two doors) is stored once", async () => {
    const t = await openTicket();
    const reply = variant(FIXTURES.gmail, { ourId: t.ackId, from: t.customer });
    await receive(reply.raw, { from: reply.from });
    await receive(reply.raw, { from: reply.from });
    await Promise.all([receive(reply.raw, { from: reply.from }), receive(reply.raw, { from: reply.from })]);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM messages WHERE channel = 'email' AND provider_message_id = ?1",
        reply.messageId,
      ),
    ).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM email_inbound WHERE message_id_header = ?1", reply.messageId)).toBe(
      1,
    );
    expect(await inboundBodies(t.ticketId)).toHaveLength(2);
    // The first message too: a redelivery of the opening email opens no second ticket.
    const again = variant(FIXTURES.latin1, { from: t.customer, messageId: t.customerMessageId });
    await receive(again.raw, { from: again.from });
    expect(
      await count("SELECT COUNT(*) AS n FROM tickets WHERE conversation_key LIKE ?1", `email:${t.customerMessageId}#%`),
    ).toBe(1);
  });
});
