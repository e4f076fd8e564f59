/** POST /webhooks/email/:provider: Mailgun (signed), Postmark and SendGrid (credentials in the URL), parsed and raw variants. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { testHmacHex } from "../../support";
import {
  count,
  FIXTURES,
  headerOf,
  inboundRecord,
  receive,
  staffTicket,
  ticketOf,
  unique,
  variant,
  waitForMail,
} from "./harness";

const SIGNING_KEY = "test-mailgun-signing-key";
const POSTMARK = "postmark:test-postmark-password";
const SENDGRID = "sendgrid:test-sendgrid-password";

function post(provider: string, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`http://relaydesk.test/webhooks/email/${provider}`, { method: "POST", headers, body });
}

/** Mailgun's signature fields: HMAC-SHA256(signing key, timestamp + token). */
async function mailgunSignature(opts: { key?: string; ageSeconds?: number } = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0));
  const token = unique("tok").padEnd(50, "0");
  return { timestamp, token, signature: await testHmacHex(opts.key ?? SIGNING_KEY, timestamp + token) };
}

/** A Mailgun "parsed" inbound post (forward() to a URL not ending in mime). */
async function mailgunParsed(over: { from: string; messageId: string; signature?: Record<string, string> }) {
  const form = new FormData();
  const sig = over.signature ?? (await mailgunSignature());
  for (const [k, v] of Object.entries(sig)) form.append(k, v);
  form.append("recipient", "support@relaydesk.test");
  form.append("sender", over.from);
  form.append("from", `Mallory Gun <${over.from}>`);
  form.append("subject", "Deposit missing 充值未到账");
  form.append(
    "body-plain",
    "My deposit is missing.\r\n\r\nOn Mon, Nov 23, 2026 at 1:00 PM Someone <x@y.test> wrote:\r\n> old\r\n",
  );
  form.append("body-html", "<p>My deposit is missing.</p>");
  form.append(
    "message-headers",
    JSON.stringify([
      ["Message-Id", over.messageId],
      ["From", `Mallory Gun <${over.from}>`],
      ["Subject", "Deposit missing 充值未到账"],
      ["Date", "Tue, 24 Nov 2026 10:00:00 +0000"],
      // Mailgun's own verdicts: SPF for the envelope sender, DKIM for the one signature (by the From domain).
      ["DKIM-Signature", `v=1; a=rsa-sha256; d=${over.from.split("@")[1]}; s=s1; h=from:to; b=abc`],
      ["X-Mailgun-Sflag", "No"],
      ["X-Mailgun-Spf", "Pass"],
      ["X-Mailgun-Dkim-Check-Result", "Pass"],
    ]),
  );
  form.append("X-Mailgun-Spf", "Pass");
  form.append("attachment-count", "1");
  form.append("attachment-1", new File(["%PDF-1.4 receipt"], "receipt.pdf", { type: "application/pdf" }));
  return form;
}

describe("Mailgun", () => {
  it("a correctly signed parsed post becomes a ticket with its attachment", async () => {
    const from = `${unique("mg")}@customer.test`;
    const messageId = `<${unique("mg")}@mail.customer.test>`;
    const res = await post("mailgun", await mailgunParsed({ from, messageId }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, kind: "message" });
    const { ticket, messages } = await staffTicket(await ticketOf(messageId));
    expect(ticket.subject).toBe("Deposit missing 充值未到账");
    expect(ticket.contact.name).toBe("Mallory Gun");
    const msg = messages.find((m) => m.direction === "in");
    expect(msg?.body).toBe("My deposit is missing.");
    expect(msg?.attachments.map((a) => a.filename)).toEqual(["receipt.pdf"]);
    expect((await inboundRecord(messageId))?.source).toBe("mailgun");
    // Mailgun retries until 200: the same post again is a duplicate, stored once.
    const again = await post("mailgun", await mailgunParsed({ from, messageId }));
    expect(await again.json()).toEqual({ ok: true, kind: "duplicate" });
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE provider_message_id = ?1", messageId)).toBe(1);
  });

  it("the raw-MIME variant (body-mime) goes through the same parser", async () => {
    const v = variant(FIXTURES.gbk);
    const form = new FormData();
    for (const [k, val] of Object.entries(await mailgunSignature())) form.append(k, val);
    form.append("recipient", "support@relaydesk.test");
    form.append("body-mime", v.raw);
    const res = await post("mailgun", form);
    expect(res.status).toBe(200);
    const { ticket } = await staffTicket(await ticketOf(v.messageId));
    expect(ticket.subject).toBe("提现三小时未到账");
  });

  it("a bad signature, a wrong key, a stale timestamp or none at all: 401 and nothing stored", async () => {
    const cases: Array<Record<string, string> | null> = [
      { ...(await mailgunSignature()), signature: "0".repeat(64) },
      await mailgunSignature({ key: "another-key" }),
      await mailgunSignature({ ageSeconds: 6 * 60 }),
      null,
    ];
    for (const signature of cases) {
      const from = `${unique("bad")}@customer.test`;
      const messageId = `<${unique("bad")}@mail.customer.test>`;
      const form = await mailgunParsed({ from, messageId, signature: signature ?? {} });
      const res = await post("mailgun", form);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
      expect(await inboundRecord(messageId)).toBeNull();
      expect(await count("SELECT COUNT(*) AS n FROM channel_identities WHERE external_id = ?1", from)).toBe(0);
    }
  });

  it("a signed post that is not an email gets 406, which tells Mailgun not to retry", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(await mailgunSignature())) form.append(k, v);
    form.append("message-headers", "not json");
    const res = await post("mailgun", form);
    expect(res.status).toBe(406);
  });
});

