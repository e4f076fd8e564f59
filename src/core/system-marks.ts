/**
 * Marks Relaydesk itself puts in front of a customer's text for staff ("[Unverified sender]" on mail
 * whose sender nothing proved, "[Failed authentication: …]" on mail kept apart, "[Auto-reply]" on an
 * out-of-office). They are ours, not the customer's words, so triage reads the text without them:
 * "unverified" is a KYC keyword, and a withdrawal question from an unauthenticated mailbox must not
 * be filed as KYC (nor one whose mail failed authentication as a login problem).
 */

/** Staff see it on mail whose sender SPF, DKIM and DMARC did not prove. */
export const UNVERIFIED_SENDER_MARK = "[Unverified sender]";
/** Staff see it on automatic replies (out of office, vacation). */
export const AUTO_REPLY_MARK = "[Auto-reply]";

/** Staff see it before the text of a message the customer forwarded (Discord's message snapshots). */
export const FORWARDED_MARK = "[Forwarded message]";

/**
 * The marks whose whole text is ours and fixed: secret redaction never eats into them (a phrase
 * starting "look …" after "[Forwarded message]" read "message" as its first word).
 */
export const FIXED_MARKS: readonly string[] = [UNVERIFIED_SENDER_MARK, AUTO_REPLY_MARK, FORWARDED_MARK];

/** How the mark on mail that failed authentication begins (channels/email/apart.ts); it ends with `)]`. */
export const FAILED_AUTH_MARK_START = "[Failed authentication: ";

const LEADING_MARKS = [UNVERIFIED_SENDER_MARK, AUTO_REPLY_MARK];

/** The length of the mark `text` begins with, or 0. */
function leadingMark(text: string): number {
  const mark = LEADING_MARKS.find((m) => text.startsWith(m));
  if (mark) return mark.length;
  if (!text.startsWith(FAILED_AUTH_MARK_START)) return 0;
  const end = text.indexOf(")]", FAILED_AUTH_MARK_START.length);
  return end < 0 ? 0 : end + 2;
}

/** The customer's own words: `text` without the marks Relaydesk put in front of it. */
export function withoutSystemMarks(text: string): string {
  let rest = text;
  for (;;) {
    const trimmed = rest.trimStart();
    const length = leadingMark(trimmed);
    if (!length) return rest;
    rest = trimmed.slice(length);
  }
}
