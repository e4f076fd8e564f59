/** Reconnect backoff and the typing throttle: timers injected, so tests drive the clock. */

/** Delay before reconnect attempt `attempt` (0-based): 0.5 s doubling to 15 s, with jitter in [50%, 100%]. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(15_000, 500 * 2 ** Math.max(0, Math.min(attempt, 10)));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Typing frames from keystrokes: `typing: true` at most once per `throttleMs` while keys come,
 * `typing: false` once after `idleMs` without a key (or at once on `stop()`, e.g. when sending).
 */
export function createTypingThrottle(opts: {
  send: (typing: boolean) => void;
  clock?: Clock;
  throttleMs?: number;
  idleMs?: number;
}) {
  const clock = opts.clock ?? realClock;
  const throttleMs = opts.throttleMs ?? 3_000;
  const idleMs = opts.idleMs ?? 4_000;
  let active = false;
  let lastSent = Number.NEGATIVE_INFINITY;
  let idle: unknown = null;
  const stop = () => {
    if (idle !== null) clock.clearTimeout(idle);
    idle = null;
    if (active) {
      active = false;
      lastSent = Number.NEGATIVE_INFINITY;
      opts.send(false);
    }
  };
  return {
    /** A keystroke in the composer. */
    input() {
      const now = clock.now();
      if (!active || now - lastSent >= throttleMs) {
        active = true;
        lastSent = now;
        opts.send(true);
      }
      if (idle !== null) clock.clearTimeout(idle);
      idle = clock.setTimeout(stop, idleMs);
    },
    stop,
  };
}
