/**
 * Who really sent an email, through every real door: forged mail "from" a customer (SPF/DKIM/DMARC
 * failing, or no verdict at all) never reaches their ticket by `[RD-n]`, never fills their flood
 * bucket, and opens its own ticket marked unverified; held mail of a customer with an active
 * ticket shows on that ticket; a Mailgun signature is accepted once.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { testHmacHex } from "../../support";
import {
  type AuthSpec,
  count,
  inboundRecord,
  receive,
  SUPPORT,
  staffTicket,
  ticketOf,
  unique,
  waitFor,
} from "./harness";

const SIGNING_KEY = "test-mailgun-signing-key";

function post(provider: string, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`http://relaydesk.test/webhooks/email/${provider}`, { method: "POST", headers, body });
}

function rawMail(o: { from: string; messageId: string; subject: string; text: string; extraHeaders?: string[] }) {
  return [
    `From: Lin Wei <${o.from}>`,
    `To: ${SUPPORT}`,
    `Subject: ${o.subject}`,
    `Message-ID: ${o.messageId}`,
    `Date: ${new Date().toUTCString()}`,
    ...(o.extraHeaders ?? []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    o.text,
    "",
  ].join("\r\n");
}

/** A customer with an email ticket (opened with passing verdicts, unless `auth` says otherwise). */
async function customerTicket(auth?: AuthSpec | null) {
  const from = `${unique("cust")}@bank-customer.test`;
  const messageId = `<${unique("open")}@bank-customer.test>`;
  await receive(
    rawMail({ from, messageId, subject: "Withdrawal stuck", text: "My withdrawal is stuck." }),
    { from },
    auth,
  );
  const ticketId = await ticketOf(messageId);
  const { ticket } = await staffTicket(ticketId);
  return { from, ticketId, number: ticket.number };
}

async function inbound(ticketId: string) {
  return (await staffTicket(ticketId)).messages.filter((m) => m.direction === "in");
}

/** Forged-verdict layouts a spoofer's mail arrives with through Email Routing. */
const FORGED: Array<{ what: string; auth: AuthSpec | null; extra?: (from: string) => string[] }> = [
  { what: "DMARC, SPF and DKIM fail", auth: { dmarc: "fail", spf: "fail", dkim: "fail" } },
  { what: "SPF softfail, no DKIM, no DMARC record", auth: { spf: "softfail" } },
  {
    what: "SPF passes for the spoofer's own envelope domain, DKIM by the spoofer's domain",
    auth: { spf: "pass", dkim: "pass", mailfrom: "bounce@spoofer.test", dkimDomain: "spoofer.test" },
  },
  { what: "no verdict at all", auth: null },
  {
    what: "DMARC fails, and the spoofer adds its own passing Authentication-Results below",
    auth: { dmarc: "fail", spf: "fail" },
    extra: (from) => [
      `Authentication-Results: mx.cloudflare.net; dmarc=pass header.from=${from.split("@")[1]}; spf=pass smtp.mailfrom=${from}; dkim=pass header.d=${from.split("@")[1]}`,
    ],
  },
];

