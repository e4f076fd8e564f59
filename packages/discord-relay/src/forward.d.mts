/** Types of forward.mjs (plain JS so the relay runs on any Node without a build step). */
import type { Message } from "discord.js";

export interface RelayPayload {
  id: string;
  channelId: string;
  kind: "dm" | "thread";
  guildId: string | null;
  author: { id: string; username: string; globalName: string | null };
  content: string;
  timestamp: string;
  attachments: RelayFile[];
  replyToId: string | null;
  /** A forwarded message's snapshot (text and files), never where it came from. */
  forwarded?: { content: string; attachments: RelayFile[] };
}

export interface RelayFile {
  id: string;
  filename: string;
  url: string;
  size: number;
  contentType: string | null;
}

export function payloadOf(message: Message): RelayPayload | null;

export function signedHeaders(
  secret: string,
  body: string,
  now?: number,
): { "Content-Type": string; "X-Relay-Timestamp": string; "X-Relay-Signature": string };

export function forward(args: {
  workerUrl: string;
  secret: string;
  payload: RelayPayload;
  log?: Pick<Console, "warn" | "error">;
  sleep?: (ms: number) => Promise<void>;
}): Promise<boolean>;
