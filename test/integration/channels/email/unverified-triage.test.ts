/**
 * "[Unverified sender]" is our mark for staff, not the customer's words: mail that nothing
 * authenticated (as `wrangler dev` hands over a `/cdn-cgi/handler/email` post, docs/channels/email.md)
 * is triaged, and its language read, exactly like the same mail from a proven sender. Before, the
 * mark's "unverified" made a withdrawal question KYC. Samples are chosen per run; the seed is printed.
 */
import { describe, expect, it } from "vitest";
import { rng } from "../../../support/secret-generator";
import { plainMail, receive, staffTicket, ticketOf, unique } from "./harness";

const SEED = Number(process.env.TRIAGE_MARK_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.info(`unverified-triage seed ${SEED} (TRIAGE_MARK_SEED=${SEED} replays)`);
/** Replayable choices for this run. */
const rand = rng(SEED).next;

const SAMPLES: Array<{ subject: string; body: string }> = [
  { subject: "Withdrawal stuck", body: "My withdrawal has been pending for 3 hours." },
  { subject: "Withdrawal", body: "I withdrew 500 USDT yesterday and it still shows processing." },
  { subject: "Deposit missing", body: "I sent USDT two hours ago and the deposit is not credited." },
  { subject: "Cannot log in", body: "I cannot log in, the app says my password is wrong." },
  { subject: "API", body: "My API key returns error 401 on every order I place." },
  { subject: "提现", body: "提现三个小时了还没到账" },
  { subject: "充值", body: "我的充值还没有到账，已经两个小时了" },
  { subject: "登录", body: "登录不上，一直提示密码错误" },
];

async function ticketFor(sample: { subject: string; body: string }, verified: boolean) {
  const from = `${unique("c")}@customer.test`;
  const messageId = `<${unique()}@customer.test>`;
  const raw = plainMail({ from, messageId, subject: sample.subject, body: sample.body });
  await receive(raw, { from }, verified ? undefined : null);
  return staffTicket(await ticketOf(messageId));
}

describe("triage reads the customer's words, not our [Unverified sender] mark", () => {
  it("an unverified mail gets the category and language the same verified mail gets (never KYC from the mark)", async () => {
    const picked = [...SAMPLES].sort(() => rand() - 0.5).slice(0, 4);
    for (const sample of picked) {
      const proven = await ticketFor(sample, true);
      const unproven = await ticketFor(sample, false);
      const inbound = unproven.messages.find((m) => m.direction === "in");
      expect(inbound?.body.startsWith("[Unverified sender]"), sample.body).toBe(true);
      expect(proven.ticket.category, sample.body).not.toBe("kyc");
      expect(
        { category: unproven.ticket.category, language: unproven.ticket.language },
        `${sample.subject}: ${sample.body}`,
      ).toEqual({ category: proven.ticket.category, language: proven.ticket.language });
    }
  });
});