describe("email(): forged mail from a customer's address", () => {
  it.each(FORGED)("$what: quoting [RD-n] opens its own unverified ticket", async ({ auth, extra }) => {
    const victim = await customerTicket();
    const messageId = `<${unique("forged")}@spoofer.test>`;
    const marker = unique("fx");
    const raw = rawMail({
      from: victim.from,
      messageId,
      subject: `Re: [${victim.number}] Withdrawal stuck`,
      text: `Please send the funds to my new address ${marker}`,
      extraHeaders: extra?.(victim.from),
    });
    await receive(raw, { from: "bounce@spoofer.test" }, auth);
    expect(await inbound(victim.ticketId)).toHaveLength(1);
    const forgedTicket = await ticketOf(messageId);
    expect(forgedTicket).not.toBe(victim.ticketId);
    const { ticket, messages } = await staffTicket(forgedTicket);
    expect((ticket as unknown as { metadata: Record<string, string> }).metadata.emailSender).toBe("unverified");
    // A failing verdict is also flagged as such (channels/email/apart.ts); no verdict is only unverified.
    const failing = Object.values(auth ?? {}).some((v) => v === "fail" || v === "softfail");
    expect(messages.find((m) => m.direction === "in")?.body).toMatch(
      failing
        ? /^\[Unverified sender\] \[Failed authentication: claims to be [^\]]+\] Please send/
        : /^\[Unverified sender\] Please send/,
    );
    // Its own contact: the victim's contact and identity are untouched. A failing verdict is kept apart from the
    // address's unproven ("none") mail too: its own identity, flood bucket and dedupe (sender_verified -1).
    expect(ticket.contact.identities.map((i) => i.externalId)).toEqual([
      `${failing ? "failed" : "unverified"}:${victim.from}`,
    ]);
    const victimView = await staffTicket(victim.ticketId);
    expect(victimView.ticket.contact.identities.map((i) => i.externalId)).toEqual([victim.from]);
    expect(victimView.ticket.contact.name).toBe("Lin Wei");
    expect((await inboundRecord(messageId)) as unknown as { sender_verified: number }).toMatchObject({
      sender_verified: failing ? -1 : 0,
    });
  });

  it("the same mail with passing verdicts joins the ticket by [RD-n] (the control)", async () => {
    const c = await customerTicket();
    const messageId = `<${unique("real")}@bank-customer.test>`;
    const raw = rawMail({ from: c.from, messageId, subject: `Re: [${c.number}] Withdrawal stuck`, text: "Any news?" });
    await receive(raw, { from: c.from });
    expect(await ticketOf(messageId)).toBe(c.ticketId);
  });

  it("a DMARC pass for a subdomain of the From domain is aligned; one for another domain is not", async () => {
    const c = await customerTicket();
    const sub = `<${unique("sub")}@bank-customer.test>`;
    await receive(
      rawMail({ from: c.from, messageId: sub, subject: `[${c.number}] more`, text: "more" }),
      { from: c.from },
      {
        dkim: "pass",
        dkimDomain: "mail.bank-customer.test",
      },
    );
    expect(await ticketOf(sub)).toBe(c.ticketId);
    const other = `<${unique("oth")}@bank-customer.test>`;
    await receive(
      rawMail({ from: c.from, messageId: other, subject: `[${c.number}] more`, text: "x" }),
      { from: c.from },
      {
        dkim: "pass",
        dkimDomain: "customer.test.evil.test",
      },
    );
    expect(await ticketOf(other)).not.toBe(c.ticketId);
  });
});

describe("email(): the flood limit counts per verified sender", () => {
  /** Records `n` earlier emails of `sender` this hour in one bucket (1 proven, 0 no verdict, -1 failed), as the inbound path records them. */
  async function flood(sender: string, verified: boolean | -1, n = 30) {
    const now = new Date().toISOString();
    await env.DB.batch(
      Array.from({ length: n }, (_, i) =>
        env.DB.prepare(
          `INSERT INTO email_inbound (message_id_header, kind, source, sender, created_at, sender_verified)
           VALUES (?1, 'message', 'cloudflare', ?2, ?3, ?4)`,
        ).bind(`<${unique("fl")}-${i}@x.test>`, sender, now, verified === -1 ? -1 : verified ? 1 : 0),
      ),
    );
  }

  it("forged mail filling the unverified bucket does not silence the customer's real mail", async () => {
    const from = `${unique("quiet")}@bank-customer.test`;
    await flood(from, -1);
    const forged = `<${unique("f")}@spoofer.test>`;
    await receive(rawMail({ from, messageId: forged, subject: "spam", text: "spam" }), { from }, { dmarc: "fail" });
    expect((await inboundRecord(forged))?.kind).toBe("rate_limited");
    const real = `<${unique("r")}@bank-customer.test>`;
    await receive(rawMail({ from, messageId: real, subject: "KYC rejected", text: "Why?" }), { from });
    expect((await inboundRecord(real))?.kind).toBe("message");
    expect((await inbound(await ticketOf(real)))[0]?.body).toBe("Why?");
  });

  it("over the limit, a customer's mail joins their active ticket; a forged one is held, never a note there", async () => {
    const c = await customerTicket();
    await flood(c.from, true);
    await flood(c.from, -1);
    const real = `<${unique("held")}@bank-customer.test>`;
    const marker = unique("mk");
    await receive(rawMail({ from: c.from, messageId: real, subject: "New topic", text: `Also ${marker}` }), {
      from: c.from,
    });
    expect(await ticketOf(real)).toBe(c.ticketId);
    expect((await inbound(c.ticketId)).map((m) => m.body)).toContain(`Also ${marker}`);

    const forged = `<${unique("heldf")}@spoofer.test>`;
    await receive(
      rawMail({ from: c.from, messageId: forged, subject: "Hi", text: `Forged ${marker}` }),
      { from: c.from },
      {
        dmarc: "fail",
      },
    );
    const record = await inboundRecord(forged);
    expect(record?.kind).toBe("rate_limited");
    // Failing mail is a customer apart (its own `failed:` contact, with no active ticket here): the forger's words
    // never reach the customer's ticket, not even as a staff note (security/held-mail-notes).
    expect(record?.ticket_id).toBeNull();
    const { messages } = await staffTicket(c.ticketId);
    expect(messages.some((m) => m.body.includes(forged) || m.body.includes(`Forged ${marker}`))).toBe(false);
  });

  it("a flooding sender without an active ticket is still held (no ticket)", async () => {
    const from = `${unique("noact")}@bank-customer.test`;
    await flood(from, true);
    const id = `<${unique("h")}@bank-customer.test>`;
    await receive(rawMail({ from, messageId: id, subject: "x", text: "x" }), { from });
    expect((await inboundRecord(id))?.kind).toBe("rate_limited");
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE provider_message_id = ?1", id)).toBe(0);
  });
});

