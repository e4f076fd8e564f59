/**
 * The one inbound path every door (Email Routing, Mailgun, Postmark, SendGrid) ends in:
 * dedupe -> our own mail -> bounce -> flood limit -> threading -> auto-reply -> ingest.
 */
import { ValidationError } from "../../src/core/errors";
import { sha256Hex } from "../../src/core/ids";
import type { InboundAttachment, InboundMessage } from "../../src/core/inbound";
import { containsSecret, redactSecrets } from "../../src/core/redact";
import { ACTIVE_STATUSES, TICKET_NUMBER_PREFIX } from "../../src/core/ticket";
import type { Config, Env } from "../../src/env";
import { baseSubject, isOurAddress, replyTokenIn, splitAddress, ticketNumberInSubject } from "../../src/mail/address";
import { publishFeedEvent } from "../../src/pipeline/feed";
import { type IngestOutcome, ingestInbound } from "../../src/pipeline/ingest";
import {
  conversationByNumberForSender,
  conversationByReplyToken,
  type EmailThreadTarget,
  type InboundEmailKind,
  type InboundEmailSource,
  type InboundEmailState,
  inboundEmailReads,
  inboundEmailRecordStatement,
  markBounced,
  recordInboundEmail,
} from "../../src/store/email";
import { type ConversationSql, type IngestKeys, ingestReadStatements } from "../../src/store/ingest";
import type { ParsedEmail } from "./mime";
import { autoReplyReason, parseBounce } from "./noise";
import { stripQuotedText } from "./quotes";

export interface ReceiveDeps {
  env: Env;
  config: Config;
  waitUntil: (p: Promise<unknown>) => void;
  now?: () => Date;
}

export interface ReceivedEmail {
  source: InboundEmailSource;
  parsed: ParsedEmail;
  /** The full original as it arrived (raw MIME, or the provider's JSON/form fields), kept in R2. */
  original: { data: Uint8Array | string; contentType: string; extension: "eml" | "json" };
}

export interface ReceiveResult {
  kind: InboundEmailKind | "duplicate";
  messageIdHeader: string;
  ticketId: string | null;
  messageId: string | null;
  outcome?: IngestOutcome;
  /** How the thread was found, for logs and tests. */
  threadedBy?: "message-id" | "plus-address" | "subject" | "new";
}

const HOUR_MS = 3_600_000;
const TICKET_TAG = new RegExp(`\\[${TICKET_NUMBER_PREFIX}\\d+\\]\\s*`, "gi");

