/** ingestInbound(): InboundMessage -> one D1 batch -> feed event -> queued acknowledgement. */
import { newId, newSecret, sha256Hex } from "../core/ids";
import type { InboundMessage, Language } from "../core/inbound";
import { detectTextIntent } from "../core/intents";
import { inboundLanguage } from "../core/language";
import { SECRET_KINDS } from "../core/redact";
import { acknowledgement } from "../core/replies";
import { expectedResponseHours, firstResponseDue } from "../core/sla";
import { decideThread, formatTicketNumber, statusAfterCustomerMessage, subjectFromText } from "../core/ticket";
import type { Config, Env } from "../env";
import { logError } from "../log";
import {
  type AttachmentRow,
  type IngestExtra,
  type IngestKeys,
  type IngestState,
  type IngestWrite,
  ingestStateFrom,
  isUniqueViolation,
  readIngestState,
  TICKET_NUMBER_PLACEHOLDER,
  writeIngest,
} from "../store/ingest";
import { publishFeedEvent } from "./feed";
import { answerTextIntent } from "./intents";
import { enqueueDelivery } from "./outbox";
import { planIntel, publishRedactedEarlier, redactAcrossMessages, redactInbound } from "./triage";

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
}

export interface IngestDeps {
  env: Env;
  config: Config;
  /** Where slow follow-up work goes (a request's or queue's `ctx.waitUntil`). */
  waitUntil: (p: Promise<unknown>) => void;
  now?: () => Date;
}

/**
 * What a channel adds to ingest's two round trips: its own reads travel in one batch with ingest's,
 * its own record of the message in ingest's batch of writes (so a message costs 2 in total).
 */
export interface IngestOptions {
  /**
   * Ingest's reads (ingestReadStatements of src/store/ingest.ts, keyed by `keys`), already made in
   * the caller's batch. Used when `keys` are this message's (ingestKeysOf); otherwise ingest reads again.
   */
  prefetched?: { keys: IngestKeys; results: ReadonlyArray<D1Result | undefined> };
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
  const { msg, secrets } = redactInbound(inbound);
  const db = env.DB;
  const now = deps.now?.() ?? new Date();
  const nowIso = now.toISOString();
  const keys = ingestKeysOf(msg);

  let state =
    opts.prefetched && sameKeys(opts.prefetched.keys, keys)
      ? ingestStateFrom(opts.prefetched.results)
      : await readIngestState(db, keys, now);
  if (state.duplicate) return duplicateResult(state.duplicate);
  const attachments = await storeAttachments(env, msg);
  // "status RD-1042", "/verify x", "/link": the bot answers on the ticket (src/pipeline/intents.ts).
  const intent = detectTextIntent(msg.text);

