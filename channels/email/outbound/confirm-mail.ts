/**
 * The email that proves a web-form address: its own Message-ID (never recorded as part of a
 * ticket's thread) and a Reply-To of the bare support address, so an answer to it starts its
 * sender's own conversation and never lands in the ticket (whose submitter may not own the address).
 */
import { confirmationMail } from "../../../src/core/email-claims";
import type { Language } from "../../../src/core/inbound";
import { composeMime } from "./compose";
import type { MailSender } from "./send";
import { supportAddressOf } from "./ticket-mail";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Sends the confirmation link for `ticketNumber` to `to`; throws RetryableError or PermanentError. */
export async function sendConfirmationMail(
  config: { supportEmail: string },
  sender: MailSender,
  args: { id: string; to: string; language: Language; ticketNumber: string; link: string; now?: Date },
): Promise<void> {
  const support = supportAddressOf(config);
  const mail = confirmationMail(args.language, { ticketNumber: args.ticketNumber, link: args.link });
  const messageId = `<rd.confirm.${args.id}@${support.domain}>`;
  const html = escapeHtml(mail.text)
    .split("\n")
    .map((line) => (line === escapeHtml(args.link) ? `<a href="${line}">${line}</a>` : line))
    .join("<br>");
  const raw = composeMime({
    from: { address: config.supportEmail, name: args.language === "zh" ? "客服" : "Support" },
    to: { address: args.to },
    replyTo: config.supportEmail,
    subject: mail.subject,
    text: mail.text.replace(/\n/g, "\r\n"),
    html: `<div>${html}</div>`,
    messageId,
    inReplyTo: null,
    references: [],
    attachments: [],
    autoSubmitted: true,
    date: args.now ?? new Date(),
  });
  await sender.send({ from: config.supportEmail, to: args.to, raw, messageId });
}