/** Handles one inbound email, exactly once per Message-ID. */
export async function receiveEmail(deps: ReceiveDeps, input: ReceivedEmail): Promise<ReceiveResult> {
  const { env, config } = deps;
  const db = env.DB;
  const now = deps.now?.() ?? new Date();
  const { parsed } = input;
  if (!parsed.from) throw new ValidationError("The email has no sender (From)");
  const sender = parsed.from.address;
  const messageIdHeader = parsed.messageId ?? (await syntheticMessageId(input));
  const support = splitAddress(config.supportEmail);
  const base = {
    messageIdHeader,
    source: input.source,
    sender,
    subject: redactSecrets(parsed.subject).text.slice(0, 300) || null,
  };

  const ownAddress = Boolean(support && isOurAddress(sender, support));
  const bounce = parseBounce(parsed);
  // ONE round trip for every read: dedupe, own Message-ID, the flood counter, the three thread
  // lookups and, for mail that may become a message, ingest's own reads (keyed by a guess of the
  // conversation; ingest reads again only when threading lands elsewhere). See bench/RESULTS.md figure 2.
  const replyToken = support ? replyTokenIn(parsed.recipients, support) : null;
  const subjectNumber = ticketNumberInSubject(parsed.subject);
  const reads = inboundEmailReads(db, {
    messageIdHeader,
    sender,
    since: new Date(now.getTime() - HOUR_MS).toISOString(),
    referenceIds: [...parsed.references, ...parsed.inReplyTo],
    replyToken,
    subjectNumber,
  });
  const guess: IngestKeys | null =
    ownAddress || bounce
      ? null
      : {
          channel: "email",
          providerMessageId: messageIdHeader,
          conversationKey: likelyConversation(parsed, messageIdHeader),
          externalId: sender,
        };
  // Ingest's reads for the plus-address and the quoted ticket number too, each finding its
  // ticket's conversation by SQL in this same batch: whichever threading picks, no second read.
  const viaThread = (conversation: ConversationSql) =>
    ingestReadStatements(db, {
      channel: "email",
      providerMessageId: messageIdHeader,
      conversation,
      sender: { externalId: sender },
    });
  const batches = {
    likely: guess ? ingestReadStatements(db, guess) : [],
    plus: guess && replyToken ? viaThread(conversationByReplyToken(replyToken)) : [],
    subject:
      guess && subjectNumber !== null
        ? viaThread(conversationByNumberForSender({ number: subjectNumber, senderEmail: sender }))
        : [],
  };
  const results = await db.batch([...reads.statements, ...batches.likely, ...batches.plus, ...batches.subject]);
  const pre = reads.stateFrom(results.slice(0, reads.statements.length));
  const at = reads.statements.length;
  const [likelyEnd, plusEnd] = [at + batches.likely.length, at + batches.likely.length + batches.plus.length];
  const prefetchedResults = {
    likely: results.slice(at, likelyEnd),
    plus: results.slice(likelyEnd, plusEnd),
    subject: results.slice(plusEnd, plusEnd + batches.subject.length),
  };

  const seen = pre.seen;
  if (seen) return { kind: "duplicate", messageIdHeader, ticketId: seen.ticketId, messageId: seen.messageId };

  // Our own mail (a loop through a forwarder, or a copy of what we sent): never a ticket.
  if (ownAddress || pre.ourMessageId) {
    await recordInboundEmail(
      db,
      { ...base, kind: "own", rawR2Key: null, messageId: null, ticketId: null, detail: null },
      now.toISOString(),
    );
    return { kind: "own", messageIdHeader, ticketId: null, messageId: null };
  }

  if (bounce) {
    const rawR2Key = await storeOriginal(env, messageIdHeader, input);
    let failed: { messageId: string; ticketId: string } | null = null;
    if (bounce.action === "failed") {
      for (const id of bounce.originalMessageIds) {
        failed = await markBounced(db, { messageIdHeader: id, reason: bounce.reason });
        if (failed) break;
      }
    }
    await recordInboundEmail(
      db,
      {
        ...base,
        kind: "bounce",
        rawR2Key,
        messageId: null,
        ticketId: failed?.ticketId ?? null,
        detail: withSecretNote(rawR2Key, bounce.reason),
      },
      now.toISOString(),
    );
    if (failed) {
      deps.waitUntil(
        publishFeedEvent(env, {
          type: "message.delivery",
          ticketId: failed.ticketId,
          messageId: failed.messageId,
          delivery: "failed",
        }),
      );
    }
    return {
      kind: "bounce",
      messageIdHeader,
      ticketId: failed?.ticketId ?? null,
      messageId: failed?.messageId ?? null,
    };
  }

  if (pre.recentFromSender >= config.emailRateLimitPerHour) {
    // Held back, not lost: the original stays in R2 and the record says why.
    const rawR2Key = await storeOriginal(env, messageIdHeader, input);
    await recordInboundEmail(
      db,
      {
        ...base,
        kind: "rate_limited",
        rawR2Key,
        messageId: null,
        ticketId: null,
        detail: withSecretNote(rawR2Key, `over ${config.emailRateLimitPerHour}/hour`),
      },
      now.toISOString(),
    );
    return { kind: "rate_limited", messageIdHeader, ticketId: null, messageId: null };
  }

  const { target, threadedBy } = threadOf(pre);
  const autoReason = autoReplyReason(parsed);
  const rawR2Key = await storeOriginal(env, messageIdHeader, input);

  // An auto-reply only joins a ticket that is still active: it must never open or reopen one (no acknowledgement loop).
  if (autoReason && !(target && ACTIVE_STATUSES.includes(target.status))) {
    await recordInboundEmail(
      db,
      {
        ...base,
        kind: "auto_reply",
        rawR2Key,
        messageId: null,
        ticketId: target?.ticketId ?? null,
        detail: withSecretNote(rawR2Key, autoReason),
      },
      now.toISOString(),
    );
    return { kind: "auto_reply", messageIdHeader, ticketId: target?.ticketId ?? null, messageId: null, threadedBy };
  }

  const visible = stripQuotedText(parsed.text);
  const { attachments, skipped } = withinLimits(parsed, config);
  let text = visible.text || (attachments.length ? "" : "(empty email)");
  if (skipped.length) text += `\n\n[Not attached (over the limits; kept in the original email): ${skipped.join(", ")}]`;
  if (autoReason) text = `[Auto-reply] ${text}`;
  const msg: InboundMessage = {
    channel: "email",
    providerMessageId: messageIdHeader,
    conversationKey: target?.conversationKey ?? `email:${messageIdHeader}`,
    sender: {
      externalId: sender,
      email: sender,
      // Our answers go to this address: the email channel's conversation is that mailbox.
      emailVerified: true,
      ...(parsed.from.name ? { displayName: parsed.from.name } : {}),
    },
    text: text.trim() || "(empty email)",
    // A quoted ticket number is not part of a new ticket's subject (our replies add the ticket's own).
    subject: baseSubject(parsed.subject).replace(TICKET_TAG, "").trim() || undefined,
    attachments,
    sentAt: parsed.date ?? now,
    ...(parsed.inReplyTo[0] ? { replyToProviderMessageId: parsed.inReplyTo[0] } : {}),
  };
  const record = (stored: { ticketId: string; messageId: string }) => ({
    ...base,
    kind: autoReason ? ("auto_reply" as const) : ("message" as const),
    rawR2Key,
    messageId: stored.messageId,
    ticketId: stored.ticketId,
    detail: withSecretNote(rawR2Key, autoReason),
  });
  // The inbound record is written in ingest's batch, in the message's own transaction.
  // The reads made for the conversation threading chose (ingest reads again if none fits).
  const viaResults =
    threadedBy === "plus-address" ? prefetchedResults.plus : threadedBy === "subject" ? prefetchedResults.subject : [];
  const prefetched = !guess
    ? undefined
    : viaResults.length
      ? { keys: { ...guess, conversationKey: msg.conversationKey }, results: viaResults }
      : { keys: guess, results: prefetchedResults.likely };
  const result = await ingestInbound({ env, config, waitUntil: deps.waitUntil, now: deps.now }, msg, {
    prefetched,
    alsoWrite: (stored) => [inboundEmailRecordStatement(db, record(stored), now.toISOString())],
  });
  // A message stored before (its record lost, or a concurrent redelivery won): make sure the record exists.
  if (result.outcome === "duplicate") await recordInboundEmail(db, record(result), now.toISOString());
  return {
    kind: autoReason ? "auto_reply" : "message",
    messageIdHeader,
    ticketId: result.ticketId,
    messageId: result.messageId,
    outcome: result.outcome,
    threadedBy,
  };
}

