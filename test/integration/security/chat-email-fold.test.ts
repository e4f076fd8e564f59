/**
 * The live chat's signed identity may carry the user's email, which the desk then treats as proven (staff replies
 * also go there, and mail from it with the ticket's number joins the chat ticket). JavaScript's toLowerCase() folds
 * more than ASCII: the KELVIN SIGN (U+212A) lowers to "k". An exchange user whose (SMTPUTF8) address holds one, at a
 * provider a customer also uses, signed by the exchange as theirs, must never become that customer's address: our
 * staff replies must not go to the customer, and the customer's own mail must never land in the user's chat.
 */
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { plainMail, receive, ticketOf } from "../channels/email/harness";
import { catchUp, rand, say, verifiedSession } from "../channels/webform/chat-helpers";
import { mailsTo } from "../channels/webform/claims-helpers";
import { settleDeliveries } from "../staff/helpers";
import { staffReply } from "../support";
import { attackRandom } from "./attack-seed";

afterAll(() => settleDeliveries());

const rnd = attackRandom("chat-email-fold");
const KELVIN = "\u212A";

describe("a signed chat email that only JavaScript's case folding makes a customer's", { timeout: 60_000 }, () => {
  it("is not the customer's address: no staff reply mailed to them, none of their mail in the chat", async () => {
    const domain = `mail-${rnd.word(5)}.test`;
    const customer = `${rnd.word(3)}k${rnd.word(4)}`.replace(/^[0-9]/, "a");
    const address = `${customer}@${domain}`;
    const lookalike = `${customer.replace(/k/g, () => (rnd.next() < 0.5 ? KELVIN : "k")).replace("k", KELVIN)}@${domain}`;
    const why = `${JSON.stringify(lookalike)}, seed ${rnd.seed}`;

    const session = await verifiedSession(`u${rnd.word(10)}`, lookalike, "Attacker");
    const { ticket } = await say(session.token, `hello ${rnd.word(8)}`);
    const stored = await env.DB.prepare(
      "SELECT c.email FROM tickets t JOIN contacts c ON c.id = t.contact_id WHERE t.id = ?1",
    )
      .bind(ticket.id)
      .first<string>("email");
    expect(stored, why).not.toBe(address);

    const replyWords = `staff answer ${rnd.word(10)}`;
    await staffReply(ticket.id, replyWords);
    await settleDeliveries(3_000);
    const toCustomer = await mailsTo(address);
    expect(
      toCustomer.some((m) => m.mime.includes(replyWords)),
      why,
    ).toBe(false);

    // The customer writes (DMARC passes) quoting the chat ticket's number: it is not theirs.
    const words = `my private question ${rnd.word(10)}`;
    const id = `<${rand("m")}@${domain}>`;
    await receive(plainMail({ from: address, messageId: id, subject: `Re: [${ticket.number}] help`, body: words }), {
      from: address,
    });
    expect(await ticketOf(id), why).not.toBe(ticket.id);
    const seen = (await (await catchUp(session.token)).json()) as { messages: Array<{ body: string }> };
    expect(JSON.stringify(seen), why).not.toContain(words);
  });
});
