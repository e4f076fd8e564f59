/** Telegram settings from the parsed configuration, and the grammY clients built from them. */
import { Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../../src/env";

/** Header Telegram sends with the `secret_token` given to setWebhook. */
export const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

/** Bot API calls from a Worker must finish well inside a request's life. */
const API_TIMEOUT_SECONDS = 20;

export interface TelegramSettings {
  /** Empty when the bot is not configured (development delivers to the sandbox). */
  token: string;
  webhookSecret: string;
  apiRoot: string;
  username: string;
  /** The bot's user id: the numeric prefix of its token. */
  botId: number;
  supportGroups: ReadonlySet<string>;
}

/** The Telegram part of the configuration. */
export function telegramSettings(config: Config): TelegramSettings {
  return {
    token: config.telegramBotToken,
    webhookSecret: config.telegramWebhookSecret,
    apiRoot: config.telegramApiRoot,
    username: config.telegramBotUsername,
    botId: botIdFromToken(config.telegramBotToken),
    supportGroups: new Set(config.telegramSupportGroups),
  };
}

/** `123456:ABC-DEF` -> 123456 (a bot token starts with the bot's id); 0 when there is none. */
export function botIdFromToken(token: string): number {
  const m = /^(\d+):/.exec(token);
  return m ? Number(m[1]) : 0;
}

/** What getMe would answer, built from configuration so a cold start never calls it. */
export function botInfoFrom(settings: TelegramSettings): UserFromGetMe {
  return {
    id: settings.botId,
    is_bot: true,
    first_name: settings.username || "Relaydesk",
    username: settings.username || "relaydesk_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}

/** grammY client options shared by the webhook's bot and outbound delivery. */
export function clientOptions(settings: TelegramSettings) {
  return { apiRoot: settings.apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS };
}

/** A Bot API client for outbound calls. */
export function createApi(settings: TelegramSettings): Api {
  return new Api(settings.token, clientOptions(settings));
}

/** `telegram:-100123` -> -100123; null when the key is not a Telegram chat. */
export function chatIdFromConversationKey(key: string): number | null {
  const m = /^telegram:(-?\d+)$/.exec(key);
  return m ? Number(m[1]) : null;
}

/**
 * The URL of a file to download. It carries the bot token: use it for one fetch and never
 * store, log or show it. https://core.telegram.org/bots/api#getfile
 */
export function fileUrl(settings: TelegramSettings, filePath: string): string {
  return `${settings.apiRoot}/file/bot${settings.token}/${filePath}`;
}
