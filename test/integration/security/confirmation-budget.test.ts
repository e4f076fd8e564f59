/**
 * A stranger types someone's address into the web form and, from their own `/t/` link, asks for new
 * confirmation links again and again. The address's hourly cap stops mailbox flooding, but it counts
 * whoever asks: one link must not use it all up, so the address's owner (their own ticket, their own
 * link) can still get a confirmation mail. Past the address's cap nothing more is mailed, whatever the answer says.
 * Addresses and texts are random.
 */
import { describe, expect, it } from "vitest";
import { EMAIL_VERIFICATIONS_PER_ADDRESS, EMAIL_VERIFICATIONS_PER_TICKET } from "../../../src/core/email-claims";
import { createTicket, postJson } from "../channels/webform/builders";
import { confirmationMailFor, mailsTo, mailText, randomAddress, randomBody } from "../channels/webform/claims-helpers";

/** Asks for new links from `token` until refused; how many were accepted (202) and the refusal. */
async function resendUntilRefused(token: string, max: number) {
  let accepted = 0;
  for (let i = 0; i < max; i++) {
    const res = await postJson(`/t/${token}/verify-email`, {});
    if (res.status !== 202) return { accepted, refusal: { status: res.status, body: await res.json() } };
    accepted++;
  }
  return { accepted, refusal: null };
}

const confirmations = async (address: string) =>
  (await mailsTo(address)).filter((m) => /\/verify-email\//.test(mailText(m.mime))).length;

describe("confirmation mails: one link cannot starve another", { timeout: 60_000 }, () => {
  it("a stranger's link is capped per ticket; the owner's own ticket still gets its confirmations", async () => {
    expect(EMAIL_VERIFICATIONS_PER_TICKET).toBeLessThan(EMAIL_VERIFICATIONS_PER_ADDRESS);
    const address = randomAddress();
    const stranger = await createTicket({ email: address, description: randomBody("stranger") });
    await confirmationMailFor(address, stranger.created.ticket.number);
    const spent = await resendUntilRefused(stranger.token, EMAIL_VERIFICATIONS_PER_ADDRESS + 3);
    // The submission's mail plus the resends: never more than one ticket's share.
    expect(spent.accepted + 1).toBe(EMAIL_VERIFICATIONS_PER_TICKET);
    expect(spent.refusal).toMatchObject({ status: 429, body: { error: { code: "too_many_confirmations" } } });

    // The owner submits with their own address and gets the link, and can ask again from their own page.
    const owner = await createTicket({ email: address, description: randomBody("owner") });
    expect(owner.created).toMatchObject({ email: { confirmationSent: true } });
    await confirmationMailFor(address, owner.created.ticket.number);
    const again = await postJson(`/t/${owner.token}/verify-email`, {});
    expect(again.status).toBe(202);

    // The address's own cap still holds, whoever asks: never more than its mails in the hour. Past it a resend
    // reads as accepted and sends nothing (a refusal would tell anyone that others used the address:
    // security/confirmation-oracle), until the ticket's own share is spent.
    const more = await resendUntilRefused(owner.token, EMAIL_VERIFICATIONS_PER_ADDRESS);
    expect(more.accepted).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 50 && (await confirmations(address)) < EMAIL_VERIFICATIONS_PER_ADDRESS; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await confirmations(address)).toBe(EMAIL_VERIFICATIONS_PER_ADDRESS);
  });
});
