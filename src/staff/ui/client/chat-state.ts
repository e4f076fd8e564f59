/**
 * Live chat's pure logic in the inbox (no DOM, no fetch), unit-tested: which ticket is a chat, the
 * customer's live state per ticket (from the ticket's `live` field and `chat.activity` feed events),
 * which staff replies the customer has seen, which identity is a verified widget user, and the
 * throttle of the agent's own typing signal.
 */

/** What the room says about the customer: on the page, typing, read up to when. */
export interface ChatLive {
  online: boolean;
  typing: boolean;
  customerReadAt: string | null;
  /** When `typing` was last said true (ms): a "typing" never followed by its end fades out. */
  typingAt: number;
}

/** The feed's `{ type: "chat.activity", ticketId, online, typing, customerReadAt? }`. */
export interface ChatActivity {
  type: "chat.activity";
  ticketId: string;
  online: boolean;
  typing: boolean;
  customerReadAt?: string | null;
}

/** A "typing" older than this without news is dropped (the visitor's stop may have been lost with its socket). */
export const TYPING_FADE_MS = 12_000;

/** Whether a ticket (or its metadata) says it came from the chat widget. */
export function isChatTicket(t: unknown): boolean {
  const x = t as { source?: unknown; metadata?: { source?: unknown } | null } | null | undefined;
  return x?.source === "chat" || x?.metadata?.source === "chat";
}

/** A feed message as a chat activity when it is one (well-formed), else null. */
export function chatActivityOf(e: unknown): ChatActivity | null {
  const x = e as Partial<ChatActivity> | null;
  if (x?.type !== "chat.activity" || typeof x.ticketId !== "string") return null;
  const readAt = typeof x.customerReadAt === "string" && !Number.isNaN(Date.parse(x.customerReadAt));
  return {
    type: "chat.activity",
    ticketId: x.ticketId,
    online: x.online === true,
    typing: x.typing === true,
    customerReadAt: readAt ? (x.customerReadAt as string) : null,
  };
}

/** The later of two ISO times (a read receipt never goes back). */
export function laterTime(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The ticket's live state from the API's `live` field (null: not a chat, or the room unreachable). */
export function liveFromDetail(
  live: { online?: unknown; typing?: unknown; customerReadAt?: unknown } | null | undefined,
  known: ChatLive | undefined,
  now: number,
): ChatLive | null {
  if (!live) return known ?? null;
  const typing = live.typing === true;
  const readAt = typeof live.customerReadAt === "string" ? live.customerReadAt : null;
  return {
    online: live.online === true,
    typing,
    customerReadAt: laterTime(known?.customerReadAt, readAt),
    typingAt: typing ? now : 0,
  };
}

/** The live state after a feed event: typing needs the customer on the page; the read time only moves forward. */
export function applyChatActivity(current: ChatLive | undefined, e: ChatActivity, now: number): ChatLive {
  const typing = e.online && e.typing;
  return {
    online: e.online,
    typing,
    customerReadAt: laterTime(current?.customerReadAt, e.customerReadAt),
    typingAt: typing ? now : 0,
  };
}

/** Whether the customer is typing now (said so, and not longer ago than the fade). */
export function isTyping(live: ChatLive | null | undefined, now: number): boolean {
  return Boolean(live?.online && live.typing && now - live.typingAt < TYPING_FADE_MS);
}

/** The ids of the staff replies written at or before the customer's read time. */
export function seenReplyIds(
  messages: ReadonlyArray<{ id: string; direction: string; author: string; createdAt: string }>,
  customerReadAt: string | null | undefined,
): Set<string> {
  const upTo = customerReadAt ? Date.parse(customerReadAt) : Number.NaN;
  if (Number.isNaN(upTo)) return new Set();
  return new Set(
    messages
      .filter((m) => m.direction === "out" && m.author === "staff" && Date.parse(m.createdAt) <= upTo)
      .map((m) => m.id),
  );
}

/** What a chat identity is: a verified widget user, an anonymous visitor, or null for any other identity. */
export function chatIdentityKind(i: { externalId: string; verified?: boolean }): "verified" | "visitor" | null {
  if (i.externalId.startsWith("chat:u:")) return i.verified === false ? "visitor" : "verified";
  if (i.externalId.startsWith("chat:v:")) return "visitor";
  return null;
}

/** The agent's typing signal: at most one `true` every `intervalMs` while keys come, and one `false` at the end. */
export interface TypingThrottle {
  /** The reply box changed on `ticketId` (empty text ends typing). */
  input(ticketId: string, text: string): void;
  /** Sent, left the box, or switched tickets: says `false` if `true` was said. */
  stop(): void;
}

export function createTypingThrottle(opts: {
  send: (ticketId: string, typing: boolean) => void;
  now?: () => number;
  intervalMs?: number;
  /** Without keys for this long, typing ends by itself. */
  idleMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}): TypingThrottle {
  const now = opts.now ?? Date.now;
  const interval = opts.intervalMs ?? 3000;
  const idle = opts.idleMs ?? 5000;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let ticket: string | null = null;
  let lastTrue = 0;
  let timer: unknown = null;
  const stop = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (ticket === null) return;
    const id = ticket;
    ticket = null;
    lastTrue = 0;
    opts.send(id, false);
  };
  return {
    stop,
    input(ticketId, text) {
      if (ticket !== null && ticket !== ticketId) stop();
      if (!text.trim()) return stop();
      const t = now();
      if (ticket === null || t - lastTrue >= interval) {
        ticket = ticketId;
        lastTrue = t;
        opts.send(ticketId, true);
      }
      if (timer !== null) clearTimer(timer);
      timer = setTimer(stop, idle);
    },
  };
}
