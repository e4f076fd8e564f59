/**
 * The hourly flood limit per sender (EMAIL_RATE_LIMIT_PER_HOUR): a forger writing with a customer's address
 * and no SPF/DKIM/DMARC verdict of their own (a domain without DMARC, an unaligned pass of the forger's own
 * domain, no verdict at all) must not spend the budget of the address's proven mail, so the customer's next
 * email is never held back. The count is per bucket (email_inbound.sender_verified: 1 proven, 0 no verdict,
 * -1 failed); counting every bucket together held the customer's first proven email back (checked: this test
 * fails with the bucket left out of the count). `ATTACK_SEED=<seed>` replays a run.
 */
import { describe, expect, it } from "vitest";
import { type AuthSpec, inboundRecord, receive, ticketOf } from "../channels/email/harness";
import { randomAddress, rawEmail } from "../channels/webform/claims-helpers";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("unproven-flood");
const LIMIT = 30; // EMAIL_RATE_LIMIT_PER_HOUR in wrangler.toml

/** Verdicts that prove nothing about the From address (and report no failure either). */
function unproven(): AuthSpec | null {
  const evil = `${rnd.word(8)}.test`;
  return rnd.pick<AuthSpec | null>([
    null,
    { dmarc: "none", spf: "none", dkim: "none" },
    { dmarc: "none", spf: "pass", mailfrom: `bounce@${evil}` },
    { dmarc: "none", dkim: "pass", dkimDomain: evil },
    { dmarc: "none", spf: "pass", dkim: "pass", mailfrom: `m@${evil}`, dkimDomain: evil },
  ]);
}

/** Verdicts that prove the From address. */
function proven(): AuthSpec {
  return rnd.pick<AuthSpec>([
    { dmarc: "pass", spf: "pass", dkim: "pass" },
    { dmarc: "none", spf: "pass" },
    { dmarc: "none", dkim: "pass" },
  ]);
}

/** The address as a forger may spell it (the same mailbox for us). */
function spelled(address: string): string {
  return rnd.pick([address, address.toUpperCase(), address.replace(/^./, (c) => c.toUpperCase())]);
}

async function send(from: string, auth: AuthSpec | null, body: string): Promise<string> {
  const id = `<${rnd.word(14)}@${from.split("@")[1]?.toLowerCase()}>`;
  const raw = rawEmail({ from, to: "support@relaydesk.test", subject: `Help ${rnd.word(6)}`, messageId: id, body });
  await receive(raw, { from }, auth);
  return id;
}

describe("an unproven forger of a customer's address", { timeout: 180_000 }, () => {
  it("never spends the budget of the address's proven mail", async () => {
    // No active ticket of the customer's (over the limit, a proven sender's mail joins that one anyway).
    const address = randomAddress();
    const shapes: string[] = [];
    const forged: string[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const auth = unproven();
      shapes.push(JSON.stringify(auth));
      forged.push(await send(spelled(address), auth, `forged ${i} ${rnd.word(8)}`));
    }
    // The limit still holds for the forger.
    expect((await inboundRecord(forged.at(-1) as string))?.kind).toBe("rate_limited");
    for (let i = 0; i < 2; i++) {
      const real = await send(address, proven(), `real ${i} ${rnd.word(8)}`);
      expect((await inboundRecord(real))?.kind, shapes.join("\n")).toBe("message");
      await ticketOf(real);
    }
  });
});
