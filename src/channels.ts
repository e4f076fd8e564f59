/**
 * The composition root of the outbound side: the adapters of this deployment, built from settings
 * parsed once (per request or queue batch), each handed the desk records it needs (the email
 * thread) so no channel touches the database. src/pipeline/deliver.ts runs what they prepare.
 */
import {
  createDiscordChannel,
  createEmailChannel,
  createTelegramChannel,
  createWebformChannel,
  discordSettings,
  type EmailThreads,
  emailSettings,
  mailSenderFor,
  sendConfirmationMail,
  telegramSettings,
} from "../channels";
import type { ChannelRegistry } from "./core/channel";
import type { Config, Env } from "./env";
import { pushStoredMessage } from "./pipeline/chat-push";
import { ensureReplyToken, recordSentMessageId, threadMessageIds } from "./store/email-threads";

/** The desk's record of email threads, over D1. */
export function emailThreads(db: D1Database): EmailThreads {
  return {
    ensureReplyToken: (ticketId, candidate, now) => ensureReplyToken(db, { ticketId, candidate, now }),
    threadMessageIds: (ticketId) => threadMessageIds(db, ticketId),
    recordSentMessageId: (args) => recordSentMessageId(db, args),
  };
}

/** Every channel adapter this deployment has, for these settings. */
export function createChannels(config: Config, env: Env): ChannelRegistry {
  return {
    webform: createWebformChannel({ pushStored: (messageId) => pushStoredMessage(env, messageId) }),
    telegram: createTelegramChannel(telegramSettings(config)),
    discord: createDiscordChannel(discordSettings(config)),
    email: createEmailChannel(emailSettings(config), emailThreads(env.DB), env.SEND_EMAIL),
  };
}

/** What builds the adapters of one delivery batch. */
export type ChannelFactory = (config: Config, env: Env) => ChannelRegistry;

/** Sends the one email that proves a web-form address; null when email is not configured. */
export type ConfirmationSender = (args: Parameters<typeof sendConfirmationMail>[2]) => Promise<void>;

/** The confirmation-link sender of this deployment (see src/pipeline/email-claims.ts), or null. */
export async function confirmationSenderFor(config: Config, env: Env): Promise<ConfirmationSender | null> {
  const settings = emailSettings(config);
  const sender = await mailSenderFor(settings, env.SEND_EMAIL);
  return sender ? (args) => sendConfirmationMail(settings, sender, args) : null;
}
