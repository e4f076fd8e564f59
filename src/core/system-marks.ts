/**
 * Marks Relaydesk itself puts in front of a customer's text for staff ("[Unverified sender]" on mail
 * whose sender nothing proved, "[Auto-reply]" on an out-of-office). They are ours, not the customer's
 * words, so triage reads the text without them: "unverified" is a KYC keyword, and a withdrawal
 * question from an unauthenticated mailbox must not be filed as KYC.
 */

/** Staff see it on mail whose sender SPF, DKIM and DMARC did not prove. */
export const UNVERIFIED_SENDER_MARK = "[Unverified sender]";
/** Staff see it on automatic replies (out of office, vacation). */
export const AUTO_REPLY_MARK = "[Auto-reply]";

const LEADING_MARKS = [UNVERIFIED_SENDER_MARK, AUTO_REPLY_MARK];

/** The customer's own words: `text` without the marks Relaydesk put in front of it. */
export function withoutSystemMarks(text: string): string {
  let rest = text;
  for (;;) {
    const trimmed = rest.trimStart();
    const mark = LEADING_MARKS.find((m) => trimmed.startsWith(m));
    if (!mark) return rest;
    rest = trimmed.slice(mark.length);
  }
}
