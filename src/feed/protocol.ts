/** What travels between the Worker, the FeedHub and staff tabs: the socket's messages and the hand-off headers. */
import type { FeedEvent } from "../core/channel";
import type { AvailabilityEvent } from "./auto-assign";

export type { FeedEvent } from "../core/channel";
export type { AvailabilityEvent, OnlineStaff } from "./auto-assign";

/** A feed event as tabs receive it: numbered, so a reconnecting tab asks for what it missed. */
export type SequencedFeedEvent = FeedEvent & { seq: number; at: string };

/** Who is on a socket, and what they are doing; kept with `serializeAttachment` so it survives hibernation. */
export interface SocketStaff {
  staffId: string;
  name: string;
  /** The credentials it was opened with: the API token (also behind a session opened with one) and the session. */
  tokenId: string | null;
  sessionId: string | null;
  /** Opened with the bootstrap secret (directly or through a session): that secret's epoch, else null. */
  bootstrapEpoch: string | null;
  /** The ticket this tab is viewing or typing on, and which of the two. */
  ticketId: string | null;
  state: PresenceState;
}

/** Which sockets to close: every field given must match (at least one is). */
export interface SocketMatch {
  staffId?: string;
  tokenId?: string;
  sessionId?: string;
}

/**
 * Close code of a socket whose credentials ended (token revoked, user disabled, session revoked or signed out,
 * bootstrap secret changed): the tab should not reconnect with them but sign in again. 4000-4999 are the
 * application's own codes (RFC 6455, section 7.4.2).
 */
export const CREDENTIALS_ENDED = 4401;

export const PRESENCE_STATES = ["viewing", "typing", "idle"] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** A presence update as tabs receive it (never stored, no seq). */
export interface PresenceEvent {
  type: "presence";
  ticketId: string;
  staffId: string;
  name: string;
  state: PresenceState;
}

/** The first message on every socket (after a `?since=` catch-up): the newest seq, so the tab knows where it stands. */
export interface HelloEvent {
  type: "hello";
  seq: number;
  /** Whether this staff member said "away" (auto-assign passes them over). */
  away?: boolean;
}

/** Everything a staff tab reads from the feed socket (besides `pong`). */
export type FeedMessage = SequencedFeedEvent | PresenceEvent | HelloEvent | AvailabilityEvent;

/**
 * Internal headers the Worker sets (after authenticating) when it hands a socket to the hub; it sends no other
 * header of the client's. The epoch header is the bootstrap secret's current epoch, sent on every connect.
 */
export const STAFF_ID_HEADER = "X-Relaydesk-Staff-Id";
export const STAFF_NAME_HEADER = "X-Relaydesk-Staff-Name";
export const STAFF_TOKEN_HEADER = "X-Relaydesk-Token-Id";
export const STAFF_SESSION_HEADER = "X-Relaydesk-Session-Id";
export const VIA_BOOTSTRAP_HEADER = "X-Relaydesk-Via-Bootstrap";
export const BOOTSTRAP_EPOCH_HEADER = "X-Relaydesk-Bootstrap-Epoch";

/** Whether a tab of `staffId` may see `event`: every event, except one addressed to someone else. */
export function isFor(event: SequencedFeedEvent, staffId: string): boolean {
  return !("toStaffId" in event) || (staffId !== "" && event.toStaffId === staffId);
}

export function presenceOf(s: SocketStaff): PresenceEvent {
  return { type: "presence", ticketId: s.ticketId ?? "", staffId: s.staffId, name: s.name, state: s.state };
}
