/** Real raw emails through the Worker's email() handler: parsing, storage, attachments, originals, noise. */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { recordSentMessageId } from "../../../../src/store/email-threads";
import {
  bounceTokenSentTo,
  count,
  FIXTURE_OUR_ID,
  FIXTURES,
  headerOf,
  inboundRecord,
  receive,
  SUPPORT,
  staffTicket,
  ticketOf,
  unique,
  variant,
  waitFor,
  waitForMail,
} from "./harness";

const BOOTSTRAP = "test-bootstrap-token";

/** Receives a fixture variant and returns its ticket with messages. */
async function receiveFixture(raw: string, opts: Parameters<typeof variant>[1] = {}) {
  const v = variant(raw, opts);
  const { rejected } = await receive(v.raw, { from: v.from });
  expect(rejected).toEqual([]);
  const ticketId = await ticketOf(v.messageId);
  const view = await staffTicket(ticketId);
  return { ...v, ticketId, ...view, customer: view.messages.find((m) => m.direction === "in") };
}

describe("email(): charsets and encodings are decoded into the stored ticket", () => {
  it("GBK body (base64) and GBK encoded-word subject and name (Foxmail)", async () => {
    const r = await receiveFixture(FIXTURES.gbk);
    expect(r.ticket.channel).toBe("email");
    expect(r.ticket.subject).toBe("提现三小时未到账");
    expect(r.ticket.contact.name).toBe("王小明");
    expect(r.ticket.contact.identities).toContainEqual(
      expect.objectContaining({ channel: "email", externalId: r.from }),
    );
    expect(r.customer?.body).toContain("我的提现三个小时了还没到账");
    expect(r.customer?.body).toContain("请帮忙查一下，谢谢！");
    expect(r.ticket.language).toBe("zh");
  });

  it("Big5 quoted-printable body and Big5 Q-encoded subject", async () => {
    const r = await receiveFixture(FIXTURES.big5);
    expect(r.ticket.subject).toBe("帳戶無法登入");
    expect(r.ticket.contact.name).toBe("陳大文");
    expect(r.customer?.body).toBe("您好：\n我的帳戶無法登入，一直顯示驗證碼錯誤。\n請協助處理，謝謝。");
  });

  it("Latin-1 quoted-printable with soft line breaks", async () => {
    const r = await receiveFixture(FIXTURES.latin1);
    expect(r.ticket.subject).toBe("Dépôt non crédité");
    expect(r.ticket.contact.name).toBe("René Müller");
    expect(r.customer?.body).toContain("from my wallet in Zürich but the déposit never showed up in my account.");
  });

  it("ISO-2022-JP", async () => {
    const r = await receiveFixture(FIXTURES.iso2022jp);
    expect(r.ticket.subject).toBe("出金について");
    expect(r.customer?.body).toBe("出金が反映されません。\n確認をお願いします。");
  });

  it("HTML-only mail becomes readable text (no tags, no CSS, lists and entities kept)", async () => {
    const r = await receiveFixture(FIXTURES.htmlOnly);
    const body = r.customer?.body ?? "";
    expect(body).toContain("My API key stopped working after the upgrade & every call returns 403.");
    expect(body).toContain("- Endpoint: /api/v3/order");
    expect(body).toContain("- UID: 88120044");
    expect(body).not.toMatch(/<|color:red/);
    expect(body.startsWith("Hi team,")).toBe(true);
  });

  it("an inline image and a PDF go to R2 as the message's attachments", async () => {
    const r = await receiveFixture(FIXTURES.inlinePdf);
    expect(r.customer?.attachments.map((a) => [a.filename, a.contentType]).sort()).toEqual([
      ["error.png", "image/png"],
      ["statement.pdf", "application/pdf"],
    ]);
    const rows = await env.DB.prepare("SELECT r2_key, filename FROM attachments WHERE message_id = ?1")
      .bind(r.customer?.id)
      .all<{ r2_key: string; filename: string }>();
    const pdfKey = rows.results.find((a) => a.filename === "statement.pdf")?.r2_key as string;
    const pdf = await env.ATTACHMENTS.get(pdfKey);
    expect(new TextDecoder().decode(await pdf?.arrayBuffer()).startsWith("%PDF-1.4")).toBe(true);
    const png = await env.ATTACHMENTS.get(rows.results.find((a) => a.filename === "error.png")?.r2_key as string);
    expect([...new Uint8Array((await png?.arrayBuffer()) ?? new ArrayBuffer(0)).slice(0, 4)]).toEqual([
      0x89, 0x50, 0x4e, 0x47,
    ]);
  });
});

