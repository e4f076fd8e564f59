/**
 * A Mailgun `failed` event names a Message-ID and a recipient. Our reply's Message-ID is no secret (the
 * customer's own replies quote it to everyone they Cc or forward to), and one Message-ID may go to more
 * than one address: an event marks our message failed only when its recipient is the address the message
 * was sent to, folded as addresses are compared everywhere (ASCII letters only, normalizeEmail). Another
 * customer's address, a stranger's, a plus-tag, a Unicode look-alike that only case mapping makes the
 * customer's (KELVIN SIGN U+212A lowers to "k", LONG S U+017F uppers to "S", İ U+0130 lowers to "i̇"),
 * or no recipient at all changes nothing. `ATTACK_SEED=<seed>` replays a run.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { customerWithSentAck, staffTicket } from "../channels/email/harness";
import { testHmacHex } from "../support";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("mailgun-event-recipient");
const SIGNING_KEY = "test-mailgun-signing-key";

async function signature() {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = `${rnd.word(25)}${rnd.word(25)}`;
  return { timestamp, token, signature: await testHmacHex(SIGNING_KEY, timestamp + token) };
}

/** A signed permanent failure about `messageIdHeader`, for `recipient` (left out when undefined). */
async function postFailed(messageIdHeader: string, recipient: string | undefined, said: string) {
  const data = {
    event: "failed",
    severity: "permanent",
    reason: "bounce",
    ...(recipient === undefined ? {} : { recipient }),
    id: rnd.word(22),
    timestamp: Date.now() / 1000,
    message: { headers: { "message-id": messageIdHeader.replace(/^<|>$/g, ""), to: recipient ?? "" } },
    "delivery-status": { code: 550, description: said },
  };
  const res = await exports.default.fetch("http://relaydesk.test/webhooks/email/mailgun/events", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ signature: await signature(), "event-data": data }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { marked?: boolean }).marked;
}

/** An address holding the letters the look-alikes replace (k, s, i), in random places. */
function addressWithFoldables(): string {
  const parts = [rnd.word(3), "k", rnd.word(2), "s", rnd.word(2), "i", rnd.word(2)];
  return `${parts.join("")}@${rnd.word(5)}i${rnd.word(2)}.test`;
}

/**
 * The address with one letter swapped for a character only Unicode case mapping folds into it. The
 * letter is taken in either case: after asciiCase() an address may hold no lower-case k, s or i, and a
 * lower-case-only swap then changed nothing, so the "look-alike" was the customer's own address, rightly
 * marked (31% of seeds, e.g. ATTACK_SEED=2). addressWithFoldables() holds each letter, so a swap always happens.
 */
function lookAlike(address: string): string {
  const swaps: Array<[RegExp, string]> = [
    [/k/i, "\u212A"], // KELVIN SIGN: toLowerCase() gives "k"
    [/s/i, "\u017F"], // LATIN SMALL LETTER LONG S: toUpperCase() gives "S"
    [/i/i, "\u0130"], // LATIN CAPITAL LETTER I WITH DOT ABOVE: toLowerCase() gives "i" + U+0307
    [/i(?=[^@]*$)/i, "\u0130"], // the same in the domain
  ];
  const [pattern, replacement] = rnd.pick(swaps);
  const out = address.replace(pattern, replacement);
  if (out === address) throw new Error(`no letter of ${pattern} in ${address} to swap`);
  return out;
}

function asciiCase(address: string): string {
  return [...address].map((ch) => (rnd.next() < 0.5 ? ch.toUpperCase() : ch)).join("");
}

async function deliveryOf(c: { ticketId: string; ackId: string }) {
  return (await staffTicket(c.ticketId)).messages.find((m) => m.id === c.ackId)?.delivery;
}

describe("a Mailgun failed event about another recipient", { timeout: 90_000 }, () => {
  it("never marks the customer's reply failed; the event for the address it went to does", async () => {
    const victimAddress = addressWithFoldables();
    const attackerAddress = addressWithFoldables();
    const victim = await customerWithSentAck(victimAddress, `Withdrawal ${rnd.word(5)}`);
    const attacker = await customerWithSentAck(attackerAddress, `Deposit ${rnd.word(5)}`);
    const [local, domain] = victimAddress.split("@") as [string, string];
    const forged: Array<[string, string | undefined]> = [
      ["the attacker's own address", rnd.next() < 0.5 ? attackerAddress : asciiCase(attackerAddress)],
      ["a stranger's address", `${rnd.word(9)}@${rnd.word(6)}.test`],
      ["the customer's mailbox on another domain", `${local}@${rnd.word(6)}.test`],
      ["a plus-tag of the customer's address", `${local}+${rnd.word(4)}@${domain}`],
      ["a Unicode look-alike", lookAlike(victimAddress)],
      ["another Unicode look-alike", lookAlike(asciiCase(victimAddress))],
      ["no recipient", undefined],
      ["an empty recipient", ""],
    ];
    for (const [name, recipient] of forged) {
      const said = `5.1.1 mailbox ${rnd.word(8)} gone`;
      expect(await postFailed(victim.ackHeader, recipient, said), `${name}: ${recipient}`).toBe(false);
      const d = await deliveryOf(victim);
      expect(d?.status, `${name}: ${recipient}`).toBe("sent");
      expect(d?.error ?? "", name).not.toContain(said);
    }
    // The attacker's own event names the attacker's message only (and still proves nothing about the victim's).
    expect((await deliveryOf(attacker))?.status).toBe("sent");

    // Mailgun's real event: the address the reply went to, in any ASCII case (with spaces Mailgun never sends).
    const real = `5.1.1 mailbox ${rnd.word(8)} is disabled`;
    const spelled = rnd.pick([victimAddress, asciiCase(victimAddress), ` ${asciiCase(victimAddress)} `]);
    expect(await postFailed(victim.ackHeader, spelled, real), spelled).toBe(true);
    const after = await deliveryOf(victim);
    expect(after?.status).toBe("failed");
    expect(after?.error).toContain(real);
    expect((await deliveryOf(attacker))?.status).toBe("sent");
  });
});
