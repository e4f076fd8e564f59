/**
 * Web-form addresses as claims: a submission opens its ticket under its own unproven contact and
 * mails a single-use link to the address; following it (GET shows a button, POST confirms, so mail
 * scanners that prefetch links confirm nothing) proves the address, and the ticket joins the
 * contact that owns it. Until then nothing but that link is ever mailed to the address.
 */

import { confirmationSenderFor } from "../channels";
import {
  confirmationMail,
  EMAIL_VERIFICATION_TOKEN,
  EMAIL_VERIFICATION_TTL_MS,
  EMAIL_VERIFICATION_WINDOW_MS,
  IDEMPOTENCY_REPLAY_WINDOW_MS,
  mayMailConfirmation,
  normalizeEmail,
} from "../core/email-claims";
import { AppError, ConflictError, NotFoundError } from "../core/errors";
import { newId, newSecret, sha256Hex } from "../core/ids";
import type { InboundMessage, Language } from "../core/inbound";
import { subjectFromText } from "../core/ticket";
import { type Config, type Env, isDevelopment } from "../env";
import {
  confirmAddress,
  findConfirmation,
  insertConfirmation,
  readClaimForResend,
  readClaimSubmission,
  ticketClaimedBy,
} from "../store/email-claims";
import { recordSandboxSend } from "../store/sandbox";
import { publishFeedEvent } from "./feed";
import { type IngestDeps, type IngestResult, ingestInbound, ingestKeysOf } from "./ingest";
import { redactInbound } from "./triage";

/** What a submission's answer says about its address. */
export interface ClaimState {
  /** Whether the address is proven (only ever for a repeated submission whose link was followed). */
  emailVerified: boolean;
  /**
   * Whether confirmation links go out (email is set up). Over the address's hourly cap none is sent and the
   * answer does not say so: the cap counts whoever asks, so saying it would tell anyone whether the address was
   * used on the form within the hour (test/integration/security/confirmation-oracle.test.ts).
   */
  confirmationSent: boolean;
}

/** Where confirmation links point: `<base>/verify-email/<token>`. */
export function confirmationLink(base: string, token: string): string {
  return `${base.replace(/\/+$/, "")}/verify-email/${token}`;
}

/**
 * Opens a web-form ticket whose sender typed `claimedEmail`: ingest with the per-address cap read
 * in the same round trip and the link (its hash) written in ingest's batch, then the email in the
 * background. A repeated idempotency key answers with the link only for the same submission from the same
 * network (its scoped key, channels/webform/submission-key.ts) within IDEMPOTENCY_REPLAY_WINDOW_MS (409 otherwise).
 */
export async function submitClaimedTicket(
  deps: IngestDeps,
  msg: InboundMessage,
  args: { claimedEmail: string; linkBase: string },
): Promise<IngestResult & ClaimState> {
  const { env, config } = deps;
  const db = env.DB;
  const now = deps.now?.() ?? new Date();
  const email = normalizeEmail(args.claimedEmail);
  const keys = ingestKeysOf(msg);
  const since = new Date(now.getTime() - EMAIL_VERIFICATION_WINDOW_MS).toISOString();
  const read = await readClaimSubmission(db, { keys, email, since });
  const mailing = await canMail(env, config);
  const mayMail = mayMailConfirmation(read.recentConfirmations) && mailing;
  const token = newSecret(32);
  const confirmation = {
    id: newId("evf"),
    tokenHash: await sha256Hex(token),
    email,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + EMAIL_VERIFICATION_TTL_MS).toISOString(),
  };
  const result = await ingestInbound(deps, msg, {
    prefetched: { keys, state: read.ingest },
    alsoWrite: mayMail
      ? (stored) => [{ kind: "email_confirmation", confirmation: { ...confirmation, ...stored } }]
      : undefined,
  });
  if (result.outcome === "duplicate") {
    // Answered with the link only for the same submission again (a double click, a client's retry), soon.
    const { msg: clean } = redactInbound(msg);
    const claim = await ticketClaimedBy(db, {
      ticketId: result.conversationTicketId,
      messageId: result.messageId,
      email,
      subject: clean.subject?.trim() || subjectFromText(clean.text),
      body: clean.text,
      since: new Date(now.getTime() - IDEMPOTENCY_REPLAY_WINDOW_MS).toISOString(),
    });
    if (!claim) {
      throw new ConflictError(
        "idempotency_key_reused",
        "This idempotency key was already used: its request is answered only to its sender, for 15 minutes",
      );
    }
    return { ...result, emailVerified: claim.verified, confirmationSent: false };
  }
  if (mayMail) {
    deps.waitUntil(
      mailConfirmation(env, config, {
        id: confirmation.id,
        to: email,
        language: msg.language ?? "en",
        ticketId: result.ticketId,
        ticketNumber: result.ticketNumber,
        link: confirmationLink(args.linkBase, token),
      }).catch((err) => console.error("confirmation email failed", { ticketId: result.ticketId, error: String(err) })),
    );
  }
  return { ...result, emailVerified: false, confirmationSent: mailing };
}

