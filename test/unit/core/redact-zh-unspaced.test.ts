/**
 * Unspaced Chinese phrases with or without a seed label (the bug: "my wallet words:\n" and 12
 * characters glued together was kept), fresh every run (REDACT_SEED=<seed> replays one), and
 * Chinese look-alikes that stay exactly as written.
 */

import { entropyToMnemonic } from "@scure/bip39";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { leaks } from "../../support/secret-generator";
import { chineseLookalikes, gluedLookalikes, unspacedCases } from "../../support/zh-unspaced";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-unspaced seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`unspaced Chinese phrases (seed ${SEED})`, () => {
  it("redacts the reported case: an English lead-in, then 12 glued characters", () => {
    // A fixed valid phrase (fixed entropy), and a fresh one.
    const fixed = entropyToMnemonic(
      Uint8Array.from({ length: 16 }, (_, i) => (i * 97 + 200) & 255),
      simplified,
    )
      .split(/\s+/u)
      .join("");
    const out = redactSecrets(`my wallet words:\n${fixed}`);
    expect(out.text, fixed).toBe("my wallet words:\n[redacted: seed phrase]");
    expect(out.kinds).toEqual(["seed_phrase"]);
  });

  it("redacts every generated unspaced phrase, in any frame, damaged or not", () => {
    const cases = unspacedCases(SEED, 400);
    const misses: string[] = [];
    const damagedMisses: string[] = [];
    for (const c of cases) {
      const out = redactSecrets(c.text);
      const leak = out.kinds.length ? leaks(c, out.text) : c.fragments.join("");
      const line = `[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)} (left: ${leak})`;
      const strict = c.layout.includes(" none ") && !c.layout.endsWith("inside");
      if (leak) (strict ? misses : damagedMisses).push(line);
    }
    expect(cases.length).toBeGreaterThanOrEqual(300);
    // A whole phrase has its checksum: every one that the text sets apart (a line, punctuation,
    // a lead-in in English) is found.
    // Told from prose by its characters (no label): measured about 1 in 4,000 missed; one allowed.
    expect(misses.length, misses.slice(0, 15).join("\n")).toBeLessThanOrEqual(1);
    // A damaged one, or one glued into Chinese prose, with no label is told from prose by its
    // characters alone (measured: about 1 in 160 missed): at most 3%.
    const damaged = cases.filter((c) => !c.layout.includes(" none ") || c.layout.endsWith("inside")).length;
    expect(damagedMisses.length, damagedMisses.join("\n")).toBeLessThanOrEqual(Math.ceil((damaged * 3) / 100));
  });

  it("leaves Chinese prose untouched, and nearly every random sentence of common characters", () => {
    const cases = chineseLookalikes(SEED, 400);
    const touched = cases
      .map((c) => ({ c, out: redactSecrets(c.text) }))
      .filter(({ c, out }) => out.text !== c.text || out.kinds.length)
      .map(({ c, out }) => `[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const prose = touched.filter((t) => t.startsWith("[prose") && !t.startsWith("[prose shuffled"));
    expect(prose, prose.join("\n")).toEqual([]);
    // Random characters can be a checksum-valid run of rare-enough ones (measured: about 1 in 4,000).
    expect(touched.length, touched.join("\n")).toBeLessThanOrEqual(Math.ceil(cases.length / 100));
  });

  it("leaves random wordlist characters that fail every checksum alone when glued into a sentence", () => {
    // The corpus's look-alikes l109-l112, fresh: no window of the characters is a phrase, and a
    // window half in the sentence must not pass as one (one in 16 would, checked blindly).
    const cases = gluedLookalikes(SEED, 400);
    const touched = cases
      .map((c) => ({ c, out: redactSecrets(c.text) }))
      .filter(({ c, out }) => out.text !== c.text || out.kinds.length)
      .map(({ c, out }) => `[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    // A sentence's characters and random ones can still line up into a valid window whose ends
    // look like word ends (measured about 1.5 in 100; every window checked blindly: about 1 in 2).
    expect(touched.length, touched.join("\n")).toBeLessThanOrEqual(Math.ceil((cases.length * 3) / 100));
  });
});
