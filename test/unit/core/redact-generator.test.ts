/**
 * Random secrets in random layouts, fresh every run (the seed is logged; REDACT_SEED=<seed>
 * replays a run): every one is redacted with nothing of it left, and random look-alikes are
 * left exactly as they were.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { lookalikeCases } from "../../support/lookalike-generator";
import { leaks, secretCases } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-generator seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`redaction of generated secrets (seed ${SEED})`, () => {
  it("finds every secret: no four phrase words in a row and no 16 characters of a key survive", () => {
    const cases = secretCases(SEED, 600);
    const misses: string[] = [];
    for (const c of cases) {
      const out = redactSecrets(c.text);
      const leak = out.kinds.length ? leaks(c, out.text) : c.fragments.join(" ");
      if (leak) misses.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)} (left: ${leak})`);
    }
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(misses, misses.slice(0, 15).join("\n")).toEqual([]);
  });

  it("names what it found", () => {
    for (const c of secretCases(SEED + 1, 150)) {
      const kinds = redactSecrets(c.text).kinds;
      expect(kinds.length, `[${c.layout}] ${c.text}`).toBeGreaterThan(0);
    }
  });

  it("leaves every look-alike untouched", () => {
    const cases = lookalikeCases(SEED, 600);
    const touched = cases
      .map((c) => ({ c, out: redactSecrets(c.text) }))
      .filter(({ c, out }) => out.text !== c.text || out.kinds.length)
      .map(({ c, out }) => `[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(touched, touched.slice(0, 15).join("\n")).toEqual([]);
  });
});
