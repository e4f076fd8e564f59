import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../../../src/core/channel";
import { PermanentError, RetryableError } from "../../../../src/core/errors";
import { deliveryOf } from "../../support";
import { channelOf, deliverVia } from "../adapters";
import { newChatId, telegramUpdate } from "./builders";
import {
  count,
  deliverUpdate,
  fakeTelegram,
  latestTicketOfChat,
  staffReply,
  staffTicket,
  waitForSent,
} from "./harness";

/** A customer chat with a ticket whose acknowledgement has gone out. */
async function customerWithTicket() {
  const chatId = newChatId();
  await deliverUpdate(telegramUpdate({ chatId, text: `Deposit missing ${chatId}` }));
  await waitForSent(chatId);
  const { ticket } = await latestTicketOfChat(chatId);
  return { chatId, ticket };
}

function outbound(chatId: number, over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    messageId: `msg_${crypto.randomUUID()}`,
    ticketId: "tkt_x",
    ticketNumber: "RD-1",
    ticketSubject: "s",
    ticketAccessToken: "t",
    channel: "telegram",
    conversationKey: `telegram:${chatId}`,
    recipient: { externalId: String(chatId), displayName: null, email: null },
    author: "staff",
    body: "Hello",
    attachments: [],
    language: "en",
    replyToProviderMessageId: null,
    ...over,
  };
}

// Retries go through the real queue with its delays: allow them the time.
describe("Telegram replies through the Bot API", { timeout: 30_000 }, () => {
  it("a staff reply reaches the customer's chat with the right chat_id and text", async () => {
    const { chatId, ticket } = await customerWithTicket();
    const reply = await staffReply(ticket.id, "We found your deposit; it will be credited within the hour.");
    const sent = await deliveryOf(ticket.id, reply.id, (s) => s === "sent");
    const calls = await waitForSent(chatId, 2);
    const last = calls[calls.length - 1];
    expect(last?.params).toMatchObject({
      chat_id: chatId,
      text: "We found your deposit; it will be credited within the hour.",
    });
    expect(last?.params.parse_mode).toBeUndefined();
    expect(sent.delivery?.providerMessageId).toMatch(new RegExp(`^${chatId}:\\d+$`));
  });

  it("429 with retry_after is retried through the queue and then delivered", async () => {
    const { chatId, ticket } = await customerWithTicket();
    await fakeTelegram.fail({ chat_id: chatId, method: "sendMessage", error_code: 429, retry_after: 1 });
    const reply = await staffReply(ticket.id, "Please send the TxID.");
    const sent = await deliveryOf(ticket.id, reply.id, (s) => s === "sent");
    expect(sent.delivery?.attempts).toBe(2);
    const calls = (await fakeTelegram.calls({ chatId, method: "sendMessage" })).slice(1);
    expect(calls.map((c) => c.failedWith ?? 200)).toEqual([429, 200]);
    expect(calls[1]?.params.text).toBe("Please send the TxID.");
  });

  it("500 is retried and then delivered", async () => {
    const { chatId, ticket } = await customerWithTicket();
    await fakeTelegram.fail({ chat_id: chatId, method: "sendMessage", error_code: 500 });
    const reply = await staffReply(ticket.id, "Checking with the wallet team.");
    const sent = await deliveryOf(ticket.id, reply.id, (s) => s === "sent");
    expect(sent.delivery?.attempts).toBe(2);
  });

  it("403 (bot blocked) fails at once with a readable reason, and the customer is flagged unreachable", async () => {
    const { chatId, ticket } = await customerWithTicket();
    await fakeTelegram.fail({ chat_id: chatId, method: "sendMessage", error_code: 403, times: 5 });
    const reply = await staffReply(ticket.id, "Are you still there?");
    const failed = await deliveryOf(ticket.id, reply.id, (s) => s === "failed");
    expect(failed.delivery).toMatchObject({ attempts: 1, error: "The customer blocked the bot" });
    const after = await staffTicket(ticket.id);
    expect(after.ticket.contact.identities[0]).toMatchObject({ externalId: String(chatId), reachable: false });
  });

  it("a reply over 4096 characters is split at paragraph boundaries", async () => {
    const { chatId, ticket } = await customerWithTicket();
    const paragraph = "Step: check the network and the memo. ".repeat(50).trim(); // ~1900 chars
    const body = [paragraph, paragraph, paragraph].join("\n\n");
    const reply = await staffReply(ticket.id, body);
    await deliveryOf(ticket.id, reply.id, (s) => s === "sent");
    const parts = (await fakeTelegram.calls({ chatId, method: "sendMessage" }))
      .slice(1)
      .map((c) => String(c.params.text));
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts).toEqual([`${paragraph}\n\n${paragraph}`, paragraph]);
  });

  it("a split reply that fails part-way resumes with the failed part, not from the start", async () => {
    const { chatId, ticket } = await customerWithTicket();
    const paragraph = "Step: check the network and the memo. ".repeat(50).trim();
    const [first, second] = [`${paragraph}\n\n${paragraph}`, `${paragraph} (2)`];
    await fakeTelegram.fail({ chat_id: chatId, method: "sendMessage", after: 1, error_code: 500 });
    const reply = await staffReply(ticket.id, `${first}\n\n${second}`);
    const sent = await deliveryOf(ticket.id, reply.id, (s) => s === "sent");
    const calls = (await fakeTelegram.calls({ chatId, method: "sendMessage" })).slice(1);
    expect(calls.map((c) => [String(c.params.text), c.failedWith ?? 200])).toEqual([
      [first, 200],
      [second, 500],
      [second, 200],
    ]);
    expect(sent.delivery?.attempts).toBe(2);
    // Each accepted part is recorded once; the receipt is the first part, whichever try sent it.
    const { results } = await env.DB.prepare(
      "SELECT provider_part_id FROM message_parts WHERE message_id = ?1 ORDER BY rowid",
    )
      .bind(reply.id)
      .all<{ provider_part_id: string }>();
    expect(results).toHaveLength(2);
    expect(sent.delivery?.providerMessageId).toBe(results[0]?.provider_part_id);
  });
});

