/**
 * Opt-in fault injection for the fake provider APIs: a seeded share of calls to chosen
 * recipients fails with a 500, a 429 with retry-after, or a dropped connection (the request
 * times out from the client's side: no answer ever comes). Off unless a test turns it on, and
 * scoped to the recipients it names, so tests sharing a fake are not disturbed.
 */
import type { IncomingMessage } from "node:http";
import { mulberry32 } from "../support/random";

export type Fault = "500" | "429" | "drop";

export interface ChaosRule {
  /** Share of matching calls that fail, 0..1. */
  rate: number;
  /** Seed of the fault sequence (mulberry32). */
  seed?: number;
  /** Recipients (Telegram chat ids, Discord user ids) whose calls may fail. */
  keys: string[];
  /** Faults to use, in turn (so even a short run sees every kind). Default: all three. */
  faults?: Fault[];
  /** retry_after of the 429s, seconds. Default 1. */
  retry_after?: number;
  /** How long a dropped call hangs before the connection is cut. Default 50 ms. */
  drop_after_ms?: number;
}

export interface Chaos {
  set(rule: ChaosRule | null): void;
  /** The fault for a call to `key`, or null to answer normally. */
  pick(key: string | undefined): { fault: Fault; retryAfter: number } | null;
  /** Cuts the connection of a dropped call after the configured delay, without answering. */
  drop(req: IncomingMessage): void;
}

export function createChaos(): Chaos {
  let rule: (ChaosRule & { keySet: Set<string>; random: () => number; injected: number }) | null = null;
  return {
    set(r) {
      rule =
        r && r.rate > 0
          ? { ...r, keySet: new Set(r.keys.map(String)), random: mulberry32(r.seed ?? 1), injected: 0 }
          : null;
    },
    pick(key) {
      if (!rule || key === undefined || !rule.keySet.has(String(key))) return null;
      if (rule.random() >= rule.rate) return null;
      const faults = rule.faults?.length ? rule.faults : (["500", "429", "drop"] as Fault[]);
      const fault = faults[rule.injected++ % faults.length] as Fault;
      return { fault, retryAfter: rule.retry_after ?? 1 };
    },
    drop(req) {
      // Closed without a byte of answer (a clean FIN, as a proxy that timed out does).
      setTimeout(() => req.socket.end(), rule?.drop_after_ms ?? 50);
    },
  };
}
