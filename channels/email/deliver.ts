/** deliver(): one outbound message -> an email on the ticket's thread. */
import { PermanentError } from "../../src/core/errors";
import { type Env, loadConfig } from "../../src/env";
import { mailSenderFor, sendTicketEmail } from "../../src/mail/ticket-mail";
import type { DeliveryReceipt, OutboundMessage } from "../types";

/** Sends through the configured sender (Mailgun or Cloudflare); the receipt is our Message-ID. */
export async function deliverEmail(msg: OutboundMessage, env: Env): Promise<DeliveryReceipt> {
  const config = loadConfig(env);
  const sender = await mailSenderFor(env, config);
  if (!sender) throw new PermanentError("Email sending is not configured (EMAIL_SENDER, SUPPORT_EMAIL)");
  return sendTicketEmail(env, config, msg, { sender, includeLink: false });
}
