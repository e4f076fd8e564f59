/**
 * Live chat (the web channel made live): the shapes the widget API, the ChatRoom and the staff feed
 * share, and the pure rules about them (ids, keys, limits). No I/O.
 */
import type { OutboundButton } from "./channel";
import type { Language } from "./inbound";
import type { TicketStatus } from "./ticket";

/** A verified user's id as the exchange's backend signs it. */
export const CHAT_USER_ID = /^[A-Za-z0-9_.:@+-]{1,128}$/;
/** A widget's per-message id, reused on every retry of that message. */
export const CHAT_CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** A server-minted anonymous visitor: `v` + 24 base32 characters. */
export const CHAT_VISITOR_ID = /^v[a-z2-7]{24}$/;
/** A chat session's bearer token: 32 random bytes, base64url without padding. */
export const CHAT_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Longest chat text a visitor may send. */
export const CHAT_MAX_CHARS = 4_000;
/** How many of the conversation's messages a session or a catch-up returns at most. */
export const CHAT_MESSAGE_PAGE = 100;
/** The WebSocket subprotocol of the widget's socket (the token rides as the second protocol). */
export const CHAT_SOCKET_PROTOCOL = "relaydesk-chat";

const DAY_MS = 86_400_000;
/** A widget session not used for this long has expired (sliding: every use renews it). */
export const CHAT_SESSION_IDLE_MS = 30 * DAY_MS;
/** However often it is used, a session ends this long after it started (a verified user's next one continues the conversation). */
export const CHAT_SESSION_MAX_AGE_MS = 90 * DAY_MS;
/** A read (catch-up, socket, resume) renews the session at most this often: no write per request. */
export const CHAT_SESSION_RENEW_MS = 3_600_000;

/** Whether a session (its start and last use, ISO 8601) has expired at `now`. */
export function chatSessionExpired(s: { createdAt: string; lastSeenAt: string }, now: Date): boolean {
  const t = now.getTime();
  return t - Date.parse(s.lastSeenAt) >= CHAT_SESSION_IDLE_MS || t - Date.parse(s.createdAt) >= CHAT_SESSION_MAX_AGE_MS;
}

/** The bounds a live session's timestamps must be within at `now` (for SQL that renews only live sessions). */
export function chatSessionBounds(now: Date): { idleSince: string; startedSince: string; renewBefore: string } {
  const t = now.getTime();
  return {
    idleSince: new Date(t - CHAT_SESSION_IDLE_MS).toISOString(),
    startedSince: new Date(t - CHAT_SESSION_MAX_AGE_MS).toISOString(),
    renewBefore: new Date(t - CHAT_SESSION_RENEW_MS).toISOString(),
  };
}
/** Largest client frame the room reads; bigger ones are ignored. */
export const CHAT_FRAME_MAX_BYTES = 4_096;

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** A new anonymous visitor id (`v` + 24 random base32 characters). */
export function newVisitorId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let out = "v";
  for (const b of bytes) out += BASE32[b & 31];
  return out;
}

/** A visitor's webform identity: `chat:u:<userId>` (verified) or `chat:v:<visitorId>` (anonymous). */
export function chatExternalId(who: { userId: string } | { visitorId: string }): string {
  return "userId" in who ? `chat:u:${who.userId}` : `chat:v:${who.visitorId}`;
}

/** The conversation of a visitor's identity: `webform:chat:u:<userId>` or `webform:chat:v:<visitorId>`. */
export function chatConversationKey(externalId: string): string {
  return `webform:${externalId}`;
}

/** Whether a webform conversation key is a live chat's. */
export function isChatConversation(conversationKey: string): boolean {
  return conversationKey.startsWith("webform:chat:");
}

/** The dedupe key of a chat message: the visitor's identity and the widget's client id. */
export function chatProviderMessageId(externalId: string, clientId: string): string {
  return `${externalId}:${clientId}`;
}

/** The ticket as the widget shows it. */
export interface ChatTicket {
  id: string;
  number: string;
  status: TicketStatus;
  /** `/t/<token>`: the customer's secret ticket page. */
  link: string;
  subject: string;
  createdAt: string;
}

export interface ChatAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** `/t/<token>/attachments/<id>` */
  url: string;
}

