/**
 * English phrases that repeat words (the bug: a reversed 12-word phrase with three repeats and
 * " • " between the words was kept), fresh every run (REDACT_SEED=<seed> replays one).
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { lookalikeCases } from "../../support/lookalike-generator";
import { repeatedWordCases, repeatLeak } from "../../support/repeats";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-repeats seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`phrases with repeated words (seed ${SEED})`, () => {
  it("the reported case: reversed, three repeats, look-alike letters, ' • ' between", () => {
    const text = "umbrellа • shop • age • rеturn • this • return • shop • fossil • mothеr • rеturn • current • crу";
    expect(redactSecrets(text)).toEqual({ text: "[redacted: seed phrase]", kinds: ["seed_phrase"] });
  });

  it("redacts every phrase with up to a third of its words repeated, in any order, separator or disguise", () => {
    const misses: string[] = [];
    for (const c of repeatedWordCases(SEED, 400)) {
      const out = redactSecrets(c.text);
      const leak = out.kinds.length ? repeatLeak(c.words, out.text) : "everything";
      if (leak) misses.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)} (left: ${leak})`);
    }
    expect(misses, misses.slice(0, 10).join("\n")).toEqual([]);
  });

  it("look-alikes (prose, lists, code) stay as they are", () => {
    const touched = lookalikeCases(SEED, 600).filter((c) => redactSecrets(c.text).text !== c.text);
    expect(touched.map((c) => c.text).slice(0, 5)).toEqual([]);
  });
});