/** A new link for the ticket behind a `/t/` link (the old one stops working); sent before answering. */
export async function resendConfirmation(
  deps: { env: Env; config: Config },
  args: { accessToken: string; linkBase: string; now?: Date },
): Promise<{ language: Language }> {
  const { env, config } = deps;
  const now = args.now ?? new Date();
  const since = new Date(now.getTime() - EMAIL_VERIFICATION_WINDOW_MS).toISOString();
  const claim = await readClaimForResend(env.DB, { accessToken: args.accessToken, since });
  if (!claim) throw new NotFoundError("Ticket");
  if (claim.verified) throw new ConflictError("already_verified", "This email address is already confirmed");
  if (!claim.email || !claim.claimed) {
    throw new ConflictError("nothing_to_confirm", "This ticket has no email address to confirm");
  }
  // Per ticket (one link never uses up another's budget alone): the asker's own count, refused out loud.
  if (!mayMailConfirmation(0, claim.recentForTicket)) {
    throw new AppError(429, "too_many_confirmations", "Too many confirmation emails for this request; try again later");
  }
  if (!(await canMail(env, config))) {
    throw new AppError(503, "email_unavailable", "Email is not available right now; try again later");
  }
  // Per address (no mailbox flooded), whoever asks: nothing is sent (or stored: the ticket's last link keeps
  // working), and the answer is the same as a sent one's, so it tells no one whether others used the address.
  if (!mayMailConfirmation(claim.recent)) return { language: claim.language };
  const token = newSecret(32);
  const id = newId("evf");
  const email = normalizeEmail(claim.email);
  await insertConfirmation(env.DB, {
    id,
    tokenHash: await sha256Hex(token),
    ticketId: claim.ticketId,
    email,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + EMAIL_VERIFICATION_TTL_MS).toISOString(),
  });
  try {
    await mailConfirmation(env, config, {
      id,
      to: email,
      language: claim.language,
      ticketId: claim.ticketId,
      ticketNumber: claim.ticketNumber,
      link: confirmationLink(args.linkBase, token),
    });
  } catch {
    throw new AppError(503, "email_unavailable", "The confirmation email could not be sent; try again later");
  }
  return { language: claim.language };
}

/** Why a link cannot be used, as a 4xx (nothing is written for any of them). */
function linkProblem(kind: "invalid" | "used" | "expired"): AppError {
  if (kind === "invalid") return new AppError(404, "verification_invalid", "This confirmation link is not valid");
  if (kind === "used") {
    return new AppError(410, "verification_used", "This confirmation link was already used or replaced by a newer one");
  }
  return new AppError(410, "verification_expired", "This confirmation link has expired; ask for a new one");
}

/** What a usable link is about (for the page with the confirm button): read only. */
export async function inspectConfirmation(
  env: Env,
  token: string,
  now: Date = new Date(),
): Promise<{ ticketNumber: string; language: Language; email: string }> {
  const found = EMAIL_VERIFICATION_TOKEN.test(token) ? await findConfirmation(env.DB, await sha256Hex(token)) : null;
  if (!found) throw linkProblem("invalid");
  if (found.usedAt) throw linkProblem("used");
  if (Date.parse(found.expiresAt) <= now.getTime()) throw linkProblem("expired");
  return { ticketNumber: found.ticketNumber, language: found.language, email: found.email };
}

/** Confirms an address with its link: the ticket's contact joins the address's owner (or becomes it). */
export async function confirmEmail(
  deps: { env: Env; waitUntil: (p: Promise<unknown>) => void },
  token: string,
  now: Date = new Date(),
): Promise<{ ticketNumber: string; language: Language; joined: boolean }> {
  const { env } = deps;
  const found = EMAIL_VERIFICATION_TOKEN.test(token) ? await findConfirmation(env.DB, await sha256Hex(token)) : null;
  if (!found) throw linkProblem("invalid");
  if (found.usedAt) throw linkProblem("used");
  if (Date.parse(found.expiresAt) <= now.getTime()) throw linkProblem("expired");
  const done = await confirmAddress(env.DB, {
    verificationId: found.id,
    ticketId: found.ticketId,
    fromContactId: found.contactId,
    email: found.email,
    identityId: newId("idn"),
    newContactId: newId("con"),
    now: now.toISOString(),
  });
  // Used by a concurrent request in between (or the ticket changed hands): nothing was written.
  if (!done) throw linkProblem("used");
  deps.waitUntil(publishFeedEvent(env, { type: "ticket.updated", ticketId: found.ticketId, changes: ["contact"] }));
  return { ticketNumber: found.ticketNumber, language: found.language, joined: done.joined };
}

/** Whether a confirmation can go anywhere: a configured mail sender, or the development sandbox. */
async function canMail(env: Env, config: Config): Promise<boolean> {
  return isDevelopment(config) || (await confirmationSenderFor(config, env)) !== null;
}

async function mailConfirmation(
  env: Env,
  config: Config,
  args: { id: string; to: string; language: Language; ticketId: string; ticketNumber: string; link: string },
): Promise<void> {
  const send = await confirmationSenderFor(config, env);
  if (send) return send(args);
  // Development without email: the sandbox shows what would have been sent (the link included).
  await recordSandboxSend(env.DB, {
    channel: "email",
    recipient: args.to,
    ticketId: args.ticketId,
    payload: {
      kind: "email-confirmation",
      ticketNumber: args.ticketNumber,
      link: args.link,
      body: confirmationMail(args.language, { ticketNumber: args.ticketNumber, link: args.link }).text,
    },
  });
}
