/**
 * A Chinese phrase written as a numbered list (1. 2. 3., 1) 2) 3), circled ①②③, with or without
 * line breaks) whose last item is glued to the sentence after it ("⑱聽请帮我看看是不是被盗了"):
 * circled numbers read as digits, and a count 1, 2, 3, … is a list, not a date (REDACT_SEED=8175949
 * in redact-zh-unspaced left all 18 characters). Fresh phrases every run. And a list numbered in
 * digits (keycaps 1️⃣ 🔟 1️⃣1️⃣ too) one of whose words is a numeral before 、 ("7️⃣ 十、8️⃣ 耐"), seeded
 * (REDACT_SEED=<seed> replays one), with support prose numbered the same way as the look-alikes.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { type PhraseLength, pick, randomInt, randomPhrase } from "../../support/phrases";
import { missedCases, touchedCases } from "../../support/redaction-checks";
import { zhNumeralItemLookalike, zhNumeralItemPhrase } from "../../support/zh-numeral-items";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-numbered seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
const numberings: Record<string, (n: number) => string> = {
  circled: (n) => (n <= 20 ? (CIRCLED[n - 1] as string) : `${n}.`),
  dot: (n) => `${n}.`,
  paren: (n) => `${n})`,
  comma: (n) => `${n}、`,
  bare: (n) => `${n}`,
};
const TAILS = ["请帮我看看是不是被盗了", "这样对吗", "帮我查一下谢谢", "钱不见了怎么办"];
const LEADS = ["", "Hi support,\n", "客服你好\n", "我的钱包：\n"];

describe("numbered Chinese phrases glued to the sentence after them", () => {
  it("leave no character of the phrase, with any numbering, on one line or many", () => {
    const misses: string[] = [];
    for (let i = 0; i < 300; i++) {
      const phrase = randomPhrase({
        lang: pick(["zh-hans", "zh-hant"] as const),
        words: pick([12, 18, 24] as PhraseLength[]),
      });
      const num = numberings[pick(Object.keys(numberings))] as (n: number) => string;
      const sep = pick(["", " ", "\n"]);
      const list = phrase.words.map((w, k) => `${num(k + 1)}${w}`).join(sep);
      const text = `${pick(LEADS)}${list}${pick(TAILS)}`;
      const out = redactSecrets(text);
      const left = phrase.words.filter((w, k) => out.text.includes(`${num(k + 1)}${w}`));
      if (!out.kinds.includes("seed_phrase") || left.length || out.text.includes(phrase.words.join("")))
        misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(misses.slice(0, 10), `${misses.length} of 300 left`).toEqual([]);
  });

  it("still leaves dates and amounts alone (numbers that do not count 1, 2, 3)", () => {
    for (let i = 0; i < 50; i++) {
      const y = 2020 + randomInt(6);
      const text = `${y}年${1 + randomInt(12)}月${1 + randomInt(28)}日${randomInt(24)}点${randomInt(60)}分充值${100 + randomInt(900)}元到账了吗`;
      expect(redactSecrets(text).text).toBe(text);
    }
  });
});

describe(`a numeral among a list's words numbered in digits (seed ${SEED})`, () => {
  it("redacts the phrase, a word dropped or not, whatever the numbering (keycaps, 1., (1), ①) and frame", () => {
    // Before: 7-8% of cases left whole ("7️⃣ 十、" read as the numbering 十、, one word short of 11).
    const m = missedCases(zhNumeralItemPhrase, SEED, 400);
    expect(m, m.slice(0, 10).join("\n")).toEqual([]);
  });

  it("leaves support sentences numbered the same way as written", () => {
    const touched = touchedCases(zhNumeralItemLookalike, SEED + 1, 300);
    expect(touched, touched.slice(0, 10).join("\n")).toEqual([]);
  });
});
