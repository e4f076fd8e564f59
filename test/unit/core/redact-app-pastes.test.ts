/**
 * What customers paste from apps (test/support/app-pastes.ts), fresh every run (REDACT_SEED=<seed> replays it):
 * a password on a bulleted or emoji-led line without a colon, after a dash glued to its label or in corner
 * quotes, in a password manager's XML export, and Google's lower-case setup key in groups of four; with the
 * same layouts around states, prose and public values, which stay.
 */

import { describe, expect, it } from "vitest";
import { appPasteCase, appPasteLookalike } from "../../support/app-pastes";
import { missedCases, touchedCases } from "../../support/redaction-checks";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-app-pastes seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`secrets pasted from apps (seed ${SEED})`, () => {
  it("redacts every secret in every layout", () => {
    const missed = missedCases(appPasteCase, SEED, 800);
    expect(missed, missed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("leaves states, prose and public values in the same layouts as written", () => {
    const touched = touchedCases(appPasteLookalike, SEED + 1, 500);
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
