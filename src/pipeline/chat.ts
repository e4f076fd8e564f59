/**
 * Live chat's use cases behind the desk port (`desk.chat`): sessions, a widget message's one round
 * trip of reads (ingest's reads through the session), catch-up, sockets, pushes. The widget's routes
 * (channels/webform/chat) authenticate, validate and build the InboundMessage; nothing here trusts
 * the client for which conversation it is in: that comes from the session behind the token.
 */
import type { ChatFrame, ChatTicket } from "../core/chat";
import { chatConversationKey, chatSessionExpired } from "../core/chat";
import { withinBusinessHours } from "../core/chat-handoff";
import { AppError } from "../core/errors";
import type { InboundMessage } from "../core/inbound";
import { type ChatSession, createChatSession, findSession, getChatSettings } from "../store/chat";
import {
  readChatConversation,
  readChatOpening,
  readChatPost,
  readChatPushable,
  readChatSessionStart,
  readChatSocket,
} from "../store/chat-read";
import { findTicketByAccessToken } from "../store/ticket-access";
import { chatPresence, endChatSockets, joinChatRoom, pushChatFrame, pushStoredMessage } from "./chat-push";
import type { IngestDeps } from "./ingest";
import { ingestKeysOf } from "./ingest";

export type { ChatSession } from "../store/chat";

/** 401 for a session past its lifetime (src/core/chat.ts): the widget then starts a new one. */
function sessionExpired(): AppError {
  return new AppError(401, "chat_session_expired", "The chat session has expired; start a new one");
}

/** The session when it is still live; throws 401 chat_session_expired for an expired one, null stays null. */
function live<S extends ChatSession | null>(session: S, now: Date): S {
  if (session?.createdAt && session.lastSeenAt && chatSessionExpired(session as Required<ChatSession>, now)) {
    throw sessionExpired();
  }
  return session;
}

/** The desk's live-chat section. */
export function chatDesk(deps: IngestDeps) {
  const { env } = deps;
  const db = env.DB;
  const now = () => deps.now?.() ?? new Date();
  return {
    /** The session a token names (and the settings), before a new session is decided. */
    async sessionStart(tokenHash: string | null) {
      const start = await readChatSessionStart(db, tokenHash);
      const s = start.session;
      // An expired token resumes nothing: the visitor starts a new session (a verified user's continues their conversation).
      const expired = Boolean(s?.createdAt && s.lastSeenAt && chatSessionExpired(s as Required<ChatSession>, now()));
      return expired ? { ...start, session: null } : start;
    },
    /**
     * Stores a new session (only the token's hash). `revoke` ends a verified user's session in the
     * same batch: its token was presented without that user's signature (signed out, or someone else).
     */
    async createSession(
      s: ChatSession & { tokenHash: string },
      revoke: { tokenHash: string; session: ChatSession } | null,
    ) {
      await createChatSession(db, { ...s, now: now().toISOString() }, revoke?.tokenHash ?? null);
      // Its live sockets end too: they were opened with the revoked token.
      if (revoke) await endChatSockets(env, chatConversationKey(revoke.session.externalId), revoke.session.id);
    },
    /** What a new or resumed session shows: the latest ticket, its messages, the visitor's tickets, whether staff are in. */
    async opening(externalId: string, resumed?: { sessionId: string }) {
      const o = await readChatOpening(
        db,
        externalId,
        resumed ? { sessionId: resumed.sessionId, now: now() } : undefined,
      );
      return { ...o, online: withinBusinessHours(o.hours, now()) };
    },
    /**
     * A widget message's reads in ONE round trip (the session, settings, duplicate, queue and ingest's
     * reads through the session); hand `prefetch(msg)` to `ingest` so the message costs two in all.
     */
    async readPost(args: { tokenHash: string; clientId: string; withQueue: boolean }) {
      const read = await readChatPost(db, { ...args, now: now() });
      return {
        ...read,
        session: live(read.session, now()),
        online: withinBusinessHours(read.queue?.businessHours ?? null, now()),
        prefetch: (msg: InboundMessage) => ({ keys: ingestKeysOf(msg), state: read.ingest }),
      };
    },
    /** The session behind a token, and its conversation after a message (catch-up). */
    async conversation(args: { tokenHash: string; after: string | null }) {
      const read = await readChatConversation(db, { ...args, now: now() });
      return { ...read, session: live(read.session, now()) };
    },
    /** A session's socket joins its conversation's room; null for an unknown token. */
    async joinAsVisitor(tokenHash: string): Promise<Response | null> {
      const { session, ticketId } = await readChatSocket(db, tokenHash, now());
      if (!live(session, now()) || !session) return null;
      return joinChatRoom(env, {
        conversationKey: chatConversationKey(session.externalId),
        role: "customer",
        ticketId,
        sessionId: session.id,
      });
    },
    /** A `/t/` page's socket joins its ticket's room (read-only, that ticket only); null for an unknown link. */
    async joinAsLink(accessToken: string): Promise<Response | null> {
      const ticket = await findTicketByAccessToken(db, accessToken);
      if (!ticket) return null;
      return joinChatRoom(env, { conversationKey: ticket.conversationKey, role: "link", ticketId: ticket.id });
    },
    /** Sends a frame to a conversation's sockets after the response (never fails the caller). */
    push(conversationKey: string, frame: ChatFrame, ticketId: string | null): void {
      deps.waitUntil(pushChatFrame(env, conversationKey, frame, ticketId));
    },
    /** Pushes a stored message (read back as stored) to its conversation's room. */
    pushStored: (messageId: string) => pushStoredMessage(env, messageId),
    presence: (conversationKey: string) => chatPresence(env, conversationKey),
    findSession: async (tokenHash: string) => live(await findSession(db, tokenHash), now()),
    /** The admin's chat settings (allowed origins for /chat's frame-ancestors, Turnstile, quick replies). */
    settings: () => getChatSettings(db),
    /** A stored message as its visitor sees it, with its ticket (an answer to a concurrent retry). */
    pushable: (messageId: string) => readChatPushable(db, messageId),
  };
}

/** The ticket a message was stored on, as the widget shows it. */
export type { ChatTicket };
