/**
 * The channels of this build: each one's webhook routes, and a factory for its outbound adapter
 * from the settings parsed once per request or queue batch (see src/channels.ts, which hands the
 * adapters what they need from the desk).
 */
import type { Hono } from "hono";
import type { AppEnv } from "../src/env";
import { discordRoutes } from "./discord";
import { emailRoutes } from "./email";
import { telegramRoutes } from "./telegram";
import { webformChannelRoutes } from "./webform";

export { createDiscordChannel, discordSettings } from "./discord";
export { createEmailChannel, type EmailThreads, emailSettings, mailSenderFor, sendConfirmationMail } from "./email";
export { createTelegramChannel, telegramSettings } from "./telegram";
export { createWebformChannel } from "./webform";

/** Mounts every channel's inbound routes; each webhook verifies authenticity before parsing. */
export function channelRoutes(app: Hono<AppEnv>): void {
  webformChannelRoutes(app);
  telegramRoutes(app);
  discordRoutes(app);
  emailRoutes(app);
}
