/**
 * Composes one ticket message as an email on its ticket's thread: the email channel's prepare()
 * and the web form's "staff replied" notice (a fan-out the pipeline runs through the email
 * adapter) both come here.
 */
import type { OutboundMessage } from "../../../src/core/channel";
import { PermanentError } from "../../../src/core/errors";
import type { Language } from "../../../src/core/inbound";
import type { Config } from "../../../src/env";
import { plusAddress, replySubject, type SupportAddress, splitAddress } from "../address";
import { bounceTokenFor } from "../bounce-token";
import { composeMime, type MailAttachment } from "./compose";
import { type MailSender, mailgunSender } from "./send";

/** What outbound email needs to know from settings (parsed once per request, see src/env.ts). */
export interface EmailSettings {
  supportEmail: string;
  sender: Config["emailSender"];
  apiRoot: string;
  mailgunApiKey: string;
  publicUrl: string;
  /** EMAIL_BOUNCE_SECRET: signs each email's bounce token (bounce-token.ts); "" = none sent. */
  bounceSecret: string;
}

export function emailSettings(config: Config): EmailSettings {
  return {
    supportEmail: config.supportEmail,
    sender: config.emailSender,
    apiRoot: config.emailApiRoot,
    mailgunApiKey: config.mailgunApiKey,
    publicUrl: config.publicUrl,
    bounceSecret: config.emailBounceSecret,
  };
}

/**
 * The ticket's email thread, as the desk keeps it (src/store/email-threads.ts behind it): the channel
 * reads and records through this port and never touches the database itself.
 */
export interface EmailThreads {
  /** The ticket's reply token (the plus-address), created with `candidate` the first time. */
  ensureReplyToken(ticketId: string, candidate: string, now: string): Promise<string>;
  /** The Message-IDs of the ticket's thread, oldest first; `inbound` for the customer's. */
  threadMessageIds(ticketId: string): Promise<Array<{ id: string; inbound: boolean }>>;
  /** Remembers a Message-ID we send under and its recipient, so a reply finds the ticket and an event its message. */
  recordSentMessageId(args: {
    messageIdHeader: string;
    messageId: string;
    ticketId: string;
    recipient: string;
    now: string;
  }): Promise<void>;
}

/** Whether outbound email is configured (without it, development delivers to the sandbox). */
export function isMailConfigured(settings: EmailSettings, binding: SendEmail | undefined): boolean {
  if (!splitAddress(settings.supportEmail)) return false;
  if (settings.sender === "mailgun") return Boolean(settings.mailgunApiKey);
  return settings.sender === "cloudflare" && Boolean(binding);
}

/** The configured sender, or null when email is not configured (development uses the sandbox). */
export async function mailSenderFor(
  settings: EmailSettings,
  binding: SendEmail | undefined,
): Promise<MailSender | null> {
  const domain = splitAddress(settings.supportEmail)?.domain;
  if (!domain) return null;
  if (settings.sender === "mailgun" && settings.mailgunApiKey) {
    return mailgunSender({ apiRoot: settings.apiRoot, domain, apiKey: settings.mailgunApiKey });
  }
  if (settings.sender === "cloudflare" && binding) {
    // Loaded only here: `cloudflare:email` exists inside workerd, not in Node unit tests.
    const { cloudflareSender } = await import("./cloudflare");
    return cloudflareSender(binding);
  }
  return null;
}

/** Our support address, or a PermanentError: without SUPPORT_EMAIL there is nothing to send from. */
export function supportAddressOf(settings: { supportEmail: string }): SupportAddress {
  const support = splitAddress(settings.supportEmail);
  if (!support) throw new PermanentError("SUPPORT_EMAIL is not set: email cannot be sent");
  return support;
}

/** `<rd.<message id>@domain>`: stable per message, so a retried send carries the same id. */
export function messageIdFor(messageId: string, support: SupportAddress): string {
  return `<rd.${messageId}@${support.domain}>`;
}

/** A reply token: 24 lowercase letters and digits (plus-addresses may be lowercased on the way). */
export function newReplyToken(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...crypto.getRandomValues(new Uint8Array(24))].map((b) => alphabet[b % 36]).join("");
}

