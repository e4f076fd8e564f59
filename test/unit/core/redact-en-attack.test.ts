/**
 * Everyday English layouts an attacker's pass found mishandled (test/support/en-attack.ts), fresh
 * values every run (REDACT_SEED=<seed> replays one): a value on the next line of a forwarded chat
 * log or a mail quote, a label cut over a line by OCR, a password followed by another name's value
 * (which stays whole). Look-alikes in the same layouts (prose, contractions, TxIDs) stay as written.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { attackCase, attackLookalike } from "../../support/en-attack";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-en-attack seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
const CASES = 400;

describe(`English attack layouts (seed ${SEED})`, () => {
  it("nothing of the secret is left, and the values next to it stay whole", () => {
    const r = rng(SEED);
    const bad: string[] = [];
    for (let k = 0; k < CASES; k++) {
      const c = attackCase(r);
      const out = redactSecrets(c.text).text;
      const leak = c.secrets.find((s) => {
        const size = Math.min(12, s.length);
        for (let i = 0; i + size <= s.length; i++) if (out.includes(s.slice(i, i + size))) return true;
        return false;
      });
      const lost = c.keep.find((v) => !out.includes(v));
      if (leak || lost) bad.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out)}`);
    }
    expect(bad, bad.slice(0, 12).join("\n")).toEqual([]);
  });

  it("look-alikes in the same layouts stay exactly as written", () => {
    const r = rng(SEED + 1);
    const touched: string[] = [];
    for (let k = 0; k < CASES; k++) {
      const c = attackLookalike(r);
      const out = redactSecrets(c.text);
      if (out.text !== c.text || out.kinds.length)
        touched.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched, touched.slice(0, 12).join("\n")).toEqual([]);
  });
});
