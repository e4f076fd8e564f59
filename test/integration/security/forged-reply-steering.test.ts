/**
 * Someone who holds one of a customer's secrets (the plus-address in our Reply-To, or a Message-ID
 * we sent: anyone the customer forwarded our mail to sees both) forges the customer's From to steer
 * staff ("send my withdrawal to this new address"). Mail whose authentication FAILS never joins the
 * customer's ticket by secret: it opens its own ticket, flagged for staff as failing, and nothing is
 * mailed back to anyone. Mail with no verdict ("none", a domain that publishes nothing: a forger can
 * produce that for any such domain) keeps the secret only while the ticket's contact never proved the
 * address: after a passing history it is a downgrade and is kept apart too. Values are generated; the
 * seed of the random choices is printed so a failing run can be replayed (FORGE_SEED=<n>).
 */
import { describe, expect, it } from "vitest";
import { mulberry32, seedFrom } from "../../support/random";
import {
  type AuthSpec,
  fakeMailgun,
  headerOf,
  plainMail,
  receive,
  staffTicket,
  ticketOf,
  unique,
  waitForMail,
} from "../channels/email/harness";
import { count, settledOutbox } from "../support";

const SEED = seedFrom("FORGE_SEED");
/** Every random choice of this file replays from the seed. */
const rand = mulberry32(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rand() * 16)]).join("");
console.log(`forged-reply-steering: FORGE_SEED=${SEED}`);

/** Verdict layouts Email Routing reports on forged mail from a domain that publishes SPF/DKIM/DMARC. */
const FAILING: ReadonlyArray<(victim: string) => AuthSpec> = [
  () => ({ dmarc: "fail", spf: "fail", dkim: "fail" }),
  () => ({ dmarc: "fail", spf: "softfail" }),
  () => ({ spf: "fail" }),
  () => ({ spf: "softfail", dkim: "fail" }),
  // SPF and DKIM pass, but for the forger's own domain (not aligned), and DMARC says fail.
  () => ({ dmarc: "fail", spf: "pass", dkim: "pass", mailfrom: `b@forger-${hex(6)}.test`, dkimDomain: "forger.test" }),
];

const STEER = [
  "Please change my withdrawal address to",
  "请把我的提现地址改成",
  "Update my payout wallet, new one is",
  "My old wallet is compromised, send the refund to",
];

function fakeWallet(): string {
  return `0x${hex(40)}`;
}

/** A customer with an email ticket and the acknowledgement we sent them (its Message-ID and Reply-To). */
async function customer(auth: AuthSpec | null) {
  const from = `c${hex(10)}@cust-${hex(6)}.test`;
  const messageId = `<${unique("open")}@${from.split("@")[1]}>`;
  await receive(
    plainMail({ from, messageId, subject: "Withdrawal pending", body: "My withdrawal is pending." }),
    { from },
    auth,
  );
  const ticketId = await ticketOf(messageId);
  const ack = await waitForMail(from);
  const replyTo = /<?([^<>\s]+@[^<>\s]+)>?/.exec(headerOf(ack.mime, "Reply-To") ?? "")?.[1] ?? "";
  expect(replyTo).toMatch(/^support\+[a-z0-9]+@/);
  return { from, messageId, ticketId, ackId: headerOf(ack.mime, "Message-ID") as string, replyTo };
}

/** A reply "from" the customer carrying a secret: the plus-address, our Message-ID, or both (chosen at random). */
function replyWithSecret(c: Awaited<ReturnType<typeof customer>>, body: string, messageId: string) {
  const how = pick(["plus-address", "message-id", "both"] as const);
  return {
    how,
    raw: plainMail({
      from: c.from,
      fromName: pick(["", "Lin Wei", "客户"]),
      to: how === "message-id" ? undefined : c.replyTo,
      messageId,
      subject: pick(["Re: Withdrawal pending", "Re: [RD-1] x", "urgent"]),
      body,
      refs: how === "plus-address" ? undefined : [c.messageId, c.ackId],
    }),
  };
}

async function bodies(ticketId: string, direction: string) {
  return (await staffTicket(ticketId)).messages.filter((m) => m.direction === direction).map((m) => m.body);
}

/** Mails the fake Mailgun took for `to` once every queued delivery is decided. */
async function mailsAfterSettling(to: string, ticketIds: string[]) {
  for (const ticketId of ticketIds) await settledOutbox({ ticketId });
  return (await fakeMailgun.sent(to)).length;
}

