/** The Telegram channel: the official bot's webhook (grammY) and replies through the Bot API. */
import type { ChannelAdapter } from "../../src/core/channel";
import type { TelegramSettings } from "./config";
import { prepareTelegram } from "./deliver";

export { type TelegramSettings, telegramSettings } from "./config";
export { splitText } from "./split";
export { BOT_COMMANDS } from "./texts";
export { telegramRoutes } from "./webhook";

/** The Telegram adapter for these settings. Without a bot token, development delivers to the sandbox. */
export function createTelegramChannel(settings: TelegramSettings): ChannelAdapter {
  return {
    name: "telegram",
    isConfigured: () => Boolean(settings.token),
    prepare: (msg, ctx) => prepareTelegram(settings, msg, ctx),
  };
}
