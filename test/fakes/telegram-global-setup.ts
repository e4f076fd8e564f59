/** Vitest globalSetup (Node side): one fake Telegram Bot API for the integration project, its port provided to workerd. */
import type { TestProject } from "vitest/node";
import { startFakeTelegram } from "./telegram-bot-api";

/** The bot token the integration tests run with; the fake accepts only this one. */
export const TEST_TELEGRAM_TOKEN = "123456789:TEST-fake-token-for-relaydesk";

declare module "vitest" {
  export interface ProvidedContext {
    telegramPort: number;
    telegramToken: string;
  }
}

export default async function setup(project: TestProject) {
  const fake = await startFakeTelegram({ token: TEST_TELEGRAM_TOKEN });
  project.provide("telegramPort", fake.port);
  project.provide("telegramToken", TEST_TELEGRAM_TOKEN);
  return async () => {
    await fake.close();
  };
}
