/** prepare(): one outbound message -> the email that carries it on the ticket's thread. */
import type { DeliveryContext, OutboundMessage, SendStep } from "../../src/core/channel";
import { PermanentError } from "../../src/core/errors";
import type { MailAttachment } from "./outbound/compose";
import { type EmailSettings, type EmailThreads, mailSenderFor, prepareTicketEmail } from "./outbound/ticket-mail";

/**
 * One step: the email, sent through the configured sender (Mailgun or Cloudflare); it answers our
 * Message-ID. A message of another channel (the web form's "staff replied" notice, fanned out by
 * the pipeline) carries the customer's `/t/` link, since those customers live on that page.
 */
export async function prepareEmail(
  settings: EmailSettings,
  threads: EmailThreads,
  binding: SendEmail | undefined,
  msg: OutboundMessage,
  ctx: DeliveryContext,
): Promise<SendStep[]> {
  const sender = await mailSenderFor(settings, binding);
  if (!sender) throw new PermanentError("Email sending is not configured (EMAIL_SENDER, SUPPORT_EMAIL)");
  const send = await prepareTicketEmail(settings, threads, sender, msg, (m) => readAttachments(ctx, m), {
    includeLink: msg.channel !== "email",
  });
  return [send];
}

async function readAttachments(ctx: DeliveryContext, msg: OutboundMessage): Promise<MailAttachment[]> {
  const files: MailAttachment[] = [];
  for (const a of msg.attachments) {
    const data = await ctx.readAttachment(a.r2Key);
    if (!data) throw new PermanentError(`The attachment ${a.filename} is no longer stored`);
    files.push({ filename: a.filename, contentType: a.contentType, data });
  }
  return files;
}
