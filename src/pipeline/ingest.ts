/**
 * ingestInbound(): read (src/store/ingest-read.ts) -> plan (src/core/ingest-plan.ts, pure) -> write
 * (src/store/ingest.ts, one D1 batch) -> effects (queue the bot's messages, answer a text intent,
 * tell the staff feed).
 */
import { RANDOM_IDS, sha256Hex } from "../core/ids";
import type { InboundMessage } from "../core/inbound";
import type { AttachmentRow, IngestExtra, IngestKeys, IngestState, PrefetchedIngest } from "../core/ingest";
import { type IngestPlan, planIngest } from "../core/ingest-plan";
import { notificationSnippet } from "../core/notify";
import { formatTicketNumber } from "../core/ticket";
import type { Config, Env } from "../env";
import { logError } from "../log";
import { isUniqueViolation, writeIngest } from "../store/ingest";
import { readIngestState } from "../store/ingest-read";
import { DELIVERY_LEASE_MS, type OutboundRecord } from "../store/outbox";
import { restoreTicket } from "./archive-restore";
import { publishFeedEvent } from "./feed";
import { answerTextIntent } from "./intents";
import { dispatchOutbound } from "./outbox";
import { compiledRules, publishRedactedEarlier, redactInbound } from "./triage";

export type IngestOutcome = "created" | "appended" | "reopened" | "duplicate";

export interface IngestResult {
  outcome: IngestOutcome;
  /** The ticket the message is stored on (after a merge, the ticket the conversation was merged into). */
  ticketId: string;
  /** The conversation's own ticket: the message's origin, whose customer it is. */
  conversationTicketId: string;
  /** `RD-1042`: the number this customer knows (their own ticket's, unless merged into another of theirs). */
  ticketNumber: string;
  /** The customer's `/t/:token` secret, chosen the same way: never another customer's ticket. */
  accessToken: string;
  messageId: string;
  /** A newly stored message as written (redacted body, files): absent for a duplicate. */
  stored?: { body: string; createdAt: string; attachments: AttachmentRow[]; ticketSubject: string | null };
}

export interface IngestDeps {
  env: Env;
  config: Config;
  /** Where slow follow-up work goes (a request's or queue's `ctx.waitUntil`). */
  waitUntil: (p: Promise<unknown>) => void;
  now?: () => Date;
}

/**
 * What a channel adds to ingest's two round trips: its own reads travel in one batch with ingest's
 * (a typed store read returns both), its own record of the message in ingest's batch of writes (so
 * a message costs 2 in total).
 */
export interface IngestOptions {
  /**
   * Ingest's state, already read in the caller's batch, with the keys it was read for. Used when
   * they are this message's keys (ingestKeysOf); otherwise ingest reads again.
   */
  prefetched?: PrefetchedIngest;
  /**
   * Typed records written in the same batch (one transaction) as the message, once its ids are
   * known. Not written when the message turns out to be a duplicate: the caller handles that itself.
   */
  alsoWrite?: (stored: { ticketId: string; messageId: string }) => IngestExtra[];
}

/** What ingest's reads are keyed by, for a message (redaction never changes them). */
export function ingestKeysOf(msg: InboundMessage): IngestKeys {
  return {
    channel: msg.channel,
    providerMessageId: msg.providerMessageId,
    conversationKey: msg.conversationKey,
    externalId: msg.sender.externalId,
  };
}

function sameKeys(a: IngestKeys, b: IngestKeys): boolean {
  return (
    a.channel === b.channel &&
    a.providerMessageId === b.providerMessageId &&
    a.conversationKey === b.conversationKey &&
    a.externalId === b.externalId
  );
}

/**
 * Concurrent writers can collide on a unique index (or on the check that the conversation's recent
 * messages are unchanged, src/store/thread.ts); re-reading settles who won.
 */
const MAX_WRITE_ATTEMPTS = 8;

/**
 * Stores one inbound message exactly once and threads it onto the right ticket.
 * Safe to call many times, even concurrently, with the same message.
 */
