/**
 * The shapes ingest passes between its layers: what the store reads for an inbound message
 * (IngestState, keyed by IngestKeys or found through a ConversationLookup), what the planner
 * (src/core/ingest-plan.ts) decides to write (IngestWrite), and the typed records a channel's use
 * case adds to that write (IngestExtra). No SQL: the store turns these into statements.
 */

import type { NewConfirmation } from "./email-claims";
import type { Entity } from "./entities";
import type { ChannelName, Language } from "./inbound";
import type { InboundEmailRecord } from "./inbound-email";
import type { KbArticle } from "./kb";
import type { SecretKind } from "./redact";
import type { SecretPrint } from "./redact-prints";
import type { ThreadContext, ThreadRedaction } from "./redact-thread";
import type { Category, Priority, ThreadCandidate, TicketStatus } from "./ticket";
import type { TriageRules } from "./triage";

/** What ingest reads are keyed by: the message's provider id, its conversation and its sender. */
export interface IngestKeys {
  channel: ChannelName;
  providerMessageId: string;
  conversationKey: string;
  externalId: string;
}

/**
 * How a caller that knows the conversation only by a lookup names it: the ticket behind a `/t/`
 * link, behind an email's plus-address, a ticket number quoted by that ticket's own contact, or the
 * active ticket of an address. The store resolves it inside the same batch of reads.
 */
export type ConversationLookup =
  | { byAccessToken: string }
  /** Our plus-address's token, only for mail from the ticket's own customer (`senderEmail`, see conversation-lookups). */
  | { byReplyToken: string; senderEmail: string }
  | { byNumberForSender: { number: number; senderEmail: string } }
  | { activeOfAddress: string }
  /** A live-chat session's conversation (`webform:<its external id>`), by the SHA-256 of its token. */
  | { byChatSession: string };

/**
 * The number and `/t/` token a conversation's customer is shown: the ticket the conversation was
 * merged into when that ticket is the same customer's, else the conversation's own ticket.
 */
export interface CustomerFacing {
  ticketNumber: number;
  accessToken: string;
}

/** What ingest read about the conversation's latest ticket and the sender's recent messages on it. */
export interface ThreadState {
  ticketId: string;
  since: string;
  /** Changes whenever a message joins the recent set or a body in it changes length: the write re-checks it. */
  fingerprint: string;
  context: ThreadContext;
}

/** What ingest needs besides its own state: the rules, the articles, and whether the bot may still answer. */
export interface TriageState {
  rules: TriageRules;
  articles: KbArticle[];
  /** The conversation's latest ticket: whether a person took it over, and what the bot already suggested. */
  latest: { ticketId: string; botMuted: boolean; suggested: Set<string> } | null;
}

/** Everything ingest decides from, read in one round trip. */
export interface IngestState {
  /**
   * Set when this (channel, provider id) is already stored: the ticket holding the message, its
   * conversation's own ticket, and the number and link its customer knows (see CustomerFacing).
   */
  duplicate: ({ messageId: string; ticketId: string; conversationTicketId: string } & CustomerFacing) | null;
  /**
   * The latest ticket on the conversation, or the ticket it was merged into (`id`, where a message
   * is written); `conversationTicketId` is the conversation's own ticket (a new message's origin).
   */
  latest:
    | (ThreadCandidate & {
        conversationTicketId: string;
        language: Language;
        /** Who the ticket is assigned to (for the feed's notifications); absent when not read. */
        assigneeId?: string | null;
        /** Its messages are archived in R2 (src/pipeline/archive.ts): ingest brings them back first. */
        archived?: boolean;
      } & CustomerFacing)
    | null;
  /** The contact behind the sender's identity, when known. */
  contactId: string | null;
  /** The language that contact chose explicitly, if ever. */
  preferredLanguage: Language | null;
  /** Triage rules, KB articles and whether the bot may still answer. */
  triage: TriageState;
  /** The sender's recent messages on the latest ticket, for secrets split over messages. */
  thread: ThreadState | null;
  /** The prints of secrets found earlier in the conversation (its latest tickets), for their later bare copies. */
  prints?: SecretPrint[];
}

/** An already-read IngestState with the keys it was read for (a different message's keys mean: read again). */
export interface PrefetchedIngest {
  keys: IngestKeys;
  state: IngestState;
}

