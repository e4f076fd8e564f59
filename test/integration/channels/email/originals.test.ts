/**
 * No original that holds a secret anywhere is kept: text part, HTML part (also when the text part
 * is empty or says something else), attachment names, text attachments, headers (Subject, From's
 * display name, any other), nested emails, and the provider's own fields. Fresh BIP-39 phrases
 * (English and Chinese) every run, real MIME through the real doors.
 */

import { env, exports } from "cloudflare:workers";
import { generateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as chinese } from "@scure/bip39/wordlists/simplified-chinese.js";
import { describe, expect, it } from "vitest";
import { BOOTSTRAP } from "../../support";
import { inboundRecord, receive, SUPPORT, staffTicket, ticketOf, unique } from "./harness";

const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
/** An RFC 2047 encoded-word, as mail clients write non-ASCII headers. */
const word = (s: string) => `=?UTF-8?B?${b64(s)}?=`;

function phrases(): Array<{ lang: string; phrase: string }> {
  return [
    { lang: "en", phrase: generateMnemonic(english, 128) },
    { lang: "zh", phrase: generateMnemonic(chinese, 128) },
    { lang: "en24", phrase: generateMnemonic(english, 256) },
  ];
}

/** Email layouts that each hide `phrase` in one place only (never in the text part). */
const LAYOUTS: Array<{ name: string; build: (phrase: string, head: string[]) => string[] }> = [
  {
    name: "attachment name",
    build: (p, head) => [
      ...head,
      'Content-Type: multipart/mixed; boundary="mix"',
      "",
      "--mix",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "See the attached screenshot please.",
      "--mix",
      `Content-Type: image/png; name="${word(`${p}.png`)}"`,
      `Content-Disposition: attachment; filename="${word(`${p}.png`)}"`,
      "Content-Transfer-Encoding: base64",
      "",
      b64("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
      "--mix--",
    ],
  },
  {
    name: "HTML part only (the text part says something else)",
    build: (p, head) => [
      ...head,
      'Content-Type: multipart/alternative; boundary="alt"',
      "",
      "--alt",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Please view this email in HTML.",
      "--alt",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      b64(`<p>My wallet words:</p><div>${p}</div>`),
      "--alt--",
    ],
  },
  {
    name: "text attachment contents",
    build: (p, head) => [
      ...head,
      'Content-Type: multipart/mixed; boundary="mix"',
      "",
      "--mix",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "My notes are attached.",
      "--mix",
      'Content-Type: application/octet-stream; name="notes.dat"',
      'Content-Disposition: attachment; filename="notes.dat"',
      "Content-Transfer-Encoding: base64",
      "",
      b64(`backup:\n${p}\n`),
      "--mix--",
    ],
  },
  {
    name: "Subject header",
    build: (p, head) => [
      ...head.map((h) => (h.startsWith("Subject:") ? `Subject: ${word(`help ${p}`)}` : h)),
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Wallet recovery please.",
    ],
  },
  {
    name: "From display name",
    build: (p, head) => [
      ...head.map((h) => (h.startsWith("From:") ? h.replace(/^From: [^<]*/, `From: ${word(p)} `) : h)),
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Wallet recovery please.",
    ],
  },
  {
    name: "another header",
    build: (p, head) => [...head, `X-Note: ${word(p)}`, "Content-Type: text/plain; charset=utf-8", "", "Hello."],
  },
  {
    name: "an attached email",
    build: (p, head) => [
      ...head,
      'Content-Type: multipart/mixed; boundary="mix"',
      "",
      "--mix",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Forwarding what the fake agent sent me.",
      "--mix",
      "Content-Type: message/rfc822",
      "Content-Disposition: attachment",
      "",
      "From: agent@scam.test",
      "Subject: verify",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      b64(`Reply with: ${p}`),
      "--mix--",
    ],
  },
];

function original(messageId: string, view = "") {
  return exports.default.fetch(`http://relaydesk.test/api/staff/email/messages/${messageId}/original${view}`, {
    headers: { Authorization: `Bearer ${BOOTSTRAP}` },
  });
}

/** Whether any object under email/originals holds the phrase (or a recognizable part of it). */
async function anyOriginalHolds(phrase: string): Promise<boolean> {
  const words = phrase.split(" ").slice(0, 4).join(" ");
  const listed = await env.ATTACHMENTS.list({ prefix: "email/originals/" });
  for (const o of listed.objects) {
    const text = (await (await env.ATTACHMENTS.get(o.key))?.text()) ?? "";
    if (text.includes(words) || text.includes(b64(phrase).slice(0, 24))) return true;
  }
  return false;
}

describe("email(): an original holding a secret in any part is not kept", () => {
  for (const layout of LAYOUTS) {
    it(`${layout.name}: 410 original_withheld, no copy in R2, message flagged`, async () => {
      for (const { phrase } of phrases()) {
        const from = `${unique("sec")}@customer.test`;
        const messageId = `<${unique("sec")}@customer.test>`;
        const head = [
          `From: Chen Jie <${from}>`,
          `To: ${SUPPORT}`,
          "Subject: wallet",
          `Message-ID: ${messageId}`,
          "MIME-Version: 1.0",
        ];
        await receive(layout.build(phrase, head).join("\r\n"), { from });
        const rec = await inboundRecord(messageId);
        expect(rec?.raw_r2_key, layout.name).toBeNull();
        const ticketId = await ticketOf(messageId);
        const { messages, ticket } = await staffTicket(ticketId);
        const msg = messages.find((m) => m.direction === "in");
        for (const w of [
          msg?.body ?? "",
          ticket.subject,
          ticket.contact.name ?? "",
          ...(msg?.attachments ?? []).map((a) => a.filename),
        ]) {
          expect(w).not.toContain(phrase.split(" ").slice(0, 3).join(" "));
        }
        expect((msg as unknown as { redacted: boolean }).redacted).toBe(true);
        for (const view of ["", "?view=decoded"]) {
          const res = await original(msg?.id as string, view);
          expect(res.status).toBe(410);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe("original_withheld");
        }
        expect(await anyOriginalHolds(phrase)).toBe(false);
      }
    });
  }

  it("the same layouts without a secret keep their original (the control)", async () => {
    const from = `${unique("clean")}@customer.test`;
    const messageId = `<${unique("clean")}@customer.test>`;
    const head = [
      `From: Chen Jie <${from}>`,
      `To: ${SUPPORT}`,
      "Subject: wallet",
      `Message-ID: ${messageId}`,
      "MIME-Version: 1.0",
    ];
    await receive(LAYOUTS[1]?.build("nothing secret here at all", head).join("\r\n") ?? "", { from });
    const { messages } = await staffTicket(await ticketOf(messageId));
    const res = await original(messages.find((m) => m.direction === "in")?.id as string);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(messageId);
  });

  it("a secret only in the HTML part of mail whose text part is empty: the stored body is redacted", async () => {
    for (const { phrase } of phrases()) {
      const from = `${unique("html")}@customer.test`;
      const messageId = `<${unique("html")}@customer.test>`;
      const raw = [
        `From: <${from}>`,
        `To: ${SUPPORT}`,
        "Subject: help",
        `Message-ID: ${messageId}`,
        "MIME-Version: 1.0",
        'Content-Type: multipart/alternative; boundary="alt"',
        "",
        "--alt",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "",
        "--alt",
        "Content-Type: text/html; charset=utf-8",
        "",
        `<p>Restore my wallet:</p><ol><li>${phrase}</li></ol><p>thanks</p>`,
        "--alt--",
      ].join("\r\n");
      await receive(raw, { from });
      const { messages } = await staffTicket(await ticketOf(messageId));
      const body = messages.find((m) => m.direction === "in")?.body ?? "";
      expect(body).toContain("[redacted: seed phrase]");
      expect(body).not.toContain(phrase.split(" ").slice(0, 3).join(" "));
      expect(body).toContain("thanks");
    }
  });

  it("Postmark JSON with the phrase only in HtmlBody: no original kept", async () => {
    const { phrase } = phrases()[1] as { phrase: string };
    const from = `${unique("pmh")}@customer.test`;
    const messageId = `<${unique("pmh")}@customer.test>`;
    const res = await exports.default.fetch("http://relaydesk.test/webhooks/email/postmark", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Basic ${btoa("postmark:test-postmark-password")}`,
      },
      body: JSON.stringify({
        FromFull: { Email: from, Name: "Pat" },
        Subject: "hello",
        TextBody: "See HTML",
        HtmlBody: `<b>${phrase}</b>`,
        Headers: [{ Name: "Message-ID", Value: messageId }],
      }),
    });
    expect(res.status).toBe(200);
    expect((await inboundRecord(messageId))?.raw_r2_key).toBeNull();
    expect(await anyOriginalHolds(phrase)).toBe(false);
  });
});
