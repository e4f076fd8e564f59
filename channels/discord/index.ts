/** The Discord channel: HTTP interactions (slash commands, a form, buttons), relayed DMs, and replies through REST. */
import type { Hono } from "hono";
import type { ChannelAdapter } from "../../src/core/channel";
import type { AppEnv } from "../../src/env";
import type { DiscordSettings } from "./config";
import { prepareDiscord } from "./deliver";
import { discordInteractionRoutes } from "./interactions";
import { discordRelayRoutes } from "./relay-route";

export { COMMANDS } from "./commands";
export { type DiscordSettings, discordSettings } from "./config";
export { signRelay } from "./verify";

/** Mounts the interactions endpoint and the gateway relay's endpoint. */
export function discordRoutes(app: Hono<AppEnv>): void {
  discordInteractionRoutes(app);
  discordRelayRoutes(app);
}

/** The Discord adapter for these settings. Without a bot token, development delivers to the sandbox. */
export function createDiscordChannel(settings: DiscordSettings): ChannelAdapter {
  return {
    name: "discord",
    isConfigured: () => Boolean(settings.token),
    prepare: (msg, ctx) => prepareDiscord(settings, msg, ctx),
  };
}
