/**
 * Ingest's decision, as a pure function: from what the store read (IngestState) and the already
 * redacted message, which ticket the message joins, everything its one batch writes (IngestWrite),
 * and what the pipeline does once it is stored (queue the bot's messages, answer a text intent,
 * tell the staff feed). No I/O: ids come from the caller's IdSource, the time from `now`.
 */
import type { FeedEvent } from "./channel";
import type { IdSource } from "./ids";
import type { InboundMessage, Language } from "./inbound";
import {
  type AttachmentRow,
  type IngestState,
  type IngestWrite,
  type ThreadState,
  type ThreadWrite,
  TICKET_NUMBER_PLACEHOLDER,
} from "./ingest";
import { type DetectedIntent, detectTextIntent } from "./intents";
import { inboundLanguage } from "./language";
import { redactSpans, SECRET_KINDS, type SecretKind } from "./redact";
import { printedSpans, secretPrints } from "./redact-prints";
import { type OriginalText, redactThread, THREAD_CONCURRENT_MS, THREAD_MAX_REORDERED } from "./redact-thread";
import { acknowledgement } from "./replies";
import { expectedResponseHours, firstResponseDue } from "./sla";
import { withoutSystemMarks } from "./system-marks";
import { decideThread, statusAfterCustomerMessage, subjectFromText, type ThreadDecision } from "./ticket";
import type { CompiledRules } from "./triage";
import { planTriage } from "./triage-plan";

/** The settings ingest's decision depends on. */
export interface IngestSettings {
  reopenWindowDays: number;
  firstResponseHours: number;
}

export interface IngestPlanInput {
  state: IngestState;
  /** The message with its secrets already replaced by markers (src/pipeline/triage.ts redactInbound). */
  msg: InboundMessage;
  /** The kinds of secret that redaction found in it. */
  secrets: SecretKind[];
  /** Its text as it arrived, with where redaction found its secrets: read only to find a secret over messages. */
  original?: OriginalText;
  /** Its files as uploaded (their R2 keys); the plan gives them ids. */
  attachments: Omit<AttachmentRow, "id">[];
  settings: IngestSettings;
  /** The stored triage rules (`state.triage.rules`), compiled. */
  rules: CompiledRules;
  now: Date;
  ids: IdSource;
}

export type PlannedOutcome = "created" | "appended" | "reopened";

export interface IngestPlan {
  decision: ThreadDecision;
  outcome: PlannedOutcome;
  /** Everything the message's one batch writes. */
  write: IngestWrite;
  /** The ticket the message is written on (after a merge, the ticket the conversation was merged into). */
  ticketId: string;
  /** The conversation's own ticket: the message's origin, whose customer it is. */
  conversationTicketId: string;
  /** The number this customer knows; null for a new ticket, whose number the write assigns. */
  ticketNumber: number | null;
  /** The customer's `/t/` secret (never another customer's ticket). */
  accessToken: string;
  language: Language;
  /** Bot messages of the write to hand to the deliveries queue once it is stored, in order. */
  enqueue: string[];
  /** "status RD-1042", "/verify x", "/link": the bot answers it on the ticket once stored. */
  intent: DetectedIntent | null;
  /** What the staff feed hears about the message. */
  feed: FeedEvent;
  /** Earlier messages (and a subject) a split secret's redaction rewrote, for the staff feed. */
  redactedEarlier: ThreadWrite | null;
}

/**
 * A secret running from the sender's recent messages on the ticket into this (already redacted)
 * message: this text with its pieces replaced, and the writes for the earlier pieces (with the
 * check that those messages are still as read). No `thread` (a new ticket, or another one than
 * the message goes to): nothing to do.
 */
export function redactAcrossMessages(
  thread: ThreadState | null,
  decision: ThreadDecision,
  msg: Pick<InboundMessage, "text">,
  now: Date,
  original?: OriginalText,
): { text: string; kinds: SecretKind[]; write: ThreadWrite | null } {
  const ticketId = decision.action === "new" ? undefined : decision.ticketId;
  if (!thread || thread.ticketId !== ticketId) return { text: msg.text, kinds: [], write: null };
  // Messages stored just before this one may have been sent after it (concurrent deliveries).
  const recent = thread.context.earlier.filter((m) => Date.parse(m.createdAt) > now.getTime() - THREAD_CONCURRENT_MS);
  const out = redactThread(thread.context, msg.text, Math.min(recent.length, THREAD_MAX_REORDERED), original);
  return { text: out.text, kinds: out.kinds, write: { guard: thread, earlier: out.earlier, subject: out.subject } };
}

/**
 * The language a message is written down in: the contact's explicit choice (/lang); else Chinese
 * when the words are Chinese (ids, addresses and links carry no language: src/core/language.ts),
 * even from an English client or page; else what the channel knows (a client's or form's
 * language), then the ticket's, then English.
 */
export function ingestLanguage(
  state: IngestState,
  msg: Pick<InboundMessage, "language" | "subject" | "text">,
): Language {
  return (
    state.preferredLanguage ??
    inboundLanguage(`${msg.subject ?? ""} ${withoutSystemMarks(msg.text)}`, msg.language ?? state.latest?.language)
  );
}

