/**
 * An address is folded to one spelling before it names a customer, and JavaScript's toLowerCase() folds more
 * than ASCII: the KELVIN SIGN (U+212A) lowers to a plain "k". A mailbox whose (internationalised, SMTPUTF8)
 * local part holds it, at a provider the customer also uses, passes SPF/DKIM/DMARC for that domain, and
 * must still never be the customer: never their identity, never threading onto their ticket by its number.
 */
import { describe, expect, it } from "vitest";
import { plainMail, receive, staffTicket, ticketOf } from "../channels/email/harness";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("address-case-fold");
const KELVIN = "\u212A";

/** The customer's address at a shared provider, with at least one "k" in its local part. */
function customerAddress(): string {
  const local = `${rnd.word(3)}k${rnd.word(4)}`.replace(/^[0-9]/, "a");
  return `${local}@mail-${rnd.word(5)}.test`;
}

/** The same address with some "k"s (at least one) made Kelvin signs, and maybe other letters upper-cased. */
function lookalike(address: string): string {
  const [local = "", domain = ""] = address.split("@");
  const ks = [...local].flatMap((ch, i) => (ch === "k" ? [i] : []));
  const forced = rnd.pick(ks);
  const chars = [...local].map((ch, i) =>
    ch === "k" && (i === forced || rnd.next() < 0.5)
      ? KELVIN
      : rnd.next() < 0.2 && /[a-z]/.test(ch)
        ? ch.toUpperCase()
        : ch,
  );
  return `${chars.join("")}@${rnd.next() < 0.5 ? domain : domain.toUpperCase()}`;
}

describe("an address that only JavaScript's case folding makes the customer's", { timeout: 60_000 }, () => {
  it("is someone else: its own contact, and the customer's [RD-n] in its subject reaches nothing", async () => {
    for (let round = 0; round < 3; round++) {
      const customer = customerAddress();
      const opened = `<${rnd.word(12)}@mail.test>`;
      await receive(
        plainMail({ from: customer, messageId: opened, subject: "Withdrawal stuck", body: "Please help" }),
        {
          from: customer,
        },
      );
      const mine = await staffTicket(await ticketOf(opened));

      const other = lookalike(customer);
      const words = `send the funds to my new address ${rnd.word(10)}`;
      const forged = `<${rnd.word(12)}@mail.test>`;
      // Passing verdicts for the shared provider's domain: the attacker really has a mailbox there.
      await receive(
        plainMail({ from: other, messageId: forged, subject: `Re: [${mine.ticket.number}] Withdrawal`, body: words }),
        { from: other },
      );
      const theirs = await ticketOf(forged);
      expect(theirs, `round ${round}: ${JSON.stringify(other)}`).not.toBe(mine.ticket.id);
      const after = await staffTicket(mine.ticket.id);
      expect(after.messages.some((m) => m.body.includes(words))).toBe(false);
      const t = await staffTicket(theirs);
      expect(t.ticket.contact.id).not.toBe(mine.ticket.contact.id);
    }
  });
});
