/** The one normalized shape every channel turns its provider payloads into. */

export const CHANNELS = ["telegram", "discord", "email", "webform"] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const LANGUAGES = ["en", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

/** A file a customer sent, already read into memory by the channel (size-checked there). */
export interface InboundAttachment {
  filename: string;
  contentType: string;
  data: ArrayBuffer | Uint8Array;
}

export interface InboundSender {
  /** The sender's id on the channel: Telegram user id, Discord user id, email address. */
  externalId: string;
  displayName?: string;
  email?: string;
  /**
   * The channel proved that mail to `email` reaches this sender (the email channel: the customer
   * writes from it and our replies go there). A typed address (the web form) is only a claim.
   */
  emailVerified?: boolean;
  /**
   * The contact the sender is already known to be, when the channel proved it another way (the
   * holder of a ticket's secret link writes as that ticket's contact): a new identity joins it.
   */
  contactId?: string;
}

export interface InboundMessage {
  channel: ChannelName;
  /** The provider's unique id for this message: the dedupe key within the channel. */
  providerMessageId: string;
  /** Namespaced conversation on the channel, e.g. `telegram:12345`, `webform:<id>`. */
  conversationKey: string;
  sender: InboundSender;
  text: string;
  /** Subject for a new ticket; channels without one leave it out and the text is used. */
  subject?: string;
  attachments: InboundAttachment[];
  sentAt: Date;
  /** The customer's language when the channel knows it (a page's language choice). */
  language?: Language;
  /** A category the customer chose (web form), kept when the ticket is opened. */
  category?: string;
  /** Free-form facts the channel collected (exchange UID, TxID from a form). */
  metadata?: Record<string, string>;
  /** The provider id of an earlier message this one replies to. */
  replyToProviderMessageId?: string;
  /** The customer asked for a new ticket (Telegram /new): never reopen a resolved one. */
  startNewTicket?: boolean;
  /**
   * Others than the sender read this conversation (a Telegram group, a Discord server thread):
   * nothing private to the sender (their ticket list, a link code) is ever answered into it.
   */
  sharedConversation?: boolean;
  /**
   * The bot says nothing back: no acknowledgement, no answer, no safety warning, no reply to a request
   * (email whose sender failed authentication: whatever we sent would reach the address's real owner).
   */
  botSilent?: boolean;
  /**
   * Live chat: buttons under the bot's acknowledgement (quick replies), and the hand-off answer to send
   * instead of the plain one (with the customer's place in the queue and the expected wait).
   */
  chatBot?: { ackButtons?: Array<Array<{ text: string; data: string }>>; handoffText?: string };
  /**
   * Nobody can be watching this conversation yet: a web form's submission, whose `/t/` link is in the answer to
   * this very request. The bot's messages of the ticket it opens need no send (for the web channel a send is a
   * live push to open pages): they are stored delivered, and the page reads them from D1.
   */
  unwatched?: boolean;
}

/**
 * The provider id of a customer's reply through a `/t/` link: the link's ticket and the client's idempotency
 * key. The key is the client's to choose, so it is unique per ticket only: another customer sending the same
 * one writes their own message (src/store/ingest-read.ts builds the same string in SQL).
 */
export function linkReplyProviderId(ticketId: string, key: string): string {
  return `reply:${ticketId}:${key}`;
}

/** Builds a namespaced conversation key, e.g. `conversationKey("telegram", 42)` -> `telegram:42`. */
export function conversationKey(channel: ChannelName, ...parts: Array<string | number>): string {
  return [channel, ...parts].join(":");
}
