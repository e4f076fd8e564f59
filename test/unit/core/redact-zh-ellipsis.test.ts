/**
 * Chinese phrase characters apart by an ellipsis ("屈 … 九 … 零 … 最"): the wordlists hold the
 * numerals 一…十 and 零, and "九 …" read as item nine's number ("九."; NFKD reads "…" as "...")
 * took 九 and 零 out of an 11-character phrase, so the rest was too short and all of it stayed
 * (redact-attack, REDACT_SEED=783172733). And a mistyped 15 holds a chance-valid 12 one time in
 * 16: the two or three characters around it stayed as "stray" ones. Fresh phrases every run, whole
 * or with a word missing.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { type PhraseLength, pick, randomInt, randomPhrase } from "../../support/phrases";

const NUMERALS = [..."一二三四五六七八九十零"];
const SEPARATORS = [" … ", "…", "...", " ... ", " …", "… ", "……"];
const FRAMES = [(s: string) => s, (s: string) => `<div>${s}</div>`, (s: string) => `钱包的字：\n${s}\n谢谢`];

describe("Chinese phrase characters apart by an ellipsis", () => {
  it("leave no character, with numerals among them, whole or with a word missing", () => {
    const misses: string[] = [];
    for (let i = 0; i < 300; i++) {
      const words = randomPhrase({
        lang: pick(["zh-hans", "zh-hant"] as const),
        words: pick([12, 15] as PhraseLength[]),
      }).words.slice();
      // A word missing (no checksum left) and numerals in place of one to three others.
      if (i % 2) words.splice(randomInt(words.length), 1);
      for (let k = 1 + randomInt(3); k > 0; k--) words[randomInt(words.length)] = pick(NUMERALS);
      const text = pick(FRAMES)(words.join(pick(SEPARATORS)));
      const out = redactSecrets(text);
      const left = words.filter((w) => out.text.includes(w) && !"钱包的字谢".includes(w));
      if (!out.kinds.includes("seed_phrase") || left.length > 0)
        misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(misses.slice(0, 10), `${misses.length} of 300 left`).toEqual([]);
  });

  it("still reads a Han numeral before a dot as an item's number", () => {
    const out = redactSecrets("一. 屈 二. 九 三. 零 四. 最 五. 际 六. 勒 七. 换 八. 扩 九. 钠 十. 监 十一. 酶");
    expect(out.kinds).toEqual(["seed_phrase"]);
    expect(out.text).not.toMatch(/[屈最际勒换扩钠监酶]/u);
  });
});
