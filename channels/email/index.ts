/** The email channel: Email Routing's email() handler, provider webhooks, threading, and sending. */
import { type Env, loadConfig } from "../../src/env";
import { isMailConfigured } from "../../src/mail/ticket-mail";
import type { ChannelAdapter } from "../types";
import { deliverEmail } from "./deliver";
import { emailOriginalRoutes } from "./original";
import { emailWebhookRoutes } from "./webhooks";

export { type ParsedEmail, parseRawEmail } from "./mime";
export { stripQuotedText } from "./quotes";
export { handleRoutedEmail } from "./routing";

/** The email adapter. Without EMAIL_SENDER (and its credentials), development delivers to the sandbox. */
export function createEmailChannel() {
  return {
    name: "email",
    routes(app) {
      emailWebhookRoutes(app);
      emailOriginalRoutes(app);
    },
    isConfigured: (env: Env) => isMailConfigured(env, loadConfig(env)),
    deliver: deliverEmail,
  } satisfies ChannelAdapter;
}
