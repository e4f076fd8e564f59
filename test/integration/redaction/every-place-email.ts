/**
 * Every email input a customer controls (every-place.test.ts): headers (From's name, Subject, Message-IDs),
 * text, HTML and encoded parts, attachments, auto-replies, delivery reports, mail held by the flood limit,
 * and the provider webhooks (Postmark, SendGrid, Mailgun).
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../../src/index";
import { bounceTokenSentTo, customerWithSentAck, receive, routedMessage } from "../channels/email/harness";
import { rand } from "../channels/webform/chat-helpers";
import { testHmacHex } from "../support";
import { type Inputs, json, phraseOf, settled } from "./every-place-requests";
import { pasted } from "./every-place-scan";

/** Quoted-printable of UTF-8 text (soft breaks left out: the lines here are short). */
function qp(text: string): string {
  return text.replace(/[=\u0080-\uffff]/g, (ch) =>
    [...new TextEncoder().encode(ch)].map((b) => `=${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}

function mail(o: { from: string; name: string; subject: string; id: string; extra?: string[]; body: string[] }) {
  return [
    `From: "${o.name}" <${o.from}>`,
    "To: support@relaydesk.test",
    `Subject: ${o.subject}`,
    `Message-ID: ${o.id}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    ...(o.extra ?? []),
    ...o.body,
    "",
  ].join("\r\n");
}

export const emailInputs: Inputs = {
  "email headers, parts and attachment": async (s) => {
    const from = `${rand("m")}@customer.test`;
    const body = [
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      qp(pasted(s)),
      "--b1",
      "Content-Type: text/html; charset=utf-8",
      "",
      `<p>${pasted(s).replace(/\n/g, "<br>")}</p>`,
      "--b1",
      `Content-Type: text/plain; name="${s.words.join("_")}.txt"`,
      `Content-Disposition: attachment; filename="${s.words.join("_")}.txt"`,
      "Content-Transfer-Encoding: base64",
      "",
      btoa(pasted(s)),
      "--b1--",
    ];
    const subject = `password: ${s.password}`;
    await receive(mail({ from, name: phraseOf(s), subject, id: `<${rand("e")}@customer.test>`, body }), { from });
  },
  "email message ids": async (s) => {
    const from = `${rand("m")}@customer.test`;
    const id = `<${s.words.join(".")}@customer.test>`;
    const extra = [`In-Reply-To: <${s.words.join("-")}@customer.test>`, `References: <${s.words.join("_")}@x.test>`];
    const body = ["Content-Type: text/plain; charset=utf-8", "", "Where is my deposit?"];
    await receive(mail({ from, name: "Kim", subject: "Deposit", id, extra, body }), { from });
  },
  "email held back by the flood limit": async (s) => {
    const from = `${rand("m")}@customer.test`;
    const plain = (subject: string, text: string) =>
      mail({ from, name: "Kim", subject, id: `<${rand("e")}@customer.test>`, body: ["", text] });
    // No verdict (an unproven sender): over a limit of one an hour, the second is held, its preview noted on
    // the sender's active ticket (a proven sender's would join that ticket instead).
    await receive(plain("Deposit", "Where is my deposit?"), { from }, null);
    const held = plain(`password: ${s.password}`, pasted(s));
    const ctx = createExecutionContext();
    await worker.email?.(routedMessage(held, { from }).message, { ...env, EMAIL_RATE_LIMIT_PER_HOUR: "1" }, ctx);
    await waitOnExecutionContext(ctx);
    const { results } = await env.DB.prepare(
      "SELECT ticket_id FROM email_inbound WHERE sender = ?1 AND kind = 'rate_limited' AND ticket_id IS NOT NULL",
    )
      .bind(from)
      .all();
    expect(results.length).toBe(1);
  },
  "email provider webhooks (SendGrid, Mailgun)": async (s) => {
    const e = env as unknown as Record<string, string>;
    const from = `${rand("m")}@customer.test`;
    const fields = {
      from: `"${phraseOf(s)}" <${from}>`,
      to: "support@relaydesk.test",
      subject: `password: ${s.password}`,
      text: pasted(s),
      html: `<p>${pasted(s)}</p>`,
      headers: `Message-ID: <${rand("sg")}@customer.test>\nSubject: ${phraseOf(s)}`,
      envelope: JSON.stringify({ to: ["support@relaydesk.test"], from }),
    };
    const sendgrid = new FormData();
    for (const [k, v] of Object.entries(fields)) sendgrid.append(k, v);
    const basic = `Basic ${btoa(e.SENDGRID_INBOUND_AUTH as string)}`;
    const sg = await settled("/webhooks/email/sendgrid", {
      method: "POST",
      headers: { Authorization: basic },
      body: sendgrid,
    });
    expect(sg.status).toBeLessThan(300);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const token = rand("t").padEnd(50, "0");
    const mailgun = new URLSearchParams({
      timestamp,
      token,
      signature: await testHmacHex(e.MAILGUN_WEBHOOK_SIGNING_KEY as string, timestamp + token),
      recipient: "support@relaydesk.test",
      sender: from,
      from: `${phraseOf(s)} <${from}>`,
      subject: `password: ${s.password}`,
      "body-plain": pasted(s),
      "stripped-text": pasted(s),
      "message-headers": JSON.stringify([["Message-Id", `<${rand("mg")}@customer.test>`]]),
    });
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const mg = await settled("/webhooks/email/mailgun", { method: "POST", headers: form, body: mailgun.toString() });
    expect(mg.status).toBeLessThan(300);
  },
  "email auto-reply": async (s) => {
    const from = `${rand("m")}@customer.test`;
    const body = ["Content-Type: text/plain; charset=utf-8", "", `I am away.\n${pasted(s)}`];
    const extra = [`Auto-Submitted: auto-replied (${phraseOf(s)})`];
    const id = `<${rand("e")}@customer.test>`;
    await receive(mail({ from, name: phraseOf(s), subject: `Auto: ${phraseOf(s)}`, id, extra, body }), { from });
    const other = `${rand("m")}@customer.test`;
    const xAuto = [`X-Autoreply: ${phraseOf(s)}`];
    const id2 = `<${rand("e")}@customer.test>`;
    await receive(mail({ from: other, name: "Kim", subject: "Away", id: id2, extra: xAuto, body }), { from: other });
  },
  "email proven delivery report": async (s) => {
    // Our acknowledgement to the customer bounces, and their server's wording holds the secret.
    const address = `${rand("b")}@customer.test`;
    const sent = await customerWithSentAck(address, "Deposit");
    const token = await bounceTokenSentTo(address, sent.ackHeader);
    const wording = `${phraseOf(s)} password: ${s.password}`;
    const raw = [
      'Content-Type: multipart/report; report-type="delivery-status"; boundary="r2"',
      "MIME-Version: 1.0",
      `From: MAILER-DAEMON <mailer-daemon@mx.${rand("d")}.test>`,
      "To: support@relaydesk.test",
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: <${rand("dsn")}@mx.customer.test>`,
      "Auto-Submitted: auto-replied",
      "",
      "--r2",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      `Your message could not be delivered. ${wording}`,
      "--r2",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.customer.test",
      "",
      `Final-Recipient: rfc822; ${address}`,
      "Action: failed",
      "Status: 5.1.1",
      `Diagnostic-Code: smtp; 550 5.1.1 ${wording}`,
      "--r2",
      "Content-Type: text/rfc822-headers",
      "",
      "From: Support <support@relaydesk.test>",
      `To: <${address}>`,
      `Message-ID: ${sent.ackHeader}`,
      `X-Relaydesk-Bounce-Token: ${token}`,
      "--r2--",
      "",
    ].join("\r\n");
    await receive(raw, { from: "" });
    const failed = await env.DB.prepare("SELECT delivery_status FROM messages WHERE id = ?1")
      .bind(sent.ackId)
      .first<{ delivery_status: string }>();
    expect(failed?.delivery_status).toBe("failed");
  },
  "Mailgun permanent-failure event": async (s) => {
    const address = `${rand("f")}@customer.test`;
    const sent = await customerWithSentAck(address, "Deposit");
    const timestamp = String(Math.floor(Date.now() / 1000));
    const token = rand("t").padEnd(50, "0");
    const key = (env as unknown as Record<string, string>).MAILGUN_WEBHOOK_SIGNING_KEY as string;
    const data = {
      event: "failed",
      severity: "permanent",
      reason: "bounce",
      recipient: address,
      id: rand("ev"),
      timestamp: Date.now() / 1000,
      message: { headers: { "message-id": sent.ackHeader.replace(/^<|>$/g, ""), to: address } },
      "delivery-status": { code: 550, description: `${phraseOf(s)} password: ${s.password}` },
    };
    const signature = { timestamp, token, signature: await testHmacHex(key, timestamp + token) };
    const res = await json("/webhooks/email/mailgun/events", { signature, "event-data": data });
    expect(((await res.json()) as { marked?: boolean }).marked).toBe(true);
  },
  "email unproven delivery report": async (s) => {
    const from = `mailer-daemon@${rand("d")}.test`;
    const body = [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r1"',
      "",
      "--r1",
      "Content-Type: text/plain",
      "",
      `Delivery failed: ${pasted(s)}`,
      "--r1",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.customer.test",
      "",
      "Final-Recipient: rfc822; someone@customer.test",
      "Action: failed",
      "Status: 5.1.1",
      `Diagnostic-Code: smtp; 550 ${phraseOf(s)}`,
      "--r1",
      "Content-Type: text/rfc822-headers",
      "",
      `Subject: ${phraseOf(s)}`,
      `Message-ID: <rd.msg_${rand()}@relaydesk.test>`,
      "--r1--",
    ];
    const id = `<${rand("e")}@customer.test>`;
    await receive(mail({ from, name: "Mail Delivery System", subject: "Undelivered Mail", id, body }), { from });
  },
  "email provider webhook (Postmark)": async (s) => {
    const from = `${rand("m")}@customer.test`;
    const auth = (env as unknown as { POSTMARK_INBOUND_AUTH: string }).POSTMARK_INBOUND_AUTH;
    const message = {
      FromName: phraseOf(s),
      From: from,
      FromFull: { Email: from, Name: phraseOf(s) },
      To: "support@relaydesk.test",
      Subject: `password: ${s.password}`,
      MessageID: crypto.randomUUID(),
      Date: new Date().toUTCString(),
      TextBody: pasted(s),
      HtmlBody: `<p>${pasted(s)}</p>`,
      StrippedTextReply: pasted(s),
      Headers: [{ Name: "Message-ID", Value: `<${rand("pm")}@customer.test>` }],
      Attachments: [
        { Name: `${s.words.join("_")}.txt`, Content: btoa(pasted(s)), ContentType: "text/plain", ContentLength: 9 },
      ],
    };
    const headers = { Authorization: `Basic ${btoa(auth)}` };
    expect((await json("/webhooks/email/postmark", message, headers)).status).toBeLessThan(300);
    expect(
      (await json("/webhooks/email/postmark", `{"TextBody": ${JSON.stringify(pasted(s))}`, headers)).status,
    ).toBeGreaterThanOrEqual(400);
  },
};
