/**
 * Web-form email addresses are claims until proven. A submission's identity is a per-contact
 * claim (`claim:<id>`), never the address itself; following a single-use, expiring link mailed to
 * the address proves it. Pure: the rules, the limits and the confirmation email's words.
 */
import type { Language } from "./inbound";
import { SAFETY_LINE } from "./replies";

/** External ids of unproven web-form identities start with this (an email address never does). */
export const CLAIM_PREFIX = "claim:";

/** How long a confirmation link works. */
export const EMAIL_VERIFICATION_TTL_MS = 24 * 3_600_000;
/** Confirmation emails one address may receive per window (a form cannot be used to flood a mailbox). */
export const EMAIL_VERIFICATIONS_PER_ADDRESS = 5;
/**
 * Confirmation emails one ticket (one `/t/` link) may ask for per window: fewer than the address's,
 * so one link (a stranger who typed someone's address) can never use up another's budget alone.
 */
export const EMAIL_VERIFICATIONS_PER_TICKET = 3;
export const EMAIL_VERIFICATION_WINDOW_MS = 3_600_000;

/**
 * How long a repeated web-form submission (same key, words, files and network) is answered with its
 * ticket's link: a double click or a client's retry comes within seconds; a replay of a leaked key later
 * gets 409 without the link.
 */
export const IDEMPOTENCY_REPLAY_WINDOW_MS = 15 * 60_000;

/** Tokens are 32 random bytes, base64url: anything else is refused before a lookup. */
export const EMAIL_VERIFICATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A confirmation link to store: only its token's hash, never the token. */
export interface NewConfirmation {
  id: string;
  tokenHash: string;
  ticketId: string;
  email: string;
  now: string;
  expiresAt: string;
}

/** A fresh external id for a submission's unproven identity. */
export function newClaimId(random: () => string = () => crypto.randomUUID().replace(/-/g, "")): string {
  return `${CLAIM_PREFIX}${random()}`;
}

/** Whether an identity's external id is an unproven claim. */
export function isClaim(externalId: string): boolean {
  return externalId.startsWith(CLAIM_PREFIX);
}

/**
 * How an address is compared and stored: trimmed, ASCII letters lowercased, nothing else folded. Unicode
 * lowercasing would turn another mailbox into the customer's: the KELVIN SIGN (U+212A) lowers to "k", so
 * `\u212Aate@provider.test`, a real (SMTPUTF8) mailbox passing DMARC for the shared provider, would become
 * `kate@provider.test` (test/integration/security/address-case-fold.test.ts).
 */
export function normalizeEmail(address: string): string {
  return address.trim().replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** `alice@example.com` -> `a***e@example.com`: enough for its owner to recognise, little for anyone else. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "***";
  const local = address.slice(0, at);
  const shown = local.length <= 2 ? `${local[0]}***` : `${local[0]}***${local[local.length - 1]}`;
  return `${shown}${address.slice(at)}`;
}

/**
 * Whether one more confirmation email may go to an address that got `recent` within the window,
 * asked for by a ticket that asked for `forTicket` of them (0 for a new submission).
 */
export function mayMailConfirmation(recent: number, forTicket = 0): boolean {
  return recent < EMAIL_VERIFICATIONS_PER_ADDRESS && forTicket < EMAIL_VERIFICATIONS_PER_TICKET;
}

export interface ConfirmationMail {
  subject: string;
  text: string;
}

/**
 * The confirmation email. It carries nothing the submitter typed (no name, subject or text: the
 * form must not become a way to send our official mail with someone else's words to any
 * address), no reply address that leads into the ticket, and says what confirming does.
 */
export function confirmationMail(lang: Language, args: { ticketNumber: string; link: string }): ConfirmationMail {
  const hours = Math.round(EMAIL_VERIFICATION_TTL_MS / 3_600_000);
  if (lang === "zh") {
    return {
      subject: "请确认您的邮箱地址",
      text: [
        "您好，",
        "",
        `有人通过我们的网页表单提交了客服请求（工单号 ${args.ticketNumber}），并填写了这个邮箱地址。`,
        "如果是您本人提交的，请打开下面的链接并点击“确认”按钮：",
        "",
        args.link,
        "",
        `链接只能使用一次，${hours} 小时内有效。确认之前，我们对该工单的回复只显示在工单网页上，不会发送到此邮箱。确认之后，回复也会通过邮件发送给您，并与您在我们这里使用此邮箱的其他记录合并。`,
        "",
        "如果不是您本人提交的，请忽略此邮件：您的邮箱不会与该请求关联，任何人也无法因此看到您的其他工单。",
        "",
        SAFETY_LINE.zh,
      ].join("\n"),
    };
  }
  return {
    subject: "Confirm your email address",
    text: [
      "Hello,",
      "",
      `Someone sent us a support request through our web form (ticket ${args.ticketNumber}) and gave this email address.`,
      'If that was you, open this link and press "Confirm":',
      "",
      args.link,
      "",
      `The link works once, for ${hours} hours. Until you confirm, our answers to this request appear only on the request's web page and nothing is sent to this address. Once you confirm, answers also reach you by email, and the request joins what we already know under this address.`,
      "",
      "If that was not you, ignore this email: your address will not be linked to the request, and nobody can see your other requests through it.",
      "",
      SAFETY_LINE.en,
    ].join("\n"),
  };
}
