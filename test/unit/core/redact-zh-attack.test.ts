/**
 * What Chinese-speaking customers paste (test/support/zh-attack.ts), fresh every run
 * (REDACT_SEED=<seed> replays one): passwords, PINs, 2FA codes, API secrets and keys after
 * Chinese labels in brackets 【】「」, after ：/:/是/为, on the next line or before the label
 * ("…，这是我的资金密码"), full-width; phrases numbered, split, glossed in pinyin or English; and Chinese support prose with TxIDs, addresses and order
 * numbers, which stays exactly as written.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { leaks, rng } from "../../support/secret-generator";
import { zhLabelledCase, zhLookalike, zhPhraseCase } from "../../support/zh-attack";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-attack seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`Chinese customers' pastes (seed ${SEED})`, () => {
  it("redacts every labelled value, whatever the label, brackets, colon or order", () => {
    const r = rng(SEED);
    const missed: string[] = [];
    for (let i = 0; i < 800; i++) {
      const c = zhLabelledCase(r);
      const out = redactSecrets(c.text);
      const leak = out.kinds.length ? leaks(c, out.text) : "everything";
      if (leak) missed.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(missed, missed.slice(0, 20).join("\n")).toEqual([]);
  });

  it("redacts every phrase, traditional or simplified, numbered, split by ，、, glossed in pinyin or English, in JSON or a table", () => {
    const r = rng(SEED + 2);
    const missed: string[] = [];
    for (let i = 0; i < 600; i++) {
      const c = zhPhraseCase(r);
      const out = redactSecrets(c.text);
      const leak = out.kinds.length ? leaks(c, out.text) : "everything";
      if (leak) missed.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)} (left: ${leak})`);
    }
    expect(missed, missed.slice(0, 20).join("\n")).toEqual([]);
  });

  it("leaves Chinese support prose with TxIDs, addresses, order numbers and UIDs as written", () => {
    const r = rng(SEED + 1);
    const touched: string[] = [];
    for (let i = 0; i < 600; i++) {
      const c = zhLookalike(r);
      const out = redactSecrets(c.text);
      if (out.text !== c.text || out.kinds.length)
        touched.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${out.text}`);
    }
    expect(touched, touched.slice(0, 20).join("\n")).toEqual([]);
  });
});