function basic(credentials: string): Record<string, string> {
  return { Authorization: `Basic ${btoa(credentials)}` };
}

function postmarkPayload(over: { from: string; messageId: string; raw?: string }) {
  return {
    FromName: "Pat Mark",
    From: over.from,
    FromFull: { Email: over.from, Name: "Pat Mark" },
    To: "support@relaydesk.test",
    ToFull: [{ Email: "support@relaydesk.test", Name: "", MailboxHash: "" }],
    CcFull: [],
    OriginalRecipient: "support@relaydesk.test",
    Subject: "Withdrawal stuck",
    MessageID: crypto.randomUUID(),
    Date: "Tue, 24 Nov 2026 10:00:00 +0000",
    TextBody: "My withdrawal is stuck since yesterday.\n\n-----Original Message-----\nFrom: someone\n",
    HtmlBody: "<p>My withdrawal is stuck since yesterday.</p>",
    StrippedTextReply: "",
    Headers: [
      { Name: "Message-ID", Value: over.messageId },
      { Name: "X-Spam-Status", Value: "No" },
      {
        Name: "Received-SPF",
        Value: `Pass (sender SPF authorized) identity=mailfrom; client-ip=192.0.2.1; helo=mail.customer.test; envelope-from=${over.from}; receiver=inbound.postmarkapp.com`,
      },
    ],
    Attachments: [
      {
        Name: "tx.png",
        Content: btoa("\x89PNG\r\n\x1a\nxx"),
        ContentType: "image/png",
        ContentLength: 10,
        ContentID: "",
      },
    ],
    ...(over.raw ? { RawEmail: over.raw } : {}),
  };
}

describe("Postmark", () => {
  it("inbound JSON with the right credentials becomes a ticket; wrong or missing credentials: 401, nothing stored", async () => {
    const from = `${unique("pm")}@customer.test`;
    const messageId = `<${unique("pm")}@mail.customer.test>`;
    const body = JSON.stringify(postmarkPayload({ from, messageId }));
    for (const headers of [basic("postmark:wrong"), basic("other:test-postmark-password"), {}]) {
      const res = await post("postmark", body, { "Content-Type": "application/json", ...headers });
      expect(res.status).toBe(401);
    }
    expect(await inboundRecord(messageId)).toBeNull();
    expect(await count("SELECT COUNT(*) AS n FROM channel_identities WHERE external_id = ?1", from)).toBe(0);

    const res = await post("postmark", body, { "Content-Type": "application/json", ...basic(POSTMARK) });
    expect(res.status).toBe(200);
    const { ticket, messages } = await staffTicket(await ticketOf(messageId));
    expect(ticket.subject).toBe("Withdrawal stuck");
    const msg = messages.find((m) => m.direction === "in");
    expect(msg?.body).toBe("My withdrawal is stuck since yesterday.");
    expect(msg?.attachments.map((a) => [a.filename, a.contentType])).toEqual([["tx.png", "image/png"]]);
  });

  it("with RawEmail included, the raw MIME is parsed; a malformed payload gets 403 (Postmark stops retrying)", async () => {
    const v = variant(FIXTURES.big5);
    const res = await post(
      "postmark",
      JSON.stringify(postmarkPayload({ from: v.from, messageId: v.messageId, raw: v.raw })),
      {
        "Content-Type": "application/json",
        ...basic(POSTMARK),
      },
    );
    expect(res.status).toBe(200);
    expect((await staffTicket(await ticketOf(v.messageId))).ticket.subject).toBe("帳戶無法登入");
    const bad = await post("postmark", JSON.stringify({ Headers: "nope" }), {
      "Content-Type": "application/json",
      ...basic(POSTMARK),
    });
    expect(bad.status).toBe(403);
  });
});

