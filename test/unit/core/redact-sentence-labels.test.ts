/**
 * A password's label where a sentence puts it (test/support/sentence-labels.ts), fresh values every run
 * (REDACT_SEED=<seed> replays one): no colon after a sentence's end or a greeting's colon or dash, shorthand
 * labels (pswd, psw, p/w) and "my password was changed to X". Prose after the same labels stays as written.
 */

import { describe, expect, it } from "vitest";
import { missedCases, touchedCases } from "../../support/redaction-checks";
import { sentenceLabelCase, sentenceLabelLookalike } from "../../support/sentence-labels";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-sentence-labels seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`passwords after a label mid-message (seed ${SEED})`, () => {
  it("redacts every password", () => {
    const missed = missedCases(sentenceLabelCase, SEED, 600);
    expect(missed, missed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("leaves prose after the same labels as written", () => {
    const touched = touchedCases(sentenceLabelLookalike, SEED + 1, 400);
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });
});
