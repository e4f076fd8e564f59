/**
 * POST /api/chat/messages (a visitor's message, quick reply or button) and GET /api/chat/messages
 * (catch-up). Webhook order: authenticate (the token's hash names the session, and through it the
 * only conversation this request can touch) -> validate -> dedupe (clientId) -> answer. A message
 * costs two D1 round trips: the session and ingest's reads in one batch, ingest's writes in another.
 */
import type { Context } from "hono";
import {
  CHAT_MAX_CHARS,
  CHAT_TOKEN,
  type ChatMessage,
  type ChatTicket,
  chatConversationKey,
  chatProviderMessageId,
  defaultQuickReplies,
  humanText,
  parseChatAction,
  topicText,
} from "../../../src/core/chat";
import { chatHandoffText } from "../../../src/core/chat-handoff";
import { AppError, ValidationError } from "../../../src/core/errors";
import { sha256Hex } from "../../../src/core/ids";
import type { InboundMessage } from "../../../src/core/inbound";
import { asksForHuman } from "../../../src/core/kb";
import { statusAfterCustomerMessage } from "../../../src/core/ticket";
import type { AppEnv } from "../../../src/env";
import { issuesOf } from "../../../src/web/validate";
import { acceptAttachments } from "../attachments";
import { requireTurnstile, turnstileMode } from "../turnstile";
import { readChatBody } from "./body";
import { bearerToken, clientIp, clientNetworkOf, overLimit } from "./limits";
import { MessageBody } from "./schemas";

function sessionInvalid(): AppError {
  return new AppError(401, "chat_session_invalid", "The chat session is unknown or has ended; start a new one");
}

/** The token's hash, or a 401 before anything reads D1. */
async function tokenHashOf(c: Context<AppEnv>): Promise<string> {
  const token = bearerToken(c);
  if (!token || !CHAT_TOKEN.test(token)) throw sessionInvalid();
  return sha256Hex(token);
}

