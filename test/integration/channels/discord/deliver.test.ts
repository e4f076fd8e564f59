import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../../../src/core/channel";
import { PermanentError, RetryableError } from "../../../../src/core/errors";
import { deliveryOf } from "../../support";
import { channelOf, deliverVia } from "../adapters";
import { relayMessage, snowflake } from "./builders";
import { fakeDiscord, postRelay, staffReply, staffTicket, ticketIdsOf, waitFor } from "./harness";

/** A customer who wrote a DM, with the acknowledgement already sent. Returns their DM channel at the fake. */
async function customerWithTicket() {
  const userId = snowflake();
  await postRelay(relayMessage({ userId, content: `Deposit missing ${userId}` }));
  const [ticketId] = await ticketIdsOf(`discord:dm:${userId}`);
  const dmChannel = await fakeDiscord.dmChannelOf(userId);
  await sentTo(dmChannel, 1);
  return { userId, ticketId: ticketId as string, dmChannel };
}

async function sentTo(channelId: string, n: number) {
  return waitFor(async () => {
    const calls = (await fakeDiscord.calls({ route: "createMessage", channelId })).filter((c) => !c.failedWith);
    return calls.length >= n ? calls : undefined;
  }, `${n} messages in ${channelId}`);
}

function outbound(conversationKey: string, over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    messageId: `msg_${crypto.randomUUID()}`,
    ticketId: "tkt_x",
    ticketNumber: "RD-1",
    ticketSubject: "s",
    ticketAccessToken: "t",
    channel: "discord",
    conversationKey,
    recipient: { externalId: "1", displayName: null, email: null },
    author: "staff",
    body: "Hello",
    attachments: [],
    language: "en",
    replyToProviderMessageId: null,
    ...over,
  };
}

// Retries go through the real queue with its delays: allow them the time.
describe("Discord replies through REST", { timeout: 30_000 }, () => {
  it("a staff reply opens the DM channel and posts there with the bot token", async () => {
    const { userId, ticketId, dmChannel } = await customerWithTicket();
    const created = await fakeDiscord.calls({ route: "createDm", recipientId: userId });
    expect(created[0]).toMatchObject({ body: { recipient_id: userId }, auth: "Bot" });
    const reply = await staffReply(ticketId, "We found your deposit; it will be credited within the hour.");
    const sent = await deliveryOf(ticketId, reply.id, (s) => s === "sent");
    const calls = await sentTo(dmChannel, 2);
    expect(calls.at(-1)?.body).toMatchObject({
      content: "We found your deposit; it will be credited within the hour.",
      allowed_mentions: { parse: [] },
    });
    expect(sent.delivery?.providerMessageId).toMatch(new RegExp(`^${dmChannel}:\\d+$`));
  });

  it("429 with Discord's rate-limit headers is retried through the queue and then delivered", async () => {
    const { ticketId, dmChannel } = await customerWithTicket();
    await fakeDiscord.fail({ route: "createMessage", channel_id: dmChannel, status: 429, retry_after: 1 });
    const reply = await staffReply(ticketId, "Please send the TxID.");
    const sent = await deliveryOf(ticketId, reply.id, (s) => s === "sent");
    expect(sent.delivery?.attempts).toBe(2);
    const calls = (await fakeDiscord.calls({ route: "createMessage", channelId: dmChannel })).slice(1);
    expect(calls.map((c) => c.failedWith ?? 200)).toEqual([429, 200]);
  });

  it("a send whose answer is lost is retried with the same nonce: the customer gets the message once", async () => {
    const { ticketId, dmChannel } = await customerWithTicket();
    await fakeDiscord.fail({ route: "createMessage", channel_id: dmChannel, status: 200, lost_answer: true });
    const reply = await staffReply(ticketId, "Your withdrawal was re-broadcast.");
    const sent = await deliveryOf(ticketId, reply.id, (s) => s === "sent");
    expect(sent.delivery?.attempts).toBe(2);
    const calls = (await fakeDiscord.calls({ route: "createMessage", channelId: dmChannel })).slice(1);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.body).toMatchObject({ enforce_nonce: true, content: "Your withdrawal was re-broadcast." });
    expect(calls[1]?.body?.nonce).toBe(calls[0]?.body?.nonce);
    // Both tries name one and the same Discord message: the DM shows it once.
    expect(new Set(calls.map((c) => c.messageId)).size).toBe(1);
    expect(sent.delivery?.providerMessageId).toBe(`${dmChannel}:${calls[0]?.messageId}`);
  });

  it("500 is retried and then delivered", async () => {
    const { ticketId, dmChannel } = await customerWithTicket();
    await fakeDiscord.fail({ route: "createMessage", channel_id: dmChannel, status: 500 });
    const reply = await staffReply(ticketId, "Checking with the wallet team.");
    const sent = await deliveryOf(ticketId, reply.id, (s) => s === "sent");
    expect(sent.delivery?.attempts).toBe(2);
  });

  it("50007 fails at once with a readable reason, and the customer is flagged unreachable", async () => {
    const { userId, ticketId, dmChannel } = await customerWithTicket();
    await fakeDiscord.fail({ route: "createMessage", channel_id: dmChannel, status: 403, code: 50007, times: 5 });
    const reply = await staffReply(ticketId, "Are you still there?");
    const failed = await deliveryOf(ticketId, reply.id, (s) => s === "failed");
    expect(failed.delivery).toMatchObject({
      attempts: 1,
      error: "The customer does not accept direct messages from the bot (50007)",
    });
    const after = await staffTicket(ticketId);
    expect(after.ticket.contact.identities[0]).toMatchObject({ externalId: userId, reachable: false });
  });

  it("a reply over 2000 characters is split at paragraph boundaries", async () => {
    const { ticketId, dmChannel } = await customerWithTicket();
    const paragraph = "Step: check the network and the memo. ".repeat(24).trim(); // ~910 chars
    const body = [paragraph, paragraph, paragraph].join("\n\n");
    const reply = await staffReply(ticketId, body);
    await deliveryOf(ticketId, reply.id, (s) => s === "sent");
    const parts = (await fakeDiscord.calls({ route: "createMessage", channelId: dmChannel }))
      .slice(1)
      .map((c) => String(c.body?.content));
    expect(parts).toEqual([`${paragraph}\n\n${paragraph}`, paragraph]);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
  });
});