export async function ingestInbound(
  deps: IngestDeps,
  inbound: InboundMessage,
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const { env, config } = deps;
  // Secrets are replaced by markers here, before anything (D1, R2 keys, the feed, logs) sees them.
  const { msg, secrets, original } = redactInbound(inbound);
  const db = env.DB;
  const now = deps.now?.() ?? new Date();
  const keys = ingestKeysOf(msg);

  // Read.
  let state: IngestState =
    opts.prefetched && sameKeys(opts.prefetched.keys, keys)
      ? opts.prefetched.state
      : await readIngestState(db, keys, now);
  if (state.latest?.archived) {
    // The rare case: the conversation's ticket is archived in R2. Its rows come back, then ingest reads again.
    await restoreTicket(env, state.latest.id, now);
    state = await readIngestState(db, keys, now);
  }
  if (state.duplicate) return duplicateResult(state.duplicate);
  const attachments = await storeAttachments(env, msg);

  // Sent eagerly, the bot's messages are stored already claimed for that send (one written row fewer than a claim).
  const claimedLease = config.eagerDelivery ? new Date(now.getTime() + DELIVERY_LEASE_MS).toISOString() : undefined;
  for (let attempt = 1; ; attempt++) {
    // Plan.
    const plan = planIngest({
      state,
      msg,
      secrets,
      original,
      attachments,
      settings: config,
      rules: compiledRules(state.triage.rules),
      now,
      ids: RANDOM_IDS,
    });
    // Write.
    let written: Awaited<ReturnType<typeof writeIngest>>;
    try {
      const stored = { ticketId: plan.ticketId, messageId: plan.write.message.id };
      written = await writeIngest(db, plan.write, opts.alsoWrite?.(stored) ?? [], claimedLease);
    } catch (err) {
      if (isUniqueViolation(err) && attempt < MAX_WRITE_ATTEMPTS) {
        // Someone else wrote first: this very message (a redelivery), or the conversation's ticket.
        state = await readIngestState(db, keys, now);
        // A duplicate's attachments live under the same R2 keys as ours, so nothing to clean up.
        if (state.duplicate) return duplicateResult(state.duplicate);
        continue;
      }
      await deleteObjects(
        env,
        attachments.map((a) => a.r2Key),
      );
      throw err;
    }
    // Effects.
    await runEffects(deps, msg, plan, written, claimedLease, {
      ticketNumber: formatTicketNumber(plan.ticketNumber ?? written.ticketNumber),
      customerName: msg.sender.displayName ?? null,
      snippet: notificationSnippet(plan.write.message.body),
      assigneeId: plan.outcome === "created" ? null : (state.latest?.assigneeId ?? null),
    });
    return {
      outcome: plan.outcome,
      ticketId: written.ticketId,
      conversationTicketId: plan.conversationTicketId,
      ticketNumber: formatTicketNumber(plan.ticketNumber ?? written.ticketNumber),
      accessToken: plan.accessToken,
      messageId: plan.write.message.id,
      stored: {
        body: plan.write.message.body,
        createdAt: plan.write.message.createdAt,
        attachments: plan.write.attachments,
        ticketSubject: plan.write.ticket.kind === "new" ? plan.write.ticket.ticket.subject : null,
      },
    };
  }
}

/** What follows a stored message: its bot messages queued, a text intent answered, the staff feed told. */
async function runEffects(
  deps: IngestDeps,
  msg: InboundMessage,
  plan: IngestPlan,
  written: { ticketId: string; claimed: OutboundRecord[] },
  claimedLease: string | undefined,
  /** What a staff tab's notification shows (the snippet is of the stored, redacted text) and whom it is for. */
  notice: { ticketNumber: string; customerName: string | null; snippet: string; assigneeId: string | null },
): Promise<void> {
  const { env } = deps;
  const { ticketId } = written;
  // Sent right after the answer, the queue as the fallback (src/pipeline/outbox.ts): no queue hop, nothing awaited here.
  await dispatchOutbound(deps, plan.enqueue, claimedLease, written.claimed);
  if (plan.intent) {
    await answerTextIntent(deps, {
      detected: plan.intent,
      msg,
      ticketId,
      conversationTicketId: plan.conversationTicketId,
      inboundMessageId: plan.write.message.id,
      created: plan.outcome === "created",
      language: plan.language,
    });
  }
  deps.waitUntil(
    publishFeedEvent(
      env,
      plan.feed.type === "message.created" || plan.feed.type === "ticket.created"
        ? { ...plan.feed, ...notice }
        : plan.feed,
    ),
  );
  if (plan.redactedEarlier) deps.waitUntil(publishRedactedEarlier(env, ticketId, plan.redactedEarlier));
}

function duplicateResult(d: NonNullable<IngestState["duplicate"]>): IngestResult {
  return {
    outcome: "duplicate",
    ticketId: d.ticketId,
    conversationTicketId: d.conversationTicketId,
    ticketNumber: formatTicketNumber(d.ticketNumber),
    accessToken: d.accessToken,
    messageId: d.messageId,
  };
}

/**
 * Uploads attachments under keys derived from the message's provider id, so redeliveries overwrite, never
 * orphan. An email's Message-ID is the sender's to choose: like its dedupe, its files' keys are the
 * sender's too, so another sender's mail with the same Message-ID and file names never overwrites them.
 */
export async function storeAttachments(
  env: Env,
  msg: Pick<InboundMessage, "channel" | "providerMessageId" | "attachments"> & {
    sender?: Pick<InboundMessage["sender"], "externalId">;
  },
): Promise<Omit<AttachmentRow, "id">[]> {
  if (!msg.attachments.length) return [];
  if (msg.channel === "email" && !msg.sender) throw new Error("an email's attachments are stored under its sender");
  const scope = msg.channel === "email" ? `${msg.sender?.externalId}\n` : "";
  const folder = (await sha256Hex(`${msg.channel}:${scope}${msg.providerMessageId}`)).slice(0, 32);
  const rows = msg.attachments.map((a, i) => ({
    r2Key: `attachments/${msg.channel}/${folder}/${i}-${safeFilename(a.filename)}`,
    filename: a.filename,
    contentType: a.contentType,
    size: a.data.byteLength,
  }));
  const uploaded: string[] = [];
  try {
    for (const [i, a] of msg.attachments.entries()) {
      const key = rows[i]?.r2Key as string;
      await env.ATTACHMENTS.put(key, a.data, { httpMetadata: { contentType: a.contentType } });
      uploaded.push(key);
    }
  } catch (err) {
    await deleteObjects(env, uploaded);
    throw err;
  }
  return rows;
}

function safeFilename(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, "_").slice(0, 100) || "file";
}

/** Best-effort removal of uploaded objects whose rows were never written. */
export async function deleteObjects(env: Env, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await env.ATTACHMENTS.delete(keys).catch((err) => logError("attachment cleanup failed", String(err)));
}
