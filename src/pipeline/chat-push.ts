/**
 * The Worker's side of the ChatRoom: pushes to a conversation's room, the room's presence, handing it
 * a socket. A push never fails its caller (the room is a view: clients catch up from D1).
 */
import type { ChatFrame, ChatPresence } from "../core/chat";
import type { Env } from "../env";
import {
  CHAT_ROLE_HEADER,
  CHAT_SESSION_HEADER,
  CHAT_TICKET_HEADER,
  type ChatRoom,
  type ChatSocketRole,
} from "../feed/chat-room";
import { logError } from "../log";
import { readChatPushable, readChatTicketFrame } from "../store/chat-read";

/** The room of one conversation. */
export function chatRoom(env: Env, conversationKey: string) {
  const ns = env.CHAT_ROOMS as unknown as DurableObjectNamespace<ChatRoom>;
  return ns.get(ns.idFromName(conversationKey));
}

/** Sends a frame to a conversation's sockets (a `/t/` socket only when it concerns its ticket). */
export async function pushChatFrame(
  env: Env,
  conversationKey: string,
  frame: ChatFrame,
  ticketId: string | null,
): Promise<void> {
  // Only web conversations have rooms: other channels' keys never reach one.
  if (!conversationKey.startsWith("webform:")) return;
  try {
    await chatRoom(env, conversationKey).push({ frame, ticketId });
  } catch (err) {
    logError("chat push failed", { type: frame.type, error: String(err) });
  }
}

/**
 * Pushes a stored message (read back from D1, so the room carries exactly what was stored: the
 * redacted body, the files, the buttons) to its conversation's room. For web-channel tickets only.
 */
export async function pushStoredMessage(env: Env, messageId: string): Promise<void> {
  try {
    const found = await readChatPushable(env.DB, messageId);
    if (!found) return;
    await pushChatFrame(
      env,
      found.conversationKey,
      { type: "message", message: found.message, ticket: found.ticket },
      found.ticket.id,
    );
  } catch (err) {
    logError("chat push of a stored message failed", { error: String(err) });
  }
}

/** Tells a web ticket's open chat and `/t/` page that the ticket changed (its status): `{ type: "ticket", ticket }`. */
export async function pushTicketFrame(env: Env, ticketId: string): Promise<void> {
  try {
    const found = await readChatTicketFrame(env.DB, ticketId);
    if (!found) return;
    await pushChatFrame(env, found.conversationKey, { type: "ticket", ticket: found.ticket }, found.ticket.id);
  } catch (err) {
    logError("chat push of a ticket failed", { error: String(err) });
  }
}

/** Closes the open sockets of a widget session whose token was revoked (never fails the caller). */
export async function endChatSockets(env: Env, conversationKey: string, sessionId: string): Promise<void> {
  try {
    await chatRoom(env, conversationKey).endSession(sessionId);
  } catch (err) {
    logError("chat session end failed", { error: String(err) });
  }
}

/** The visitor's presence in a conversation's room; null when the room cannot be reached. */
export async function chatPresence(env: Env, conversationKey: string): Promise<ChatPresence | null> {
  try {
    return await chatRoom(env, conversationKey).presence();
  } catch (err) {
    logError("chat presence unavailable", { error: String(err) });
    return null;
  }
}

/** Hands an authenticated WebSocket upgrade to the conversation's room. */
export function joinChatRoom(
  env: Env,
  args: { conversationKey: string; role: ChatSocketRole; ticketId: string | null; sessionId?: string },
): Promise<Response> {
  const headers = new Headers({ Upgrade: "websocket" });
  headers.set(CHAT_ROLE_HEADER, args.role);
  if (args.sessionId) headers.set(CHAT_SESSION_HEADER, args.sessionId);
  if (args.ticketId) headers.set(CHAT_TICKET_HEADER, args.ticketId);
  // No header of the client's is passed on: the room trusts only what the Worker sets.
  return chatRoom(env, args.conversationKey).fetch("http://chat-room.invalid/socket", { headers });
}
