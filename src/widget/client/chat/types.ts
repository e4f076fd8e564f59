/** The chat API's shapes as the widget sees them (the contract in docs/channels/chat.md). */

export type Lang = "en" | "zh";

export interface ChatAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export interface ChatButton {
  text: string;
  data: string;
}

export interface ChatMessage {
  id: string;
  clientId: string | null;
  author: "customer" | "staff" | "bot";
  body: string;
  createdAt: string;
  attachments: ChatAttachment[];
  buttons?: ChatButton[][];
  agentName?: string | null;
}

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
