/** Tickets, messages and contacts: the shapes the staff API returns, the status machine, threading. */
import type { ChannelName, Language } from "./inbound";

export const TICKET_STATUSES = ["new", "open", "pending", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CATEGORIES = [
  "account",
  "security",
  "kyc",
  "deposit",
  "withdrawal",
  "trading",
  "api",
  "promotions",
  "scam_report",
  "other",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Statuses in which a ticket still takes new customer messages. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ["new", "open", "pending"];

export const DEFAULT_REOPEN_WINDOW_DAYS = 7;

/** The identity an unverified From writes as (channels/email/receive.ts): its own contact, never the address owner's. */
export const UNVERIFIED_IDENTITY_PREFIX = "unverified:";
/** The identity a From that FAILED authentication writes as: a contact of its own, apart from `unverified:` too. */
export const FAILED_IDENTITY_PREFIX = "failed:";
/** An email identity nothing proved: anyone may have written as it (merging its tickets needs an admin). */
export function isUnprovenIdentity(externalId: string): boolean {
  return externalId.startsWith(UNVERIFIED_IDENTITY_PREFIX) || externalId.startsWith(FAILED_IDENTITY_PREFIX);
}

export interface ChannelIdentity {
  channel: ChannelName;
  externalId: string;
  displayName: string | null;
  reachable: boolean;
  /** False for a web-form address nobody proved (a `claim:`): it joins nothing and is never written to. */
  verified: boolean;
  /** Email with no SPF/DKIM/DMARC verdict, or a failed one (isUnprovenIdentity). */
  unproven: boolean;
}

export interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  /** The email address was proven (a confirmation link, or the customer writes from it); false without one. */
  emailVerified: boolean;
  language: Language;
  identities: ChannelIdentity[];
}

export interface Ticket {
  id: string;
  /** Human-facing number customers quote, e.g. `RD-1042`. */
  number: string;
  channel: ChannelName;
  status: TicketStatus;
  priority: Priority;
  category: string;
  subject: string;
  language: Language;
  contact: Contact;
  assigneeId: string | null;
  tags: string[];
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  firstResponseDueAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
}

export type MessageDirection = "in" | "out" | "note";
export type MessageAuthor = "customer" | "staff" | "bot";
export type DeliveryStatus = "queued" | "sent" | "failed";

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface Delivery {
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  providerMessageId: string | null;
  sentAt: string | null;
}

/** One earlier version of an edited inbound message. */
export interface MessageEdit {
  previousBody: string;
  editedAt: string;
}

export interface Message {
  id: string;
  ticketId: string;
  direction: MessageDirection;
  author: MessageAuthor;
  authorStaffId: string | null;
  channel: ChannelName;
  body: string;
  redacted: boolean;
  attachments: Attachment[];
  replyToMessageId: string | null;
  /**
   * The ticket whose conversation the message came from or was sent to. Equal to `ticketId`
   * unless staff merged that ticket into this one; a merge never changes it.
   */
  originTicketId: string;
  createdAt: string;
  delivery?: Delivery;
  /** When the customer last edited the message (absent if never). */
  editedAt?: string;
  /** Earlier versions of an edited message, oldest first (absent if never edited). */
  edits?: MessageEdit[];
}

/** What comes before the digits of a human-facing ticket number. */
export const TICKET_NUMBER_PREFIX = "RD-";

/** `1042` -> `RD-1042`. */
export function formatTicketNumber(n: number): string {
  return `${TICKET_NUMBER_PREFIX}${n}`;
}

/** `RD-1042`, `rd-1042`, `#1042` or `1042` -> 1042; anything else -> null. */
export function parseTicketNumber(text: string): number | null {
  const m = /^\s*(?:rd-|#)?(\d{1,9})\s*$/i.exec(text);
  return m?.[1] ? Number(m[1]) : null;
}

/** Transitions staff may make. A closed ticket is final; customers only reopen resolved ones. */
const STAFF_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["open", "pending", "resolved", "closed"],
  open: ["pending", "resolved", "closed"],
  pending: ["open", "resolved", "closed"],
  resolved: ["open", "pending", "closed"],
  closed: [],
};

/** Whether staff may move a ticket from `from` to `to` (same status counts as allowed). */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || STAFF_TRANSITIONS[from].includes(to);
}

/** The status after a customer writes: a waiting ticket becomes open again; new stays new. */
export function statusAfterCustomerMessage(status: TicketStatus): TicketStatus {
  return status === "new" ? "new" : "open";
}

/** The status after staff reply: the ball is in the customer's court. */
export function statusAfterStaffReply(status: TicketStatus): TicketStatus {
  return status === "new" || status === "open" ? "pending" : status;
}

/** What threading needs to know about the latest ticket of a conversation. */
export interface ThreadCandidate {
  id: string;
  status: TicketStatus;
  resolvedAt: string | null;
}

export type ThreadDecision =
  | { action: "append"; ticketId: string }
  | { action: "reopen"; ticketId: string }
  | { action: "new" };

/**
 * Where a customer message on a conversation goes: append to an active ticket, reopen a
 * ticket resolved within the window, otherwise a new ticket. Closed tickets never reopen.
 */
export function decideThread(
  latest: ThreadCandidate | null,
  now: Date,
  reopenWindowDays: number = DEFAULT_REOPEN_WINDOW_DAYS,
): ThreadDecision {
  if (!latest) return { action: "new" };
  if (ACTIVE_STATUSES.includes(latest.status)) return { action: "append", ticketId: latest.id };
  if (latest.status === "resolved" && latest.resolvedAt) {
    const age = now.getTime() - Date.parse(latest.resolvedAt);
    if (age <= reopenWindowDays * 86_400_000) return { action: "reopen", ticketId: latest.id };
  }
  return { action: "new" };
}

/** A subject for a ticket opened without one: the first line of the text, trimmed. */
export function subjectFromText(text: string, max = 120): string {
  const firstLine = text.trim().split(/\r?\n/, 1)[0]?.trim() ?? "";
  if (!firstLine) return "(no subject)";
  return firstLine.length > max ? `${firstLine.slice(0, max - 1)}…` : firstLine;
}
