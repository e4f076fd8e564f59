/** Per-update dependencies for the per-isolate bot, and the bot's own (non-ticket) answers. */
import type { Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { conversationKey } from "../../src/core/inbound";
import type { Config } from "../../src/env";
import type { Desk } from "../../src/pipeline/desk";
import type { TelegramSettings } from "./config";

/** What a handler of one update works with: the desk port, the settings, the request's waitUntil. */
export interface UpdateDeps {
  desk: Desk;
  config: Config;
  settings: TelegramSettings;
  waitUntil: (p: Promise<unknown>) => void;
}

// The bot lives as long as the isolate, a request's env and waitUntil only as long as the
// request: the update object (ctx.update is the very object we pass in) links the two.
const DEPS = new WeakMap<object, UpdateDeps>();

/** Makes `deps` available to the handlers of `update`. */
export function bindDeps(update: object, deps: UpdateDeps): void {
  DEPS.set(update, deps);
}

/** The request dependencies of the update a handler is running for. */
export function depsOf(ctx: Context): UpdateDeps {
  const deps = DEPS.get(ctx.update);
  if (!deps) throw new Error("Telegram update handled without request dependencies");
  return deps;
}

/** `telegram:<chat id>`: a Telegram conversation. */
export function chatConversation(chatId: number): string {
  return conversationKey("telegram", chatId);
}

/** `<chat id>:<message id>`: a Telegram message's id, unique across chats. */
export function messageKey(chatId: number, messageId: number): string {
  return `${chatId}:${messageId}`;
}

/**
 * Runs a bot-only Bot API call after the response. A failure is logged, not thrown: these
 * are bot texts, and the customer's message is already stored.
 */
export function later(deps: UpdateDeps, what: string, task: () => Promise<unknown>): void {
  deps.waitUntil(
    task().catch((err: unknown) => {
      // grammY's messages name the method and Telegram's description, never the token.
      console.error("telegram bot call failed", { what, error: err instanceof Error ? err.message : String(err) });
    }),
  );
}

/**
 * Sends a bot text to a chat through the bot outbox: stored, then delivered by the queue with
 * retries (the verify reminder, and without a bot token the development sandbox, are the delivery
 * pipeline's). Stored after the response, so the update's own round trips stay as they were.
 */
export function say(ctx: Context, chatId: number, bare: string, keyboard?: InlineKeyboardMarkup): void {
  const deps = depsOf(ctx);
  const buttons = keyboard?.inline_keyboard.map((row) =>
    row.flatMap((b) => ("callback_data" in b ? [{ text: b.text, data: b.callback_data }] : [])),
  );
  later(deps, "sendBotText", () =>
    deps.desk.sendBotText({
      channel: "telegram",
      conversationKey: chatConversation(chatId),
      body: bare,
      ...(buttons ? { buttons } : {}),
    }),
  );
}
