/** The Telegram channel: the official bot's webhook (grammY) and replies through the Bot API. */
import { loadConfig } from "../../src/env";
import type { ChannelAdapter } from "../types";
import { deliverTelegram } from "./deliver";
import { telegramRoutes } from "./webhook";

export { type TelegramSettings, telegramSettings } from "./config";
export { splitText } from "./split";
export { BOT_COMMANDS } from "./texts";

/** The Telegram adapter. Without TELEGRAM_BOT_TOKEN, development delivers to the sandbox. */
export function createTelegramChannel() {
  return {
    name: "telegram",
    routes: telegramRoutes,
    isConfigured: (env) => Boolean(loadConfig(env).telegramBotToken),
    deliver: deliverTelegram,
  } satisfies ChannelAdapter;
}
