/**
 * Labels written to slip past a reader (test/support/obfuscated-labels.ts), random secrets fresh every run
 * (REDACT_SEED=<seed> replays one): `p@ssword: X`, `passw0rd=X`, `pa$$word is X`, `p.a.s.s.w.o.r.d: X`,
 * `密码时X`, `令牌码：123456`, `秘钥：<key>`, `密玥：<key>`, `助记辞：<phrase>`; and the same words in prose,
 * which stays.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { obfuscatedCase, obfuscatedLookalike } from "../../support/obfuscated-labels";
import { leaks, rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-obfuscated-labels seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`obfuscated labels (seed ${SEED})`, () => {
  it("redacts the secret after a label in leet, spelt out, or a Chinese homophone", () => {
    const r = rng(SEED);
    const missed: string[] = [];
    for (let i = 0; i < 600; i++) {
      const c = obfuscatedCase(r);
      const red = redactSecrets(c.text);
      const leak = red.kinds.length ? leaks(c, red.text) : "everything";
      if (leak) missed.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(red.text)}`);
    }
    expect(missed, missed.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves prose with the same words as written", () => {
    const r = rng(SEED + 1);
    const touched: string[] = [];
    for (let i = 0; i < 300; i++) {
      const text = obfuscatedLookalike(r);
      const out = redactSecrets(text);
      if (out.kinds.length) touched.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
