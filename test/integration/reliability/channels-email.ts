/** The email channel's case for the reliability tests: its provider webhooks (Postmark for the conversation, all three for forgeries). */
import { env } from "cloudflare:workers";
import { testHmacHex } from "../support";
import type { ChannelCase, Forgery } from "./channels";
import type { Delivery } from "./harness";

const json = { "Content-Type": "application/json" };

const EMAIL_ENV = env as unknown as {
  POSTMARK_INBOUND_AUTH: string;
  SENDGRID_INBOUND_AUTH: string;
  MAILGUN_WEBHOOK_SIGNING_KEY: string;
};
const POSTMARK_AUTH = EMAIL_ENV.POSTMARK_INBOUND_AUTH;

/** A Mailgun inbound post (urlencoded form) whose signature fields are set by the caller. */
function mailgunDelivery(marker: string, sig: { timestamp: string; token: string; signature: string }): Delivery {
  const form = new URLSearchParams({
    ...sig,
    recipient: "support@relaydesk.test",
    sender: `${marker}@customer.test`,
    from: `Lin <${marker}@customer.test>`,
    subject: "Deposit missing",
    "body-plain": `forged ${marker}`,
    "message-headers": JSON.stringify([["Message-Id", `<${marker}.mg@customer.test>`]]),
  });
  return {
    method: "POST",
    path: "/webhooks/email/mailgun",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  };
}

/** Forged Mailgun signatures (HMAC-SHA256 of timestamp + token) and SendGrid credentials. */
async function otherEmailForgeries(marker: string): Promise<Forgery[]> {
  const key = EMAIL_ENV.MAILGUN_WEBHOOK_SIGNING_KEY;
  const now = String(Math.floor(Date.now() / 1000));
  const token = `tok${marker}`.padEnd(50, "0");
  const stale = String(Number(now) - 600);
  const sendgrid = (credentials: string | null): Delivery => {
    const form = new URLSearchParams({
      from: `${marker}@customer.test`,
      to: "support@relaydesk.test",
      text: `forged ${marker}`,
    });
    return {
      method: "POST",
      path: "/webhooks/email/sendgrid",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        ...(credentials === null ? {} : { Authorization: `Basic ${btoa(credentials)}` }),
      },
      body: form.toString(),
    };
  };
  return [
    { what: "Mailgun: no signature", delivery: mailgunDelivery(marker, { timestamp: now, token, signature: "" }) },
    {
      what: "Mailgun: signed with another key",
      delivery: mailgunDelivery(marker, {
        timestamp: now,
        token,
        signature: await testHmacHex(`${key}-other`, now + token),
      }),
    },
    {
      what: "Mailgun: token changed after signing",
      delivery: mailgunDelivery(marker, {
        timestamp: now,
        token: `${token}1`,
        signature: await testHmacHex(key, now + token),
      }),
    },
    {
      what: "Mailgun: correctly signed but 10 minutes old",
      delivery: mailgunDelivery(marker, { timestamp: stale, token, signature: await testHmacHex(key, stale + token) }),
    },
    { what: "SendGrid: no credentials", delivery: sendgrid(null) },
    { what: "SendGrid: wrong password", delivery: sendgrid(`${EMAIL_ENV.SENDGRID_INBOUND_AUTH.split(":")[0]}:wrong`) },
  ];
}

/** A Postmark inbound webhook post (JSON; credentials in the webhook URL arrive as basic auth). */
export function postmarkDelivery(body: string, credentials: string | null = POSTMARK_AUTH): Delivery {
  return {
    method: "POST",
    path: "/webhooks/email/postmark",
    headers: { ...json, ...(credentials === null ? {} : { Authorization: `Basic ${btoa(credentials)}` }) },
    body,
  };
}

/** Postmark's own SPF verdict for the envelope sender (the customer's address: a verified sender). */
export function postmarkSpfPass(from: string) {
  return {
    Name: "Received-SPF",
    Value: `Pass (sender SPF authorized) identity=mailfrom; client-ip=192.0.2.1; envelope-from=${from}; receiver=inbound.postmarkapp.com`,
  };
}

export function postmarkMessage(o: { from: string; messageId: string; text: string; subject?: string }) {
  return {
    FromName: "Pat Mark",
    From: o.from,
    FromFull: { Email: o.from, Name: "Pat Mark" },
    To: "support@relaydesk.test",
    ToFull: [{ Email: "support@relaydesk.test", Name: "", MailboxHash: "" }],
    CcFull: [],
    OriginalRecipient: "support@relaydesk.test",
    Subject: o.subject ?? "Withdrawal stuck",
    MessageID: crypto.randomUUID(),
    Date: new Date().toUTCString(),
    TextBody: o.text,
    HtmlBody: "",
    StrippedTextReply: "",
    Headers: [{ Name: "Message-ID", Value: o.messageId }, postmarkSpfPass(o.from)],
    Attachments: [],
  };
}

/** Email through the Postmark inbound webhook; forgeries cover Mailgun and SendGrid too. */
export const email: ChannelCase = {
  name: "email (Postmark webhook)",
  channel: "email",
  // A second email threads by In-Reply-To on our acknowledgement; built up front, each is its own conversation.
  maxMessagesPerConversation: 1,
  async conversation(marker) {
    const from = `${marker}@customer.test`;
    return [
      postmarkDelivery(
        JSON.stringify(
          postmarkMessage({ from, messageId: `<${marker}@customer.test>`, text: `My withdrawal is stuck ${marker}` }),
        ),
      ),
    ];
  },
  async followUp(marker) {
    // The customer writes again quoting the ticket number in the subject (their mail client lost
    // the thread): from the ticket's own contact, that joins the ticket.
    const row = await env.DB.prepare(
      "SELECT t.number FROM tickets t JOIN messages m ON m.ticket_id = t.id WHERE m.body LIKE ?1 LIMIT 1",
    )
      .bind(`%${marker}%`)
      .first<{ number: number }>();
    return postmarkDelivery(
      JSON.stringify(
        postmarkMessage({
          from: `${marker}@customer.test`,
          messageId: `<${marker}.2@customer.test>`,
          subject: `Re: Withdrawal stuck [RD-${row?.number}]`,
          text: `More details ${marker} part 1`,
        }),
      ),
    );
  },
  async forgeries(marker) {
    const body = JSON.stringify(
      postmarkMessage({
        from: `${marker}@customer.test`,
        messageId: `<${marker}@customer.test>`,
        text: `forged ${marker}`,
      }),
    );
    const [user = "", password = ""] = POSTMARK_AUTH.split(":");
    return [
      { what: "no credentials", delivery: postmarkDelivery(body, null) },
      { what: "wrong password", delivery: postmarkDelivery(body, `${user}:wrong`) },
      { what: "wrong user", delivery: postmarkDelivery(body, `other:${password}`) },
      { what: "password without its last character", delivery: postmarkDelivery(body, POSTMARK_AUTH.slice(0, -1)) },
      { what: "credentials plus a character", delivery: postmarkDelivery(body, `${POSTMARK_AUTH}x`) },
      {
        what: "bearer instead of basic",
        delivery: { ...postmarkDelivery(body, null), headers: { ...json, Authorization: `Bearer ${POSTMARK_AUTH}` } },
      },
      ...(await otherEmailForgeries(marker)),
    ];
  },
};
