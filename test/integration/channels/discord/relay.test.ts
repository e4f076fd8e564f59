import { describe, expect, it } from "vitest";
import { relayMessage, snowflake, supportSubmit } from "./builders";
import {
  count,
  fakeDiscord,
  nowSeconds,
  postInteraction,
  postRelay,
  staffTicket,
  ticketIdsOf,
  waitFor,
} from "./harness";

const messagesWith = (providerId: string) =>
  count("SELECT COUNT(*) AS n FROM messages WHERE channel = 'discord' AND provider_message_id = ?1", providerId);

describe("POST /webhooks/discord/relay", { timeout: 20_000 }, () => {
  it("a signed DM opens a ticket on the customer's DM conversation", async () => {
    const userId = snowflake();
    const msg = relayMessage({ userId, content: "My deposit of 500 USDT has not arrived" });
    const res = await postRelay(msg);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, outcome: "created" });
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    const { ticket, messages } = await staffTicket(ticketId as string);
    expect(ticket).toMatchObject({ channel: "discord", subject: "My deposit of 500 USDT has not arrived" });
    expect(messages[0]).toMatchObject({ direction: "in", body: "My deposit of 500 USDT has not arrived" });
    expect(ticket.contact.identities[0]).toMatchObject({ channel: "discord", externalId: userId });
  });

  it("the same message relayed twice (two relays running) is stored once", async () => {
    const userId = snowflake();
    const msg = relayMessage({ userId, content: "Withdrawal stuck" });
    const answers = await Promise.all([postRelay(msg), postRelay(msg), postRelay(msg)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await messagesWith(msg.id)).toBe(1);
    expect(await ticketIdsOf(`discord:dm:${userId}`)).toHaveLength(1);
  });

  it("a DM after the form joins the same ticket", async () => {
    const userId = snowflake();
    await postInteraction(supportSubmit({ subject: "KYC", description: "Rejected twice" }, { userId }));
    const ticketId = await waitFor(async () => (await ticketIdsOf(`discord:dm:${userId}`))[0], "ticket");
    const res = await postRelay(relayMessage({ userId, content: "Here is more detail" }));
    expect(await res.json()).toMatchObject({ outcome: "appended" });
    const { messages } = await staffTicket(ticketId);
    expect(messages.filter((m) => m.direction === "in").map((m) => m.body)).toEqual([
      "Rejected twice",
      "Here is more detail",
    ]);
  });

  it("attachments are kept as readable placeholders with their links", async () => {
    const userId = snowflake();
    const msg = relayMessage({
      userId,
      content: "screenshot attached",
      attachments: [
        { id: snowflake(), filename: "error.png", url: "https://cdn.discordapp.com/a/error.png", size: 10 },
      ],
    });
    await postRelay(msg);
    const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
    const { messages } = await staffTicket(ticketId as string);
    expect(messages[0]?.body).toBe(
      "screenshot attached\n[attachment: error.png (https://cdn.discordapp.com/a/error.png)]",
    );
  });

  it("a thread message counts only in a thread where a ticket started", async () => {
    const userId = snowflake();
    const channelId = snowflake();
    const stray = await postRelay(relayMessage({ userId, content: "chatting", kind: "thread", channelId }));
    expect(await stray.json()).toMatchObject({ ok: true, ignored: true });
    expect(await ticketIdsOf(`discord:thread:${channelId}`)).toHaveLength(0);

    await postInteraction(
      supportSubmit(
        { subject: "API", description: "429s" },
        { userId, guild: { guildId: snowflake(), channelId, channelType: 11 } },
      ),
    );
    const ticketId = await waitFor(async () => (await ticketIdsOf(`discord:thread:${channelId}`))[0], "ticket");
    const res = await postRelay(relayMessage({ userId, content: "still failing", kind: "thread", channelId }));
    expect(await res.json()).toMatchObject({ outcome: "appended" });
    expect((await staffTicket(ticketId)).messages.at(-1)?.body).toBe("still failing");
  });

  it("401 for a missing or wrong signature, another secret, or a timestamp over 5 minutes old; nothing stored", async () => {
    const userId = snowflake();
    const msg = relayMessage({ userId, content: "hello" });
    const old = String(Math.floor(Date.now() / 1000) - 301);
    const cases: Array<[string, Parameters<typeof postRelay>[1]]> = [
      ["missing", { signature: null }],
      ["garbage", { signature: "nothex" }],
      ["wrong secret", { secret: "not-the-secret" }],
      ["old", { timestamp: old }],
      ["future", { timestamp: String(Number(nowSeconds()) + 400) }],
      ["no timestamp", { timestamp: "" }],
    ];
    for (const [what, opts] of cases) {
      const res = await postRelay(msg, opts);
      expect(res.status, what).toBe(401);
      expect(await res.json(), what).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await messagesWith(msg.id)).toBe(0);
    expect(await fakeDiscord.calls({ recipientId: userId })).toEqual([]);
  });

  it("400 for signed bodies that are not relayed messages; nothing stored", async () => {
    for (const raw of [
      "{not json",
      "[]",
      JSON.stringify({ id: "1" }),
      JSON.stringify({ ...relayMessage({ userId: "x", content: "a" }) }),
    ]) {
      const res = await postRelay(null, { raw });
      expect(res.status, raw).toBe(400);
    }
  });
});