export async function postMessage(c: Context<AppEnv>): Promise<Response> {
  const ip = clientIp(c);
  const limitedIp = await overLimit(c, `msg:ip:${clientNetworkOf(c)}`);
  if (limitedIp) return limitedIp;
  const tokenHash = await tokenHashOf(c);
  const desk = c.get("desk");
  const config = c.get("config");
  const { fields, files } = await readChatBody(c);
  const parsed = MessageBody.safeParse(fields);
  const rawText = parsed.success ? (parsed.data.text ?? "").trim() : "";
  const problem = !parsed.success
    ? new ValidationError("The message is not valid", issuesOf(parsed.error))
    : rawText.length > CHAT_MAX_CHARS
      ? new AppError(413, "message_too_long", `A message may have at most ${CHAT_MAX_CHARS} characters`)
      : !rawText && !files.length && !parsed.data.action
        ? new ValidationError("Send text, a file or an action", [{ path: "text", message: "required" }])
        : null;
  if (problem || !parsed.success) {
    // Authenticate first: a stranger learns nothing, not even what a valid message looks like.
    if (!(await desk.chat.findSession(tokenHash))) throw sessionInvalid();
    throw problem;
  }
  const input = parsed.data;
  const action = input.action ? parseChatAction(input.action) : null;
  if (input.action && !action) {
    if (!(await desk.chat.findSession(tokenHash))) throw sessionInvalid();
    throw new ValidationError("Unknown action", [{ path: "action", message: "not a known button" }]);
  }
  const wantsHuman = action?.kind === "human" || asksForHuman(rawText);
  const read = await desk.chat.readPost({ tokenHash, clientId: input.clientId, withQueue: wantsHuman });
  const session = read.session;
  if (!session) throw sessionInvalid();
  const limitedVisitor = await overLimit(c, `msg:v:${session.externalId}`);
  if (limitedVisitor) return limitedVisitor;
  // The same client id again (a retry): the stored message, never a second one.
  if (read.duplicate) return c.json({ message: read.duplicate, ticket: read.latest }, 200);

  const lang = session.language;
  if (action?.kind === "csat") {
    const result = await desk.rate({
      ticketId: action.ticketId,
      rating: action.rating,
      channel: "webform",
      externalId: session.externalId,
      fallbackLanguage: lang,
    });
    if (!result.accepted) throw new AppError(403, "forbidden", result.text);
    return c.json({ message: null, ticket: read.latest, rated: action.rating }, 200);
  }

  // Turnstile on the visitor's first message, when the admin asks for it.
  const needsTurnstile =
    read.settings.turnstileFirstMessage && !session.turnstilePassedAt && turnstileMode(config) !== "off";
  if (needsTurnstile) {
    if (!input.turnstileToken) {
      throw new AppError(403, "turnstile_required", "Complete the bot check before your first message");
    }
    await requireTurnstile(config, input.turnstileToken, ip);
  }
  const attachments = await acceptAttachments(files, {
    maxCount: config.attachmentMaxCount,
    maxBytes: config.attachmentMaxBytes,
  });

  const text =
    action?.kind === "topic" ? topicText(action.topic, lang) : action?.kind === "human" ? humanText(lang) : rawText;
  const quickReplies = read.settings.quickReplies ?? defaultQuickReplies(lang);
  const msg: InboundMessage = {
    channel: "webform",
    providerMessageId: chatProviderMessageId(session.externalId, input.clientId),
    conversationKey: chatConversationKey(session.externalId),
    sender: {
      externalId: session.externalId,
      ...(session.name ? { displayName: session.name } : {}),
      // Only a signed identity's address is proven (staff replies then also go there by email).
      ...(session.verified && session.email ? { email: session.email, emailVerified: true } : {}),
    },
    text,
    language: lang,
    attachments,
    sentAt: new Date(),
    metadata: { source: "chat" },
    chatBot: {
      ackButtons: quickReplies.length ? [quickReplies] : [],
      ...(wantsHuman && read.queue
        ? {
            handoffText: chatHandoffText(lang, {
              ahead: read.queue.ahead,
              expectedMinutes: read.queue.avgMinutes,
              online: read.online,
              email: session.verified ? session.email : null,
            }),
          }
        : {}),
    },
  };
  const result = await desk.ingest(msg, {
    prefetched: read.prefetch(msg),
    alsoWrite: () => [
      {
        kind: "chat_session",
        sessionId: session.id,
        turnstile: needsTurnstile,
        verifiedExternalId: session.verified ? session.externalId : null,
        now: msg.sentAt.toISOString(),
      },
    ],
  });
  if (result.outcome === "duplicate" || !result.stored) {
    // A concurrent retry stored it first: answer with that one.
    const stored = await desk.chat.pushable(result.messageId);
    return c.json({ message: stored?.message ?? null, ticket: stored?.ticket ?? read.latest }, 200);
  }
  const message: ChatMessage = {
    id: result.messageId,
    clientId: input.clientId,
    author: "customer",
    body: result.stored.body,
    createdAt: result.stored.createdAt,
    attachments: result.stored.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      url: `/t/${result.accessToken}/attachments/${a.id}`,
    })),
  };
  const ticket: ChatTicket = {
    id: result.conversationTicketId,
    number: result.ticketNumber,
    link: `/t/${result.accessToken}`,
    ...(result.outcome === "created" || !read.latest
      ? { status: "new" as const, subject: result.stored.ticketSubject ?? "", createdAt: result.stored.createdAt }
      : {
          status: result.outcome === "reopened" ? ("open" as const) : statusAfterCustomerMessage(read.latest.status),
          subject: read.latest.subject,
          createdAt: read.latest.createdAt,
        }),
  };
  // The other tabs and devices of this visitor see it at once (the body as stored: redacted).
  desk.chat.push(msg.conversationKey, { type: "message", message, ticket }, ticket.id);
  return c.json({ message, ticket }, 201);
}

/** GET /api/chat/messages?after=<messageId>: what the conversation has after that message. */
export async function listMessages(c: Context<AppEnv>): Promise<Response> {
  const tokenHash = await tokenHashOf(c);
  const after = c.req.query("after") ?? null;
  if (after !== null && !/^[A-Za-z0-9_-]{1,100}$/.test(after)) {
    if (!(await c.get("desk").chat.findSession(tokenHash))) throw sessionInvalid();
    throw new ValidationError("after is not a message id", [{ path: "after", message: "a message id" }]);
  }
  const { session, ticket, messages } = await c.get("desk").chat.conversation({ tokenHash, after });
  if (!session) throw sessionInvalid();
  return c.json({ messages, ticket });
}