async function mailgunSignature() {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = unique("tok").padEnd(50, "0");
  return { timestamp, token, signature: await testHmacHex(SIGNING_KEY, timestamp + token) };
}

function mailgunForm(
  sig: Record<string, string>,
  o: {
    from: string;
    messageId: string;
    subject: string;
    spf: string;
    dkim: string;
    sflag?: string;
    dkimDomain?: string;
  },
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(sig)) form.append(k, v);
  const headers: Array<[string, string]> = [
    ["X-Mailgun-Sflag", o.sflag ?? "No"],
    ["X-Mailgun-Spf", o.spf],
    ["X-Mailgun-Dkim-Check-Result", o.dkim],
    ["Message-Id", o.messageId],
    ["DKIM-Signature", `v=1; a=rsa-sha256; d=${o.dkimDomain ?? o.from.split("@")[1]}; s=s1; b=x`],
    ["From", `Lin Wei <${o.from}>`],
    ["Subject", o.subject],
  ];
  form.append("recipient", SUPPORT);
  form.append("sender", o.from);
  form.append("from", `Lin Wei <${o.from}>`);
  form.append("subject", o.subject);
  form.append("body-plain", "Mailgun mail");
  form.append("message-headers", JSON.stringify(headers));
  return form;
}

describe("Mailgun: verdicts and replays", () => {
  it.each([
    { what: "SPF fail, DKIM fail", spf: "Fail", dkim: "Fail" },
    { what: "spam-flagged", spf: "Pass", dkim: "Pass", sflag: "Yes" },
    { what: "DKIM pass by another domain, SPF softfail", spf: "SoftFail", dkim: "Pass", dkimDomain: "spoofer.test" },
  ])("$what: [RD-n] does not reach the customer's ticket", async (v) => {
    const c = await customerTicket();
    const messageId = `<${unique("mgf")}@spoofer.test>`;
    const res = await post(
      "mailgun",
      mailgunForm(await mailgunSignature(), { ...v, from: c.from, messageId, subject: `Re: [${c.number}] x` }),
    );
    expect(res.status).toBe(200);
    expect(await ticketOf(messageId)).not.toBe(c.ticketId);
    expect(await inbound(c.ticketId)).toHaveLength(1);
  });

  it("passing verdicts join by [RD-n]; the same signature again is refused (409) and writes nothing", async () => {
    const c = await customerTicket();
    const sig = await mailgunSignature();
    const messageId = `<${unique("mgp")}@bank-customer.test>`;
    const form = () =>
      mailgunForm(sig, { from: c.from, messageId, subject: `Re: [${c.number}] x`, spf: "Pass", dkim: "Pass" });
    expect((await post("mailgun", form())).status).toBe(200);
    expect(await ticketOf(messageId)).toBe(c.ticketId);
    // A replay with another body (the signature does not cover it) and a fresh Message-ID.
    const replayId = `<${unique("replay")}@bank-customer.test>`;
    const replay = mailgunForm(sig, { from: c.from, messageId: replayId, subject: "x", spf: "Pass", dkim: "Pass" });
    const res = await post("mailgun", replay);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("replayed");
    expect(await inboundRecord(replayId)).toBeNull();
    expect((await post("mailgun", form())).status).toBe(409);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE provider_message_id = ?1", messageId)).toBe(1);
  });
});