describe("email(): a new ticket is acknowledged by an email that threads", () => {
  it("the acknowledgement answers the customer's Message-ID, with our plus-address and [RD-n] subject", async () => {
    const r = await receiveFixture(FIXTURES.gbk);
    const mail = await waitForMail(r.from);
    expect(headerOf(mail.mime, "In-Reply-To")).toBe(r.messageId);
    expect(headerOf(mail.mime, "References")).toContain(r.messageId);
    expect(headerOf(mail.mime, "Reply-To")).toMatch(/^<support\+[a-z0-9]{24}@relaydesk\.test>$/);
    expect(headerOf(mail.mime, "Message-ID")).toMatch(/^<rd\.msg_[a-z0-9]+@relaydesk\.test>$/);
    expect(headerOf(mail.mime, "Auto-Submitted")).toBe("auto-replied");
    expect(mail.domain).toBe("relaydesk.test");
    // The subject is an encoded-word: decode it.
    const subject = headerOf(mail.mime, "Subject") ?? "";
    const b64 = /=\?utf-8\?B\?([^?]+)\?=/i.exec(subject)?.[1] ?? "";
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    expect(decoded).toBe(`Re: [${r.ticket.number}] 提现三小时未到账`);
    const ack = await waitFor(async () => {
      const { messages } = await staffTicket(r.ticketId);
      const m = messages.find((x) => x.author === "bot");
      return m?.delivery?.status === "sent" ? m : undefined;
    }, "ack sent");
    expect(ack.delivery?.providerMessageId).toBe(headerOf(mail.mime, "Message-ID"));
  });
});

