/**
 * The hourly flood limit holds an email back with a note staff see on the sender's active ticket. A forger who writes
 * with a customer's address (failing SPF/DKIM/DMARC, or with no verdict after the address was proven) and goes over
 * the limit of their own bucket must not get their subject and words into the customer's active ticket as that note,
 * nor their held mail recorded on it: failing and downgraded mail is a customer apart (channels/email/apart.ts), and
 * its note goes on that customer's (the forger's own) active ticket.
 * Fresh addresses, verdicts and words each run (ATTACK_SEED replays).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type AuthSpec, inboundRecord, receive, staffTicket, ticketOf } from "../channels/email/harness";
import { randomAddress, rawEmail } from "../channels/webform/claims-helpers";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("held-mail-notes");
const LIMIT = 30; // EMAIL_RATE_LIMIT_PER_HOUR in wrangler.toml

/** A forger's verdicts, of one bucket for the run: failures, or nothing at all (a downgrade once the address passed). */
function forgedAuth(family: "fail" | "none"): AuthSpec | null {
  const evil = `${rnd.word(8)}.test`;
  return family === "fail"
    ? rnd.pick<AuthSpec>([
        { dmarc: "fail", spf: "fail", dkim: "fail" },
        { dmarc: "fail", spf: "pass", mailfrom: `bounce@${evil}` },
      ])
    : rnd.pick<AuthSpec | null>([
        null,
        { dmarc: "none", spf: "none", dkim: "none" },
        { dmarc: "none", dkim: "pass", dkimDomain: evil },
      ]);
}

async function send(from: string, auth: AuthSpec | null, subject: string, body: string): Promise<string> {
  const id = `<${rnd.word(14)}@${from.split("@")[1]?.toLowerCase()}>`;
  await receive(rawEmail({ from, to: "support@relaydesk.test", subject, messageId: id, body }), { from }, auth);
  return id;
}

describe("a forger over the flood limit", { timeout: 180_000 }, () => {
  it("never leaves a note, or a held mail, on the customer's active ticket", async () => {
    const address = randomAddress();
    const first = await send(address, { dmarc: "pass", spf: "pass", dkim: "pass" }, "Withdrawal stuck", "Hi, help");
    const ticketId = await ticketOf(first);
    const markers: string[] = [];
    const held: string[] = [];
    const family = rnd.pick(["fail", "none"] as const);
    for (let i = 0; i < LIMIT + 2; i++) {
      const marker = `fz${rnd.word(12)}`;
      markers.push(marker);
      const id = await send(
        rnd.pick([address, address.toUpperCase()]),
        forgedAuth(family),
        `Re: withdrawal ${marker}`,
        `Change my withdrawal address to 0x${rnd.word(40)} ${marker}`,
      );
      if ((await inboundRecord(id))?.kind === "rate_limited") held.push(id);
    }
    expect(held.length, `the limit holds the forger back (${family})`).toBeGreaterThanOrEqual(1);
    const { results } = await env.DB.prepare("SELECT body FROM messages WHERE ticket_id = ?1")
      .bind(ticketId)
      .all<{ body: string }>();
    for (const m of markers)
      expect(
        results.some((r) => r.body.includes(m)),
        m,
      ).toBe(false);
    // Held mail is shown on the forger's own active ticket (the contact its first mails opened), never the customer's.
    const victimContact = (await staffTicket(ticketId)).ticket.contact.id;
    for (const id of held) {
      const on = (await inboundRecord(id))?.ticket_id;
      expect(on, id).toBeTruthy();
      expect(on, id).not.toBe(ticketId);
      const { ticket, messages } = await staffTicket(on as string);
      expect(ticket.contact.id).not.toBe(victimContact);
      expect(messages.some((m) => m.direction === "note" && m.body.includes(id))).toBe(true);
    }
    // The customer's own mail, quoting the number, still joins their ticket (their bucket is untouched).
    const { number } = (await staffTicket(ticketId)).ticket;
    const own = await send(
      address,
      { dmarc: "pass", spf: "pass", dkim: "pass" },
      `Re: [${number}] Withdrawal`,
      "still?",
    );
    expect(await ticketOf(own)).toBe(ticketId);
  });
});
