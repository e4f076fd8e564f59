/**
 * What the chat keeps in its own origin's localStorage (the host page cannot read it): the session token,
 * whose it is (a verified userId, or "" for a guest; a different user never resumes it), and the messages
 * sent but not yet confirmed. Blocked storage makes the session last as long as the page.
 */
import { fromStored, type PendingMessage, toStored } from "./state";

const TOKEN_KEY = "relaydesk-chat-token";
const OWNER_KEY = "relaydesk-chat-owner";
const PENDING_KEY = "relaydesk-chat-pending";

function get(k: string): string | null {
  try {
    return localStorage.getItem(k);
  } catch {
    return null;
  }
}

function set(k: string, v: string | null): void {
  try {
    if (v === null) localStorage.removeItem(k);
    else localStorage.setItem(k, v);
  } catch {
    // storage blocked: the session lasts as long as the page
  }
}

/** The stored token, whoever it belonged to (the server resumes it only for its own visitor). */
export const savedToken = (): string | null => get(TOKEN_KEY);

/** The stored token if it is a guest's, else null. */
export const savedGuestToken = (): string | null => (get(OWNER_KEY) === "" ? get(TOKEN_KEY) : null);

/** Keeps a session's token and owner; a new owner's session starts with nothing pending. */
export function saveSession(token: string, owner: string): void {
  if (get(TOKEN_KEY) === token && get(OWNER_KEY) === owner) return;
  if (get(OWNER_KEY) !== owner) set(PENDING_KEY, null);
  set(TOKEN_KEY, token);
  set(OWNER_KEY, owner);
}

/** Messages sent before a reload and never confirmed. */
export const savedPending = (): PendingMessage[] => fromStored(get(PENDING_KEY));

export function savePending(items: readonly PendingMessage[]): void {
  set(PENDING_KEY, JSON.stringify(toStored(items)));
}