  for (let attempt = 1; ; attempt++) {
    let decision = decideThread(state.latest, now, config.reopenWindowDays);
    // An explicit "new ticket" wins over reopening; an active ticket still takes the message.
    if (msg.startNewTicket && decision.action === "reopen") decision = { action: "new" };
    // A secret may run from the sender's earlier messages into this one: all its pieces are redacted,
    // the earlier ones in this same batch, which first checks those messages are still as read.
    const across = redactAcrossMessages(state.thread, decision, msg, now);
    const text = across.text;
    const found = SECRET_KINDS.filter((k) => secrets.includes(k) || across.kinds.includes(k));
    const planned: InboundMessage = { ...msg, text };
    // Chinese text wins over a client's or page's hint (src/core/language.ts); a /lang choice wins over both.
    const language: Language =
      state.preferredLanguage ??
      inboundLanguage(`${msg.subject ?? ""} ${msg.text}`, msg.language ?? state.latest?.language);
    const acknowledged = !(decision.action === "append" || intent?.only);
    const plan = planIntel({
      msg: planned,
      secrets: found,
      language,
      action: decision.action,
      ticketId: decision.action === "new" ? null : decision.ticketId,
      state: state.intel,
      intent,
      acknowledged,
    });
    const newTicketId = newId("tkt");
    // The conversation this message belongs to, for good: a merge moves messages, never their origin.
    const originTicketId = decision.action === "new" ? newTicketId : (state.latest?.conversationTicketId ?? "");
    const write: IngestWrite = {
      now: nowIso,
      contact: {
        id: state.contactId ?? msg.sender.contactId ?? newId("con"),
        name: msg.sender.displayName ?? null,
        email: msg.sender.email ?? null,
        emailVerified: Boolean(msg.sender.email && msg.sender.emailVerified),
        language,
        isNew: !state.contactId && !msg.sender.contactId,
      },
      identity: {
        id: newId("idn"),
        channel: msg.channel,
        externalId: msg.sender.externalId,
        displayName: msg.sender.displayName ?? null,
      },
      ticket:
        decision.action === "new"
          ? {
              kind: "new",
              ticket: {
                id: newTicketId,
                channel: msg.channel,
                conversationKey: msg.conversationKey,
                accessToken: newSecret(24),
                subject: msg.subject?.trim() || subjectFromText(msg.text),
                category: plan.category,
                language,
                metadata: msg.metadata ?? {},
                firstResponseDueAt: firstResponseDue(now, plan.priority, config.firstResponseHours).toISOString(),
              },
            }
          : decision.action === "reopen"
            ? { kind: "reopen", ticketId: decision.ticketId }
            : {
                kind: "append",
                ticketId: decision.ticketId,
                status: statusAfterCustomerMessage(state.latest?.status ?? "open"),
              },
      message: {
        id: newId("msg"),
        originTicketId,
        channel: msg.channel,
        providerMessageId: msg.providerMessageId,
        body: text,
        redacted: secrets.length > 0 || text !== msg.text,
        redactedInContext: text !== msg.text,
        createdAt: nowIso,
        replyToProviderMessageId: msg.replyToProviderMessageId ?? null,
      },
      attachments: attachments.map((a) => ({ ...a, id: newId("att") })),
      // New and reopened tickets are acknowledged; appended messages are not (nor a bare request the bot answers).
      ack: !acknowledged
        ? null
        : {
            id: newId("msg"),
            body:
              acknowledgement(language, {
                ticketNumber: TICKET_NUMBER_PLACEHOLDER,
                expectedHours: expectedResponseHours(plan.priority, config.firstResponseHours),
                reopened: decision.action === "reopen",
              }) + plan.ackSuffix,
          },
      intel: plan.write,
      replies: plan.replies,
      ...(across.write ? { thread: across.write } : {}),
    };

    let written: { ticketId: string; ticketNumber: number };
    try {
      const ticketId = write.ticket.kind === "new" ? write.ticket.ticket.id : write.ticket.ticketId;
      written = await writeIngest(db, write, opts.alsoWrite?.({ ticketId, messageId: write.message.id }) ?? []);
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

    const outcome: IngestOutcome =
      decision.action === "new" ? "created" : decision.action === "reopen" ? "reopened" : "appended";
    for (const bot of [...plan.replies, ...(write.ack ? [write.ack] : [])]) await enqueueDelivery(env, bot.id);
    if (intent) {
      await answerTextIntent(deps, {
        detected: intent,
        msg,
        ticketId: written.ticketId,
        conversationTicketId: originTicketId,
        inboundMessageId: write.message.id,
        created: decision.action === "new",
        language,
      });
    }
    deps.waitUntil(
      publishFeedEvent(env, {
        type: outcome === "created" ? "ticket.created" : "message.created",
        ticketId: written.ticketId,
        messageId: write.message.id,
        direction: "in",
        author: "customer",
        reopened: outcome === "reopened",
      }),
    );
    if (across.write) deps.waitUntil(publishRedactedEarlier(env, written.ticketId, across.write));
    const isNew = write.ticket.kind === "new";
    return {
      outcome,
      ticketId: written.ticketId,
      conversationTicketId: originTicketId,
      ticketNumber: formatTicketNumber(
        isNew ? written.ticketNumber : (state.latest?.ticketNumber ?? written.ticketNumber),
      ),
      accessToken: write.ticket.kind === "new" ? write.ticket.ticket.accessToken : (state.latest?.accessToken ?? ""),
      messageId: write.message.id,
    };
  }
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

/** Uploads attachments under keys derived from the message's provider id, so redeliveries overwrite, never orphan. */
export async function storeAttachments(
  env: Env,
  msg: Pick<InboundMessage, "channel" | "providerMessageId" | "attachments">,
): Promise<Omit<AttachmentRow, "id">[]> {
  if (!msg.attachments.length) return [];
  const folder = (await sha256Hex(`${msg.channel}:${msg.providerMessageId}`)).slice(0, 32);
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