/**
 * Threading, strictly in this order: a Message-ID we sent in In-Reply-To/References; our
 * plus-address; the ticket number in the subject only when the sender is that ticket's contact.
 */
function threadOf(pre: InboundEmailState): {
  target: EmailThreadTarget | null;
  threadedBy: ReceiveResult["threadedBy"];
} {
  if (pre.byMessageId) return { target: pre.byMessageId, threadedBy: "message-id" };
  if (pre.byReplyToken) return { target: pre.byReplyToken, threadedBy: "plus-address" };
  if (pre.bySubject) return { target: pre.bySubject, threadedBy: "subject" };
  return { target: null, threadedBy: "new" };
}

/**
 * The conversation this email most likely joins, for ingest's reads in the first batch: a reply
 * to our mail carries its thread's root (the customer's first email, whose Message-ID keys an
 * email ticket's conversation) first in References; anything else starts its own conversation.
 * Only a guess: ingest reads again when threading lands on another conversation.
 */
function likelyConversation(parsed: ParsedEmail, messageIdHeader: string): string {
  const root = parsed.references[0] ?? parsed.inReplyTo[0];
  return `email:${root ?? messageIdHeader}`;
}

/** Attachments and inline images within the configured count and size; the names of the rest. */
function withinLimits(parsed: ParsedEmail, config: Config): { attachments: InboundAttachment[]; skipped: string[] } {
  const attachments: InboundAttachment[] = [];
  const skipped: string[] = [];
  for (const a of parsed.attachments) {
    if (a.data.byteLength > config.attachmentMaxBytes || attachments.length >= config.attachmentMaxCount) {
      skipped.push(`${a.filename} (${a.data.byteLength} bytes)`);
      continue;
    }
    attachments.push({ filename: a.filename, contentType: a.contentType, data: a.data });
  }
  return { attachments, skipped };
}

/** An id for mail without a Message-ID: the hash of its original, so a redelivery dedupes. */
async function syntheticMessageId(input: ReceivedEmail): Promise<string> {
  const data =
    typeof input.original.data === "string"
      ? input.original.data
      : new TextDecoder("latin1").decode(input.original.data);
  return `<no-id.${(await sha256Hex(data)).slice(0, 40)}@relaydesk.invalid>`;
}

/** Why an original is not kept: the stored message is redacted, so a copy with the secret must not exist. */
const SECRET_NOT_KEPT = "original not kept: it contained a secret (redacted in the stored message)";

/**
 * Keeps the full original in R2 under a key derived from its Message-ID (a redelivery overwrites,
 * never orphans). An original holding a secret (seed phrase, private key...) is not kept: the
 * stored message has it redacted, and no copy of it may stay behind. Returns the key or null.
 */
async function storeOriginal(env: Env, messageIdHeader: string, input: ReceivedEmail): Promise<string | null> {
  const { parsed } = input;
  if (containsSecret(`${parsed.subject}\n${parsed.from?.name ?? ""}\n${parsed.text}`)) return null;
  const key = `email/originals/${(await sha256Hex(messageIdHeader)).slice(0, 40)}.${input.original.extension}`;
  await env.ATTACHMENTS.put(key, input.original.data, { httpMetadata: { contentType: input.original.contentType } });
  return key;
}

function withSecretNote(rawR2Key: string | null, detail: string | null): string | null {
  return rawR2Key ? detail : [detail, SECRET_NOT_KEPT].filter(Boolean).join("; ");
}
