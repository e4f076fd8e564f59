/** Discord settings from the parsed configuration, the REST client built from them, and conversation keys. */
import { REST } from "@discordjs/rest";
import type { Config } from "../../src/env";

/** REST calls from a Worker must finish well inside a request's (or a queue message's) life. */
const API_TIMEOUT_MS = 20_000;

export interface DiscordSettings {
  /** Empty when the bot is not configured (development delivers to the sandbox). */
  token: string;
  /** `https://discord.com/api` (no version; the client adds `/v10`). */
  apiRoot: string;
  applicationId: string;
  publicKey: string;
  relaySecret: string;
}

/** The Discord part of the configuration. */
export function discordSettings(config: Config): DiscordSettings {
  return {
    token: config.discordBotToken,
    apiRoot: config.discordApiRoot,
    applicationId: config.discordApplicationId,
    publicKey: config.discordPublicKey,
    relaySecret: config.discordRelaySecret,
  };
}

/**
 * A REST client that never waits or retries on its own: the deliveries queue owns retries,
 * so a 429 throws (rejectOnRateLimit) instead of sleeping inside the Worker, 5xx and timeouts
 * are not retried (retries: 0), and no sweeper intervals outlive the request.
 * https://discord.js.org/docs/packages/rest/main/RESTOptions:Interface
 */
export function createRest(settings: DiscordSettings): REST {
  const rest = new REST({
    api: settings.apiRoot,
    version: "10",
    retries: 0,
    rejectOnRateLimit: () => true,
    offset: 0,
    timeout: API_TIMEOUT_MS,
    hashSweepInterval: 0,
    handlerSweepInterval: 0,
  });
  return settings.token ? rest.setToken(settings.token) : rest;
}

/** A customer's DMs with the bot: `discord:dm:<user id>`. */
export function dmConversation(userId: string): string {
  return `discord:dm:${userId}`;
}

/** A ticket that lives in a server channel or thread: `discord:thread:<channel id>`. */
export function threadConversation(channelId: string): string {
  return `discord:thread:${channelId}`;
}

/** Where a conversation key sends replies; null when the key is not a Discord conversation. */
export function targetOfConversation(
  key: string,
): { kind: "dm"; userId: string } | { kind: "thread"; channelId: string } | null {
  const m = /^discord:(dm|thread):(\d{1,25})$/.exec(key);
  if (!m) return null;
  return m[1] === "dm" ? { kind: "dm", userId: m[2] as string } : { kind: "thread", channelId: m[2] as string };
}

/**
 * The REST routes we call (as discord-api-types' `Routes` builds them; that module is CommonJS,
 * and importing values from it breaks under vitest's workerd pool, so only its types are used).
 */
export const ROUTES = {
  userChannels: () => "/users/@me/channels" as const,
  channelMessages: (channelId: string) => `/channels/${channelId}/messages` as const,
  webhookOriginal: (applicationId: string, token: string) =>
    `/webhooks/${applicationId}/${token}/messages/@original` as const,
};
