/**
 * A secret written twice in one message (test/support/copied-values.ts), fresh values every run
 * (REDACT_SEED=<seed> replays one): every copy goes once one is found, and a password before a clause
 * that names it ("X which is my password") goes too. A code's digits inside a longer number stay.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { codeInsideNumber, copiedValueCase } from "../../support/copied-values";
import { missedCases } from "../../support/redaction-checks";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-copied-values seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`a secret written twice (seed ${SEED})`, () => {
  it("redacts every copy, labelled or not, before or after the labelled one", () => {
    const missed = missedCases(copiedValueCase, SEED, 600);
    expect(missed, missed.slice(0, 12).join("\n")).toEqual([]);
  });

  it("keeps a longer number that holds a redacted code's digits", () => {
    const r = rng(SEED + 1);
    const eaten: string[] = [];
    for (let i = 0; i < 300; i++) {
      const c = codeInsideNumber(r);
      const out = redactSecrets(c.text);
      if (!out.kinds.includes("2fa_code") || !out.text.includes(c.number))
        eaten.push(`${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(eaten, eaten.slice(0, 8).join("\n")).toEqual([]);
  });
});
