/**
 * Unicode evasion on the Chinese side (test/support/zh-evasion.ts), fresh every run
 * (REDACT_SEED=<seed> replays one): labels in full-width, traditional characters, look-alike
 * letters or with NBSP, U+3000 and zero-width characters inside ("交 易 密 码：", "P a s s w o r d"),
 * values before their label ("X，是API口令", "X 这是我的Passphrase"), 6位验证码, WeChat/QQ chat logs
 * with the label and the value in two messages, phrases over chat messages or OCR lines; and
 * support prose in the same disguises, which stays.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { leaks, rng, type SecretCase } from "../../support/secret-generator";
import { zhChatOrOcrPhrase, zhEvasionLookalike, zhEvasionPhrase, zhEvasionValue } from "../../support/zh-evasion";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-evasion seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

function missed(make: (r: ReturnType<typeof rng>) => SecretCase, seed: number, n: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = make(r);
    const red = redactSecrets(c.text);
    const leak = red.kinds.length ? leaks(c, red.text) : "everything";
    if (leak) out.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(red.text)} (left: ${leak})`);
  }
  return out;
}

describe(`Unicode evasion on the Chinese side (seed ${SEED})`, () => {
  it("redacts labelled values whatever the label's disguise, its frame or the value's width", () => {
    // Before: 287 of 1,000 left (spaced labels, value before an English label, chat logs, 6位验证码).
    const m = missed(zhEvasionValue, SEED, 1000);
    expect(m, m.slice(0, 20).join("\n")).toEqual([]);
  });

  it("redacts phrases under a disguised label, apart by any separator or numbering, inside a sentence", () => {
    // Before: 84 of 1,000 left (words joined by ，然后 or 和, numbered 第一个词是).
    const m = missed(zhEvasionPhrase, SEED + 1, 600);
    expect(m, m.slice(0, 20).join("\n")).toEqual([]);
  });

  it("redacts phrases pasted as a chat log with timestamps or as OCR lines", () => {
    // Before: 187 of 1,000 left (the sender's name between two messages cut the run).
    const m = missed(zhChatOrOcrPhrase, SEED + 2, 600);
    expect(m, m.slice(0, 20).join("\n")).toEqual([]);
  });

  it("leaves support prose in the same disguises as written", () => {
    const r = rng(SEED + 3);
    const touched: string[] = [];
    for (let i = 0; i < 800; i++) {
      const c = zhEvasionLookalike(r);
      const out = redactSecrets(c.text);
      if (out.text !== c.text || out.kinds.length)
        touched.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${out.text}`);
    }
    expect(touched, touched.slice(0, 20).join("\n")).toEqual([]);
  });
});
