/**
 * A password opening with a label's own letters ("passphrase=pW%26REso…") and a value in markup after the bare
 * words "pass" and "pin" ("Pass *Ynw3kf*"), fresh every run (test/support/label-led-values.ts; REDACT_SEED=<seed>
 * replays one). The words around the secret stay, and so do words in markup after "pass".
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { labelLedCase, wrappedBareCase, wrappedBareLookalike } from "../../support/label-led-values";
import { missedCases, touchedCases } from "../../support/redaction-checks";
import { leaks, rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-label-led seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`values that open with a label's letters or sit in markup (seed ${SEED})`, () => {
  it("redacts a password opening with pw/pass/pin and a symbol, and only it", () => {
    const r = rng(SEED);
    const bad: string[] = [];
    for (let i = 0; i < 400; i++) {
      const c = labelLedCase(r);
      const out = redactSecrets(c.text).text;
      const lost = c.keep.filter((k) => !out.includes(k));
      if (leaks(c, out) || lost.length) bad.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out)}`);
    }
    expect(bad, bad.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a value in markup after a bare pass or pin", () => {
    const m = missedCases(wrappedBareCase, SEED + 1, 400);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves words in markup after pass as written", () => {
    const t = touchedCases(wrappedBareLookalike, SEED + 2, 300);
    expect(t, t.slice(0, 10).join("\n")).toEqual([]);
  });
});
