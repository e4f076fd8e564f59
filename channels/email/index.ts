/** The email channel: Email Routing's email() handler, provider webhooks, threading, and sending. */
import type { Hono } from "hono";
import type { ChannelAdapter } from "../../src/core/channel";
import type { AppEnv } from "../../src/env";
import { prepareEmail } from "./deliver";
import { type EmailSettings, type EmailThreads, isMailConfigured } from "./outbound/ticket-mail";
import { emailWebhookRoutes } from "./webhooks";

export { baseSubject, replySubject, replyTokenIn, ticketNumberInSubject } from "./address";
export { type ParsedEmail, parseRawEmail } from "./mime";
export { sendConfirmationMail } from "./outbound/confirm-mail";
export { type EmailSettings, type EmailThreads, emailSettings, mailSenderFor } from "./outbound/ticket-mail";
export { stripQuotedText } from "./quotes";
export { handleRoutedEmail } from "./routing";

/** Mounts the inbound providers' webhooks (Mailgun and the generic signed endpoint). */
export function emailRoutes(app: Hono<AppEnv>): void {
  emailWebhookRoutes(app);
}

/**
 * The email adapter for these settings, with the desk's record of email threads and the
 * `send_email` binding. Without a configured sender, development delivers to the sandbox.
 */
export function createEmailChannel(
  settings: EmailSettings,
  threads: EmailThreads,
  binding: SendEmail | undefined,
): ChannelAdapter {
  return {
    name: "email",
    isConfigured: () => isMailConfigured(settings, binding),
    prepare: (msg, ctx) => prepareEmail(settings, threads, binding, msg, ctx),
  };
}
