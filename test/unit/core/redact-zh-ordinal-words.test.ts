/**
 * 第 and a numeral are both wordlist characters. In a spaced phrase ("枪 演 域 能 和 第 零 冻 柯 机 屋 基")
 * they are two of its words, not an ordinal ("第零") numbering the next word: read as numbering,
 * the phrase lost two words and stayed whole in the text (about one random spaced Chinese phrase
 * in 10,000). Checksum-valid phrases with 第 and a numeral side by side at a random place, spaced
 * as customers space them, with or without prose around; seed printed (`REDACT_SEED=n` replays).
 */
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as traditional } from "@scure/bip39/wordlists/traditional-chinese.js";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { mulberry32, seedFrom } from "../../support/random";

const SEED = seedFrom("REDACT_SEED");
const NUMERALS = [..."零一二三四五六七八九十百两"];

/** A checksum-valid phrase of `n` words (12, 15, 18, 21 or 24) with 第 and a numeral at `at`, `at + 1`. */
function phraseWithOrdinal(random: () => number, list: readonly string[], n: number): string[] {
  const numerals = NUMERALS.filter((c) => list.includes(c));
  const at = Math.floor(random() * (n - 2));
  const indices = Array.from({ length: n }, () => Math.floor(random() * 2048));
  indices[at] = list.indexOf("第");
  indices[at + 1] = list.indexOf(numerals[Math.floor(random() * numerals.length)] as string);
  // The words' bits, then the entropy they hold (the last word's checksum bits are made again).
  const bits = indices.map((i) => i.toString(2).padStart(11, "0")).join("");
  const entropyBits = bits.slice(0, (n * 11 * 32) / 33);
  const entropy = Uint8Array.from(entropyBits.match(/.{8}/g) as string[], (b) => Number.parseInt(b, 2));
  const words = entropyToMnemonic(entropy, [...list]).split(" ");
  expect(words.slice(0, n - 1)).toEqual(indices.slice(0, n - 1).map((i) => list[i]));
  return words;
}

describe(`a spaced Chinese phrase with 第 and a numeral among its words (seed ${SEED})`, () => {
  it("is redacted whole, bare or in a sentence", () => {
    console.info(`redact-zh-ordinal-words seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
    const random = mulberry32(SEED);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
    const missed: string[] = [];
    for (let k = 0; k < 400; k++) {
      const list = pick([simplified, traditional]);
      const words = phraseWithOrdinal(random, list, pick([12, 12, 12, 15, 18, 24]));
      const sep = pick([" ", "  ", " ", "\u3000"]);
      const spaced = words.join(sep);
      const text = pick([
        spaced,
        `你好，我的钱包被盗了，这是我的备份：\n${spaced}\n请帮我看看`,
        `${spaced} 麻烦尽快处理`,
        `助记词 ${spaced}`,
      ]);
      const out = redactSecrets(text).text;
      // Any three of its words still side by side is a leak.
      if (words.some((_, i) => i + 3 <= words.length && out.includes(words.slice(i, i + 3).join(sep))))
        missed.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
    }
    expect(missed, missed.slice(0, 3).join("\n")).toEqual([]);
  });
});