describe("the Telegram adapter's deliver()", () => {
  it("sends staff attachments from R2 as a photo or a document, after the text", async () => {
    const chatId = newChatId();
    const id = crypto.randomUUID();
    await env.ATTACHMENTS.put(`test/${id}/shot.png`, new Uint8Array([137, 80, 78, 71, 1, 2, 3]));
    await env.ATTACHMENTS.put(`test/${id}/guide.pdf`, new TextEncoder().encode("%PDF-1.4 guide"));
    const receipt = await deliverVia(
      "telegram",
      outbound(chatId, {
        body: "Here is how it should look:",
        attachments: [
          { filename: "shot.png", contentType: "image/png", size: 7, r2Key: `test/${id}/shot.png` },
          { filename: "guide.pdf", contentType: "application/pdf", size: 14, r2Key: `test/${id}/guide.pdf` },
        ],
      }),
      env,
    );
    const calls = await fakeTelegram.calls({ chatId });
    expect(calls.map((c) => c.method)).toEqual(["sendMessage", "sendPhoto", "sendDocument"]);
    expect(calls[1]?.files).toEqual([expect.objectContaining({ filename: "shot.png", size: 7 })]);
    expect(calls[2]?.files).toEqual([expect.objectContaining({ filename: "guide.pdf", size: 14 })]);
    expect(receipt.providerMessageId).toMatch(new RegExp(`^${chatId}:\\d+$`));
  });

  it("quotes the customer's message when it answers one", async () => {
    const chatId = newChatId();
    await deliverVia("telegram", outbound(chatId, { replyToProviderMessageId: `${chatId}:42` }), env);
    const [call] = await fakeTelegram.calls({ chatId });
    expect(call?.params.reply_parameters).toEqual({ message_id: 42, allow_sending_without_reply: true });
  });

  it("maps Bot API errors: 429 -> retry after retry_after, 5xx -> retry, 400 chat not found -> permanent", async () => {
    const chatId = newChatId();
    await fakeTelegram.fail({ chat_id: chatId, error_code: 429, retry_after: 7 });
    const limited = await deliverVia("telegram", outbound(chatId), env).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RetryableError);
    expect((limited as RetryableError).retryAfterMs).toBe(7000);

    await fakeTelegram.fail({ chat_id: chatId, error_code: 502, description: "Bad Gateway" });
    expect(await deliverVia("telegram", outbound(chatId), env).catch((e: unknown) => e)).toBeInstanceOf(RetryableError);

    await fakeTelegram.fail({ chat_id: chatId, error_code: 403, description: "Forbidden: user is deactivated" });
    const gone = await deliverVia("telegram", outbound(chatId), env).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(PermanentError);
    expect((gone as Error).message).toBe("The customer's Telegram account is deleted");

    await fakeTelegram.fail({ chat_id: chatId, error_code: 400, description: "Bad Request: chat not found" });
    const missing = await deliverVia("telegram", outbound(chatId), env).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(PermanentError);
    expect((missing as Error).message).toMatch(/chat no longer exists/);
  });

  it("a failure below the Bot API (a proxy's HTML error page) is retryable and its message carries no token", async () => {
    const chatId = newChatId();
    await fakeTelegram.fail({ chat_id: chatId, error_code: 502, html: "<html>502 Bad Gateway</html>" });
    const err = await deliverVia("telegram", outbound(chatId), env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as Error).message).toBe("Could not reach Telegram (network error)");
    expect((err as Error).message).not.toContain(env.TELEGRAM_BOT_TOKEN);
  });

  it("is configured only with a bot token", () => {
    expect(channelOf("telegram", env).isConfigured()).toBe(true);
    expect(channelOf("telegram", { ...env, TELEGRAM_BOT_TOKEN: "" }).isConfigured()).toBe(false);
  });

  it("never marks a group unreachable as if it were a person", async () => {
    const groupId = -1_003_000_000_000 - Math.floor(Math.random() * 1e9);
    await fakeTelegram.fail({ chat_id: groupId, error_code: 403, description: "Forbidden: bot was kicked" });
    const err = await deliverVia("telegram", outbound(groupId), env).catch((e: unknown) => e);
    expect((err as Error).message).toBe("The bot was removed from this chat");
    expect(await count("SELECT COUNT(*) AS n FROM channel_identities WHERE external_id = ?1", String(groupId))).toBe(0);
  });
});
