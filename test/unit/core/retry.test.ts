import { describe, expect, it } from "vitest";
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, planRetry } from "../../../src/core/retry";

const low = () => 0;
const high = () => 1;
const delay = (plan: ReturnType<typeof planRetry>) => {
  if (!plan.retry) throw new Error("expected a retry");
  return plan.delayMs;
};

describe("planRetry", () => {
  it("uses a 2 s base and a 15 min cap", () => {
    expect(BACKOFF_BASE_MS).toBe(2_000);
    expect(BACKOFF_CAP_MS).toBe(900_000);
  });

  it("doubles the ceiling with each attempt", () => {
    const ceilings = [1, 2, 3, 4, 5].map((a) => delay(planRetry(a, 20, undefined, high)));
    expect(ceilings).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it("jitters between half the ceiling (random 0) and the ceiling (random 1)", () => {
    expect(delay(planRetry(1, 20, undefined, low))).toBe(1_000);
    expect(delay(planRetry(1, 20, undefined, high))).toBe(2_000);
    expect(delay(planRetry(3, 20, undefined, low))).toBe(4_000);
    expect(delay(planRetry(3, 20, undefined, high))).toBe(8_000);
    expect(delay(planRetry(3, 20, undefined, () => 0.5))).toBe(6_000);
  });

  it("stays within the jitter bounds with the real random source", () => {
    for (let i = 0; i < 200; i++) {
      const d = delay(planRetry(4, 20, undefined));
      expect(d).toBeGreaterThanOrEqual(8_000);
      expect(d).toBeLessThanOrEqual(16_000);
    }
  });

  it("caps the ceiling at 15 minutes", () => {
    expect(delay(planRetry(10, 50, undefined, high))).toBe(BACKOFF_CAP_MS);
    expect(delay(planRetry(10, 50, undefined, low))).toBe(BACKOFF_CAP_MS / 2);
    expect(delay(planRetry(40, 50, undefined, high))).toBe(BACKOFF_CAP_MS);
    expect(delay(planRetry(9, 50, undefined, high))).toBe(512_000);
  });

  it("honours a provider's retry-after when it is longer than the backoff", () => {
    expect(delay(planRetry(1, 6, 30_000, high))).toBe(30_000);
    expect(delay(planRetry(1, 6, 30_000, low))).toBe(30_000);
  });

  it("keeps the backoff when the provider's retry-after is shorter", () => {
    expect(delay(planRetry(3, 6, 500, high))).toBe(8_000);
    expect(delay(planRetry(3, 6, 0, low))).toBe(4_000);
  });

  it("never asks for more than the 12 h the queue allows", () => {
    expect(delay(planRetry(1, 6, 48 * 3_600_000, low))).toBe(12 * 3_600_000);
  });

  it("stops retrying at the last attempt", () => {
    expect(planRetry(6, 6, undefined, low)).toEqual({ retry: false });
    expect(planRetry(7, 6, 1_000, low)).toEqual({ retry: false });
    expect(planRetry(1, 1, undefined, low)).toEqual({ retry: false });
    expect(planRetry(5, 6, undefined, low).retry).toBe(true);
  });
});
