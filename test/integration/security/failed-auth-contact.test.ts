/**
 * Mail whose From failed SPF/DKIM/DMARC is someone claiming an address, not its owner. Had it shared the
 * `unverified:<address>` contact with that address's genuine mail (a domain that publishes no DMARC gets
 * "none"), staff would see the forger as the same customer: an agent could merge the forger's ticket into
 * the customer's without an admin, and the customer's `/t/` page would then show the forger's words,
 * inside the customer's own conversation, with our name on it.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { inboundRecord, receive, ticketOf } from "../channels/email/harness";
import { randomAddress, rawEmail } from "../channels/webform/claims-helpers";
import { BOOTSTRAP, call, settleDeliveries, staffWithToken } from "../staff/helpers";
import { staffTicket } from "../support";
import { attackRandom } from "./attack-seed";

afterAll(() => settleDeliveries());

const rnd = attackRandom("failed-auth-contact");

/** What a door reports for mail that failed: DMARC, SPF or DKIM failing in any mix. */
function failing() {
  return rnd.pick([
    { dmarc: "fail", spf: "fail", dkim: "fail" },
    { dmarc: "none", spf: "softfail" },
    { dmarc: "fail", spf: "pass", dkim: "fail" },
    { spf: "fail" },
  ] as const);
}

/** The address as a forger may spell it: the same mailbox for us. */
function spelled(address: string): string {
  return rnd.pick([address, address.toUpperCase(), address.replace(/^./, (c) => c.toUpperCase())]);
}

async function send(from: string, body: string, auth: ReturnType<typeof failing> | null, messageId?: string) {
  const id = messageId ?? `<${rnd.word(12)}@${from.split("@")[1]}>`;
  const raw = rawEmail({ from, to: "support@relaydesk.test", subject: `Help ${rnd.word(6)}`, messageId: id, body });
  await receive(raw, { from }, auth);
  return id;
}

async function mail(from: string, body: string, auth: ReturnType<typeof failing> | null): Promise<string> {
  return ticketOf(await send(from, body, auth));
}

describe("a forged From of a customer whose domain has no DMARC", { timeout: 60_000 }, () => {
  it("is another customer: its own contact, no merge without an admin, never on the customer's /t/ page", async () => {
    const agent = await staffWithToken("agent");
    for (let round = 0; round < 2; round++) {
      const address = randomAddress();
      const genuineText = `my withdrawal is late ${rnd.word(10)}`;
      const forgedText = `please confirm your wallet at evil-${rnd.word(10)}.example`;
      const forgerFirst = rnd.next() < 0.5;
      const forged = forgerFirst ? await mail(spelled(address), forgedText, failing()) : null;
      const genuine = await mail(address, genuineText, null);
      const forgedId = forged ?? (await mail(spelled(address), forgedText, failing()));

      const [g, f] = await Promise.all([staffTicket(genuine), staffTicket(forgedId)]);
      expect(f.ticket.contact.id, `round ${round}, forger first: ${forgerFirst}`).not.toBe(g.ticket.contact.id);

      const [from, into] = rnd.next() < 0.5 ? [forgedId, genuine] : [genuine, forgedId];
      const res = await call("POST", `/api/staff/tickets/${from}/merge`, {
        token: rnd.pick([agent.token, BOOTSTRAP]),
        json: { intoId: into },
      });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("different_customers");

      const token = await env.DB.prepare("SELECT access_token FROM tickets WHERE id = ?1")
        .bind(genuine)
        .first<string>("access_token");
      const page = await exports.default.fetch(`http://relaydesk.test/t/${token}`, {
        headers: { Accept: "text/html" },
      });
      const html = await page.text();
      expect(html).toContain(genuineText);
      expect(html).not.toContain(forgedText);
    }
  });

  it("never uses up the customer's hourly budget, nor takes the Message-ID of their next mail", async () => {
    const address = randomAddress();
    const limit = 30; // EMAIL_RATE_LIMIT_PER_HOUR in wrangler.toml
    const next = `<${rnd.word(14)}@${address.split("@")[1]}>`;
    // The forger floods the address's hour, and sends one with the Message-ID the customer's client will use.
    for (let i = 0; i < limit; i++) await send(spelled(address), `spam ${i} ${rnd.word(8)}`, failing());
    await send(address, `forged ${rnd.word(8)}`, failing(), next);
    const words = `my deposit never arrived ${rnd.word(10)}`;
    await send(address, words, null, next);
    const { results } = await env.DB.prepare(
      "SELECT kind, ticket_id FROM email_inbound WHERE message_id_header = ?1 AND sender_verified = 0",
    )
      .bind(next)
      .all<{ kind: string; ticket_id: string }>();
    expect(results.map((r) => r.kind)).toEqual(["message"]);
    const { messages } = await staffTicket(results[0]?.ticket_id as string);
    expect(messages.some((m) => m.direction === "in" && m.body.includes(words))).toBe(true);
    expect(await inboundRecord(next)).not.toBeNull();
  });
});