describe("Postmark plus-address", () => {
  it("the customer's reply whose plus part Postmark reports as MailboxHash joins the ticket", async () => {
    const first = variant(FIXTURES.latin1);
    await receive(first.raw, { from: first.from });
    const ticketId = await ticketOf(first.messageId);
    const token = /support\+([a-z0-9]+)@/.exec(
      headerOf((await waitForMail(first.from)).mime, "Reply-To") ?? "",
    )?.[1] as string;
    const messageId = `<${unique("pmh")}@mail.customer.test>`;
    const payload = {
      ...postmarkPayload({ from: first.from, messageId }),
      Subject: "no number here",
      ToFull: [{ Email: "support@relaydesk.test", Name: "", MailboxHash: token }],
      OriginalRecipient: "support@relaydesk.test",
    };
    const res = await post("postmark", JSON.stringify(payload), {
      "Content-Type": "application/json",
      ...basic(POSTMARK),
    });
    expect(res.status).toBe(200);
    expect(await ticketOf(messageId)).toBe(ticketId);
  });
});

describe("SendGrid Inbound Parse", () => {
  it("the parsed multipart post with the right credentials becomes a ticket; wrong credentials: 401, nothing stored", async () => {
    const from = `${unique("sg")}@customer.test`;
    const messageId = `<${unique("sg")}@mail.customer.test>`;
    const build = () => {
      const form = new FormData();
      form.append(
        "headers",
        `Received: by mx.sendgrid.test\nMessage-ID: ${messageId}\nFrom: Sandy Grid <${from}>\nTo: support@relaydesk.test\nSubject: =?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode("登录失败")))}?=\nDate: Tue, 24 Nov 2026 10:00:00 +0000\n`,
      );
      form.append("from", `Sandy Grid <${from}>`);
      form.append("to", "support@relaydesk.test");
      form.append("subject", "登录失败");
      form.append(
        "text",
        "我无法登录账户。\n\n在 2026年11月23日 10:00，客服 <support@relaydesk.test> 写道：\n> 旧消息\n",
      );
      form.append("envelope", JSON.stringify({ to: ["support@relaydesk.test"], from }));
      form.append("charsets", JSON.stringify({ text: "UTF-8", subject: "UTF-8" }));
      form.append("SPF", "pass");
      form.append("dkim", "{@customer.test : pass}");
      form.append("attachments", "0");
      return form;
    };
    const wrong = await post("sendgrid", build(), basic("sendgrid:nope"));
    expect(wrong.status).toBe(401);
    expect(await inboundRecord(messageId)).toBeNull();
    const res = await post("sendgrid", build(), basic(SENDGRID));
    expect(res.status).toBe(200);
    const { ticket, messages } = await staffTicket(await ticketOf(messageId));
    expect(ticket.subject).toBe("登录失败");
    expect(ticket.contact.name).toBe("Sandy Grid");
    expect(messages.find((m) => m.direction === "in")?.body).toBe("我无法登录账户。");
  });

  it("the raw-MIME option (`email` field) goes through the same parser", async () => {
    const v = variant(FIXTURES.inlinePdf);
    const form = new FormData();
    form.append("email", v.raw);
    form.append("envelope", JSON.stringify({ to: ["support@relaydesk.test"], from: v.from }));
    const res = await post("sendgrid", form, basic(SENDGRID));
    expect(res.status).toBe(200);
    const { messages } = await staffTicket(await ticketOf(v.messageId));
    expect(messages.find((m) => m.direction === "in")?.attachments).toHaveLength(2);
  });
});

describe("unknown providers", () => {
  it("answer 404", async () => {
    const res = await post("sparkpost", "{}", { "Content-Type": "application/json" });
    expect(res.status).toBe(404);
    const proto = await post("__proto__", "{}", { "Content-Type": "application/json" });
    expect(proto.status).toBe(404);
  });
});
