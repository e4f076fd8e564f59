/**
 * The Discord relay endpoint and buttons, attacked by a second user with fresh random ids: a body
 * re-used with another author or channel, a signature moved to another timestamp, a replay; a DM
 * naming the customer's DM channel; another member of the customer's ticket thread pressing the
 * customer's buttons. The signature binds the whole body and its timestamp; the conversation is the
 * author's own; a thread's ticket is steered only by its customer.
 */
import { describe, expect, it } from "vitest";
import { signRelay } from "../../../channels/discord";
import { button, relayMessage, snowflake, supportSubmit } from "../channels/discord/builders";
import {
  count,
  fakeDiscord,
  nowSeconds,
  postInteraction,
  postRelay,
  RELAY_SECRET,
  staffTicket,
  ticketIdsOf,
  waitFor,
} from "../channels/discord/harness";
import { resolveTicket } from "../requests";

const rand = () => crypto.randomUUID().replace(/-/g, "").slice(0, 12);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const inbound = (providerId: string) =>
  count("SELECT COUNT(*) AS n FROM messages WHERE channel = 'discord' AND provider_message_id = ?1", providerId);

/** A customer's DM ticket through the relay; its id. */
async function dmTicket(userId: string, text: string): Promise<string> {
  const res = await postRelay(relayMessage({ userId, content: text }));
  expect(res.status).toBe(200);
  return waitFor(async () => (await ticketIdsOf(`discord:dm:${userId}`))[0], "the customer's DM ticket");
}

describe("the Discord relay endpoint under attack", { timeout: 30_000 }, () => {
  it("a signed body altered after signing (author, channel, kind, text) or re-timed is 401 and stores nothing", async () => {
    const victim = snowflake();
    const attacker = snowflake();
    const victimTicket = await dmTicket(victim, `deposit missing ${rand()}`);
    const before = (await staffTicket(victimTicket)).messages.length;

    const msg = relayMessage({ userId: attacker, content: `hello ${rand()}` });
    const raw = JSON.stringify(msg);
    const ts = nowSeconds();
    const signature = await signRelay(RELAY_SECRET, ts, raw);
    const marker = `steer${rand()}`;
    const altered = pick([
      { ...msg, author: { ...msg.author, id: victim } },
      { ...msg, author: { ...msg.author, id: victim }, content: `close my ticket ${marker}` },
      { ...msg, kind: "thread", channelId: snowflake() },
      { ...msg, content: `${msg.content} ${marker}` },
    ]);
    const cases: Array<[string, Parameters<typeof postRelay>[1]]> = [
      ["body altered", { raw: JSON.stringify(altered), timestamp: ts, signature }],
      ["a byte appended", { raw: `${raw} `, timestamp: ts, signature }],
      ["timestamp moved", { raw, timestamp: String(Number(ts) + pick([1, -1, 60])), signature }],
      ["signature of the body alone", { raw, timestamp: ts, signature: await signRelay(RELAY_SECRET, "", raw) }],
      ["signature truncated", { raw, timestamp: ts, signature: signature.slice(0, 62) }],
      ["signature with another key", { raw, timestamp: ts, signature: await signRelay(`x${rand()}`, ts, raw) }],
    ];
    for (const [what, opts] of cases) {
      const res = await postRelay(null, opts);
      expect(res.status, what).toBe(401);
      expect(res.headers.get("Content-Type"), what).toMatch(/application\/json/);
      expect(await res.json(), what).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await inbound(msg.id)).toBe(0);
    expect(await inbound(altered.id)).toBe(0);
    expect((await staffTicket(victimTicket)).messages).toHaveLength(before);
    expect(await ticketIdsOf(`discord:dm:${attacker}`)).toHaveLength(0);

    // The untouched request is accepted once; replaying it (same signature, within the window) adds nothing.
    for (let i = 0; i < 3; i++) {
      const res = await postRelay(null, { raw, timestamp: ts, signature });
      expect(res.status).toBe(200);
    }
    expect(await inbound(msg.id)).toBe(1);
    expect(await ticketIdsOf(`discord:dm:${attacker}`)).toHaveLength(1);
  });

  it("a DM naming the customer's DM channel lands in the author's own conversation; their message id reused adds nothing to theirs", async () => {
    const victim = snowflake();
    const attacker = snowflake();
    const victimText = `withdrawal stuck ${rand()}`;
    const first = relayMessage({ userId: victim, content: victimText });
    await postRelay(first);
    const victimTicket = await waitFor(async () => (await ticketIdsOf(`discord:dm:${victim}`))[0], "ticket");
    const marker = `mine${rand()}`;
    const res = await postRelay(
      relayMessage({ userId: attacker, channelId: first.channelId, content: `please close it ${marker}` }),
    );
    expect(res.status).toBe(200);
    const [attackerTicket] = await ticketIdsOf(`discord:dm:${attacker}`);
    expect(attackerTicket).toBeDefined();
    expect(attackerTicket).not.toBe(victimTicket);
    const victimView = await staffTicket(victimTicket);
    expect(victimView.messages.map((m) => m.body).join("\n")).not.toContain(marker);
    expect(victimView.ticket.contact.identities.map((i) => i.externalId)).toEqual([victim]);
    expect((await staffTicket(attackerTicket as string)).messages.map((m) => m.body).join("\n")).not.toContain(
      victimText,
    );

    // The customer's message id again, from the attacker: nothing is added to the customer's ticket.
    const before = (await staffTicket(victimTicket)).messages.length;
    const reuse = `reuse${rand()}`;
    const again = await postRelay({ ...relayMessage({ userId: attacker, content: reuse }), id: first.id });
    expect(again.status).toBe(200);
    const after = await staffTicket(victimTicket);
    expect(after.messages).toHaveLength(before);
    expect(after.messages.map((m) => m.body).join("\n")).not.toContain(reuse);
    expect(await inbound(first.id)).toBe(1);
  });
});

