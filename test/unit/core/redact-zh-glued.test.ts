/**
 * A Chinese phrase glued into a sentence on both sides with no label ("你好我的钱包是…请帮我看看"),
 * simplified or traditional, fresh every run (REDACT_SEED=<seed> replays one), and the sentences
 * of the Chinese prose corpora glued together, which stay.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { leaks, rng } from "../../support/secret-generator";
import { gluedPhraseCase } from "../../support/zh-attack";
import { TRIAGE_ZH, ZH_PROSE } from "../../support/zh-corpus";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-glued seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const SENTENCES = [...ZH_PROSE, ...TRIAGE_ZH];

describe(`phrases glued into Chinese sentences (seed ${SEED})`, () => {
  it("redacts nearly every phrase with prose glued on both sides", () => {
    const r = rng(SEED);
    const missed: string[] = [];
    const n = 1500;
    for (let i = 0; i < n; i++) {
      const c = gluedPhraseCase(r);
      const out = redactSecrets(c.text);
      const leak = out.kinds.length ? leaks(c, out.text) : "everything";
      if (leak) missed.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    }
    // Told from the sentence by its characters alone (the checksum, how rare they are, where the
    // sentence's words end). Measured over 100 seeds of 500: 1,695 of 50,000 missed at first (3.4%),
    // then 686 (1.4%: phrases whose first or last characters are common ones, 们小夜…, …那及对). Since
    // a window whose inner characters rank like a phrase's may start or end with common ones, and the
    // mean rank asked of a window glued on both sides is that of one glued on a side: 195 of 45,000
    // over 30 seeds of 1,500 (0.43%), 6.5 a run, at most 9; 18 fails about 1 run in 20,000 at this
    // rate, and nearly every run of the code before (21 a run).
    expect(missed.length, missed.slice(0, 20).join("\n")).toBeLessThanOrEqual(18);
  });

  it("leaves sentences of support prose glued together as written", () => {
    const r = rng(SEED + 1);
    const touched: string[] = [];
    const n = 1500;
    for (let i = 0; i < n; i++) {
      const parts = Array.from({ length: 1 + r.int(4) }, () => r.pick(SENTENCES));
      let text = parts.join(r.pick(["", "，", "。", " "]));
      if (r.chance(0.5)) text = text.replace(/[，。？！、\s]/g, "");
      const out = redactSecrets(text);
      if (out.kinds.length) touched.push(`${text} -> ${out.text}`);
    }
    // Sentences glued with no punctuation make long runs of characters in which a checksum-valid
    // window of rarer ones turns up now and then. Measured over 30 seeds of 1,500: 177 of 45,000
    // (166 before the glued-phrase change, 1,469 before labels stopped taking sentences), about 6
    // a run, at most 14; 148 of 45,000 (at most 10 a run) on other seeds after the glued ends' change;
    // 20 fails only if the rate rises.
    expect(touched.length, touched.slice(0, 20).join("\n")).toBeLessThanOrEqual(20);
  });
});
