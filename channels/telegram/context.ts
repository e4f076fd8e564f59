/** Per-update dependencies for the per-isolate bot, and the bot's own (non-ticket) answers. */
import type { Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { conversationKey } from "../../src/core/inbound";
import { detectLanguage } from "../../src/core/language";
import { withVerifyReminder } from "../../src/core/verify";
import { type Config, isDevelopment } from "../../src/env";
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

/** Sends a bot text to a chat; without a bot token, development records it in the sandbox instead. */
export function say(ctx: Context, chatId: number, bare: string, keyboard?: InlineKeyboardMarkup): void {
  const deps = depsOf(ctx);
  // Every bot text ends with the anti-impersonation line (src/core/verify.ts composes it).
  const text = withVerifyReminder(detectLanguage(bare), bare, deps.config.publicUrl);
  if (deps.settings.token) {
    later(deps, "sendMessage", () => ctx.api.sendMessage(chatId, text, keyboard ? { reply_markup: keyboard } : {}));
  } else if (isDevelopment(deps.config)) {
    later(deps, "sandbox", () =>
      deps.desk.recordSandboxSend({
        channel: "telegram",
        recipient: String(chatId),
        payload: { author: "bot", body: text, ...(keyboard ? { keyboard: keyboard.inline_keyboard } : {}) },
      }),
    );
  }
}
