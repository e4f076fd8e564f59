/** Outbound: staff replies as threaded emails through the fake Mailgun; web-form tickets get an email with their /t/ link. */

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../../../src/core/channel";
import { PermanentError, RetryableError } from "../../../../src/core/errors";
import { loadConfig } from "../../../../src/env";
import { ingestInbound } from "../../../../src/pipeline/ingest";
import { channelOf, deliverVia } from "../adapters";
import {
  FIXTURES,
  fakeMailgun,
  headerOf,
  receive,
  staffReply,
  staffTicket,
  ticketOf,
  unique,
  variant,
  waitFor,
  waitForMail,
} from "./harness";

/** Decodes the base64 body of the first part of `type` in a MIME message. */
function partText(mime: string, type: string): string {
  const i = mime.indexOf(`Content-Type: ${type}`);
  if (i < 0) return "";
  const rest = mime.slice(i);
  const start = rest.search(/\r\n\r\n/) + 4;
  const end = rest.indexOf("\r\n--", start);
  const b64 = rest.slice(start, end).replace(/\s+/g, "");
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}

async function emailTicket() {
  const first = variant(FIXTURES.gbk);
  await receive(first.raw, { from: first.from });
  const ticketId = await ticketOf(first.messageId);
  const ack = await waitForMail(first.from);
  return {
    ticketId,
    customer: first.from,
    customerMessageId: first.messageId,
    ackId: headerOf(ack.mime, "Message-ID") as string,
  };
}

/** An outbound message on the ticket of `emailTicket()`, as the delivery pipeline would build it. */
async function outboundOn(t: Awaited<ReturnType<typeof emailTicket>>, over: Partial<OutboundMessage> = {}) {
  const { ticket, messages } = await staffTicket(t.ticketId);
  const msg: OutboundMessage = {
    messageId: messages[0]?.id as string,
    ticketId: t.ticketId,
    ticketNumber: ticket.number,
    ticketSubject: ticket.subject,
    ticketAccessToken: "tok",
    channel: "email",
    conversationKey: `email:${t.customerMessageId}`,
    recipient: { externalId: t.customer, displayName: null, email: t.customer },
    author: "staff",
    body: "hello",
    attachments: [],
    language: "en",
    replyToProviderMessageId: null,
    ...over,
  };
  return msg;
}

