/**
 * The channel contract: what every channel adapter implements, and the shapes that cross the seam
 * between channels and the desk (outbound messages, receipts, staff-feed events). Pure types and
 * a few constructors: no framework, no I/O. Modelled on the Chat SDK's `Adapter` (one interface in
 * the core, one implementation per platform) and Chatwoot's `SendOnChannelService` (the rules
 * every channel shares live once, in src/pipeline/deliver.ts, not in each adapter).
 */
import type { ChannelName, Language } from "./inbound";
import type { Message, TicketStatus } from "./ticket";

/** A file attached to an outbound message, stored in the attachment store (R2). */
export interface OutboundAttachment {
  filename: string;
  contentType: string;
  size: number;
  r2Key: string;
}

/** An inline button under a bot text: its label and the data the channel hands back when pressed. */
export interface OutboundButton {
  text: string;
  data: string;
}

/** One outbound message, with everything a channel needs to send it. */
export interface OutboundMessage {
  messageId: string;
  ticketId: string;
  /** `RD-1042` */
  ticketNumber: string;
  ticketSubject: string;
  /** The customer's secret `/t/:token` link token. */
  ticketAccessToken: string;
  channel: ChannelName;
  conversationKey: string;
  recipient: { externalId: string; displayName: string | null; email: string | null };
  author: "staff" | "bot";
  body: string;
  attachments: OutboundAttachment[];
  language: Language;
  /** The provider id of the customer message this answers, when there is one. */
  replyToProviderMessageId: string | null;
  /** A satisfaction question: chat channels add 1-5 rating buttons (`csat:<ticketId>:<n>`, see src/core/csat.ts). */
  csat?: boolean;
  /** Rows of buttons under a bot text (chat channels render them under its last part). */
  buttons?: OutboundButton[][];
}

/** Proof of a send: the provider's id of the (first) message it accepted. */
export interface DeliveryReceipt {
  providerMessageId: string;
}

/**
 * One call to the provider (a text part, a file, a batch of files). Returns the provider's id of
 * what it created, unique within the channel (`<chat id>:<message id>`): replies to that part find
 * the message by it.
 */
export type SendStep = () => Promise<string>;

/** What a channel may ask of the desk while it sends. */
export interface DeliveryContext {
  /** The bytes of a stored attachment, or null when it is no longer stored. */
  readAttachment(r2Key: string): Promise<Uint8Array | null>;
}

/**
 * A channel's outbound half. Its inbound half is its webhook routes (see src/app.ts), which
 * verify, parse and hand what they read to the per-request desk (src/core/desk.ts).
 */
export interface ChannelAdapter {
  readonly name: ChannelName;
  /** Whether the outside service's credentials are set. Without them, development delivers to the sandbox. */
  isConfigured(): boolean;
  /**
   * The provider calls one outbound message takes, in order: its text cut at the channel's limit,
   * then its files. The pipeline runs them, records each accepted step, and on a retry resumes with
   * the first step not yet accepted. A step throws RetryableError, PermanentError or
   * UnreachableError (src/core/errors.ts); preparing throws the same.
   */
  prepare(msg: OutboundMessage, ctx: DeliveryContext): Promise<SendStep[]>;
}

/** The channels of a deployment, keyed by name (an explicit map: see channels/index.ts). */
export type ChannelRegistry = Partial<Record<ChannelName, ChannelAdapter>>;

// ---- the staff feed ----

/** How an outbound message's delivery stands, as the feed reports it. */
export type FeedDelivery = "queued" | "sent" | "skipped" | "retry" | "failed";

/** What staff tabs are told, one variant per kind of change (src/feed/hub.ts fans them out). */
export type FeedEvent =
  | {
      type: "ticket.created" | "message.created";
      ticketId: string;
      messageId: string;
      direction: Message["direction"];
      author?: Message["author"];
      reopened?: boolean;
      actorId?: string;
      incidentId?: string;
      /** For notifications (a customer's message): its number, who wrote, a snippet of the redacted text, the assignee. */
      ticketNumber?: string;
      customerName?: string | null;
      snippet?: string;
      assigneeId?: string | null;
    }
  | {
      /** An internal note mentioned `toStaffId`: the hub sends this event to that staff member's tabs only. */
      type: "mention.created";
      toStaffId: string;
      ticketId: string;
      ticketNumber: string;
      messageId: string;
      actorId: string;
      actorName: string;
      snippet: string;
    }
  | { type: "message.updated" | "message.edited"; ticketId: string; messageId: string }
  | { type: "message.delivery"; ticketId?: string; messageId: string; delivery: FeedDelivery }
  | {
      type: "ticket.updated";
      ticketId: string;
      changes: string[];
      status?: TicketStatus;
      priority?: string;
      assigneeId?: string | null;
      mergedIntoId?: string;
      actorId?: string;
      /** Set when auto-assign gave the ticket to `assigneeId` (no staff member acted). */
      autoAssigned?: boolean;
    }
  | { type: "ticket.merged"; ticketId: string; intoId: string; intoNumber?: string; actorId?: string }
  | { type: "csat.rated"; ticketId: string; rating: number }
  | { type: "sla.breached"; ticketId: string; ticketNumber: string; breach: string; dueAt: string }
  | {
      /** A live-chat visitor came or went (their last socket), started or stopped typing, or read (src/feed/chat-room.ts). */
      type: "chat.activity";
      ticketId: string;
      online: boolean;
      typing: boolean;
      customerReadAt?: string;
    };

/** The kinds of feed event, for clients that switch on them. */
export type FeedEventType = FeedEvent["type"];
