/**
 * Labels written to slip past a reader (test/support/obfuscated-labels.ts), random secrets fresh every run
 * (REDACT_SEED=<seed> replays one): `p@ssword: X`, `passw0rd=X`, `pa$$word is X`, `p.a.s.s.w.o.r.d: X`,
 * `密码时X`, `令牌码：123456`, `秘钥：<key>`, `密玥：<key>`, `助记辞：<phrase>`; and the same words in prose,
 * which stays.
 */

import { describe, expect, it } from "vitest";
import { obfuscatedCase, obfuscatedLookalike } from "../../support/obfuscated-labels";
import { missedCases, touchedCases } from "../../support/redaction-checks";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-obfuscated-labels seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`obfuscated labels (seed ${SEED})`, () => {
  it("redacts the secret after a label in leet, spelt out, or a Chinese homophone", () => {
    const missed = missedCases(obfuscatedCase, SEED, 600);
    expect(missed, missed.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves prose with the same words as written", () => {
    const touched = touchedCases(obfuscatedLookalike, SEED + 1, 300);
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