const TEXTS: Record<Language, { replyHint: string; link: string; brand: string }> = {
  en: {
    replyHint: "Reply to this email to add to your request.",
    link: "View your request online",
    brand: "Support",
  },
  zh: { replyHint: "直接回复此邮件即可补充您的工单。", link: "在线查看工单", brand: "客服" },
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export interface TicketMailOptions {
  /** Adds the customer's secret `/t/` link (web-form tickets, whose customers live on that page). */
  includeLink: boolean;
  now?: Date;
}

/**
 * Composes `msg` as an email on its ticket's thread and returns the call that sends it (its
 * receipt is our Message-ID). Composing reads the thread; the Message-ID is recorded just before
 * sending, because a reply can arrive before the provider answers.
 */
export async function prepareTicketEmail(
  settings: EmailSettings,
  threads: EmailThreads,
  sender: MailSender,
  msg: OutboundMessage,
  attachmentsOf: (msg: OutboundMessage) => Promise<MailAttachment[]>,
  opts: TicketMailOptions,
): Promise<() => Promise<string>> {
  const support = supportAddressOf(settings);
  const to = (msg.recipient.email || (msg.channel === "email" ? msg.recipient.externalId : "")).trim();
  if (!/^[^@\s]+@[^@\s]+$/.test(to)) throw new PermanentError("The customer has no email address to write to");
  if (!msg.body.trim() && !msg.attachments.length) throw new PermanentError("Nothing to send: the message is empty");

  const now = opts.now ?? new Date();
  const messageId = messageIdFor(msg.messageId, support);
  const [token, thread] = await Promise.all([
    threads.ensureReplyToken(msg.ticketId, newReplyToken(), now.toISOString()),
    threads.threadMessageIds(msg.ticketId),
  ]);
  const references = thread.map((t) => t.id).filter((id) => id !== messageId);
  const answered =
    msg.replyToProviderMessageId && /^<[^<>\s]+>$/.test(msg.replyToProviderMessageId)
      ? msg.replyToProviderMessageId
      : null;
  // A reply answers the message it replies to, else the customer's latest email, else the thread's latest.
  const latestInbound = thread.filter((t) => t.inbound).at(-1)?.id ?? null;
  const inReplyTo = answered ?? latestInbound ?? references.at(-1) ?? null;
  if (answered && !references.includes(answered)) references.push(answered);

  const t = TEXTS[msg.language] ?? TEXTS.en;
  const link = opts.includeLink ? `${settings.publicUrl.replace(/\/+$/, "")}/t/${msg.ticketAccessToken}` : null;
  const footer = [`[${msg.ticketNumber}] ${t.replyHint}`, link ? `${t.link}: ${link}` : null].filter(Boolean);
  const text = `${msg.body.trim()}\n\n--\n${footer.join("\n")}\n`.replace(/\n/g, "\r\n");
  const html =
    `<div>${escapeHtml(msg.body.trim()).replace(/\n/g, "<br>")}</div><hr>` +
    `<p style="color:#666;font-size:12px">${escapeHtml(footer[0] as string)}` +
    (link ? `<br><a href="${escapeHtml(link)}">${escapeHtml(t.link)}</a>` : "") +
    "</p>";

  const raw = composeMime({
    from: { address: settings.supportEmail, name: msg.author === "bot" ? `${t.brand}` : null },
    to: { address: to, name: msg.recipient.displayName },
    replyTo: plusAddress(support, token),
    subject: replySubject(msg.ticketNumber, msg.ticketSubject),
    text,
    html,
    messageId,
    inReplyTo,
    references,
    attachments: await attachmentsOf(msg),
    autoSubmitted: msg.author === "bot",
    date: now,
    // Returned in a delivery report's copy of our headers: what proves the report (bounce-token.ts).
    bounceToken: await bounceTokenFor(settings.bounceSecret, msg.messageId, to),
  });
  return async () => {
    await threads.recordSentMessageId({
      messageIdHeader: messageId,
      messageId: msg.messageId,
      ticketId: msg.ticketId,
      recipient: to,
      now: now.toISOString(),
    });
    await sender.send({ from: settings.supportEmail, to, raw, messageId });
    return messageId;
  };
}