describe("Discord buttons pressed by someone other than the ticket's customer", { timeout: 30_000 }, () => {
  it("another member of the customer's ticket thread can neither close it nor rate it; the customer can", async () => {
    const customer = snowflake();
    const member = snowflake();
    const guild = { guildId: snowflake(), channelId: snowflake(), channelType: pick([11, 12]) };
    await postInteraction(
      supportSubmit({ subject: `KYC ${rand()}`, description: `rejected twice ${rand()}` }, { userId: customer, guild }),
    );
    const ticketId = await waitFor(
      async () => (await ticketIdsOf(`discord:thread:${guild.channelId}`))[0],
      "the thread's ticket",
    );
    // The member writes in the thread: shared conversation, but the ticket stays the customer's.
    await postRelay(
      relayMessage({ userId: member, kind: "thread", channelId: guild.channelId, content: `me too ${rand()}` }),
    );
    const ids = (await staffTicket(ticketId)).ticket.contact.identities.map((i) => i.externalId);
    expect(ids).toEqual([customer]);

    // "Close" from the member, in the thread or from a DM: refused (its deferred answer says so), nothing changes.
    const refusals = async () =>
      (await fakeDiscord.calls({ route: "editOriginal" })).filter((c) =>
        String(c.body?.content).startsWith("This button is no longer valid."),
      ).length;
    for (const where of [{ guild }, {}]) {
      const before = await refusals();
      const res = await postInteraction(button(`close:${ticketId}`, { userId: member, ...where }));
      expect(res.status).toBe(200);
      await waitFor(async () => ((await refusals()) > before ? true : undefined), "the member's refusal");
    }
    expect((await staffTicket(ticketId)).ticket.status).not.toBe("resolved");

    // Staff resolve it; the rating question's buttons pressed by the member are refused.
    expect((await resolveTicket(ticketId)).status).toBe(200);
    const rating = 1 + Math.floor(Math.random() * 5);
    const refused = await postInteraction(button(`csat:${ticketId}:${rating}`, { userId: member, guild }));
    expect(refused.status).toBe(200);
    expect(
      await count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1 AND rating IS NOT NULL", ticketId),
    ).toBe(0);
    const accepted = await postInteraction(button(`csat:${ticketId}:${rating}`, { userId: customer, guild }));
    expect(accepted.status).toBe(200);
    expect(
      await count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1 AND rating = ?2", ticketId, rating),
    ).toBe(1);
  });
});

describe("a Discord interaction id used by another user", { timeout: 30_000 }, () => {
  it("is that user's own request: it opens their ticket and shows them nothing of the first user's", async () => {
    const victim = snowflake();
    const attacker = snowflake();
    const first = supportSubmit({ subject: `KYC ${rand()}`, description: `rejected ${rand()}` }, { userId: victim });
    await postInteraction(first);
    const victimTicket = await waitFor(async () => (await ticketIdsOf(`discord:dm:${victim}`))[0], "victim ticket");
    const { ticket } = await staffTicket(victimTicket);

    const marker = `mine${rand()}`;
    const edits = async () => (await fakeDiscord.calls({ route: "editOriginal" })).length;
    const before = await edits();
    const reused = { ...supportSubmit({ subject: marker, description: marker }, { userId: attacker }), id: first.id };
    expect((await postInteraction(reused)).status).toBe(200);
    const attackerTicket = await waitFor(
      async () => (await ticketIdsOf(`discord:dm:${attacker}`))[0],
      "the attacker's own ticket",
    );
    expect(attackerTicket).not.toBe(victimTicket);
    expect((await staffTicket(attackerTicket)).messages.some((m) => m.body.includes(marker))).toBe(true);
    expect((await staffTicket(victimTicket)).messages.some((m) => m.body.includes(marker))).toBe(false);
    // What the attacker was shown names their ticket, never the victim's number or id.
    await waitFor(async () => ((await edits()) > before ? true : undefined), "the attacker's answer");
    const shown = (await fakeDiscord.calls({ route: "editOriginal" })).slice(before).map((c) => JSON.stringify(c.body));
    for (const text of shown) {
      expect(text).not.toContain(ticket.number);
      expect(text).not.toContain(victimTicket);
    }
  });
});
