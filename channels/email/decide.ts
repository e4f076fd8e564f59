/**
 * What an inbound email becomes once its reads are in: our own mail, a bounce, a thread, held by
 * the flood limit, an auto-reply, or a message on a ticket (through ingest, in one write batch).
 */
import { newId, sha256Hex } from "../../src/core/ids";
import type { InboundMessage } from "../../src/core/inbound";
import { redactSecrets } from "../../src/core/redact";
import { cutRedacted } from "../../src/core/redact-cut";
import { ACTIVE_STATUSES, TICKET_NUMBER_PREFIX } from "../../src/core/ticket";
import type {
  Desk,
  EmailPrefetch,
  EmailThreadTarget,
  InboundEmailRecord,
  InboundEmailState,
  IngestKeys,
} from "../../src/pipeline/desk";
import { baseSubject } from "./address";
import { failedAuthMark, failedAuthMetadata, failedAuthOf } from "./apart";
import { emailConversationKey, messageTextOf, UNVERIFIED_MARK, withinLimits } from "./message";
import { autoReplyReason, type Bounce } from "./noise";
import type { ReceiveDeps, ReceivedEmail, ReceiveResult } from "./receive";
import { checkOriginal, type OriginalCheck } from "./secrets";

const TICKET_TAG = new RegExp(`\\[${TICKET_NUMBER_PREFIX}\\d+\\]\\s*`, "gi");

export type Base = Omit<InboundEmailRecord, "kind" | "rawR2Key" | "messageId" | "ticketId" | "detail">;
type RecordFields = Pick<InboundEmailRecord, "kind" | "messageId" | "ticketId" | "detail">;