/** One customer-visible message (no notes, no staff-only fields); `body` as stored (already redacted). */
export interface ChatMessage {
  id: string;
  clientId: string | null;
  author: "customer" | "staff" | "bot";
  body: string;
  createdAt: string;
  attachments: ChatAttachment[];
  buttons?: OutboundButton[][];
  agentName?: string | null;
}

/** What every visitor may know about the desk's chat. */
export interface ChatPublicSettings {
  /** Set when the admin wants Turnstile on a visitor's first message. */
  turnstileSiteKey: string | null;
  quickReplies: OutboundButton[];
  maxBytes: number;
  maxCount: number;
  maxChars: number;
  /** Inside business hours. */
  online: boolean;
}

/** Server -> client frames on a chat socket. */
export type ChatFrame =
  | { type: "message"; message: ChatMessage; ticket?: ChatTicket }
  | { type: "typing"; from: "staff" | "customer"; name?: string; typing: boolean }
  | { type: "read"; by: "staff" | "customer"; at: string }
  | { type: "ticket"; ticket: ChatTicket };

/** What the Worker hands a room to fan out: the frame, and the ticket it concerns (a `/t/` socket sees only its own). */
export interface ChatPush {
  frame: ChatFrame;
  ticketId: string | null;
}

/** What the staff see of a chat conversation's visitor. */
export interface ChatPresence {
  online: boolean;
  typing: boolean;
  customerReadAt: string | null;
}

/** The providerMessageId's client id part, when the message came from the widget (else null). */
export function clientIdOf(providerMessageId: string | null, externalId: string | null): string | null {
  if (!providerMessageId || !externalId || !providerMessageId.startsWith(`${externalId}:`)) return null;
  const id = providerMessageId.slice(externalId.length + 1);
  return CHAT_CLIENT_ID.test(id) ? id : null;
}

/** The quick replies offered when the admin has not set their own. */
export function defaultQuickReplies(lang: Language): OutboundButton[] {
  return lang === "zh"
    ? [
        { text: "充值问题", data: "topic:deposit" },
        { text: "提现问题", data: "topic:withdrawal" },
        { text: "登录问题", data: "topic:login" },
        { text: "实名认证", data: "topic:kyc" },
        { text: "转人工", data: "human" },
      ]
    : [
        { text: "Deposit", data: "topic:deposit" },
        { text: "Withdrawal", data: "topic:withdrawal" },
        { text: "Login", data: "topic:login" },
        { text: "KYC", data: "topic:kyc" },
        { text: "Talk to a person", data: "human" },
      ];
}

export const CHAT_TOPICS = ["deposit", "withdrawal", "login", "kyc"] as const;
export type ChatTopic = (typeof CHAT_TOPICS)[number];

/** A quick reply's topic as a customer message in their language (so triage categorises it). */
export function topicText(topic: ChatTopic, lang: Language): string {
  const texts: Record<ChatTopic, Record<Language, string>> = {
    deposit: { en: "I have a question about a deposit.", zh: "我有充值问题。" },
    withdrawal: { en: "I have a question about a withdrawal.", zh: "我有提现问题。" },
    login: { en: "I can't log in to my account.", zh: "我登录不了账户。" },
    kyc: { en: "I have a question about KYC verification.", zh: "我有实名认证（KYC）问题。" },
  };
  return texts[topic][lang];
}

/** The customer message a `human` action stands for (the hand-off words triage already knows). */
export function humanText(lang: Language): string {
  return lang === "zh" ? "转人工" : "Talk to a person";
}

/** A button's `data` the chat API understands. */
export type ChatAction =
  | { kind: "topic"; topic: ChatTopic }
  | { kind: "human" }
  | { kind: "csat"; ticketId: string; rating: number };

/** Parses a quick reply's or button's data; null for anything else. */
export function parseChatAction(data: string): ChatAction | null {
  if (data === "human") return { kind: "human" };
  const topic = /^topic:([a-z]+)$/.exec(data)?.[1];
  if (topic && (CHAT_TOPICS as readonly string[]).includes(topic)) return { kind: "topic", topic: topic as ChatTopic };
  const csat = /^csat:([a-z]{2,4}_[a-z0-9]{1,60}):([1-5])$/.exec(data);
  if (csat) return { kind: "csat", ticketId: csat[1] as string, rating: Number(csat[2]) };
  return null;
}
