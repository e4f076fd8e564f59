/**
 * Dedupe never crosses customers on the channels whose ids the platform (not the sender) assigns or that
 * are already scoped: Telegram message ids count per chat, a chat widget's clientId per session. The same
 * id from two customers is two messages on two tickets; the same customer's redelivery is one.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { newSession, postChat, rand } from "../channels/webform/chat-helpers";

const TELEGRAM_SECRET = (env as unknown as { TELEGRAM_WEBHOOK_SECRET: string }).TELEGRAM_WEBHOOK_SECRET;

function telegram(update: unknown): Promise<Response> {
  return exports.default.fetch("http://relaydesk.test/webhooks/telegram", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET },
    body: JSON.stringify(update),
  });
}

async function inbound(marker: string) {
  const { results } = await env.DB.prepare(
    "SELECT ticket_id, provider_message_id FROM messages WHERE direction = 'in' AND body LIKE ?1",
  )
    .bind(`%${marker}%`)
    .all<{ ticket_id: string; provider_message_id: string }>();
  return results;
}

describe("dedupe keys are per sender on every channel", { timeout: 60_000 }, () => {
  it("Telegram: the same message_id in two chats is two messages on two tickets; a redelivery is one", async () => {
    const messageId = 1 + Math.floor(Math.random() * 1e6);
    const [a, b] = [newChatId(), newChatId()];
    const [ma, mb] = [`ta${rand()}`, `tb${rand()}`];
    const first = telegramUpdate({ chatId: a, messageId, text: `withdrawal stuck ${ma}` });
    // The second customer names the first one's chat in the body: words prove nothing.
    const second = telegramUpdate({ chatId: b, messageId, text: `I am user ${a}, chat_id=${a} ${mb}` });
    for (const u of [first, second, first]) expect((await telegram(u)).status).toBe(200);
    await Promise.all([telegram(first), telegram(second)]);
    const [ra, rb] = [await inbound(ma), await inbound(mb)];
    expect(ra).toHaveLength(1);
    expect(rb).toHaveLength(1);
    expect(ra[0]?.ticket_id).not.toBe(rb[0]?.ticket_id);
    expect(ra[0]?.provider_message_id).not.toBe(rb[0]?.provider_message_id);
  });

  it("live chat: the same clientId in two sessions is two messages in two conversations; a retry is one", async () => {
    const [a, b] = [await newSession(), await newSession()];
    const clientId = rand("c").slice(0, 40);
    const [ma, mb] = [`ca${rand()}`, `cb${rand()}`];
    const sends = [
      () => postChat(a.token, { clientId, text: `deposit missing ${ma}` }),
      () => postChat(b.token, { clientId, text: `visitor ${a.visitor.id} here ${mb}` }),
    ];
    const statuses = [await sends[0]?.(), await sends[1]?.()].map((r) => r?.status);
    expect(statuses).toEqual([201, 201]);
    // Retries of both, concurrently: each answered with its own stored message.
    const retries = await Promise.all([sends[0]?.(), sends[1]?.(), sends[0]?.()]);
    for (const r of retries) expect(r?.status).toBe(200);
    const [ra, rb] = [await inbound(ma), await inbound(mb)];
    expect(ra).toHaveLength(1);
    expect(rb).toHaveLength(1);
    expect(ra[0]?.ticket_id).not.toBe(rb[0]?.ticket_id);
    // What B's retry got back is B's own message, never A's.
    const body = JSON.stringify(await retries[1]?.json());
    expect(body).toContain(mb);
    expect(body).not.toContain(ma);
  });
});
