/**
 * A password after a Chinese clause between its label and the value (test/support/zh-clause-labels.ts), fresh
 * values every run (REDACT_SEED=<seed> replays one). An id, a code or a state another word names after the same
 * clause stays as written.
 */

import { describe, expect, it } from "vitest";
import { missedCases, touchedCases } from "../../support/redaction-checks";
import { zhClauseLabelCase, zhClauseLabelLookalike } from "../../support/zh-clause-labels";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-clause-labels seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`a password after 密码忘了，之前的是 (seed ${SEED})`, () => {
  it("redacts every password", () => {
    const missed = missedCases(zhClauseLabelCase, SEED, 500);
    expect(missed, missed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("leaves another name's value after the same clause as written", () => {
    const touched = touchedCases(zhClauseLabelLookalike, SEED + 1, 400);
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });
});
