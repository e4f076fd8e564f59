/**
 * The chat API's shapes as the widget sees them (the contract in docs/channels/chat.md). The message shapes
 * are the server's own (src/core/chat.ts, type-only: nothing of it reaches the bundle), so they cannot drift.
 */
import type { OutboundButton as ChatButton } from "../../../core/channel";
import type { ChatAttachment, ChatMessage } from "../../../core/chat";

export type { ChatAttachment, ChatButton, ChatMessage };

export type Lang = "en" | "zh";

export interface ChatTicket {
  id: string;
  number: string;
  status: string;
  link: string;
  subject: string;
  createdAt: string;
}

export interface ChatPublicSettings {
  turnstileSiteKey: string | null;
  quickReplies: ChatButton[];
  maxBytes: number;
  maxCount: number;
  maxChars: number;
  online: boolean;
}

export interface ChatSession {
  token: string;
  visitor: { id: string; verified: boolean; name: string | null };
  ticket: ChatTicket | null;
  messages: ChatMessage[];
  history: ChatTicket[];
  settings: ChatPublicSettings;
}

/** Frames the room sends. */
export type ServerFrame =
  | { type: "message"; message: ChatMessage; ticket?: ChatTicket }
  | { type: "typing"; from: "staff" | "customer"; name?: string; typing: boolean }
  | { type: "read"; by: "staff" | "customer"; at: string }
  | { type: "ticket"; ticket: ChatTicket }
  | { type: "pong" };

/** Frames the widget sends. */
export type ClientFrame = { type: "typing"; typing: boolean } | { type: "read"; upTo: string } | { type: "ping" };
