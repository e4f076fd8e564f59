/**
 * Unspaced Chinese phrases with or without a seed label (the bug: "my wallet words:\n" and 12
 * characters glued together was kept), fresh every run (REDACT_SEED=<seed> replays one), and
 * Chinese look-alikes that stay exactly as written.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { leaks } from "../../support/secret-generator";
import { chineseLookalikes, unspacedCases } from "../../support/zh-unspaced";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-unspaced seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`unspaced Chinese phrases (seed ${SEED})`, () => {
  it("redacts the reported case: an English lead-in, then 12 glued characters", () => {
    const text = "my wallet words:\n的一是在不了有和人这中大";
    // Not a valid checksum on its own: use a generated one.
    const phrase = unspacedCases(SEED, 40).find((c) => c.layout.includes("none glued") && !c.layout.includes("inside"));
    expect(phrase).toBeDefined();
    const words = (phrase as { fragments: string[] }).fragments.join("");
    const out = redactSecrets(`my wallet words:\n${words}`);
    expect(out.text, `${text} / ${words}`).toBe("my wallet words:\n[redacted: seed phrase]");
    expect(out.kinds).toEqual(["seed_phrase"]);
  });

  it("redacts every generated unspaced phrase, in any frame, damaged or not", () => {
    const cases = unspacedCases(SEED, 400);
    const misses: string[] = [];
    for (const c of cases) {
      const out = redactSecrets(c.text);
      const leak = out.kinds.length ? leaks(c, out.text) : c.fragments.join("");
      if (leak) misses.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)} (left: ${leak})`);
    }
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(misses, misses.slice(0, 15).join("\n")).toEqual([]);
  });

  it("leaves Chinese prose and sentences of common characters untouched", () => {
    const cases = chineseLookalikes(SEED, 400);
    const touched = cases
      .map((c) => ({ c, out: redactSecrets(c.text) }))
      .filter(({ c, out }) => out.text !== c.text || out.kinds.length)
      .map(({ c, out }) => `[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(touched, touched.slice(0, 15).join("\n")).toEqual([]);
  });
});
