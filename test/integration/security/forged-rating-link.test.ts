/**
 * A forger writes "from" a customer's address without proving it (a From that failed SPF/DKIM/DMARC, or
 * mail with no verdict), and staff resolve the ticket it opened. Resolving asks for a rating: the question
 * goes to the address's real owner, and for email its only way to rate is the ticket's secret `/t/` link,
 * a page on our domain that shows the forger's words as the owner's own request. So such a ticket is asked
 * nothing: no question, no link, no mail naming its page, resolved alone or in bulk. A proven sender's
 * resolved ticket still is.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  type AuthSpec,
  customerWithSentAck,
  fakeMailgun,
  plainMail,
  receive,
  ticketOf,
  waitForMail,
} from "../channels/email/harness";
import { mailText, ticketPage } from "../channels/webform/claims-helpers";
import { api, resolveTicket } from "../requests";
import { settledOutbox } from "../support";
import { attackRandom } from "./attack-seed";

/** Verdicts of mail that proves nothing: none at all, or a failure Email Routing reports. */
const UNPROVEN: ReadonlyArray<AuthSpec | null> = [
  null,
  { dmarc: "fail", spf: "fail", dkim: "fail" },
  { dmarc: "none", spf: "softfail" },
  { dmarc: "fail", spf: "pass", dkim: "pass", dkimDomain: "forger.test", mailfrom: "x@forger.test" },
  { spf: "fail" },
];

async function accessTokenOf(ticketId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT access_token FROM tickets WHERE id = ?1")
    .bind(ticketId)
    .first<{ access_token: string }>();
  return row?.access_token as string;
}

async function surveyOf(ticketId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1")
    .bind(ticketId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("a forged From's ticket, resolved", { timeout: 90_000 }, () => {
  it("mails the address's owner no rating link to a page of the forger's words; a proven sender's is asked", async () => {
    const rnd = attackRandom("forged-rating-link");
    for (let round = 0; round < 3; round++) {
      const victim = `${rnd.word(10)}@${rnd.pick(["victim", "kunde", "yonghu"])}-${rnd.word(5)}.test`;
      const lure = `lure${rnd.word(12)}`;
      const words = rnd.pick([
        `Security team here: confirm your wallet at evil-${lure}.example`,
        `客服通知：请访问 evil-${lure}.example 验证账户`,
        `Withdrawal held ${lure}, reply with your recovery phrase to release it`,
      ]);
      const auth = rnd.pick(UNPROVEN);
      // A fresh ticket of the forger's, or one kept apart from the owner's by our Message-ID it quotes.
      const keptApart = rnd.next() < 0.5;
      const refs = keptApart ? [(await customerWithSentAck(victim, `Deposit ${rnd.word(6)}`)).ackHeader] : [];
      const messageId = `<f.${rnd.word(16)}@${rnd.pick(["forger.test", "mail.forger.test"])}>`;
      const inSubject = rnd.next() < 0.5;
      const raw = plainMail({
        from: victim,
        fromName: rnd.pick(["Support", "Mailbox Owner", `Lin ${rnd.word(4)}`]),
        messageId,
        subject: inSubject ? words : `Re: ${rnd.word(8)}`,
        body: inSubject ? rnd.word(20) : words,
        refs,
      });
      await receive(raw, { from: victim }, auth);
      const ticketId = await ticketOf(messageId);
      const token = await accessTokenOf(ticketId);
      const bulk = rnd.next() < 0.5;
      const context = `ATTACK_SEED=${rnd.seed} round ${round}: auth ${JSON.stringify(auth)}, kept apart ${keptApart}, bulk ${bulk}`;
      // What the link would show: the forger's words, on our domain, as the owner's own request.
      expect(await ticketPage(token), context).toContain(lure);

      // Resolved on its own or in a bulk action: both ask for ratings.
      const resolved = bulk
        ? await api("POST", "/api/staff/tickets/bulk", {
            json: { ticketIds: [ticketId], action: { type: "status", status: "resolved" }, confirm: true },
          })
        : await resolveTicket(ticketId);
      expect(resolved.status, context).toBe(200);
      const outbox = await settledOutbox({ ticketId });
      expect(
        outbox.filter((m) => m.body.includes("/t/")),
        context,
      ).toEqual([]);
      expect(await surveyOf(ticketId), context).toBe(0);
      for (const mail of await fakeMailgun.sent(victim)) expect(mailText(mail.mime), context).not.toContain(token);
    }

    // The control: a proven sender's resolved ticket is asked, with its link (so the checks above can fail).
    const owner = `${rnd.word(10)}@owner-${rnd.word(5)}.test`;
    const ownId = `<o.${rnd.word(16)}@owner.test>`;
    await receive(plainMail({ from: owner, messageId: ownId, subject: "KYC", body: "Why was it rejected?" }), {
      from: owner,
    });
    const ownTicket = await ticketOf(ownId);
    expect((await resolveTicket(ownTicket)).status).toBe(200);
    const ownToken = await accessTokenOf(ownTicket);
    await waitForMail(owner, (m) => mailText(m.mime).includes(`/t/${ownToken}#csat`));
    expect(await surveyOf(ownTicket)).toBe(1);
  });
});
