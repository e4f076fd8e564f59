/**
 * A spaced Chinese phrase whose first character is glued to the label before it ("我的助记词是與，呀，結，…"):
 * the zh-asides test failed on it (REDACT_SEED=199814796: "與" stayed, the other eleven went). The
 * character after 是/为 is the first item's when with it the items pass the checksum. Fresh phrases every
 * run (REDACT_SEED=<seed> replays one).
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { ZHS_INDEX, ZHT_INDEX } from "../../../src/core/redact/wordlists";
import { mnemonic, type Rng, rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-glued-first seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const LABELS = ["我的助记词是", "助记词为", "助記詞是", "钱包的种子词是", "恢复词为"];
const SEPARATORS = ["，", "、", " ", "  ", ", ", " | ", "\u3000", "-"];
const AFTER = ["", "\n谢谢", "，请帮我看看", "。帮我找回资产，谢谢！"];

/**
 * A phrase of common characters (12 of them, mean log rank under 6, a few in a hundred): no path that reads
 * characters by their rank takes it, so only the spaced items' path can, and the first item is its.
 */
function commonPhrase(r: Rng): string[] {
  for (;;) {
    const words = mnemonic(r, r.pick(["zh-Hans", "zh-Hant"] as const), 12);
    const rank = (w: string) => Math.log((ZHS_INDEX.get(w) ?? ZHT_INDEX.get(w) ?? 0) + 1);
    if (words.reduce((sum, w) => sum + rank(w), 0) / words.length < 6) return words;
  }
}

describe(`a spaced phrase glued to its label (seed ${SEED})`, () => {
  it("takes the first character with the rest", () => {
    const r = rng(SEED);
    const missed: string[] = [];
    for (let i = 0; i < 200; i++) {
      const words = commonPhrase(r);
      const label = r.pick(LABELS);
      const after = r.pick(AFTER);
      const frame = r.pick(["", "麻烦看一下 ", "你好，"]);
      const text = `${frame}${label}${words.join(r.pick(SEPARATORS))}${after}`;
      const out = redactSecrets(text).text;
      // Every character of the phrase gone (one that the label or the sentence around also has may stay there).
      const left = words.filter((w) => out.includes(w) && !`${frame}${label}${after}`.includes(w));
      if (left.length) missed.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)} (left: ${left.join(" ")})`);
    }
    // Before the fix 22-24 of 200 kept their first character (seeds 5, 7).
    expect(missed.slice(0, 10), `${missed.length} of 200`).toEqual([]);
  });
});
