// The bot's own texts (command answers outside any ticket) go through the bot outbox: one row each,
// delivered by the queue with the pipeline's rules, so a 429 or 5xx from the Bot API is retried,
// a permanent refusal is a visible failure, and development without a token uses the sandbox.
import { env } from "cloudflare:workers";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { OutboundButton } from "../../../../src/core/channel";
import { detectLanguage } from "../../../../src/core/language";
import { verifyReminder, withVerifyReminder } from "../../../../src/core/verify-texts";
import { type Env, loadConfig } from "../../../../src/env";
import { deliverOutbound } from "../../../../src/pipeline/deliver";
import { createDesk } from "../../../../src/pipeline/desk";
import { insertBotText } from "../../../../src/store/bot-outbox";
import { recordingQueue } from "../../pipeline/builders";
import { channelOf } from "../adapters";
import { commandUpdate, newChatId } from "./builders";
import { deliverUpdate, fakeTelegram, settledOutbox, waitFor } from "./harness";

const config = loadConfig(env);

interface BotRow {
  id: string;
  body: string;
  buttons: string | null;
  language: string;
  delivery_status: string;
  delivery_attempts: number;
  delivery_error: string | null;
  provider_message_id: string | null;
  sent_at: string | null;
}

async function botRowsOf(chatId: number): Promise<BotRow[]> {
  const { results } = await env.DB.prepare("SELECT * FROM bot_messages WHERE conversation_key = ?1 ORDER BY rowid")
    .bind(`telegram:${chatId}`)
    .all<BotRow>();
  return results;
}

/** The chat's one bot row once the queue has decided it (sent or failed). */
async function decidedBotRow(chatId: number): Promise<BotRow> {
  const row = await waitFor(async () => {
    const rows = await botRowsOf(chatId);
    return rows.length === 1 && ["sent", "failed"].includes(rows[0]?.delivery_status ?? "") ? rows[0] : undefined;
  }, `the bot text of ${chatId} to be decided`);
  // Every job queued until now has run too: "exactly once" below is final.
  await settledOutbox({ conversationKey: `telegram:${chatId}` });
  return row;
}