describe("the Discord adapter's deliver()", () => {
  it("uploads staff attachments from R2 as files, after the text", async () => {
    const userId = snowflake();
    const id = crypto.randomUUID();
    await env.ATTACHMENTS.put(`test/${id}/shot.png`, new Uint8Array([137, 80, 78, 71, 1, 2, 3]));
    await env.ATTACHMENTS.put(`test/${id}/guide.pdf`, new TextEncoder().encode("%PDF-1.4 guide"));
    const receipt = await deliverVia(
      "discord",
      outbound(`discord:dm:${userId}`, {
        body: "Here is how it should look:",
        attachments: [
          { filename: "shot.png", contentType: "image/png", size: 7, r2Key: `test/${id}/shot.png` },
          { filename: "guide.pdf", contentType: "application/pdf", size: 14, r2Key: `test/${id}/guide.pdf` },
        ],
      }),
      env,
    );
    const dm = await fakeDiscord.dmChannelOf(userId);
    const calls = await fakeDiscord.calls({ route: "createMessage", channelId: dm });
    expect(calls.map((c) => c.files.length)).toEqual([0, 2]);
    expect(calls[1]?.files).toEqual([
      expect.objectContaining({ filename: "shot.png", size: 7, contentType: "image/png" }),
      expect.objectContaining({ filename: "guide.pdf", size: 14 }),
    ]);
    expect(receipt.providerMessageId).toMatch(new RegExp(`^${dm}:\\d+$`));
  });

  it("posts a server ticket's replies to its channel, answering the customer's message", async () => {
    const channelId = snowflake();
    const replyTo = snowflake();
    await deliverVia("discord", outbound(`discord:thread:${channelId}`, { replyToProviderMessageId: replyTo }), env);
    const [call] = await fakeDiscord.calls({ route: "createMessage", channelId });
    expect(call?.body?.message_reference).toEqual({ message_id: replyTo, fail_if_not_exists: false });
  });

  it("maps errors: 429 -> retry after Retry-After, 5xx and network -> retry, 10003/50001/50013 -> permanent", async () => {
    const channelId = snowflake();
    const key = `discord:thread:${channelId}`;
    const err = (p: Promise<unknown>) => p.catch((e: unknown) => e);

    await fakeDiscord.fail({ channel_id: channelId, status: 429, retry_after: 7 });
    const limited = await err(deliverVia("discord", outbound(key), env));
    expect(limited).toBeInstanceOf(RetryableError);
    expect((limited as RetryableError).retryAfterMs).toBe(7000);

    await fakeDiscord.fail({ channel_id: channelId, status: 502 });
    expect(await err(deliverVia("discord", outbound(key), env))).toBeInstanceOf(RetryableError);
    await fakeDiscord.fail({ channel_id: channelId, status: 502, html: "<html>502 Bad Gateway</html>" });
    const proxy = await err(deliverVia("discord", outbound(key), env));
    expect(proxy).toBeInstanceOf(RetryableError);
    expect((proxy as Error).message).not.toContain(env.DISCORD_BOT_TOKEN);

    for (const [code, reason] of [
      [10003, /channel no longer exists/],
      [50001, /no access/],
      [50013, /lacks permission/],
    ] as const) {
      await fakeDiscord.fail({ channel_id: channelId, status: code === 10003 ? 404 : 403, code });
      const e = await err(deliverVia("discord", outbound(key), env));
      expect(e, String(code)).toBeInstanceOf(PermanentError);
      expect((e as Error).message).toMatch(reason);
    }
  });

  it("a closed port is a retryable network error", async () => {
    const e = await deliverVia("discord", outbound("discord:dm:1"), {
      ...env,
      DISCORD_API_ROOT: "http://127.0.0.1:9/api",
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RetryableError);
    expect((e as Error).message).toBe("Could not reach Discord (network error)");
  });

  it("refuses what is not a Discord conversation, and is configured only with a bot token", async () => {
    expect(await deliverVia("discord", outbound("telegram:1"), env).catch((e: unknown) => e)).toBeInstanceOf(
      PermanentError,
    );
    expect(channelOf("discord", env).isConfigured()).toBe(true);
    expect(channelOf("discord", { ...env, DISCORD_BOT_TOKEN: "" }).isConfigured()).toBe(false);
  });
});