describe("email deliver()", () => {
  it("a staff reply goes out threaded: In-Reply-To the customer's email, References the whole thread", async () => {
    const t = await emailTicket();
    const reply = await staffReply(t.ticketId, "您好，我们已经查到这笔提现，预计一小时内到账。");
    const mail = await waitForMail(t.customer, (m) => m.mime.includes(`rd.${reply.id}@`));
    expect(headerOf(mail.mime, "Message-ID")).toBe(`<rd.${reply.id}@relaydesk.test>`);
    expect(headerOf(mail.mime, "In-Reply-To")).toBe(t.customerMessageId);
    expect(headerOf(mail.mime, "References")).toBe(`${t.customerMessageId} ${t.ackId}`);
    expect(headerOf(mail.mime, "Reply-To")).toMatch(/^<support\+[a-z0-9]{24}@relaydesk\.test>$/);
    expect(headerOf(mail.mime, "Auto-Submitted")).toBeNull();
    expect(headerOf(mail.mime, "To")).toContain(`<${t.customer}>`);
    expect(mail.mime).toContain("Content-Type: multipart/alternative");
    const { ticket } = await staffTicket(t.ticketId);
    expect(partText(mail.mime, "text/plain")).toContain("您好，我们已经查到这笔提现，预计一小时内到账。");
    expect(partText(mail.mime, "text/plain")).toContain(`[${ticket.number}]`);
    expect(partText(mail.mime, "text/html")).toContain("<div>您好，我们已经查到这笔提现，预计一小时内到账。</div>");
    const sent = await waitFor(async () => {
      const { messages } = await staffTicket(t.ticketId);
      const m = messages.find((x) => x.id === reply.id);
      return m?.delivery?.status === "sent" ? m : undefined;
    }, "reply sent");
    expect(sent.delivery?.providerMessageId).toBe(`<rd.${reply.id}@relaydesk.test>`);

    // The customer answers our reply: it joins the same ticket.
    const answer = variant(FIXTURES.gmail, { ourId: `<rd.${reply.id}@relaydesk.test>`, from: t.customer });
    await receive(answer.raw, { from: answer.from });
    expect(await ticketOf(answer.messageId)).toBe(t.ticketId);
  });

  it("attachments are attached; the same message retried carries the same Message-ID", async () => {
    const t = await emailTicket();
    const key = `test/${unique()}/report.pdf`;
    await env.ATTACHMENTS.put(key, "%PDF-1.4 fake");
    const msg = await outboundOn(t, {
      recipient: { externalId: t.customer, displayName: "王小明", email: t.customer },
      body: "See the attached report.",
      attachments: [{ filename: "对账单.pdf", contentType: "application/pdf", size: 13, r2Key: key }],
      language: "zh",
    });
    const first = await deliverVia("email", msg, env);
    const second = await deliverVia("email", msg, env);
    expect(second.providerMessageId).toBe(first.providerMessageId);
    const mails = (await fakeMailgun.sent(t.customer)).filter((m) => m.mime.includes(first.providerMessageId));
    expect(mails).toHaveLength(2);
    const mime = mails[0]?.mime ?? "";
    expect(mime).toContain("Content-Type: multipart/mixed");
    expect(mime).toContain(
      `Content-Disposition: attachment; filename="=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode("对账单.pdf")))}?="`,
    );
    expect(mime).toContain(btoa("%PDF-1.4 fake"));
  });

  it("Mailgun 5xx and 429 are retryable; a rejected key is permanent", async () => {
    const t = await emailTicket();
    const msg = await outboundOn(t, { body: "hello" });
    await fakeMailgun.fail({ status: 503 });
    await expect(deliverVia("email", msg, env)).rejects.toBeInstanceOf(RetryableError);
    await fakeMailgun.fail({ status: 429, retry_after: 7 });
    const limited = await deliverVia("email", msg, env).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RetryableError);
    expect((limited as RetryableError).retryAfterMs).toBe(7000);
    await expect(deliverVia("email", msg, { ...env, MAILGUN_API_KEY: "key-wrong" })).rejects.toBeInstanceOf(
      PermanentError,
    );
    await expect(
      deliverVia("email", { ...msg, recipient: { externalId: "x", displayName: null, email: null } }, env),
    ).rejects.toBeInstanceOf(PermanentError);
  });

  it("the Cloudflare send_email binding takes the same MIME (EMAIL_SENDER=cloudflare)", async () => {
    const t = await emailTicket();
    const msg = await outboundOn(t, { body: "via Cloudflare" });
    const before = (await fakeMailgun.sent(t.customer)).length;
    const receipt = await deliverVia("email", msg, { ...env, EMAIL_SENDER: "cloudflare" });
    expect(receipt.providerMessageId).toBe(`<rd.${msg.messageId}@relaydesk.test>`);
    expect((await fakeMailgun.sent(t.customer)).length).toBe(before);
  });

  it("without EMAIL_SENDER the channel is not configured (development uses the sandbox)", () => {
    expect(channelOf("email", env).isConfigured()).toBe(true);
    expect(channelOf("email", { ...env, EMAIL_SENDER: "" }).isConfigured()).toBe(false);
    expect(channelOf("email", { ...env, SUPPORT_EMAIL: "" }).isConfigured()).toBe(false);
    expect(channelOf("email", { ...env, EMAIL_SENDER: "cloudflare" }).isConfigured()).toBe(true);
  });
});

describe("web-form tickets and email", () => {
  it("a staff reply on a web-form ticket whose address is proven emails the customer with their /t/ link; replying to it joins the ticket", async () => {
    const customer = `${unique("w")}@customer.test`;
    const config = loadConfig(env);
    const created = await ingestInbound(
      { env, config, waitUntil: () => {} },
      {
        channel: "webform",
        providerMessageId: `form:${unique()}`,
        conversationKey: `webform:${unique()}`,
        // Proven (see test/integration/channels/webform/email-claims.test.ts for how): only then is it written to.
        sender: { externalId: customer, email: customer, emailVerified: true, displayName: "Web Customer" },
        text: "My KYC was rejected twice",
        subject: "KYC rejected",
        attachments: [],
        sentAt: new Date(),
      },
    );
    const reply = await staffReply(created.ticketId, "Please upload a clearer photo of your ID.");
    const mail = await waitForMail(customer, (m) => m.mime.includes(`rd.${reply.id}@`));
    const text = partText(mail.mime, "text/plain");
    expect(text).toContain("Please upload a clearer photo of your ID.");
    expect(text).toContain(`/t/${created.accessToken}`);
    expect(partText(mail.mime, "text/html")).toContain(`/t/${created.accessToken}`);
    const { ticket } = await staffTicket(created.ticketId);
    expect(ticket.channel).toBe("webform");
    // The message is delivered (shown on the page) and the email went out: the web-form receipt stays.
    const delivered = await waitFor(async () => {
      const { messages } = await staffTicket(created.ticketId);
      const m = messages.find((x) => x.id === reply.id);
      return m?.delivery?.status === "sent" ? m : undefined;
    }, "web-form reply delivered");
    expect(delivered.delivery?.providerMessageId).toBe(`webform:${reply.id}`);

    const answer = variant(FIXTURES.apple, { ourId: headerOf(mail.mime, "Message-ID") as string, from: customer });
    await receive(answer.raw, { from: customer });
    expect(await ticketOf(answer.messageId)).toBe(created.ticketId);
  });
});
