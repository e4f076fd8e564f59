/** Delivery retry policy: exponential backoff with full jitter, honouring a provider's retry-after. */

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 15 * 60_000;

export type RetryPlan = { retry: true; delayMs: number } | { retry: false };

/**
 * What to do after attempt number `attempt` (1-based) failed with a retryable error.
 * `random` is injectable so tests can pin the jitter.
 */
export function planRetry(
  attempt: number,
  maxAttempts: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): RetryPlan {
  if (attempt >= maxAttempts) return { retry: false };
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  // A provider's explicit ask (429 retry_after) wins over our guess when it is longer.
  const delayMs = Math.max(jittered, retryAfterMs ?? 0);
  return { retry: true, delayMs: Math.min(delayMs, 12 * 3_600_000) };
}
