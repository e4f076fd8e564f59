/**
 * The visitor's unsent messages, sent one at a time in order. A network failure or a 5xx retries the
 * SAME clientId after a backoff (the server stores a clientId once, so a retry never doubles a message);
 * a 429 waits its Retry-After; a 4xx that will not change marks the message failed.
 */
import type { PendingMessage } from "./state";
import { backoffDelay, type Clock, realClock } from "./timing";
import type { ChatMessage, ChatTicket } from "./types";

export type SendOutcome =
  | { ok: true; message: ChatMessage; ticket: ChatTicket | null }
  | { ok: false; retry: boolean; code: string; retryAfterMs?: number };

export interface OutboxOptions {
  send: (p: PendingMessage) => Promise<SendOutcome>;
  /** A message was stored (or a pending one changed): redraw. */
  onStored: (message: ChatMessage, ticket: ChatTicket | null, clientId: string) => void;
  onChange: () => void;
  /** A failure worth telling the visitor (rate limit, blocked, turnstile), by error code. */
  onError?: (code: string, retryAfterMs?: number) => void;
  clock?: Clock;
  random?: () => number;
}

export function createOutbox(opts: OutboxOptions) {
  const clock = opts.clock ?? realClock;
  let items: PendingMessage[] = [];
  let busy = false;
  let attempt = 0;
  let timer: unknown = null;

  const pump = async (): Promise<void> => {
    if (busy) return;
    const next = items.find((p) => p.status !== "failed");
    if (!next) return;
    busy = true;
    let outcome: SendOutcome;
    try {
      outcome = await opts.send(next);
    } catch {
      outcome = { ok: false, retry: true, code: "network" };
    }
    busy = false;
    if (!items.includes(next)) return void pump(); // settled meanwhile (the socket brought it)
    if (outcome.ok) {
      attempt = 0;
      items = items.filter((p) => p !== next);
      opts.onStored(outcome.message, outcome.ticket, next.clientId);
      opts.onChange();
      return pump();
    }
    if (outcome.code !== "network") opts.onError?.(outcome.code, outcome.retryAfterMs);
    if (!outcome.retry) {
      next.status = "failed";
      next.error = outcome.code;
      opts.onChange();
      return pump();
    }
    next.status = "retrying";
    opts.onChange();
    const wait = outcome.retryAfterMs ?? backoffDelay(attempt++, opts.random);
    timer = clock.setTimeout(() => {
      timer = null;
      void pump();
    }, wait);
  };

  return {
    get items(): readonly PendingMessage[] {
      return items;
    },
    /** Queues a new message and starts sending. */
    add(p: PendingMessage) {
      items = [...items, p];
      opts.onChange();
      void pump();
    },
    /** Drops messages whose clientId the server already has (from a catch-up or the socket). */
    settle(stored: readonly ChatMessage[]) {
      const done = new Set(stored.map((m) => m.clientId).filter(Boolean));
      const before = items.length;
      items = items.filter((p) => !done.has(p.clientId));
      if (items.length !== before) opts.onChange();
    },
    /** Try now (the connection is back): skips the backoff wait, keeps every clientId. */
    retryNow() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      attempt = 0;
      for (const p of items) if (p.status === "failed" && p.error === "network") p.status = "retrying";
      void pump();
    },
    /** Sends a failed message again, same clientId. */
    retry(clientId: string) {
      const p = items.find((i) => i.clientId === clientId);
      if (p) {
        p.status = "sending";
        delete p.error;
      }
      opts.onChange();
      void pump();
    },
    /** Gives up on a failed message. */
    discard(clientId: string) {
      items = items.filter((p) => p.clientId !== clientId);
      opts.onChange();
      void pump();
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
