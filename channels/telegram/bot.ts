/** The grammY bot: built once per isolate from configuration, run for each webhook update. */
import { Bot, BotError, type Context } from "grammy";
import type { Update } from "grammy/types";
import { commands, handleCallback } from "./commands";
import { botInfoFrom, clientOptions, type TelegramSettings } from "./config";
import { bindDeps, depsOf, type UpdateDeps } from "./context";
import { handleEdit, handleMemberUpdate, ingestMessage, isForUs } from "./inbound";

/** Stands in for a missing token: grammY needs one, and no call is made without a real one. */
const NO_TOKEN = "0:unconfigured";

let cached: { key: string; bot: Bot } | null = null;

/** The bot for these settings, reused across requests of the isolate (no getMe: botInfo comes from config). */
export function botFor(settings: TelegramSettings): Bot {
  const key = [settings.token, settings.apiRoot, settings.username].join("\n");
  if (cached?.key === key) return cached.bot;
  const bot = new Bot(settings.token || NO_TOKEN, { botInfo: botInfoFrom(settings), client: clientOptions(settings) });
  install(bot);
  cached = { key, bot };
  return bot;
}

function install(bot: Bot): void {
  bot.on("my_chat_member", handleMemberUpdate);
  // Groups are someone else's conversation unless they talk to us (or are support groups).
  const forUs = (ctx: Context) => {
    const m = ctx.message ?? ctx.editedMessage;
    return !m || isForUs(m, depsOf(ctx).settings);
  };
  bot.on("edited_message", async (ctx) => {
    if (forUs(ctx)) await handleEdit(ctx, ctx.editedMessage);
  });
  const messages = bot.on("message").filter(forUs);
  messages.use(commands());
  messages.on("message", async (ctx) => {
    await ingestMessage(ctx, ctx.message);
  });
  bot.on("callback_query:data", handleCallback);
}

/**
 * Runs one update through the bot with this request's dependencies. Errors propagate (the
 * webhook answers 500 and Telegram redelivers; every write is idempotent).
 */
export async function handleTelegramUpdate(deps: UpdateDeps, update: Update): Promise<void> {
  const bot = botFor(deps.settings);
  bindDeps(update, deps);
  try {
    await bot.handleUpdate(update);
  } catch (err) {
    throw err instanceof BotError ? err.error : err;
  }
}
