/** The Discord channel: HTTP interactions (slash commands, a form, buttons), relayed DMs, and replies through REST. */
import { loadConfig } from "../../src/env";
import type { ChannelAdapter } from "../types";
import { deliverDiscord } from "./deliver";
import { discordInteractionRoutes } from "./interactions";
import { discordRelayRoutes } from "./relay-route";

export { COMMANDS } from "./commands";
export { type DiscordSettings, discordSettings } from "./config";
export { signRelay } from "./verify";

/** The Discord adapter. Without DISCORD_BOT_TOKEN, development delivers to the sandbox. */
export function createDiscordChannel() {
  return {
    name: "discord",
    routes: (app) => {
      discordInteractionRoutes(app);
      discordRelayRoutes(app);
    },
    isConfigured: (env) => Boolean(loadConfig(env).discordBotToken),
    deliver: deliverDiscord,
  } satisfies ChannelAdapter;
}
