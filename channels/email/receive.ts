/**
 * The one inbound path every door (Email Routing, Mailgun, Postmark, SendGrid) ends in:
 * replay guard -> dedupe -> our own mail -> bounce -> threading -> flood limit -> auto-reply -> ingest.
 * Who sent it decides what it may reach: an unverified From (SPF/DKIM/DMARC, see auth.ts) never
 * threads by the ticket number in the subject, writes as its own unverified identity and counts
 * in its own flood bucket.
 */
import { ConflictError, ValidationError } from "../../src/core/errors";
import { newId } from "../../src/core/ids";
import { redactParts } from "../../src/core/redact";
import { FAILED_IDENTITY_PREFIX, UNVERIFIED_IDENTITY_PREFIX } from "../../src/core/ticket";
import type { Config } from "../../src/env";
import type { Desk, InboundEmailKind, InboundEmailSource, IngestKeys, IngestOutcome } from "../../src/pipeline/desk";
import { isOurAddress, replyTokenIn, splitAddress, ticketNumberInSubject } from "./address";
import type { SenderAuth } from "./auth";
import { provenBounceOf } from "./bounce-token";
import { decide } from "./decide";
import { emailConversationKey, syntheticMessageId } from "./message";
import type { ParsedEmail } from "./mime";
import { parseBounce } from "./noise";

export interface ReceiveDeps {
  desk: Desk;
  config: Config;
  waitUntil: (p: Promise<unknown>) => void;
  now?: () => Date;
}

export interface ReceivedEmail {
  source: InboundEmailSource;
  parsed: ParsedEmail;
  /** The door's SPF/DKIM/DMARC verdicts on the From address (auth.ts). */
  auth: SenderAuth;
  /** A signed webhook's one-time key (Mailgun's token) and when its signature expires: accepted once. */
  replay?: { key: string; expiresAt: string };
  /** The full original as it arrived (raw MIME, or the provider's JSON/form fields), kept in R2 when clean. */
  original: { data: Uint8Array | string; contentType: string; extension: "eml" | "json" };
}

export interface ReceiveResult {
  kind: InboundEmailKind | "duplicate";
  messageIdHeader: string;
  ticketId: string | null;
  messageId: string | null;
  outcome?: IngestOutcome;
  /** How the thread was found, for logs and tests; `active` is the sender's active ticket (over the flood limit). */
  threadedBy?: "message-id" | "plus-address" | "subject" | "active" | "new";
}

const HOUR_MS = 3_600_000;

/**
 * The identities an unverified From and a From that FAILED authentication write as (src/core/ticket.ts): each a
 * contact of its own. A domain without DMARC gets "none" for its genuine mail, and a forger who shared that contact
 * would be that customer for staff (merged without an admin, on their `/t/` page).
 */
export { FAILED_IDENTITY_PREFIX, UNVERIFIED_IDENTITY_PREFIX } from "../../src/core/ticket";

/** Who an email writes as: the address when proven, else a claim of it, apart again when it failed. */
export function senderIdentity(sender: string, auth: SenderAuth): string {
  if (auth.verified) return sender;
  return `${auth.verdict === "fail" ? FAILED_IDENTITY_PREFIX : UNVERIFIED_IDENTITY_PREFIX}${sender}`;
}

/** Handles one inbound email, exactly once per Message-ID (and a signed webhook once per signature). */
export async function receiveEmail(deps: ReceiveDeps, input: ReceivedEmail): Promise<ReceiveResult> {
  const { desk, config } = deps;
  const now = deps.now?.() ?? new Date();
  const { parsed, auth } = input;
  if (!parsed.from) throw new ValidationError("The email has no sender (From)");
  const sender = parsed.from.address;
  const identity = senderIdentity(sender, auth);
  const messageIdHeader = parsed.messageId ?? (await syntheticMessageId(input.original));
  const support = splitAddress(config.supportEmail);
  const base = {
    messageIdHeader,
    source: input.source,
    sender,
    // Redacted with the name and the text, as ingest redacts them: a secret may run from one into the next.
    subject: redactParts([parsed.from?.name ?? "", parsed.subject, parsed.text]).parts[1]?.slice(0, 300) || null,
    senderVerified: auth.verified,
    authFailed: auth.verdict === "fail",
    auth: auth.summary,
    originalWithheld: null as string | null,
  };

  const ownAddress = Boolean(support && isOurAddress(sender, support));
  const report = parseBounce(parsed);
  // A report proves which of our messages it is about only by the bounce token it returns (bounce-token.ts).
  const bounce = report
    ? {
        ...report,
        proven: await provenBounceOf(
          config.emailBounceSecret,
          parsed.report?.originalHeaders ?? "",
          report.finalRecipient,
        ),
      }
    : null;
  // ONE round trip for every read: the replay guard, dedupe, own Message-ID, the flood counter, the
  // thread lookups and, for mail that may become a message, ingest's own reads (keyed by a guess of
  // the conversation and by each lookup's conversation, found by SQL in the same batch).
  const replyToken = support ? replyTokenIn(parsed.recipients, support) : null;
  // Quoting a ticket number is no proof of anything: only a verified sender threads by it.
  const subjectNumber = auth.verified ? ticketNumberInSubject(parsed.subject) : null;
  const guess: IngestKeys | null =
    ownAddress || bounce
      ? null
      : {
          channel: "email",
          providerMessageId: messageIdHeader,
          conversationKey: await likelyConversation(parsed, messageIdHeader, identity),
          externalId: identity,
        };
  const nonce = newId("rpl");
  const { fresh, pre, prefetched } = await desk.email.read({
    messageIdHeader,
    sender,
    senderVerified: auth.verified,
    authFailed: auth.verdict === "fail",
    since: new Date(now.getTime() - HOUR_MS).toISOString(),
    referenceIds: [...parsed.references, ...parsed.inReplyTo],
    replyToken,
    subjectNumber,
    identity,
    guess,
    ...(input.replay ? { replay: { ...input.replay, nonce, now: now.toISOString() } } : {}),
  });
  if (!fresh) throw new ConflictError("replayed", "This webhook signature was already used");
  try {
    return await decide({ deps, input, pre, base, identity, guess, prefetched, ownAddress, bounce, now });
  } catch (err) {
    // Nothing (or not all) was stored: give the signature back, so the provider's retry is accepted.
    if (input.replay) await desk.email.releaseReplay({ key: input.replay.key, nonce }).catch(() => undefined);
    throw err;
  }
}

/**
 * The conversation this email most likely joins, for ingest's reads in the first batch: a reply
 * to our mail carries its thread's root (the customer's first email, whose Message-ID keys an
 * email ticket's conversation) first in References; anything else starts its own conversation.
 * Only a guess: ingest reads again when threading lands on another conversation.
 */
function likelyConversation(parsed: ParsedEmail, messageIdHeader: string, identity: string): Promise<string> {
  const root = parsed.references[0] ?? parsed.inReplyTo[0];
  return emailConversationKey(identity, root ?? messageIdHeader);
}
