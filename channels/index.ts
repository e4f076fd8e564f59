/**
 * The channels of this build: each one's webhook routes, and a factory for its outbound adapter
 * from the settings parsed once per request or queue batch (see src/channels.ts, which hands the
 * adapters what they need from the desk).
 */
import { Hono } from "hono";
import type { AppEnv } from "../src/env";
import { discordRoutes } from "./discord";
import { emailRoutes } from "./email";
import { telegramRoutes } from "./telegram";
import { webformRoutes } from "./webform";
import { chatRoutes } from "./webform/chat";

export { createDiscordChannel, discordSettings } from "./discord";
export { createEmailChannel, type EmailThreads, emailSettings, mailSenderFor, sendConfirmationMail } from "./email";
export { createTelegramChannel, telegramSettings } from "./telegram";
export { createWebformChannel, type WebformLivePort } from "./webform";

/**
 * Every channel's inbound routes, to mount at "/"; each webhook verifies authenticity before parsing.
 * The web form's routes are chained into it, so its JSON API is part of the app's type (`AppType`).
 */
export function channelRoutes() {
  // Live chat first: its `/t/:token/live` socket is answered before the web form's `/t/*` pages.
  const app = new Hono<AppEnv>().route("/", chatRoutes()).route("/", webformRoutes());
  telegramRoutes(app);
  discordRoutes(app);
  emailRoutes(app);
  return app;
}