describe("a forged reply carrying the customer's secret", { timeout: 90_000 }, () => {
  it.each(FAILING.map((layout, i) => ({ i, layout })))(
    "failing authentication (layout $i): kept apart on its own flagged ticket, nothing mailed to anyone",
    async ({ layout }) => {
      const victim = await customer({ dmarc: "pass", spf: "pass", dkim: "pass" });
      const wallet = fakeWallet();
      const steer = `${pick(STEER)} ${wallet}`;
      const forgedId = `<${unique("forged")}@forger.test>`;
      const auth = layout(victim.from);
      const { how, raw } = replyWithSecret(victim, steer, forgedId);
      const before = (await fakeMailgun.sent(victim.from)).length;
      await receive(raw, { from: `bounce@forger-${hex(4)}.test` }, auth);
      const why = `seed ${SEED}, ${how}, ${JSON.stringify(auth)}`;

      expect((await bodies(victim.ticketId, "in")).join("\n"), why).not.toContain(wallet);
      const apart = await ticketOf(forgedId);
      expect(apart, why).not.toBe(victim.ticketId);
      const { ticket, messages } = await staffTicket(apart);
      const body = messages.find((m) => m.direction === "in")?.body ?? "";
      expect(body, why).toContain(wallet);
      expect(body, why).toMatch(/^\[Unverified sender\] \[Failed authentication: claims to be ([^\]]+)\]/);
      expect(body.toLowerCase(), why).toContain(`claims to be ${victim.from}`);
      const metadata = (ticket as unknown as { metadata: Record<string, string> }).metadata;
      expect(metadata.emailSender, why).toBe("unverified");
      expect(metadata.emailAuthFailed, why).toBe(victim.from);
      expect(metadata.emailKeptApartFrom, why).toBe(victim.ticketId);
      // No acknowledgement, no bot answer: nothing queued on it, and no new mail to the real customer.
      expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1 AND direction = 'out'", apart)).toBe(
        0,
      );
      expect(await mailsAfterSettling(victim.from, [apart, victim.ticketId]), why).toBe(before);
    },
  );

  it("no verdict after the address passed before (a downgrade) is kept apart too", async () => {
    const victim = await customer({ dmarc: "pass", spf: "pass", dkim: "pass" });
    const wallet = fakeWallet();
    const forgedId = `<${unique("none")}@forger.test>`;
    const { how, raw } = replyWithSecret(victim, `${pick(STEER)} ${wallet}`, forgedId);
    // "none": no verdict at all, or SPF passing only for the forger's own envelope domain.
    const auth = pick([null, { spf: "pass", mailfrom: `x@forger-${hex(4)}.test` } as AuthSpec]);
    const before = (await fakeMailgun.sent(victim.from)).length;
    await receive(raw, { from: "x@forger.test" }, auth);
    const why = `seed ${SEED}, ${how}, ${JSON.stringify(auth)}`;
    expect((await bodies(victim.ticketId, "in")).join("\n"), why).not.toContain(wallet);
    const apart = await ticketOf(forgedId);
    expect(apart, why).not.toBe(victim.ticketId);
    const body = (await bodies(apart, "in"))[0] ?? "";
    expect(body, why).toMatch(/^\[Unverified sender\] \[Failed authentication: claims to be /);
    expect(await mailsAfterSettling(victim.from, [apart, victim.ticketId]), why).toBe(before);
  });
});

describe("genuine customers' replies (the documented behaviour)", { timeout: 90_000 }, () => {
  it("an authenticated reply with the secret joins the ticket, unmarked", async () => {
    const c = await customer({ dmarc: "pass", spf: "pass", dkim: "pass" });
    const text = `Any news? ${hex(12)}`;
    const id = `<${unique("real")}@cust.test>`;
    const { how, raw } = replyWithSecret(c, text, id);
    await receive(raw, { from: c.from }, pick([{ dmarc: "pass", spf: "pass", dkim: "pass" }, { dkim: "pass" }]));
    expect(await ticketOf(id), `seed ${SEED}, ${how}`).toBe(c.ticketId);
    expect(await bodies(c.ticketId, "in")).toContain(text);
  });

  it("a domain that never authenticates: its 'none' reply with the secret joins, marked; a failing one does not", async () => {
    const c = await customer(null);
    const text = `Still waiting ${hex(12)}`;
    const id = `<${unique("nd")}@cust.test>`;
    const first = replyWithSecret(c, text, id);
    await receive(first.raw, { from: c.from }, null);
    expect(await ticketOf(id), `seed ${SEED}, ${first.how}`).toBe(c.ticketId);
    expect(await bodies(c.ticketId, "in")).toContain(`[Unverified sender] ${text}`);

    const wallet = fakeWallet();
    const forgedId = `<${unique("ndf")}@forger.test>`;
    const second = replyWithSecret(c, `${pick(STEER)} ${wallet}`, forgedId);
    await receive(second.raw, { from: "x@forger.test" }, pick(FAILING)(c.from));
    expect(await ticketOf(forgedId), `seed ${SEED}, ${second.how}`).not.toBe(c.ticketId);
    expect((await bodies(c.ticketId, "in")).join("\n")).not.toContain(wallet);
  });
});