/** Plans one inbound message that is not a duplicate (the caller answers `state.duplicate` itself). */
export function planIngest(input: IngestPlanInput): IngestPlan {
  const { state, msg, now, ids, settings } = input;
  const nowIso = now.toISOString();
  const intent = msg.botSilent ? null : detectTextIntent(msg.text);
  let decision = decideThread(state.latest, now, settings.reopenWindowDays);
  // An explicit "new ticket" wins over reopening; an active ticket still takes the message.
  if (msg.startNewTicket && decision.action === "reopen") decision = { action: "new" };
  // A secret may run from the sender's earlier messages into this one: all its pieces are redacted,
  // the earlier ones in this same batch, which first checks those messages are still as read.
  const across = redactAcrossMessages(state.thread, decision, msg, now, input.original);
  // A bare copy of a secret found in an earlier message of the conversation (src/core/redact-prints.ts).
  const copies = printedSpans(across.text, state.prints ?? []);
  const text = copies.length ? redactSpans(across.text, copies).text : across.text;
  const found = SECRET_KINDS.filter(
    (k) => input.secrets.includes(k) || across.kinds.includes(k) || copies.some((c) => c.kind === k),
  );
  const language = ingestLanguage(state, msg);
  // New and reopened tickets are acknowledged; appended messages are not (nor a bare request the bot answers).
  const acknowledged = !(decision.action === "append" || intent?.only || msg.botSilent);
  const triaged = planTriage({
    msg: { ...msg, text },
    secrets: found,
    language,
    action: decision.action,
    ticketId: decision.action === "new" ? null : decision.ticketId,
    state: state.triage,
    rules: input.rules,
    intent,
    acknowledged,
    ids,
  });
  const newTicketId = ids.newId("tkt");
  // The conversation this message belongs to, for good: a merge moves messages, never their origin.
  const originTicketId = decision.action === "new" ? newTicketId : (state.latest?.conversationTicketId ?? "");
  const ticket: IngestWrite["ticket"] =
    decision.action === "new"
      ? {
          kind: "new",
          ticket: {
            id: newTicketId,
            channel: msg.channel,
            conversationKey: msg.conversationKey,
            accessToken: ids.newSecret(24),
            subject: msg.subject?.trim() || subjectFromText(msg.text),
            subjectFromText: !msg.subject?.trim(),
            category: triaged.category,
            language,
            metadata: msg.metadata ?? {},
            firstResponseDueAt: firstResponseDue(now, triaged.priority, settings.firstResponseHours).toISOString(),
          },
        }
      : decision.action === "reopen"
        ? { kind: "reopen", ticketId: decision.ticketId }
        : {
            kind: "append",
            ticketId: decision.ticketId,
            status: statusAfterCustomerMessage(state.latest?.status ?? "open"),
          };
  const write: IngestWrite = {
    now: nowIso,
    contact: {
      id: state.contactId ?? msg.sender.contactId ?? ids.newId("con"),
      name: msg.sender.displayName ?? null,
      email: msg.sender.email ?? null,
      emailVerified: Boolean(msg.sender.email && msg.sender.emailVerified),
      language,
      isNew: !state.contactId && !msg.sender.contactId,
    },
    identity: {
      id: ids.newId("idn"),
      channel: msg.channel,
      externalId: msg.sender.externalId,
      displayName: msg.sender.displayName ?? null,
    },
    ticket,
    message: {
      id: ids.newId("msg"),
      originTicketId,
      channel: msg.channel,
      providerMessageId: msg.providerMessageId,
      body: text,
      redacted: input.secrets.length > 0 || text !== msg.text,
      redactedKinds: found,
      redactedInContext: text !== msg.text,
      createdAt: nowIso,
      replyToProviderMessageId: msg.replyToProviderMessageId ?? null,
    },
    attachments: input.attachments.map((a) => ({ ...a, id: ids.newId("att") })),
    ack: !acknowledged
      ? null
      : {
          id: ids.newId("msg"),
          body:
            acknowledgement(language, {
              ticketNumber: TICKET_NUMBER_PLACEHOLDER,
              expectedHours: expectedResponseHours(triaged.priority, settings.firstResponseHours),
              reopened: decision.action === "reopen",
            }) + triaged.ackSuffix,
          ...(msg.chatBot?.ackButtons?.length ? { buttons: msg.chatBot.ackButtons } : {}),
        },
    triage: triaged.write,
    replies: msg.botSilent ? [] : triaged.replies,
    ...(msg.unwatched && decision.action === "new" ? { botsDelivered: true } : {}),
    ...(across.write ? { thread: across.write } : {}),
  };
  const prints = input.original ? secretPrints(originTicketId, input.original.text, input.original.spans) : [];
  if (prints.length) write.prints = prints;
  const outcome: PlannedOutcome =
    decision.action === "new" ? "created" : decision.action === "reopen" ? "reopened" : "appended";
  const ticketId = ticket.kind === "new" ? ticket.ticket.id : ticket.ticketId;
  return {
    decision,
    outcome,
    write,
    ticketId,
    conversationTicketId: originTicketId,
    ticketNumber: ticket.kind === "new" ? null : (state.latest?.ticketNumber ?? null),
    accessToken: ticket.kind === "new" ? ticket.ticket.accessToken : (state.latest?.accessToken ?? ""),
    language,
    enqueue: write.botsDelivered ? [] : [...(write.replies ?? []), ...(write.ack ? [write.ack] : [])].map((m) => m.id),
    intent,
    feed: {
      type: outcome === "created" ? "ticket.created" : "message.created",
      ticketId,
      messageId: write.message.id,
      direction: "in",
      author: "customer",
      reopened: outcome === "reopened",
    },
    redactedEarlier: across.write,
  };
}
