/**
 * The confirmation mails' hourly cap per address counts whoever asks, so it must not answer whoever asks: a stranger
 * who types an address into the web form, and then asks from their own `/t/` links for new confirmation links, must
 * read the same answers whether or not the address's owner (or anyone) used it on the form this hour. Otherwise
 * "confirmationSent: false" one submission early, or a 429 on a resend, says "this address asked us for something
 * within the hour". Fresh addresses, texts and counts each run (ATTACK_SEED replays).
 */
import { describe, expect, it } from "vitest";
import { EMAIL_VERIFICATIONS_PER_ADDRESS, EMAIL_VERIFICATIONS_PER_TICKET } from "../../../src/core/email-claims";
import { createTicket, postJson } from "../channels/webform/builders";
import { mailsTo, mailText, randomAddress, randomBody } from "../channels/webform/claims-helpers";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("confirmation-oracle");

/** Everything the stranger reads: each submission's `email` answer, then each resend's status and body. */
async function strangersView(address: string): Promise<unknown[]> {
  const seen: unknown[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < EMAIL_VERIFICATIONS_PER_ADDRESS; i++) {
    const t = await createTicket({ email: address, description: randomBody("stranger") });
    seen.push(t.created.email);
    tokens.push(t.token);
  }
  for (const token of [tokens[0], tokens.at(-1)] as string[]) {
    for (let i = 0; i < EMAIL_VERIFICATIONS_PER_TICKET + 1; i++) {
      const res = await postJson(`/t/${token}/verify-email`, {});
      seen.push({ status: res.status, body: await res.json() });
    }
  }
  return seen;
}

const confirmations = async (address: string) =>
  (await mailsTo(address)).filter((m) => /\/verify-email\//.test(mailText(m.mime))).length;

describe("the confirmation cap tells a stranger nothing about the address", { timeout: 90_000 }, () => {
  it("the answers read the same whether the address was used this hour or not; the cap still holds", async () => {
    const quiet = randomAddress();
    const busy = randomAddress();
    // The owner of `busy` used it on the form this hour, 1 to 4 times (and maybe asked for a new link once).
    const uses = 1 + Math.floor(rnd.next() * (EMAIL_VERIFICATIONS_PER_ADDRESS - 1));
    for (let i = 0; i < uses; i++) {
      const own = await createTicket({ email: busy, description: randomBody("owner") });
      if (i === 0 && rnd.next() < 0.5) expect((await postJson(`/t/${own.token}/verify-email`, {})).status).toBe(202);
    }
    const [a, b] = [await strangersView(quiet), await strangersView(busy)];
    expect(b, `the owner used the address ${uses} time(s)`).toEqual(a);
    // Never more confirmation mails than the cap, for either address.
    for (const address of [quiet, busy]) {
      for (let i = 0; i < 30 && (await confirmations(address)) < EMAIL_VERIFICATIONS_PER_ADDRESS; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await confirmations(address), address).toBe(EMAIL_VERIFICATIONS_PER_ADDRESS);
    }
  });
});
