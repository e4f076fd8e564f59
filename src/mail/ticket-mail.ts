/**
 * Sends one ticket message as an email: the email channel's deliver() and the web form's
 * "staff replied" notice both come here, so channels never import each other.
 */
import type { DeliveryReceipt, OutboundMessage } from "../../channels/types";
import { PermanentError } from "../core/errors";
import type { Language } from "../core/inbound";
import type { Config, Env } from "../env";
import { ensureReplyToken, recordSentMessageId, threadMessageIds } from "../store/email";
import { plusAddress, replySubject, type SupportAddress, splitAddress } from "./address";
import { composeMime, type MailAttachment } from "./compose";
import { type MailSender, mailgunSender } from "./send";

/** Whether outbound email is configured (without it, development delivers to the sandbox). */
export function isMailConfigured(env: Env, config: Config): boolean {
  if (!splitAddress(config.supportEmail)) return false;
  if (config.emailSender === "mailgun") return Boolean(config.mailgunApiKey);
  return config.emailSender === "cloudflare" && Boolean(env.SEND_EMAIL);
}

/** The configured sender, or null when email is not configured (development uses the sandbox). */
export async function mailSenderFor(env: Env, config: Config): Promise<MailSender | null> {
  const domain = splitAddress(config.supportEmail)?.domain;
  if (!domain) return null;
  if (config.emailSender === "mailgun" && config.mailgunApiKey) {
    return mailgunSender({ apiRoot: config.emailApiRoot, domain, apiKey: config.mailgunApiKey });
  }
  if (config.emailSender === "cloudflare" && env.SEND_EMAIL) {
    // Loaded only here: `cloudflare:email` exists inside workerd, not in Node unit tests.
    const { cloudflareSender } = await import("./cloudflare");
    return cloudflareSender(env.SEND_EMAIL);
  }
  return null;
}

/** Our support address, or a PermanentError: without SUPPORT_EMAIL there is nothing to send from. */
export function supportAddressOf(config: Config): SupportAddress {
  const support = splitAddress(config.supportEmail);
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
  sender: MailSender;
  /** Adds the customer's secret `/t/` link (web-form tickets, whose customers live on that page). */
  includeLink: boolean;
  now?: Date;
}

/** Composes and sends `msg` as an email on its ticket's thread; the receipt is our Message-ID. */
export async function sendTicketEmail(
  env: Env,
  config: Config,
  msg: OutboundMessage,
  opts: TicketMailOptions,
): Promise<DeliveryReceipt> {
  const support = supportAddressOf(config);
  const to = (msg.recipient.email || (msg.channel === "email" ? msg.recipient.externalId : "")).trim();
  if (!/^[^@\s]+@[^@\s]+$/.test(to)) throw new PermanentError("The customer has no email address to write to");
  if (!msg.body.trim() && !msg.attachments.length) throw new PermanentError("Nothing to send: the message is empty");

  const now = opts.now ?? new Date();
  const db = env.DB;
  const messageId = messageIdFor(msg.messageId, support);
  const [token, thread] = await Promise.all([
    ensureReplyToken(db, { ticketId: msg.ticketId, candidate: newReplyToken(), now: now.toISOString() }),
    threadMessageIds(db, msg.ticketId),
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
  const link = opts.includeLink ? `${config.publicUrl.replace(/\/+$/, "")}/t/${msg.ticketAccessToken}` : null;
  const footer = [`[${msg.ticketNumber}] ${t.replyHint}`, link ? `${t.link}: ${link}` : null].filter(Boolean);
  const text = `${msg.body.trim()}\n\n--\n${footer.join("\n")}\n`.replace(/\n/g, "\r\n");
  const html =
    `<div>${escapeHtml(msg.body.trim()).replace(/\n/g, "<br>")}</div><hr>` +
    `<p style="color:#666;font-size:12px">${escapeHtml(footer[0] as string)}` +
    (link ? `<br><a href="${escapeHtml(link)}">${escapeHtml(t.link)}</a>` : "") +
    "</p>";

  const attachments: MailAttachment[] = [];
  for (const a of msg.attachments) {
    const object = await env.ATTACHMENTS.get(a.r2Key);
    if (!object) throw new PermanentError(`The attachment ${a.filename} is no longer stored`);
    attachments.push({
      filename: a.filename,
      contentType: a.contentType,
      data: new Uint8Array(await object.arrayBuffer()),
    });
  }

  const raw = composeMime({
    from: { address: config.supportEmail, name: msg.author === "bot" ? `${t.brand}` : null },
    to: { address: to, name: msg.recipient.displayName },
    replyTo: plusAddress(support, token),
    subject: replySubject(msg.ticketNumber, msg.ticketSubject),
    text,
    html,
    messageId,
    inReplyTo,
    references,
    attachments,
    autoSubmitted: msg.author === "bot",
    date: now,
  });
  // Recorded before sending: a reply can arrive before we hear back from the provider.
  await recordSentMessageId(db, {
    messageIdHeader: messageId,
    messageId: msg.messageId,
    ticketId: msg.ticketId,
    now: now.toISOString(),
  });
  await opts.sender.send({ from: config.supportEmail, to, raw, messageId });
  return { providerMessageId: messageId };
}
