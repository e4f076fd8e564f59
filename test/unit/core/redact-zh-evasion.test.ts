/**
 * Unicode evasion on the Chinese side (test/support/zh-evasion.ts), fresh every run
 * (REDACT_SEED=<seed> replays one): labels in full-width, traditional characters, look-alike
 * letters or with NBSP, U+3000 and zero-width characters inside ("交 易 密 码：", "P a s s w o r d"),
 * values before their label ("X，是API口令", "X 这是我的Passphrase"), 6位验证码, WeChat/QQ chat logs
 * with the label and the value in two messages, phrases over chat messages or OCR lines; and
 * support prose in the same disguises, which stays.
 */

import { describe, expect, it } from "vitest";
import { missedCases, touchedCases } from "../../support/redaction-checks";
import { zhChatOrOcrPhrase, zhEvasionLookalike, zhEvasionPhrase, zhEvasionValue } from "../../support/zh-evasion";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-evasion seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`Unicode evasion on the Chinese side (seed ${SEED})`, () => {
  it("redacts labelled values whatever the label's disguise, its frame or the value's width", () => {
    // Before: 287 of 1,000 left (spaced labels, value before an English label, chat logs, 6位验证码).
    const m = missedCases(zhEvasionValue, SEED, 1000);
    expect(m, m.slice(0, 20).join("\n")).toEqual([]);
  });

  it("redacts phrases under a disguised label, apart by any separator or numbering, inside a sentence", () => {
    // Before: 84 of 1,000 left (words joined by ，然后 or 和, numbered 第一个词是).
    const m = missedCases(zhEvasionPhrase, SEED + 1, 600);
    expect(m, m.slice(0, 20).join("\n")).toEqual([]);
  });

  it("redacts phrases pasted as a chat log with timestamps or as OCR lines", () => {
    // Before: 187 of 1,000 left (the sender's name between two messages cut the run).
    const m = missedCases(zhChatOrOcrPhrase, SEED + 2, 600);
    expect(m, m.slice(0, 20).join("\n")).toEqual([]);
  });

  it("leaves support prose in the same disguises as written", () => {
    const touched = touchedCases(zhEvasionLookalike, SEED + 3, 800);
    expect(touched, touched.slice(0, 20).join("\n")).toEqual([]);
  });
});
