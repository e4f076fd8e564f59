/**
 * A Message-ID is chosen by whoever sends the email. Someone who knows a customer's in advance (they
 * were copied in, or it leaked) and sends first must not get the customer's real email dropped as a
 * "duplicate" or attached to their own ticket; and a reply that carries our Message-ID or our
 * plus-address but comes from someone else opens that sender's own ticket. The same sender's
 * redelivery is still stored once.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { headerOf, plainMail, receive, staffTicket, waitFor, waitForMail } from "../channels/email/harness";

const rand = () => crypto.randomUUID().replace(/-/g, "").slice(0, 12);
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

const mail = (o: Omit<Parameters<typeof plainMail>[0], "fromName">) =>
  plainMail({ ...o, fromName: pick(["", "Some Name"]) });

/** Inbound messages whose body holds `marker`, with their ticket and that ticket's contact's identities. */
async function storedWith(marker: string) {
  const { results } = await env.DB.prepare(
    `SELECT m.ticket_id, i.external_id FROM messages m LEFT JOIN channel_identities i ON i.id = m.sender_identity_id
      WHERE m.direction = 'in' AND m.channel = 'email' AND m.body LIKE ?1`,
  )
    .bind(`%${marker}%`)
    .all<{ ticket_id: string; external_id: string | null }>();
  return results;
}

const PASS = { dmarc: "pass", spf: "pass", dkim: "pass" } as const;
const FAIL = { dmarc: "fail", spf: "fail", dkim: "none" } as const;

describe("an email Message-ID used first by someone else", { timeout: 60_000 }, () => {
  it("stores the customer's real email on their own ticket, once, whoever sent the id first", async () => {
    const victim = `v${rand()}@bank-${rand()}.test`;
    const messageId = pick([
      `<${rand()}@bank.test>`,
      `<CA+${rand()}=x@mail.gmail.com>`,
      `<${rand()}.${rand()}@qq.com>`,
    ]);
    // The attacker: their own verified domain, or the victim's address forged (failing verdicts).
    const forged = Math.random() < 0.5;
    const attacker = forged ? victim : `a${rand()}@attacker-${rand()}.test`;
    const attackMarker = `attack${rand()}`;
    await receive(
      mail({ from: attacker, messageId, subject: "Withdrawal stuck", body: `please ignore ${attackMarker}` }),
      { from: attacker },
      forged ? pick([FAIL, null]) : PASS,
    );
    const [attackStored] = await storedWith(attackMarker);
    expect(attackStored).toBeDefined();

    const marker = `real${rand()}`;
    const real = mail({ from: victim, messageId, subject: "Withdrawal stuck", body: `TxID missing ${marker}` });
    await receive(real, { from: victim }, PASS);
    const stored = await storedWith(marker);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.ticket_id).not.toBe(attackStored?.ticket_id);
    expect(stored[0]?.external_id).toBe(victim);
    // The attacker's ticket holds none of the customer's words, and the customer's none of the attacker's.
    const mine = await staffTicket(stored[0]?.ticket_id as string);
    expect(mine.messages.some((m) => m.body.includes(attackMarker))).toBe(false);
    const theirs = await staffTicket(attackStored?.ticket_id as string);
    expect(theirs.messages.some((m) => m.body.includes(marker))).toBe(false);

    // The customer's redelivery (twice, concurrently) is stored once.
    await Promise.all([receive(real, { from: victim }, PASS), receive(real, { from: victim }, PASS)]);
    expect(await storedWith(marker)).toHaveLength(1);
    // Each sender's record of the Message-ID is its own.
    const records = await env.DB.prepare(
      "SELECT ticket_id, sender_verified FROM email_inbound WHERE message_id_header = ?1 ORDER BY sender_verified",
    )
      .bind(messageId)
      .all<{ ticket_id: string; sender_verified: number }>();
    expect(records.results.map((r) => r.ticket_id).sort()).toEqual(
      [stored[0]?.ticket_id, attackStored?.ticket_id].sort(),
    );
    // The customer's acknowledgement goes to the customer, about their own ticket.
    const botAck = await waitFor(async () => {
      const { messages } = await staffTicket(stored[0]?.ticket_id as string);
      return messages.find((m) => m.author === "bot" && m.delivery?.status === "sent");
    }, "the customer's acknowledgement");
    const ack = await waitForMail(victim, (m) => headerOf(m.mime, "Message-ID") === botAck.delivery?.providerMessageId);
    expect(headerOf(ack.mime, "To")).toContain(victim);
  });

  it("a reply carrying the customer's thread (our Message-ID, our plus-address) from another sender opens its own ticket", async () => {
    const victim = `v${rand()}@bank-${rand()}.test`;
    const firstId = `<${rand()}@bank.test>`;
    await receive(mail({ from: victim, messageId: firstId, subject: "KYC rejected", body: "my KYC" }), {
      from: victim,
    });
    const [first] = await storedWith("my KYC").then((rows) => rows.filter((r) => r.external_id === victim));
    const victimTicket = first?.ticket_id as string;
    const ack = await waitForMail(victim);
    const ourId = headerOf(ack.mime, "Message-ID") as string;
    const plus =
      /<([^<>]+)>/.exec(headerOf(ack.mime, "Reply-To") ?? "")?.[1] ?? (headerOf(ack.mime, "Reply-To") as string);

    const attacker = `a${rand()}@other-${rand()}.test`;
    const marker = `steer${rand()}`;
    const how = pick(["refs", "plus", "both"] as const);
    const refs = how === "plus" ? [] : pick([[ourId], [firstId, ourId], [ourId, `<${rand()}@x.test>`]]);
    const messageId = `<${rand()}@other.test>`;
    await receive(
      mail({
        from: attacker,
        to: how === "refs" ? undefined : plus,
        messageId,
        subject: `Re: KYC rejected`,
        body: `close my ticket ${marker}`,
        refs,
      }),
      { from: attacker, ...(how === "refs" ? {} : { to: plus }) },
      pick([PASS, FAIL, null]),
    );
    const stored = await storedWith(marker);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.ticket_id).not.toBe(victimTicket);
    const { messages } = await staffTicket(victimTicket);
    expect(messages.some((m) => m.body.includes(marker))).toBe(false);

    // The customer's own reply to the same mail still joins their ticket.
    const own = `own${rand()}`;
    await receive(
      mail({
        from: victim,
        to: plus,
        messageId: `<${rand()}@bank.test>`,
        subject: "Re: KYC",
        body: own,
        refs: [firstId, ourId],
      }),
      { from: victim, to: plus },
    );
    expect((await storedWith(own))[0]?.ticket_id).toBe(victimTicket);
  });
});
