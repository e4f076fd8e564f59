/** The contract every channel implements, and the shapes that cross it. */
import type { Hono } from "hono";
import type { ChannelName, Language } from "../src/core/inbound";
import type { AppEnv, Env } from "../src/env";

export type { ChannelName } from "../src/core/inbound";

/** A file attached to an outbound message, stored in R2. */
export interface OutboundAttachment {
  filename: string;
  contentType: string;
  size: number;
  r2Key: string;
}

/** One outbound message, with everything a channel needs to send it. */
export interface OutboundMessage {
  messageId: string;
  /**
   * The ticket whose conversation this message goes into (the message's origin). After staff merge
   * one customer's ticket into another's, that is still the recipient's own ticket.
   */
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
}

/** Proof of a send: the provider's id of the message it accepted. */
export interface DeliveryReceipt {
  providerMessageId: string;
}

export interface ChannelAdapter {
  readonly name: ChannelName;
  /** Mounts this channel's routes; each webhook verifies authenticity before parsing. */
  routes(app: Hono<AppEnv>): void;
  /** Whether credentials for the outside service are present. Without them, development delivers to the sandbox. */
  isConfigured(env: Env): boolean;
  /** Sends one message. Throws RetryableError (with retryAfterMs) or PermanentError. */
  deliver(msg: OutboundMessage, env: Env): Promise<DeliveryReceipt>;
}

/** The channels this build has, keyed by their names. */
export type ChannelRegistry = Partial<Record<ChannelName, ChannelAdapter>>;
