/**
 * A PIN or password after "pin"/"pass" with no colon and no owner word before it (test/support/pin-pass.ts),
 * fresh values every run (REDACT_SEED=<seed> replays one). Prose with the same words stays as written.
 */

import { describe, expect, it } from "vitest";
import { pinPassCase, pinPassLookalike } from "../../support/pin-pass";
import { missedCases, touchedCases } from "../../support/redaction-checks";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-pin-pass seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`a PIN or password after pin/pass (seed ${SEED})`, () => {
  it("redacts every PIN and password", () => {
    const missed = missedCases(pinPassCase, SEED, 500);
    expect(missed, missed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("leaves prose with pin and pass as written", () => {
    const touched = touchedCases(pinPassLookalike, SEED + 1, 400);
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });
});
