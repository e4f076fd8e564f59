/** What the desk keeps about an inbound email (email_inbound), whatever it became. */
import type { IngestKeys } from "./ingest";
import type { TicketStatus } from "./ticket";

export type InboundEmailKind = "message" | "auto_reply" | "bounce" | "own" | "rate_limited";
export type InboundEmailSource = "cloudflare" | "mailgun" | "postmark" | "sendgrid";

/** One inbound email's record: a message, an auto-reply, a bounce, our own mail, or held by the flood limit. */
export interface InboundEmailRecord {
  messageIdHeader: string;
  kind: InboundEmailKind;
  source: InboundEmailSource;
  sender: string;
  subject: string | null;
  rawR2Key: string | null;
  messageId: string | null;
  ticketId: string | null;
  detail: string | null;
  /** Whether the door's verdicts proved the From address (the flood bucket). */
  senderVerified: boolean;
  /** Whether they failed: such mail counts and dedupes apart from the address's unproven ("none") mail. */
  authFailed?: boolean;
  /** The door's SPF/DKIM/DMARC verdicts in short. */
  auth: string | null;
  /** Why no original is kept (it held a secret...), or null. */
  originalWithheld: string | null;
}

/** A ticket an inbound email may join: its conversation (where ingest threads) and its status. */
export interface EmailThreadTarget {
  ticketId: string;
  conversationKey: string;
  status: TicketStatus;
  /**
   * Found by one of our secrets (plus-address, sent Message-ID): whether the ticket's contact proved the
   * sender's address before (mail that passed SPF/DKIM/DMARC, or a confirmed address).
   */
  senderProven?: boolean;
}

/** What an inbound email's handling depends on, read in one batch before anything is decided. */
export interface InboundEmailState {
  /** The record of this Message-ID, when the email was already handled. */
  seen: InboundEmailRecord | null;
  /** Whether the Message-ID is one we sent (our own mail coming back). */
  ourMessageId: boolean;
  /** How many emails from the sender, in its bucket (verified or not), arrived since `since` (the flood limit). */
  recentFromSender: number;
  /**
   * The latest active email ticket of the contact the email writes as (its identity: the address when proven, else
   * its `unverified:`/`failed:` claim), so a forger's mail never finds the proven customer's.
   */
  activeOfSender: EmailThreadTarget | null;
  /** The thread candidates, each null when its key is absent or unknown; the caller applies their order. */
  byMessageId: EmailThreadTarget | null;
  byReplyToken: EmailThreadTarget | null;
  bySubject: EmailThreadTarget | null;
}

/** What the desk reads for one inbound email, in one round trip. */
export interface EmailIntakeQuery {
  messageIdHeader: string;
  sender: string;
  /** Which flood bucket the email counts in: mail whose From was proven, failed authentication, or neither. */
  senderVerified: boolean;
  authFailed?: boolean;
  /** The flood window's start. */
  since: string;
  /** In-Reply-To and References, as they came. */
  referenceIds: string[];
  replyToken: string | null;
  /** A ticket number quoted in the subject (only a verified sender's counts). */
  subjectNumber: number | null;
  /** The identity the email writes as. */
  identity: string;
  /** Ingest's keys for the conversation the email most likely joins; null when it can never become a message. */
  guess: IngestKeys | null;
  /** A signed webhook's one-time key: taken in the same batch (`fresh` says whether it was unused). */
  replay?: { key: string; expiresAt: string; nonce: string; now: string };
}