describe("email(): the full original is kept and viewable by staff", () => {
  it("the stored body has no quoted history, the original download has all of it", async () => {
    // A reply that threads nowhere: a new ticket whose body is stripped.
    const r = await receiveFixture(FIXTURES.gmail, { ourId: `<rd.${unique("x")}@relaydesk.test>` });
    expect(r.customer?.body).toBe("Thanks, here is the screenshot you asked for. The withdrawal is still pending.");
    const res = await exports.default.fetch(
      `http://relaydesk.test/api/staff/email/messages/${r.customer?.id}/original`,
      {
        headers: { Authorization: `Bearer ${BOOTSTRAP}` },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("message/rfc822");
    const original = await res.text();
    expect(original).toContain(`Message-ID: ${r.messageId}`);
    const decoded = await exports.default.fetch(
      `http://relaydesk.test/api/staff/email/messages/${r.customer?.id}/original?view=decoded`,
      { headers: { Authorization: `Bearer ${BOOTSTRAP}` } },
    );
    const { original: full } = (await decoded.json()) as { original: { text: string; subject: string } };
    expect(full.text).toContain("Relaydesk Support <support@relaydesk.test>\nwrote:");
    expect(full.text).toContain("> We received your request.");
    expect(full.text).toContain("Bob Lee\nSent from Gmail");
    const anonymous = await exports.default.fetch(
      `http://relaydesk.test/api/staff/email/messages/${r.customer?.id}/original`,
    );
    expect(anonymous.status).toBe(401);
  });
});

describe("email(): secrets", () => {
  it("a pasted seed phrase is redacted in the message and no copy of the original is kept", async () => {
    const phrase = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    const from = `${unique("seed")}@customer.test`;
    const messageId = `<${unique("seed")}@customer.test>`;
    const raw = [
      `From: Victim <${from}>`,
      "To: support@relaydesk.test",
      "Subject: wallet help",
      `Message-ID: ${messageId}`,
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      btoa(`My seed phrase is ${phrase}, please recover my wallet`),
      "",
    ].join("\r\n");
    await receive(raw, { from });
    const rec = await inboundRecord(messageId);
    expect(rec?.kind).toBe("message");
    expect(rec?.raw_r2_key).toBeNull();
    expect(rec?.detail).toContain("original not kept");
    const { messages } = await staffTicket(rec?.ticket_id as string);
    const body = messages.find((m) => m.direction === "in")?.body ?? "";
    expect(body).not.toContain("abandon abandon");
    expect(body).toContain("please recover my wallet");
    const listed = await env.ATTACHMENTS.list({ prefix: "email/originals/" });
    for (const o of listed.objects) {
      const text = await (await env.ATTACHMENTS.get(o.key))?.text();
      expect(text ?? "").not.toContain(btoa(`My seed phrase is ${phrase}`).slice(0, 40));
    }
  });
});

describe("email(): noise", () => {
  it("an out-of-office reply to an active ticket is stored as an auto-reply and not acknowledged", async () => {
    const first = await receiveFixture(FIXTURES.latin1);
    const ourId = `<rd.${unique("ack")}@relaydesk.test>`;
    const ack = first.messages.find((m) => m.author === "bot");
    await recordSentMessageId(env.DB, {
      messageIdHeader: ourId,
      messageId: ack?.id as string,
      ticketId: first.ticketId,
      recipient: first.from,
      now: new Date().toISOString(),
    });
    const ooo = variant(FIXTURES.ooo, { ourId, from: first.from });
    await receive(ooo.raw, { from: ooo.from });
    const rec = await inboundRecord(ooo.messageId);
    expect(rec?.kind).toBe("auto_reply");
    expect(rec?.ticket_id).toBe(first.ticketId);
    const { messages } = await staffTicket(first.ticketId);
    const stored = messages.find((m) => m.id === rec?.message_id);
    expect(stored?.body).toMatch(/^\[Auto-reply\] 我目前不在办公室/);
    expect(messages.filter((m) => m.author === "bot" && /ticket number is|工单号/.test(m.body))).toHaveLength(1);
    expect(messages.filter((m) => m.author === "bot" && m.replyToMessageId === stored?.id)).toHaveLength(0);
  });

  it("an out-of-office that threads nowhere opens no ticket and sends nothing", async () => {
    const ooo = variant(FIXTURES.ooo, { ourId: `<rd.${unique("n")}@relaydesk.test>` });
    await receive(ooo.raw, { from: ooo.from });
    const rec = await inboundRecord(ooo.messageId);
    expect(rec?.kind).toBe("auto_reply");
    expect(rec?.ticket_id).toBeNull();
    expect(rec?.detail).toContain("auto-replied");
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE provider_message_id = ?1", ooo.messageId)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM channel_identities WHERE external_id = ?1", ooo.from)).toBe(0);
  });

  it("a DSN bounce returning the message's bounce token marks our outbound message failed with the reason", async () => {
    const first = await receiveFixture(FIXTURES.big5);
    const ack = await waitFor(async () => {
      const { messages } = await staffTicket(first.ticketId);
      const m = messages.find((x) => x.author === "bot");
      return m?.delivery?.status === "sent" ? m : undefined;
    }, "ack sent");
    const sentId = ack.delivery?.providerMessageId as string;
    // The report returns our headers, bounce token included (the fixture's are ours without one).
    const token = await bounceTokenSentTo(first.from, sentId);
    const dsn = FIXTURES.dsn
      .split("nobody@gone.test")
      .join(first.from)
      .replace(`Message-ID: ${FIXTURE_OUR_ID}`, `Message-ID: ${FIXTURE_OUR_ID}\r\nX-Relaydesk-Bounce-Token: ${token}`);
    const bounce = variant(dsn, { ourId: sentId, from: "mailer-daemon@mx.relaydesk.test" });
    await receive(bounce.raw, { from: "" });
    const rec = await inboundRecord(bounce.messageId);
    expect(rec?.kind).toBe("bounce");
    const { messages } = await staffTicket(first.ticketId);
    const failed = messages.find((m) => m.id === ack.id);
    expect(failed?.delivery?.status).toBe("failed");
    expect(failed?.delivery?.error).toContain("5.1.1");
    expect(failed?.delivery?.error).toContain("User unknown");
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM tickets WHERE id != ?1 AND conversation_key = ?2",
        first.ticketId,
        `email:${bounce.messageId}`,
      ),
    ).toBe(0);
  });

  it("our own mail coming back is ignored", async () => {
    const v = variant(FIXTURES.htmlOnly, { from: SUPPORT });
    await receive(v.raw, { from: SUPPORT });
    expect((await inboundRecord(v.messageId))?.kind).toBe("own");
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE provider_message_id = ?1", v.messageId)).toBe(0);
  });

  it("a flooding sender is held back after the hourly limit, and the original is kept", async () => {
    const from = `${unique("flood")}@customer.test`;
    const now = new Date().toISOString();
    // 30 earlier emails this hour (the configured limit), recorded as the inbound path records them.
    await env.DB.batch(
      Array.from({ length: 30 }, (_, i) =>
        env.DB.prepare(
          "INSERT INTO email_inbound (message_id_header, kind, source, sender, created_at) VALUES (?1, 'message', 'cloudflare', ?2, ?3)",
        ).bind(`<${unique("old")}-${i}@customer.test>`, from, now),
      ),
    );
    const v = variant(FIXTURES.latin1, { from });
    await receive(v.raw, { from });
    const rec = await inboundRecord(v.messageId);
    expect(rec?.kind).toBe("rate_limited");
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE provider_message_id = ?1", v.messageId)).toBe(0);
    expect(await env.ATTACHMENTS.head(rec?.raw_r2_key as string)).not.toBeNull();
  });

  it("a message without a sender is rejected with a permanent SMTP error", async () => {
    const raw = "To: support@relaydesk.test\r\nSubject: hi\r\nMessage-ID: <nofrom@x.test>\r\n\r\nhello\r\n";
    const { rejected } = await receive(raw, { from: "" });
    expect(rejected[0]).toMatch(/no sender/i);
    expect(await inboundRecord("<nofrom@x.test>")).toBeNull();
  });
});
