/**
 * Alice's and Bob's web tickets merged (two customers, confirmed by an admin). Staff read the ticket, see "Reply to:
 * <one of them>" and write an answer for that customer; meanwhile the other one writes through their `/t/` link. The
 * reply must reach the customer staff answered (the conversation the inbox showed, sent as `conversationId`), never
 * the one who happened to write last. A `conversationId` naming a conversation outside the ticket is 400 and writes
 * nothing. `ATTACK_SEED=<seed>` replays.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { postJson } from "../channels/webform/builders";
import { BOOTSTRAP, call, settleDeliveries } from "../staff/helpers";
import { staffTicket } from "../support";
import { attackRandom } from "./attack-seed";
import { webCustomer } from "./web-customer";

const rnd = attackRandom("merged-reply-target");
afterAll(() => settleDeliveries());

async function linkWrites(token: string, text: string): Promise<void> {
  const res = await postJson(`/t/${token}/replies`, { body: text, idempotencyKey: `r-${crypto.randomUUID()}` });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function page(token: string): Promise<string> {
  const res = await exports.default.fetch(`http://relaydesk.test/t/${token}`, { headers: { Accept: "text/html" } });
  expect(res.status).toBe(200);
  return res.text();
}

async function rows(): Promise<number> {
  const r = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages").first<{ n: number }>();
  return r?.n ?? 0;
}

describe("a staff reply on a ticket merged from two customers' tickets", { timeout: 90_000 }, () => {
  it("goes to the conversation staff answered, whoever wrote last", async () => {
    const alice = await webCustomer("alice");
    const bob = await webCustomer("bob");
    const [holder, merged] = rnd.next() < 0.5 ? [alice, bob] : [bob, alice];
    const res = await call("POST", `/api/staff/tickets/${merged.id}/merge`, {
      token: BOOTSTRAP,
      json: { intoId: holder.id, confirmDifferentCustomers: true },
    });
    expect(res.status, await res.clone().text()).toBe(200);

    // Staff answer one customer (seeded), the other writes after staff read the ticket.
    const [answered, intruder] = rnd.next() < 0.5 ? [alice, bob] : [bob, alice];
    await linkWrites(answered.token, `question ${rnd.word(12)}`);
    const { ticket } = await staffTicket(holder.id);
    const conversations = (ticket as unknown as { conversations: Array<{ ticketId: string }> }).conversations;
    expect(conversations.map((c) => c.ticketId).sort()).toEqual([alice.id, bob.id].sort());
    await linkWrites(intruder.token, `butting in ${rnd.word(12)}`);

    const secret = `for ${answered === alice ? "alice" : "bob"} only ${rnd.word(16)}`;
    const sent = await call("POST", `/api/staff/tickets/${holder.id}/replies`, {
      token: BOOTSTRAP,
      json: { body: secret, conversationId: answered.id },
    });
    expect(sent.status, await sent.clone().text()).toBe(201);
    const { message } = (await sent.json()) as { message: { id: string } };
    const origin = await env.DB.prepare("SELECT origin_ticket_id FROM messages WHERE id = ?1")
      .bind(message.id)
      .first<{ origin_ticket_id: string }>();
    expect(origin?.origin_ticket_id, "the reply's conversation").toBe(answered.id);
    expect(await page(answered.token)).toContain(secret);
    expect(await page(intruder.token), "the customer who wrote last sees the other's answer").not.toContain(secret);
  });

  it("refuses a conversationId outside the ticket (400, nothing written)", async () => {
    const alice = await webCustomer("alice");
    const bob = await webCustomer("bob");
    const stranger = await webCustomer("carol");
    await call("POST", `/api/staff/tickets/${bob.id}/merge`, {
      token: BOOTSTRAP,
      json: { intoId: alice.id, confirmDifferentCustomers: true },
    });
    const target = rnd.pick([stranger.id, `tkt_${rnd.word(20)}`]);
    const before = await rows();
    const res = await call("POST", `/api/staff/tickets/${alice.id}/replies`, {
      token: BOOTSTRAP,
      json: { body: `misdirected ${rnd.word(12)}`, conversationId: target },
    });
    expect(res.status, await res.clone().text()).toBe(400);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBeTruthy();
    expect(await rows()).toBe(before);
  });
});