/** Decides and stores what the email becomes (receive.ts made every read). */
export async function decide(c: {
  deps: ReceiveDeps;
  input: ReceivedEmail;
  pre: InboundEmailState;
  base: Base;
  identity: string;
  guess: IngestKeys | null;
  prefetched: EmailPrefetch;
  ownAddress: boolean;
  bounce: (Bounce & { proven: { messageId: string } | null }) | null;
  now: Date;
}): Promise<ReceiveResult> {
  const { deps, input, pre, base, now } = c;
  const { desk, config } = deps;
  const { parsed, auth } = input;
  const { messageIdHeader } = base;
  const nowIso = now.toISOString();
  const record = (rec: RecordFields, original: StoredOriginal | null): InboundEmailRecord => ({
    ...base,
    ...rec,
    rawR2Key: original?.key ?? null,
    originalWithheld: original?.check.withheld ?? null,
    detail: [rec.detail, original?.check.withheld].filter(Boolean).join("; ") || null,
  });

  const seen = pre.seen;
  if (seen) return { kind: "duplicate", messageIdHeader, ticketId: seen.ticketId, messageId: seen.messageId };

  // Our own mail (a loop through a forwarder, or a copy of what we sent): never a ticket.
  if (c.ownAddress || pre.ourMessageId) {
    await desk.email.record(record({ kind: "own", messageId: null, ticketId: null, detail: null }, null), nowIso);
    return { kind: "own", messageIdHeader, ticketId: null, messageId: null };
  }

  // A report proves which message it is about only by the bounce token it returns (bounce-token.ts);
  // an unproven one is noise: recorded, never a ticket, never a failed mark, its wording shown to no one.
  if (c.bounce) {
    const original = await storeOriginal(desk, messageIdHeader, c.identity, input);
    const { proven } = c.bounce;
    const failed =
      proven && c.bounce.action === "failed"
        ? await desk.email.markBounced({ messageId: proven.messageId, reason: c.bounce.reason })
        : null;
    const rec = {
      kind: "bounce" as const,
      messageId: null,
      ticketId: failed?.ticketId ?? null,
      detail: proven ? c.bounce.reason : "Unproven delivery report (no valid bounce token of ours): ignored",
    };
    await desk.email.record(record(rec, original), nowIso);
    return {
      kind: "bounce",
      messageIdHeader,
      ticketId: failed?.ticketId ?? null,
      messageId: failed?.messageId ?? null,
    };
  }

  let { target, threadedBy } = threadOf(pre);
  // Failing (or downgraded) authentication never joins a ticket by a secret it carries (apart.ts).
  const failed = failedAuthOf(auth, base.sender, { target, threadedBy });
  if (failed?.keptApartFrom) ({ target, threadedBy } = { target: null, threadedBy: "new" });
  const isActive = (t: EmailThreadTarget | null) => Boolean(t && ACTIVE_STATUSES.includes(t.status));
  let overLimit: string | null = null;
  if (pre.recentFromSender >= config.emailRateLimitPerHour) {
    overLimit = `over ${config.emailRateLimitPerHour}/hour from this ${auth.verified ? "" : "unverified "}sender`;
    // The flood limit stops new tickets and acknowledgements, not a customer's conversation: mail
    // threading onto an active ticket, or a verified sender's mail while they have one, joins it.
    if (!isActive(target)) {
      if (auth.verified && pre.activeOfSender) {
        target = pre.activeOfSender;
        threadedBy = "active";
      } else {
        return hold(c, record, overLimit);
      }
    }
  }

  const autoReason = autoReplyReason(parsed);
  const original = await storeOriginal(desk, messageIdHeader, c.identity, input);

  // An auto-reply only joins a ticket that is still active: it must never open or reopen one (no acknowledgement loop).
  if (autoReason && !isActive(target)) {
    const rec = {
      kind: "auto_reply" as const,
      messageId: null,
      ticketId: target?.ticketId ?? null,
      detail: autoReason,
    };
    await desk.email.record(record(rec, original), nowIso);
    return { kind: "auto_reply", messageIdHeader, ticketId: target?.ticketId ?? null, messageId: null, threadedBy };
  }

  const { attachments, skipped } = withinLimits(parsed, config);
  const msg: InboundMessage = {
    channel: "email",
    providerMessageId: messageIdHeader,
    conversationKey: target?.conversationKey ?? (await emailConversationKey(c.identity, messageIdHeader)),
    sender: {
      externalId: c.identity,
      email: base.sender,
      // A passing SPF/DKIM/DMARC verdict proves the address; forged-looking mail's stays a claim.
      emailVerified: auth.verified,
      ...(parsed.from?.name ? { displayName: parsed.from.name } : {}),
    },
    text: messageTextOf(parsed, {
      skipped,
      hasAttachments: attachments.length > 0,
      autoReply: Boolean(autoReason),
      unverified: !auth.verified,
      ...(failed ? { failedMark: failedAuthMark(failed, auth.summary) } : {}),
    }),
    // A quoted ticket number is not part of a new ticket's subject (our replies add the ticket's own).
    subject: baseSubject(parsed.subject).replace(TICKET_TAG, "").trim() || undefined,
    attachments,
    sentAt: parsed.date ?? now,
    // Staff see on the ticket that its sender's address was not proven, and what the door said.
    ...(auth.verified ? {} : { metadata: { emailSender: "unverified", emailAuth: auth.summary } }),
    ...(failed ? { metadata: failedAuthMetadata(failed, auth.summary), botSilent: true } : {}),
    ...(parsed.inReplyTo[0] ? { replyToProviderMessageId: parsed.inReplyTo[0] } : {}),
  };
  const stored = (s: { ticketId: string; messageId: string }) =>
    record(
      {
        kind: autoReason ? "auto_reply" : "message",
        messageId: s.messageId,
        ticketId: s.ticketId,
        detail:
          [
            autoReason,
            overLimit && `${overLimit}: joined the sender's active ticket`,
            failed?.keptApartFrom && `failed authentication: kept apart from ticket ${failed.keptApartFrom}`,
          ]
            .filter(Boolean)
            .join("; ") || null,
      },
      original,
    );
  // The reads made for the conversation threading chose (ingest reads again if none fits).
  const via =
    threadedBy === "plus-address"
      ? c.prefetched.plus
      : threadedBy === "subject" || threadedBy === "active"
        ? c.prefetched[threadedBy]
        : null;
  const prefetched = !c.guess
    ? undefined
    : via
      ? { ...via, keys: { ...via.keys, conversationKey: msg.conversationKey } }
      : (c.prefetched.likely ?? undefined);
  // The inbound record is written in ingest's batch, in the message's own transaction. A secret in a
  // part that is not the body (HTML, an attachment, a header) flags the message too.
  const result = await desk.email.ingest(msg, {
    prefetched,
    record: stored,
    flagRedacted: original.check.kinds,
    now: nowIso,
  });
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
 * Held back by the flood limit: recorded with its original, no ticket opened. When the contact the email
 * writes as has an active ticket, staff see the held email there as a note, so mail of a customer with an
 * active ticket is never held silently; a forger's (unproven or failing) mail finds only its own contact's.
 */
async function hold(
  c: Parameters<typeof decide>[0],
  record: (rec: RecordFields, original: StoredOriginal | null) => InboundEmailRecord,
  why: string,
): Promise<ReceiveResult> {
  const { desk } = c.deps;
  const nowIso = c.now.toISOString();
  const { messageIdHeader } = c.base;
  const original = await storeOriginal(desk, messageIdHeader, c.identity, c.input);
  const active = c.pre.activeOfSender;
  const rec = record(
    { kind: "rate_limited", messageId: null, ticketId: active?.ticketId ?? null, detail: why },
    original,
  );
  let note: { id: string; ticketId: string; body: string } | null = null;
  if (active) {
    const subject = c.base.subject ?? "(no subject)";
    // Cut on the redacted text: a secret the cut falls in leaves no piece in the note.
    const preview = redactSecrets(
      cutRedacted(
        messageTextOf(c.input.parsed, { skipped: [], hasAttachments: false, autoReply: false, unverified: false }),
        500,
      ).text,
    ).text;
    const who = c.input.auth.verified
      ? c.base.sender
      : `${c.base.sender} ${UNVERIFIED_MARK.toLowerCase()} (${c.input.auth.summary})`;
    const body = [
      `Email held back (${why}): from ${who}, subject "${subject}", Message-ID ${messageIdHeader}.`,
      original.key ? "Its original is kept." : (original.check.withheld ?? ""),
      preview,
    ]
      .filter(Boolean)
      .join("\n");
    note = { id: newId("msg"), ticketId: active.ticketId, body };
  }
  await desk.email.hold(rec, note, nowIso);
  return { kind: "rate_limited", messageIdHeader, ticketId: active?.ticketId ?? null, messageId: null };
}

/**
 * Threading, strictly in this order: a Message-ID we sent in In-Reply-To/References; our
 * plus-address; the ticket number in the subject only when the (verified) sender is that ticket's contact.
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

interface StoredOriginal {
  key: string | null;
  check: OriginalCheck;
}

/**
 * Keeps the full original in R2 under a key derived from its Message-ID and sender (a redelivery overwrites,
 * never orphans), only when no part of it holds a secret (secrets.ts): the stored message has its
 * secrets redacted, and no copy of them may stay behind. A withheld original is named in the record.
 */
async function storeOriginal(
  desk: Desk,
  messageIdHeader: string,
  identity: string,
  input: ReceivedEmail,
): Promise<StoredOriginal> {
  const check = await checkOriginal(input.parsed, input.original);
  if (check.withheld) return { key: null, check };
  // Scoped to the sender like the email's record: another sender's mail with the same Message-ID never overwrites it.
  const name = (await sha256Hex(`${identity}\n${messageIdHeader}`)).slice(0, 40);
  const key = `email/originals/${name}.${input.original.extension}`;
  await desk.email.keepOriginal(key, input.original.data, input.original.contentType);
  return { key, check };
}
