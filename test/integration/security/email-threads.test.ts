/**
 * An attacker who knows a customer's own Message-ID (they were copied in, or it leaked in a
 * forward) must not thread into that customer's ticket with it; and someone who is in a
 * customer's email thread (a colleague in Cc) asking for "status" must not have their own ticket
 * list mailed into that thread.
 */
import { describe, expect, it } from "vitest";
import {
  FIXTURES,
  fakeMailgun,
  headerOf,
  plainMail,
  receive,
  staffTicket,
  ticketOf,
  variant,
  waitForMail,
} from "../channels/email/harness";
import { mailText } from "../channels/webform/claims-helpers";

async function customerWithTicket() {
  const first = variant(FIXTURES.latin1);
  await receive(first.raw, { from: first.from });
  const ticketId = await ticketOf(first.messageId);
  const ack = await waitForMail(first.from);
  return { ticketId, from: first.from, messageId: first.messageId, ackId: headerOf(ack.mime, "Message-ID") as string };
}

describe("email threads across customers", { timeout: 60_000 }, () => {
  it("the customer's own Message-ID in In-Reply-To/References (not one we sent) opens the sender's own ticket", async () => {
    const victim = await customerWithTicket();
    const attacker = `a${crypto.randomUUID().slice(0, 8)}@attacker-${crypto.randomUUID().slice(0, 6)}.test`;
    const messageId = `<x.${crypto.randomUUID()}@attacker.test>`;
    const refs = Math.random() < 0.5 ? [victim.messageId] : [victim.messageId, `<other.${crypto.randomUUID()}@x.test>`];
    const auth = Math.random() < 0.5 ? undefined : null; // verified or not: neither may join
    await receive(
      plainMail({ from: attacker, subject: "Re: your deposit", messageId, body: "steer this", refs }),
      {
        from: attacker,
      },
      auth,
    );
    const ticketId = await ticketOf(messageId);
    expect(ticketId).not.toBe(victim.ticketId);
    const { messages } = await staffTicket(victim.ticketId);
    expect(messages.some((m) => m.body.includes("steer this"))).toBe(false);
  });

  it("a colleague copied into a customer's thread asking for status neither joins it nor gets a ticket list mailed into it", async () => {
    const victim = await customerWithTicket();
    // The colleague has a private ticket of their own.
    const colleague = variant(FIXTURES.latin1);
    const privateSubject = `Colleague matter ${crypto.randomUUID()}`;
    const own = plainMail({
      from: colleague.from,
      subject: privateSubject,
      messageId: colleague.messageId,
      body: "mine",
    });
    await receive(own, { from: colleague.from });
    await ticketOf(colleague.messageId);
    // ...and answers in the customer's thread (our Message-ID in In-Reply-To), asking for status.
    const ask = `<s.${crypto.randomUUID()}@colleague.test>`;
    await receive(
      plainMail({ from: colleague.from, subject: "Re: deposit", messageId: ask, body: "status", refs: [victim.ackId] }),
      { from: colleague.from },
    );
    // Another sender's reply in the customer's thread is theirs: it never joins the customer's ticket.
    expect(await ticketOf(ask)).not.toBe(victim.ticketId);
    const { messages } = await staffTicket(victim.ticketId);
    expect(messages.filter((m) => m.direction === "in").map((m) => m.body)).not.toContain("status");
    const sent = await fakeMailgun.sent(victim.from);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.every((m) => !mailText(m.mime).includes(privateSubject))).toBe(true);
  });
});
