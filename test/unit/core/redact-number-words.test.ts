/**
 * Phrases numbered in words (test/support/number-words.ts), fresh every run (REDACT_SEED=<seed> replays one):
 * "one: w" … "twenty-four: w" and ordinals at each line's start, and "No.N" lists holding the word "word". Steps
 * numbered the same way stay as written.
 */

import { describe, expect, it } from "vitest";
import { numberWordsCase, numberWordsLookalike } from "../../support/number-words";
import { missedCases, touchedCases } from "../../support/redaction-checks";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-number-words seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`phrases numbered in words (seed ${SEED})`, () => {
  it("redacts every phrase", () => {
    const missed = missedCases(numberWordsCase, SEED, 400);
    expect(missed, missed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("leaves steps numbered in words as written", () => {
    const touched = touchedCases(numberWordsLookalike, SEED + 1, 300);
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });
});
