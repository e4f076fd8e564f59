/**
 * Mail that may not use a secret it carries. Our plus-address and our sent Message-IDs are secrets
 * anyone can hold who saw a customer's mail (a forward shows them in its headers), and anyone can
 * write any From. So a secret threads an email onto its ticket only when its sender is not shown
 * to be forged:
 *
 * - `pass` (aligned SPF/DKIM/DMARC pass): joins.
 * - `fail` (the door reported a failure, or spam): never joins; it opens a ticket of its own.
 * - `none` (the domain publishes nothing we can check; a forger can produce this for ANY domain
 *   without DMARC, e.g. with SPF passing for its own envelope domain): joins, marked
 *   `[Unverified sender]`, only while the ticket's contact never proved the address. After mail from
 *   the address passed (or the address was confirmed), a `none` is a downgrade and is kept apart too.
 *
 * Mail that failed also writes as a customer of its own, `failed:<address>` (receive.ts), never the
 * `unverified:<address>` contact the address's genuine "none" mail shares.
 *
 * Mail that failed, or was kept apart, is flagged for staff ("claims to be <address>") and the bot
 * stays silent on it: whatever we sent would reach the address's real owner (mail bombing), and
 * none of it may tell anyone which ticket the secret belonged to.
 */
import { FAILED_AUTH_MARK_START } from "../../src/core/system-marks";
import type { EmailThreadTarget } from "../../src/pipeline/desk";
import type { SenderAuth } from "./auth";

/** Why an email is flagged as failing: its verdict failed, or a secret's ticket was kept from it. */
export interface FailedAuth {
  /** The address the From claims (the real owner's, if forged). */
  claims: string;
  /** The ticket whose secret the email carried and did not join, or null. */
  keptApartFrom: string | null;
  /** `failed`: the door reported a failure; `downgrade`: no verdict, after this address passed before. */
  why: "failed" | "downgrade";
}

/** Threading by a secret that only proven-enough mail may use. */
const BY_SECRET = new Set(["message-id", "plus-address"]);

/**
 * Whether the email is flagged as failing authentication, and the ticket its secret may not reach.
 * Null: it is handled as before (verified, or `none` on a ticket whose contact never proved the address).
 */
export function failedAuthOf(
  auth: SenderAuth,
  sender: string,
  thread: { target: EmailThreadTarget | null; threadedBy: string | undefined },
): FailedAuth | null {
  if (auth.verified) return null;
  const bySecret = thread.target && BY_SECRET.has(thread.threadedBy ?? "") ? thread.target : null;
  if (auth.verdict === "fail") return { claims: sender, keptApartFrom: bySecret?.ticketId ?? null, why: "failed" };
  if (bySecret?.senderProven) return { claims: sender, keptApartFrom: bySecret.ticketId, why: "downgrade" };
  return null;
}

/** The mark staff read before the text of such an email (after `[Unverified sender]`). */
export function failedAuthMark(f: FailedAuth, summary: string): string {
  const what =
    f.why === "failed"
      ? `failed authentication (${summary})`
      : `earlier mail from it passed, this one did not (${summary})`;
  return `${FAILED_AUTH_MARK_START}claims to be ${f.claims}; ${what}]`;
}

/** What the ticket keeps about it (metadata staff see; also what keeps our mail free of the sender's words). */
export function failedAuthMetadata(f: FailedAuth, summary: string): Record<string, string> {
  return {
    emailSender: "unverified",
    emailAuth: summary,
    emailAuthFailed: f.claims,
    ...(f.keptApartFrom ? { emailKeptApartFrom: f.keptApartFrom } : {}),
  };
}
