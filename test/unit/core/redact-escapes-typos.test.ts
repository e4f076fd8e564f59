/**
 * Two classes session 28's attack found leaking whole (random secrets, fresh every run;
 * REDACT_SEED=<seed> replays one): a secret inside a pasted JSON string whose line breaks, tabs and
 * (a JSON dump's default) Chinese characters are escapes (`\n`, `\t`, `\u52a9`); and a secret after
 * its label misspelt (`pasword:`, `Passwrod`, `private kye`, `私匙`, `密匙`). And their look-alikes,
 * which stay (test/support/escapes-typos.ts).
 */

import { describe, expect, it } from "vitest";
import { escapedCase, escapedLookalike, typoLabelCase, typoLabelLookalike } from "../../support/escapes-typos";
import { missedCases, touchedCases } from "../../support/redaction-checks";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-escapes-typos seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`escaped JSON strings and misspelt labels (seed ${SEED})`, () => {
  it("redacts a phrase, key or password inside a JSON string written with \\n, \\t and \\u escapes", () => {
    // Main missed 100% of the phrases (600 of 1,000 cases here).
    const m = missedCases(escapedCase, SEED, 500);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves prose, TxIDs and ids inside the same JSON strings as written", () => {
    const t = touchedCases(escapedLookalike, SEED + 1, 500);
    expect(t, t.slice(0, 10).join("\n")).toEqual([]);
  });

  it("redacts a secret after its label misspelt (pasword, passwrod, private kye, 私匙, 密匙, pinyin slips: 私要, 秘码, 密马…)", () => {
    const m = missedCases(typoLabelCase, SEED + 2, 500);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves sentences that only speak of a misspelt label as written", () => {
    const t = touchedCases(typoLabelLookalike, SEED + 3, 400);
    expect(t, t.slice(0, 10).join("\n")).toEqual([]);
  });
});