describe("Postmark and SendGrid: verdicts", () => {
  function postmark(o: { from: string; messageId: string; subject: string; spf: string; spam?: string }) {
    return JSON.stringify({
      From: o.from,
      FromFull: { Email: o.from, Name: "Lin Wei" },
      ToFull: [{ Email: SUPPORT, Name: "", MailboxHash: "" }],
      OriginalRecipient: SUPPORT,
      Subject: o.subject,
      TextBody: "Postmark mail",
      Headers: [
        {
          Name: "Received-SPF",
          Value: `${o.spf} (sender SPF) identity=mailfrom; envelope-from=${o.from}; receiver=inbound.postmarkapp.com`,
        },
        { Name: "X-Spam-Status", Value: o.spam ?? "No" },
        { Name: "Message-ID", Value: o.messageId },
      ],
    });
  }
  const pmAuth = {
    "Content-Type": "application/json",
    Authorization: `Basic ${btoa("postmark:test-postmark-password")}`,
  };

  it("Postmark: SPF fail or spam does not reach the ticket by [RD-n]; SPF pass does", async () => {
    const c = await customerTicket();
    for (const bad of [{ spf: "Fail" }, { spf: "Pass", spam: "Yes" }, { spf: "SoftFail" }]) {
      const messageId = `<${unique("pmf")}@spoofer.test>`;
      const res = await post(
        "postmark",
        postmark({ ...bad, from: c.from, messageId, subject: `[${c.number}] x` }),
        pmAuth,
      );
      expect(res.status).toBe(200);
      expect(await ticketOf(messageId)).not.toBe(c.ticketId);
    }
    const good = `<${unique("pmp")}@bank-customer.test>`;
    await post(
      "postmark",
      postmark({ spf: "Pass", from: c.from, messageId: good, subject: `[${c.number}] x` }),
      pmAuth,
    );
    expect(await ticketOf(good)).toBe(c.ticketId);
  });

  it("SendGrid: SPF/dkim fields failing do not reach the ticket by [RD-n]; passing ones do", async () => {
    const c = await customerTicket();
    const sendgrid = (messageId: string, spf: string, dkim: string) => {
      const form = new FormData();
      form.append("headers", `Message-ID: ${messageId}\nFrom: Lin Wei <${c.from}>\nSubject: [${c.number}] x\n`);
      form.append("from", `Lin Wei <${c.from}>`);
      form.append("to", SUPPORT);
      form.append("subject", `[${c.number}] x`);
      form.append("text", "SendGrid mail");
      form.append("envelope", JSON.stringify({ to: [SUPPORT], from: c.from }));
      form.append("SPF", spf);
      form.append("dkim", dkim);
      return post("sendgrid", form, { Authorization: `Basic ${btoa("sendgrid:test-sendgrid-password")}` });
    };
    const domain = c.from.split("@")[1];
    for (const [spf, dkim] of [
      ["fail", "{@spoofer.test : pass}"],
      ["softfail", `{@${domain} : fail}`],
      ["none", "none"],
    ]) {
      const id = `<${unique("sgf")}@spoofer.test>`;
      expect((await sendgrid(id, spf as string, dkim as string)).status).toBe(200);
      expect(await ticketOf(id)).not.toBe(c.ticketId);
    }
    const good = `<${unique("sgp")}@bank-customer.test>`;
    await sendgrid(good, "fail", `{@${domain} : pass}`);
    expect(await ticketOf(good)).toBe(c.ticketId);
  });
});

describe("threading by a secret the sender had to know", () => {
  it("a reply with no verdict carrying our plus-address joins a ticket opened without one, marked unverified", async () => {
    // The customer's domain never authenticates (apart.ts): after a passing history it would be kept apart.
    const c = await customerTicket(null);
    // The token exists once our acknowledgement went out (it carries it in Reply-To).
    const token = await waitFor(
      async () =>
        (await env.DB.prepare("SELECT reply_token FROM email_threads WHERE ticket_id = ?1")
          .bind(c.ticketId)
          .first<{ reply_token: string }>()) ?? undefined,
      "the reply token",
    );
    const plus = `support+${token.reply_token}@relaydesk.test`;
    const messageId = `<${unique("plus")}@bank-customer.test>`;
    const raw = rawMail({ from: c.from, messageId, subject: "Re: hello", text: "From my phone" }).replace(
      `To: ${SUPPORT}`,
      `To: ${plus}`,
    );
    await receive(raw, { from: c.from, to: plus }, null);
    expect(await ticketOf(messageId)).toBe(c.ticketId);
    expect((await inbound(c.ticketId)).at(-1)?.body).toBe("[Unverified sender] From my phone");
  });
});
