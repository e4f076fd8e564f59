import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../../src/app";
import { newChatId, telegramUpdate, update } from "./builders";
import { count, fakeTelegram, latestTicketOfChat, postUpdate, settledOutbox, waitForSent } from "./harness";

const storedFor = (chatId: number) =>
  count("SELECT COUNT(*) AS n FROM tickets WHERE conversation_key = ?1", `telegram:${chatId}`);

describe("POST /webhooks/telegram: the gate", () => {
  it("401 without the secret header, with a wrong one, or a near miss; nothing stored", async () => {
    const chatId = newChatId();
    const body = telegramUpdate({ chatId, text: "hello" });
    for (const secret of [null, "", "wrong", "test-telegram-webhook-secreT", "test-telegram-webhook-secret-and-more"]) {
      const res = await postUpdate(body, { secret });
      expect(res.status, `secret ${JSON.stringify(secret)}`).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await storedFor(chatId)).toBe(0);
    expect(await fakeTelegram.calls({ chatId })).toEqual([]);
  });

  it("401 when no secret is configured, whatever the header says", async () => {
    const app = createApp();
    const unconfigured = { ...env, TELEGRAM_WEBHOOK_SECRET: "" };
    for (const header of ["", "anything"]) {
      const res = await app.request(
        "/webhooks/telegram",
        {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": header },
          body: JSON.stringify(telegramUpdate({ chatId: newChatId(), text: "hi" })),
        },
        unconfigured,
      );
      expect(res.status).toBe(401);
    }
  });

  it("401 before the body is looked at: a bad secret with malformed JSON is still 401", async () => {
    const res = await postUpdate(null, { secret: "wrong", raw: "{not json" });
    expect(res.status).toBe(401);
  });

  it("400 for malformed JSON and bodies that are not updates; nothing stored", async () => {
    const chatId = newChatId();
    const good = telegramUpdate({ chatId, text: "hi" }) as Record<string, unknown>;
    const cases: Array<[string, string]> = [
      ["malformed", "{not json"],
      ["empty", ""],
      ["array", "[]"],
      ["string", '"update"'],
      ["no update_id", JSON.stringify({ message: good.message })],
      ["update_id not an integer", JSON.stringify({ ...good, update_id: "7" })],
      ["negative update_id", JSON.stringify({ ...good, update_id: -1 })],
      ["only an id", JSON.stringify({ update_id: 5 })],
      ["message without chat", JSON.stringify({ update_id: 6, message: { message_id: 1, date: 1 } })],
    ];
    for (const [what, raw] of cases) {
      const res = await postUpdate(null, { raw });
      expect(res.status, what).toBe(400);
      const json = (await res.json()) as { error: { code: string } };
      expect(json.error.code, what).toMatch(/invalid_json|validation_failed/);
    }
    expect(await storedFor(chatId)).toBe(0);
  });

  it("200 for update kinds the bot does not handle, and nothing stored", async () => {
    const res = await postUpdate(
      update("channel_post", { message_id: 1, date: 1, chat: { id: -100123, type: "channel" }, text: "x" }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, ignored: true });
  });

  it("the same update delivered 3 times concurrently: one message, one acknowledgement", async () => {
    const chatId = newChatId();
    const body = telegramUpdate({ chatId, text: "My withdrawal is stuck" });
    const settled = { settled: true };
    const answers = await Promise.all([
      postUpdate(body, settled),
      postUpdate(body, settled),
      postUpdate(body, settled),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await storedFor(chatId)).toBe(1);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM messages WHERE channel = 'telegram' AND provider_message_id = ?1",
        `${chatId}:${(body.message as { message_id: number }).message_id}`,
      ),
    ).toBe(1);
    // One acknowledgement row, sent once, and the queue drained behind it: a duplicate would be here.
    expect(await settledOutbox({ conversationKey: `telegram:${chatId}` })).toEqual([
      expect.objectContaining({ author: "bot", status: "sent", attempts: 1 }),
    ]);
    const [ack] = await waitForSent(chatId);
    expect(await fakeTelegram.calls({ chatId, method: "sendMessage" })).toHaveLength(1);
    const { ticket, messages } = await latestTicketOfChat(chatId);
    expect(messages.filter((m) => m.direction === "in")).toHaveLength(1);
    expect(messages.filter((m) => m.author === "bot")).toHaveLength(1);
    expect(ack?.params.text).toContain(ticket.number);
  });
});
