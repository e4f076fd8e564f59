/** The conversation's state logic, free of DOM and network so it is unit-tested: merge, settle, read, unread. */
import type { ChatMessage } from "./types";

/** A message the visitor wrote that the server has not confirmed yet. Retries reuse its clientId. */
export interface PendingMessage {
  clientId: string;
  text: string;
  /** A quick reply's or button's data, sent as `action`. */
  action?: string;
  files: File[];
  createdAt: string;
  status: "sending" | "retrying" | "failed";
  /** Why it failed (a text key), when status is failed. */
  error?: string;
}

/** `list` with `incoming` added: one entry per id (the newer copy wins), oldest first, ties by id. */
export function mergeMessages(list: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (!incoming.length) return [...list];
  const byId = new Map<string, ChatMessage>();
  for (const m of list) byId.set(m.id, m);
  for (const m of incoming) if (m && typeof m.id === "string") byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => {
    if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
    // The same instant: a customer's message and the bot's answer to it are written in one batch, so the
    // question goes first; otherwise by id, the same whatever order the copies came in.
    const rank = Number(a.author !== "customer") - Number(b.author !== "customer");
    return rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/** Pending messages the server has not stored yet (one whose clientId came back is done). */
export function settlePending(pending: readonly PendingMessage[], stored: readonly ChatMessage[]): PendingMessage[] {
  const done = new Set(stored.map((m) => m.clientId).filter((id): id is string => Boolean(id)));
  return pending.filter((p) => !done.has(p.clientId));
}

/** The id of the newest message, the `after=` of a catch-up; null for an empty conversation. */
export function lastMessageId(list: readonly ChatMessage[]): string | null {
  return list.length ? (list[list.length - 1]?.id ?? null) : null;
}

/** The newest customer message staff had read by `readAt` (where "Read" shows), or null. */
export function readReceiptFor(list: readonly ChatMessage[], readAt: string | null): string | null {
  if (!readAt) return null;
  let found: string | null = null;
  for (const m of list) if (m.author === "customer" && m.createdAt <= readAt) found = m.id;
  return found;
}

/** How many staff or bot messages came after the one the visitor last saw. */
export function unreadCount(list: readonly ChatMessage[], seenUpTo: string | null): number {
  let start = 0;
  if (seenUpTo) {
    const at = list.findIndex((m) => m.id === seenUpTo);
    start = at < 0 ? 0 : at + 1;
  }
  return list.slice(start).filter((m) => m.author !== "customer").length;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** A new client message id (`c` + 24 base32 chars; the API wants `^[A-Za-z0-9_-]{8,64}$`). */
export function newClientId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(24));
  let out = "c";
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** What survives a reload of the page: the pending texts and actions (files cannot be kept). */
export interface StoredPending {
  clientId: string;
  text: string;
  action?: string;
  createdAt: string;
}

/** Pending messages as stored for a reload; files are dropped, a file-only message is not kept. */
export function toStored(pending: readonly PendingMessage[]): StoredPending[] {
  return pending
    .filter((p) => p.status !== "failed" && (p.text || p.action))
    .map((p) => ({
      clientId: p.clientId,
      text: p.text,
      createdAt: p.createdAt,
      ...(p.action ? { action: p.action } : {}),
    }));
}

const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Stored pending messages read back (junk in storage is dropped, never thrown). */
export function fromStored(raw: string | null): PendingMessage[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((v: Partial<StoredPending>) =>
    v && typeof v.clientId === "string" && CLIENT_ID.test(v.clientId) && typeof v.text === "string"
      ? [
          {
            clientId: v.clientId,
            text: v.text,
            ...(typeof v.action === "string" ? { action: v.action } : {}),
            files: [],
            createdAt: typeof v.createdAt === "string" ? v.createdAt : new Date().toISOString(),
            status: "sending" as const,
          },
        ]
      : [],
  );
}
