/** Addresses and subjects: our plus-address (support+<token>@domain), ticket numbers, "Re:" subjects. */
import { normalizeEmail } from "../../src/core/email-claims";
import { TICKET_NUMBER_PREFIX } from "../../src/core/ticket";

export interface SupportAddress {
  local: string;
  domain: string;
}

/** `support@example.com` -> `{ local: "support", domain: "example.com" }`; null when not an address. */
export function splitAddress(address: string): SupportAddress | null {
  const m = /^([^@\s]+)@([^@\s]+)$/.exec(normalizeEmail(address));
  return m?.[1] && m[2] ? { local: m[1].split("+", 1)[0] as string, domain: m[2] } : null;
}

/** `support+<token>@domain`: the Reply-To that brings a reply back to its ticket. */
export function plusAddress(support: SupportAddress, token: string): string {
  return `${support.local}+${token}@${support.domain}`;
}

/** Reply tokens are lowercase letters and digits (mail systems may lowercase the local part). */
export const REPLY_TOKEN = /^[a-z0-9]{16,40}$/;

/** The reply token in one of `recipients` that is our plus-address, if any. */
export function replyTokenIn(recipients: string[], support: SupportAddress): string | null {
  for (const r of recipients) {
    const m = /^([^@\s+]+)\+([^@\s]+)@([^@\s]+)$/.exec(normalizeEmail(r));
    if (m && m[1] === support.local && m[3] === support.domain && REPLY_TOKEN.test(m[2] ?? "")) return m[2] as string;
  }
  return null;
}

/** Whether an address is our support address (with or without a plus part): our own mail. */
export function isOurAddress(address: string, support: SupportAddress): boolean {
  const a = splitAddress(address);
  return Boolean(a && a.local === support.local && a.domain === support.domain);
}

/** `Re: [RD-1042] Deposit` -> 1042 (also `RD-1042` without brackets); null when there is none. */
export function ticketNumberInSubject(subject: string): number | null {
  const prefix = TICKET_NUMBER_PREFIX.replace(/[^A-Za-z0-9]/g, "");
  const m = new RegExp(`\\[?\\b${prefix}-(\\d{1,9})\\b\\]?`, "i").exec(subject);
  return m?.[1] ? Number(m[1]) : null;
}

/** Strips reply/forward prefixes in the languages our customers write: `Re: 回复: Fwd:`. */
export function baseSubject(subject: string): string {
  // Every prefix in one pass: a subject of thousands of "Re:" must not cost thousands of passes over itself.
  return subject.trim().replace(/^(?:(?:re|aw|sv|fw|fwd|wg|回复|回覆|答复|转发|轉寄)\s*(?:\[\d+\]\s*)?[:：]\s*)+/i, "");
}

/** The subject of our emails on a ticket: `Re: [RD-1042] <subject>`. */
export function replySubject(ticketNumber: string, ticketSubject: string): string {
  const base = baseSubject(ticketSubject)
    .replace(new RegExp(`\\[${ticketNumber}\\]\\s*`, "gi"), "")
    .trim();
  return `Re: [${ticketNumber}] ${base || "Support request"}`.slice(0, 250);
}
