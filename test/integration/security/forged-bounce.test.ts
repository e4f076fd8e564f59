/**
 * A forged delivery report (DSN). Our reply's Message-ID is no secret: the customer's own replies
 * carry it in In-Reply-To/References to everyone they Cc or forward to. Whoever learned it must not
 * be able to mark the customer's reply failed, nor put their wording in front of staff. Only a report
 * returning the reply's bounce token (`X-Relaydesk-Bounce-Token: <message id>.<mac>`, mac over the
 * message and its recipient) proves anything, and only for the recipient the mac was made for.
 * `ATTACK_SEED=<seed>` replays a run.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bounceTokenSentTo, customerWithSentAck, receive, staffTicket, unique } from "../channels/email/harness";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("forged-bounce");
const SUPPORT = "support@relaydesk.test";
/** A customer with a ticket and our acknowledgement, sent: its message id, Message-ID, token and address. */
async function customerWithAck() {
  const address = `${rnd.word(8)}@${rnd.word(6)}.test`;
  const sent = await customerWithSentAck(address, `Deposit ${rnd.word(5)}`);
  return { address, ...sent, token: await bounceTokenSentTo(address, sent.ackHeader) };
}

/** A DSN (RFC 3464) about `about`, for `finalRecipient`, with the forger's wording in the diagnostic. */
function dsn(o: {
  about: string;
  finalRecipient: string;
  wording: string;
  threadIds: boolean;
  /** Header lines added to the returned copy of our headers (a bounce token). */
  returned: string[];
}) {
  const messageId = `<${unique("dsn")}@mx.${rnd.word(6)}.test>`;
  const boundary = `b${rnd.word(16)}`;
  const raw = [
    `Content-Type: multipart/report; report-type="delivery-status"; boundary="${boundary}"`,
    "MIME-Version: 1.0",
    `From: ${rnd.pick(["MAILER-DAEMON", "postmaster", "Mail Delivery Subsystem"])} <mailer-daemon@mx.${rnd.word(5)}.test>`,
    `To: ${SUPPORT}`,
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: ${messageId}`,
    ...(o.threadIds ? [`In-Reply-To: ${o.about}`, `References: ${o.about}`] : []),
    "Auto-Submitted: auto-replied",
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    `Your message could not be delivered. ${o.wording}`,
    "",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    `Reporting-MTA: dns; mx.${rnd.word(5)}.test`,
    "",
    `Final-Recipient: rfc822; ${o.finalRecipient}`,
    "Action: failed",
    "Status: 5.1.1",
    `Diagnostic-Code: smtp; 550 5.1.1 ${o.wording}`,
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    `From: Support <${SUPPORT}>`,
    `To: <${o.finalRecipient}>`,
    `Message-ID: ${o.about}`,
    ...o.returned,
    "",
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return { raw, messageId };
}

async function deliveryOfAck(c: { ticketId: string; ackId: string }) {
  return (await staffTicket(c.ticketId)).messages.find((m) => m.id === c.ackId)?.delivery;
}

describe("a forged bounce report", { timeout: 90_000 }, () => {
  it("never marks a customer's reply failed nor shows its wording; a report to the reply's bounce address does", async () => {
    const victim = await customerWithAck();
    const attacker = await customerWithAck();
    // The attacker has their own acknowledgement's raw headers: a valid token, of their own message.
    const [attackerMessage, attackerMac] = attacker.token.split(".") as [string, string];
    const hex = (n: number) => Array.from({ length: n }, () => rnd.pick([..."0123456789abcdef"])).join("");
    const header = (value: string) =>
      `${rnd.pick(["X-Relaydesk-Bounce-Token", "x-relaydesk-bounce-token", "X-RELAYDESK-BOUNCE-TOKEN"])}: ${value}`;
    // Another message id: the attacker's own with its last character changed (never to itself).
    const otherLast = rnd.pick(
      [..."abcdefghijklmnopqrstuvwxyz0123456789"].filter((ch) => ch !== attackerMessage.at(-1)),
    );
    const otherMessage = `${attackerMessage.slice(0, -1)}${otherLast}`;
    const forgeries: Array<{ name: string; returned: string[]; finalRecipient: string }> = [
      { name: "no token, naming the Message-ID", returned: [], finalRecipient: victim.address },
      {
        name: "a made-up mac",
        returned: [header(`${victim.ackId}.${hex(20)}`)],
        finalRecipient: victim.address,
      },
      {
        name: "the mac of the attacker's own message",
        returned: [header(`${victim.ackId}.${attackerMac}`)],
        finalRecipient: victim.address,
      },
      {
        name: "the attacker's own valid token, for the victim's recipient",
        returned: [header(attacker.token)],
        finalRecipient: victim.address,
      },
      {
        name: "the victim's token (leaked raw headers), for another recipient",
        returned: [header(victim.token)],
        finalRecipient: `${rnd.word(7)}@${rnd.word(5)}.test`,
      },
      {
        name: "a token of another message id with the attacker's mac",
        returned: [header(`${otherMessage}.${attackerMac}`)],
        finalRecipient: attacker.address,
      },
    ];
    const wordings: string[] = [];
    for (const f of forgeries) {
      const wording = `Account ${rnd.word(10)} suspended, verify at https://evil-${rnd.word(8)}.test`;
      wordings.push(wording);
      const { raw, messageId } = dsn({
        about: victim.ackHeader,
        finalRecipient: rnd.next() < 0.5 ? f.finalRecipient : f.finalRecipient.toUpperCase(),
        wording,
        threadIds: rnd.next() < 0.5,
        returned: f.returned,
      });
      await receive(raw, { from: "" });
      const rec = await env.DB.prepare("SELECT kind, ticket_id, detail FROM email_inbound WHERE message_id_header = ?1")
        .bind(messageId)
        .first<{ kind: string; ticket_id: string | null; detail: string | null }>();
      expect(rec?.kind, f.name).toBe("bounce");
      expect(rec?.ticket_id, f.name).toBeNull();
      expect(rec?.detail ?? "", f.name).not.toContain(wording);
      for (const c of [victim, attacker]) {
        const delivery = await deliveryOfAck(c);
        expect(delivery?.status, f.name).toBe("sent");
        expect(delivery?.error ?? "", f.name).toBe("");
      }
    }
    // Nothing of the forgers' wording reached any ticket.
    for (const w of wordings) {
      const token = w.split(" ")[1] as string;
      const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE body LIKE ?1 OR delivery_error LIKE ?1")
        .bind(`%${token}%`)
        .first<{ n: number }>();
      expect(n?.n, w).toBe(0);
    }

    // The real report: it returns our headers with the victim's token, for the victim's address.
    const real = `mailbox ${rnd.word(8)} is full`;
    const genuine = dsn({
      about: victim.ackHeader,
      finalRecipient: victim.address,
      wording: real,
      threadIds: false,
      returned: [header(victim.token)],
    });
    await receive(genuine.raw, { from: "" });
    const after = await deliveryOfAck(victim);
    expect(after?.status).toBe("failed");
    expect(after?.error).toContain(real);
  });
});
