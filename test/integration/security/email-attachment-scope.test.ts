/**
 * A Message-ID is the sender's to choose, and so is a file's name. Someone who knows a customer's
 * Message-ID (copied in, or it leaked) and sends their own mail with it and a file of the same name
 * must not replace the customer's stored file (staff would open the attacker's bytes as the
 * customer's), nor, sending first, have the customer's file served as their own through their
 * ticket's link. Each sender's files are their own objects in R2; a sender's redelivery is one.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { receive, staffTicket } from "../channels/email/harness";
import { BOOTSTRAP } from "../support";

const rand = () => crypto.randomUUID().replace(/-/g, "").slice(0, 12);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

const PASS = { dmarc: "pass", spf: "pass", dkim: "pass" } as const;
const FAIL = { dmarc: "fail", spf: "fail", dkim: "none" } as const;

/** A PDF-looking file of random bytes (binary: no text to redact). */
function randomPdf(): Uint8Array {
  const head = new TextEncoder().encode("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  const body = crypto.getRandomValues(new Uint8Array(200 + Math.floor(Math.random() * 600)));
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

function base64Lines(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return (btoa(bin).match(/.{1,76}/g) ?? []).join("\r\n");
}

/** A mail with a text part and one attached file, as raw MIME. */
function mailWithFile(o: { from: string; messageId: string; body: string; filename: string; data: Uint8Array }) {
  const boundary = `b${rand()}`;
  return [
    `From: <${o.from}>`,
    "To: <support@relaydesk.test>",
    "Subject: Deposit missing, statement attached",
    `Message-ID: ${o.messageId}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    o.body,
    `--${boundary}`,
    `Content-Type: application/pdf; name="${o.filename}"`,
    `Content-Disposition: attachment; filename="${o.filename}"`,
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(o.data),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

/** The ticket and attachment of the one inbound email whose body holds `marker`. */
async function storedFile(marker: string) {
  const row = await env.DB.prepare(
    `SELECT m.ticket_id, a.id AS attachment_id, t.access_token FROM messages m
       JOIN attachments a ON a.message_id = m.id JOIN tickets t ON t.id = m.ticket_id
      WHERE m.direction = 'in' AND m.channel = 'email' AND m.body LIKE ?1`,
  )
    .bind(`%${marker}%`)
    .all<{ ticket_id: string; attachment_id: string; access_token: string }>();
  expect(row.results, `one stored file for ${marker}`).toHaveLength(1);
  return row.results[0] as { ticket_id: string; attachment_id: string; access_token: string };
}

async function bytesOf(res: Response): Promise<Uint8Array> {
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

const staffFile = (id: string) =>
  exports.default.fetch(`http://relaydesk.test/api/staff/attachments/${id}`, {
    headers: { Authorization: `Bearer ${BOOTSTRAP}` },
  });
const linkFile = (token: string, id: string) =>
  exports.default.fetch(`http://relaydesk.test/t/${token}/attachments/${id}`);

describe("an email's files under a Message-ID someone else also used", { timeout: 60_000 }, () => {
  for (const order of ["customer first", "attacker first"] as const) {
    it(`keeps each sender's file their own (${order})`, async () => {
      const victim = `v${rand()}@bank-${rand()}.test`;
      const forged = Math.random() < 0.5;
      const attacker = forged ? victim : `a${rand()}@attacker-${rand()}.test`;
      const messageId = pick([
        `<${rand()}@bank.test>`,
        `<CA+${rand()}=x@mail.gmail.com>`,
        `<${rand()}.${rand()}@qq.com>`,
      ]);
      const filename = pick([`statement-${rand()}.pdf`, `${rand()}.pdf`, "scan.pdf"]);
      const real = { marker: `real${rand()}`, data: randomPdf() };
      const fake = { marker: `fake${rand()}`, data: randomPdf() };
      const send = {
        customer: () =>
          receive(
            mailWithFile({ from: victim, messageId, body: `TxID missing ${real.marker}`, filename, data: real.data }),
            { from: victim },
            PASS,
          ),
        attacker: () =>
          receive(
            mailWithFile({ from: attacker, messageId, body: `see file ${fake.marker}`, filename, data: fake.data }),
            { from: attacker },
            forged ? pick([FAIL, null]) : PASS,
          ),
      };
      if (order === "customer first") {
        await send.customer();
        await send.attacker();
      } else {
        await send.attacker();
        await send.customer();
      }
      const mine = await storedFile(real.marker);
      const theirs = await storedFile(fake.marker);
      expect(mine.ticket_id).not.toBe(theirs.ticket_id);

      // Staff open each sender's own bytes; the customer's link serves theirs, the attacker's link theirs.
      expect(await bytesOf(await staffFile(mine.attachment_id))).toEqual(real.data);
      expect(await bytesOf(await staffFile(theirs.attachment_id))).toEqual(fake.data);
      expect(await bytesOf(await linkFile(mine.access_token, mine.attachment_id))).toEqual(real.data);
      expect(await bytesOf(await linkFile(theirs.access_token, theirs.attachment_id))).toEqual(fake.data);
      // Neither link reaches the other's file by its id.
      expect((await linkFile(theirs.access_token, mine.attachment_id)).status).toBe(404);
      expect((await linkFile(mine.access_token, theirs.attachment_id)).status).toBe(404);

      // The customer's redelivery is stored once and still serves their own bytes.
      await send.customer();
      expect((await storedFile(real.marker)).attachment_id).toBe(mine.attachment_id);
      expect(await bytesOf(await staffFile(mine.attachment_id))).toEqual(real.data);
      const { messages } = await staffTicket(mine.ticket_id);
      expect(messages.filter((m) => m.body.includes(real.marker))).toHaveLength(1);
    });
  }
});