export interface NewTicketRow {
  id: string;
  channel: ChannelName;
  conversationKey: string;
  accessToken: string;
  subject: string;
  /**
   * The subject is the first line of the message's text (none was given): the message's own search document
   * already holds its words, so the subject gets none of its own (rows written, issue 16).
   */
  subjectFromText?: boolean;
  category: string;
  language: Language;
  metadata: Record<string, string>;
  firstResponseDueAt: string;
}

export interface InboundMessageRow {
  id: string;
  /** The conversation's own ticket (the new ticket, or the one a merge folded into the written one). */
  originTicketId: string;
  channel: ChannelName;
  providerMessageId: string;
  body: string;
  redacted: boolean;
  /** The kinds of secret removed from it (its body, subject, fields or file names), in SECRET_KINDS order. */
  redactedKinds?: SecretKind[];
  /** Part of the body was redacted only because of the sender's earlier messages (a split secret). */
  redactedInContext?: boolean;
  createdAt: string;
  /** The provider id of the message this one replies to; linked when that message is stored. */
  replyToProviderMessageId?: string | null;
}

export interface AttachmentRow {
  id: string;
  r2Key: string;
  filename: string;
  contentType: string;
  size: number;
}

/** Stands for the ticket number in an acknowledgement body; the batch fills it in. */
export const TICKET_NUMBER_PLACEHOLDER = "{{ticket}}";

export interface BotMessageRow {
  id: string;
  /** May contain TICKET_NUMBER_PLACEHOLDER: a new ticket's number exists only inside the batch. */
  body: string;
  /** Rows of buttons under it (the live chat's quick replies). */
  buttons?: Array<Array<{ text: string; data: string }>>;
}

export type TicketWrite =
  | { kind: "new"; ticket: NewTicketRow }
  | { kind: "append"; ticketId: string; status: TicketStatus }
  | { kind: "reopen"; ticketId: string };

/** What triage, extraction and the bot add to an inbound message's batch. */
export interface TriageWrite {
  /** Set on a new ticket; on a later message only raised, never lowered. */
  priority: Priority;
  /** Replaces `other` on an existing ticket; a new ticket gets its category in the insert. */
  category: Category | null;
  /** The category came from a rule that sets it (a stolen account is security): it replaces any category. */
  forceCategory?: boolean;
  entities: Entity[];
  /** Articles the bot sends with this message's answer. */
  suggestedArticleIds: string[];
  /** The customer asked for a person: tag the ticket. */
  handoff: boolean;
}

/** The earlier messages' (and subject's) redaction of a secret split over messages, with the read it was planned from. */
export type ThreadWrite = { guard: ThreadState | null } & Pick<ThreadRedaction, "earlier" | "subject">;

/** Everything one inbound message writes, in one batch (one transaction). */
export interface IngestWrite {
  now: string;
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    /** The channel proved the customer receives mail at `email` (not a typed web-form address). */
    emailVerified: boolean;
    language: Language;
    isNew: boolean;
  };
  identity: { id: string; channel: ChannelName; externalId: string; displayName: string | null };
  ticket: TicketWrite;
  message: InboundMessageRow;
  attachments: AttachmentRow[];
  /** The bot's acknowledgement, queued for delivery, when one is due. */
  ack: BotMessageRow | null;
  /** Triage, entities, KB suggestions and hand-off. */
  triage?: TriageWrite;
  /** More bot messages queued with this one: the secret safety warning, a KB answer, a hand-off note. */
  replies?: BotMessageRow[];
  /** The bot's messages are stored delivered, with no send (a new ticket of an `unwatched` message). */
  botsDelivered?: boolean;
  /**
   * A secret split over the sender's messages: the earlier messages' (and subject's) redaction, and
   * the recent messages the plan was made from, re-checked first (a concurrent change fails the batch).
   */
  thread?: ThreadWrite;
  /** The prints of the secrets found in this message, stored under its conversation's own ticket. */
  prints?: SecretPrint[];
}

/**
 * What a channel's use case writes in ingest's batch, in the message's own transaction, once the
 * stored ids are known: typed records the store turns into statements.
 */
export type IngestExtra =
  | { kind: "inbound_email"; record: InboundEmailRecord; now: string }
  | { kind: "flag_redacted"; messageId: string; kinds: SecretKind[] }
  | { kind: "email_confirmation"; confirmation: NewConfirmation }
  /** A live-chat message: its session was seen (and passed the bot check); a verified sender's identity is marked so. */
  | { kind: "chat_session"; sessionId: string; turnstile: boolean; verifiedExternalId: string | null; now: string };
