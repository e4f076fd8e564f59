/**
 * Chinese labels in the orders customers type without a connector (test/support/zh-value-order.ts),
 * fresh every run (REDACT_SEED=<seed> replays one): `882910 资金密码`, `密码的话 X`, a chat log's
 * time stamps before each line, OCR'd full-width values with spaces inserted, traditional labels,
 * 是/为/就是 after the value; and amounts, ids, dates, addresses and prose beside the same labels,
 * which stay.
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { missedCases, touchedCases } from "../../support/redaction-checks";
import { leaks, rng } from "../../support/secret-generator";
import {
  splitPrefixKeyCase,
  splitPrefixTxLookalike,
  zhValueOrderCase,
  zhValueOrderLookalike,
} from "../../support/zh-value-order";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-value-order seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`Chinese labels after their value or before a filler (seed ${SEED})`, () => {
  it("redacts the value whatever the order, the filler, the time stamps or the OCR spacing", () => {
    const r = rng(SEED);
    const missed: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const c = zhValueOrderCase(r);
      const out = redactSecrets(c.text);
      const leak = out.kinds.length ? leaks(c, out.text) : "everything";
      if (leak) missed.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)} (left: ${leak})`);
    }
    expect(missed, missed.slice(0, 20).join("\n")).toEqual([]);
  });

  it("redacts what fresh seeds missed: a 0x key after a sentence with a transaction word, id-like OCR pieces", () => {
    // REDACT_SEED=2099826481: "签名" (signature) in the sentence before claimed a 0x key labelled right after it
    // (the value reader took 64 characters, so never "0x" and its 64). 277165/7919 (a measuring run): an OCR'd
    // key's random pieces "tX 1" and "id 6" read as an id and its number.
    const key = "0x341dc56ae00a455e56eec737087100510df7d8fa786b6c74251fcfc7fb7f6c36";
    for (const [text, value] of [
      [`API签名一直验证失败，按文档做的\n${key} 私鑰，帮我看看`, key.slice(2)],
      [`签名失败\n${key} 私钥`, key.slice(2)],
      [
        "ｘＬｂｃＡＰＡｖＺｓ４ｂ５３ Ｆｑ ｎ ＥＫ Ｗ ｙＮ ７ＳｎＺ Ｖ Ｑ ｚ ＹａＦ ｔＸ １ 密钥",
        "xLbcAPAvZs4b53FqnEKWyN7SnZVQzYaFtX1",
      ],
      ["Ｄ＾Ｚ ？＿ ｉｄ ６ ７ｃ 是我的密码", "D^Z?_id67c"],
    ] as const) {
      const out = redactSecrets(text);
      expect(leaks({ layout: "", kind: "password", text, fragments: [value] }, out.text), text).toBeNull();
    }
    // Still an id's number: "UID 12345678" before a label is the id's, not the password's.
    expect(redactSecrets("UID 12345678 资金密码").kinds).toEqual([]);
  });

  it("redacts a key whose 0x an OCR split from its digits, and leaves a TxID written so", () => {
    const missed = missedCases(splitPrefixKeyCase, SEED + 2, 300);
    expect(missed, missed.slice(0, 10).join("\n")).toEqual([]);
    const touched = touchedCases(splitPrefixTxLookalike, SEED + 3, 200);
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves amounts, ids, dates, addresses and prose beside the same labels as written", () => {
    const r = rng(SEED + 1);
    const touched: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const c = zhValueOrderLookalike(r);
      const out = redactSecrets(c.text);
      // Only what this file is about: a Chinese label's value. A seed phrase read into prose beside a
      // label is an older miss of the Chinese phrase reader (on main too), listed in docs/security.md.
      if (out.kinds.some((k) => k !== "seed_phrase"))
        touched.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(touched, touched.slice(0, 20).join("\n")).toEqual([]);
  });
});