const callbackData = (params: Record<string, unknown>) =>
  ((params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [])
    .flat()
    .map((b) => (b as InlineKeyboardButton.CallbackButton).callback_data);

const occurrences = (text: string, part: string) => text.split(part).length - 1;

/** Random words, sometimes Chinese, so the reminder's language follows the text. */
function randomText(): string {
  const zh = Math.random() < 0.5;
  const words = Array.from({ length: 3 + Math.floor(Math.random() * 6) }, () =>
    zh ? ["提现", "充值", "账户", "帮助", "状态"][Math.floor(Math.random() * 5)] : crypto.randomUUID().slice(0, 6),
  );
  return words.join(zh ? "" : " ");
}

describe("bot texts through the bot outbox", { timeout: 30_000 }, () => {
  it("a /help answer refused once with 429 (retry_after 1) is delivered on the retry, exactly once", async () => {
    const chatId = newChatId();
    await fakeTelegram.fail({ chat_id: chatId, method: "sendMessage", error_code: 429, retry_after: 1 });
    await deliverUpdate(commandUpdate({ chatId, command: "help" }));

    const row = await decidedBotRow(chatId);
    expect(row).toMatchObject({ delivery_status: "sent", delivery_attempts: 2, delivery_error: null });
    expect(row.id).toMatch(/^bot_/);
    expect(row.sent_at).not.toBeNull();
    const calls = await fakeTelegram.calls({ chatId, method: "sendMessage" });
    expect(calls.map((c) => c.failedWith ?? 200)).toEqual([429, 200]);
    const text = String(calls[1]?.params.text);
    expect(text).toContain("/human");
    expect(row.provider_message_id).toMatch(new RegExp(`^${chatId}:\\d+$`));
    // The pipeline adds the anti-impersonation line, once (say() no longer adds its own).
    expect(occurrences(text, verifyReminder("en", config.publicUrl))).toBe(1);
  });

  it("a /lang answer refused once with 500 is delivered on the retry with its language buttons", async () => {
    const chatId = newChatId();
    await fakeTelegram.fail({ chat_id: chatId, method: "sendMessage", error_code: 500 });
    await deliverUpdate(commandUpdate({ chatId, command: "lang" }));

    const row = await decidedBotRow(chatId);
    expect(row).toMatchObject({ delivery_status: "sent", delivery_attempts: 2 });
    expect(JSON.parse(row.buttons ?? "null")).toEqual([
      [
        { text: expect.any(String), data: "lang:en" },
        { text: expect.any(String), data: "lang:zh" },
      ],
    ]);
    const calls = await fakeTelegram.calls({ chatId, method: "sendMessage" });
    expect(calls.map((c) => c.failedWith ?? 200)).toEqual([500, 200]);
    expect(callbackData(calls[1]?.params ?? {})).toEqual(["lang:en", "lang:zh"]);
  });

  it("a /status answer Telegram refuses for good ends failed with the reason, and nothing is sent", async () => {
    const chatId = newChatId();
    await fakeTelegram.fail({
      chat_id: chatId,
      method: "sendMessage",
      error_code: 400,
      description: "Bad Request: can't parse entities",
      times: 5,
    });
    await deliverUpdate(commandUpdate({ chatId, command: "status" }));

    const row = await decidedBotRow(chatId);
    expect(row.delivery_status).toBe("failed");
    expect(row.delivery_error).toContain("Telegram rejected the message (400");
    expect(row.delivery_attempts).toBe(1);
    expect(row.provider_message_id).toBeNull();
    const calls = await fakeTelegram.calls({ chatId, method: "sendMessage" });
    expect(calls.map((c) => c.failedWith ?? 200)).toEqual([400]);
  });

  it("in development without a bot token a bot text lands in the sandbox, with its reminder and buttons", async () => {
    const chatId = newChatId();
    const body = randomText();
    const buttons: OutboundButton[][] = [[{ text: randomText(), data: `lang:${crypto.randomUUID().slice(0, 4)}` }]];
    const deliveries = recordingQueue<{ messageId: string }>();
    const desk = createDesk({ env: { ...env, DELIVERIES: deliveries } as Env, config, waitUntil: () => {} });

    const { messageId } = await desk.sendBotText({
      channel: "telegram",
      conversationKey: `telegram:${chatId}`,
      body,
      buttons,
    });
    expect(deliveries.sent).toEqual([{ messageId }]);

    const tokenless = { ...env, TELEGRAM_BOT_TOKEN: "" } as Env;
    const development = { ...loadConfig(tokenless), environment: "development" as const };
    const outcome = await deliverOutbound(
      { env, config: development, channels: { telegram: channelOf("telegram", tokenless) } },
      messageId,
      1,
    );

    expect(outcome.kind).toBe("sent");
    const entry = await env.DB.prepare("SELECT * FROM sandbox_outbox WHERE message_id = ?1")
      .bind(messageId)
      .first<{ id: string; channel: string; recipient: string; ticket_id: string | null; payload: string }>();
    expect(entry).toMatchObject({ channel: "telegram", recipient: String(chatId), ticket_id: null });
    expect(outcome).toEqual({ kind: "sent", providerMessageId: `sandbox:${entry?.id}` });
    const payload = JSON.parse(entry?.payload ?? "{}");
    expect(payload).toMatchObject({ author: "bot", keyboard: buttons });
    expect(payload.body).toBe(withVerifyReminder(detectLanguage(body), body, development.publicUrl));
    expect((await botRowsOf(chatId))[0]).toMatchObject({ delivery_status: "sent", delivery_attempts: 1 });
    expect(await fakeTelegram.calls({ chatId })).toEqual([]);
  });

  it("without a token outside development a bot text fails visibly instead of vanishing", async () => {
    const chatId = newChatId();
    const id = `bot_${crypto.randomUUID().replaceAll("-", "")}`;
    const now = new Date().toISOString();
    await insertBotText(env.DB, {
      id,
      channel: "telegram",
      conversationKey: `telegram:${chatId}`,
      body: randomText(),
      buttons: null,
      language: "en",
      now,
    });
    const tokenless = { ...env, TELEGRAM_BOT_TOKEN: "" } as Env;
    const production = { ...loadConfig(tokenless), environment: "production" as const };

    const outcome = await deliverOutbound(
      { env, config: production, channels: { telegram: channelOf("telegram", tokenless) } },
      id,
      1,
    );

    expect(outcome).toEqual({ kind: "failed", error: "The telegram channel has no credentials configured" });
    expect((await botRowsOf(chatId))[0]).toMatchObject({
      delivery_status: "failed",
      delivery_error: "The telegram channel has no credentials configured",
    });
    expect(await env.DB.prepare("SELECT id FROM sandbox_outbox WHERE message_id = ?1").bind(id).first()).toBeNull();
  });

  it("a long bot text that fails part-way resumes with the failed part, not from the start", async () => {
    const chatId = newChatId();
    const id = `bot_${crypto.randomUUID().replaceAll("-", "")}`;
    const first = `First ${crypto.randomUUID()} `.repeat(60).trim();
    const second = `Second ${crypto.randomUUID()} `.repeat(60).trim();
    await insertBotText(env.DB, {
      id,
      channel: "telegram",
      conversationKey: `telegram:${chatId}`,
      body: `${first}\n\n${second}`,
      buttons: [[{ text: "OK", data: "lang:en" }]],
      language: "en",
      now: new Date().toISOString(),
    });
    // The first part goes through, the second is refused once.
    await fakeTelegram.fail({ chat_id: chatId, method: "sendMessage", error_code: 500, after: 1 });
    const deps = { env, config, channels: { telegram: channelOf("telegram") }, random: () => 0 };

    expect((await deliverOutbound(deps, id, 1)).kind).toBe("retry");
    const outcome = await deliverOutbound(deps, id, 2);

    expect(outcome.kind).toBe("sent");
    const calls = await fakeTelegram.calls({ chatId, method: "sendMessage" });
    expect(calls.map((c) => c.failedWith ?? 200)).toEqual([200, 500, 200]);
    const delivered = calls.filter((c) => !c.failedWith).map((c) => String(c.params.text));
    expect(delivered[0]).toBe(first);
    expect(delivered[1]?.startsWith(second)).toBe(true);
    // Buttons under the last part only.
    expect(callbackData(calls[0]?.params ?? {})).toEqual([]);
    expect(callbackData(calls[2]?.params ?? {})).toEqual(["lang:en"]);
    const [row] = await botRowsOf(chatId);
    expect(row).toMatchObject({ delivery_status: "sent", delivery_attempts: 2 });
    // The receipt is the first part's id, from the first attempt.
    expect(outcome).toEqual({ kind: "sent", providerMessageId: row?.provider_message_id });
  });
});
