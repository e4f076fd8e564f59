/** The send_email binding as a MailSender (Cloudflare Email Routing / Email Service). */
import { EmailMessage } from "cloudflare:email";
import { PermanentError, RetryableError } from "../../../src/core/errors";
import type { MailSender } from "./send";

/** Sends through `env.SEND_EMAIL`. https://developers.cloudflare.com/email-routing/email-workers/send-email-workers/ */
export function cloudflareSender(binding: SendEmail): MailSender {
  return {
    name: "cloudflare",
    async send(mail) {
      try {
        await binding.send(new EmailMessage(mail.from, mail.to, mail.raw));
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        // Unverified destinations and malformed messages will not get better by retrying.
        if (/not verified|not allowed|invalid|malformed|destination/i.test(reason)) {
          throw new PermanentError(`Cloudflare refused the email: ${reason}`);
        }
        throw new RetryableError(`Cloudflare could not send the email: ${reason}`);
      }
      return mail.messageId;
    },
  };
}
