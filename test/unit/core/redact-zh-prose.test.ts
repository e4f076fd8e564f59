/**
 * Chinese support prose next to a seed label stays; a phrase next to one goes. The prose is
 * test/fixtures/corpus/zh-support-prose.txt (customers' sentences about seed phrases, keys,
 * passwords, deposits) and the Chinese lines of the triage sets; sentences and labels are joined
 * at random every run (REDACT_SEED=<seed> replays one).
 */

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { isProseWord } from "../../../src/core/redact/seed-zh-prose";
import { leaks, mnemonic, rng } from "../../support/secret-generator";
import { TRIAGE_ZH, ZH_PROSE } from "../../support/zh-corpus";
import { FRAGMENTS, phraseWith } from "../../support/zh-label-fragments";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-prose seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const PROSE = ZH_PROSE;
const TRIAGE = TRIAGE_ZH;
/** A sentence with its punctuation taken out, half the time. */
const strip = (r: ReturnType<typeof rng>, s: string) => (r.chance(0.5) ? s.replace(/[，。？！、]/g, "") : s);
const LABELS = ["助记词", "助記詞", "种子词", "恢复词", "钱包备份", "助记词是", "的助记词"];

describe(`Chinese prose next to seed labels (seed ${SEED})`, () => {
  it("leaves every sentence of the corpora as written", () => {
    expect(PROSE.length).toBeGreaterThanOrEqual(100);
    expect(TRIAGE.length).toBeGreaterThanOrEqual(300);
    const touched = [...PROSE, ...TRIAGE]
      .map((t) => ({ t, out: redactSecrets(t) }))
      .filter(({ t, out }) => out.text !== t)
      .map(({ t, out }) => `${t} -> ${out.text}`);
    expect(touched, touched.join("\n")).toEqual([]);
  });

  it("leaves sentences joined by a seed label, and redacts a phrase in their place", () => {
    const r = rng(SEED);
    const touched: string[] = [];
    const missed: string[] = [];
    const n = 1500;
    for (let i = 0; i < n; i++) {
      const a = strip(r, r.pick(PROSE));
      const b = strip(r, r.pick(PROSE));
      const label = r.pick(LABELS);
      const prose = r.pick([`${a}${label}${b}`, `${label}${b}`, `${a}${label}`, `${a}，${label}${b}`]);
      const out = redactSecrets(prose);
      if (out.kinds.length) touched.push(`${prose} -> ${out.text}`);
      const words = mnemonic(r, r.pick(["zh-Hans", "zh-Hant"] as const));
      const p = words.join("");
      const text = r.pick([
        `我的${label}是${p}${b}`,
        `${label}${p}`,
        `${label}：${p}，${b}`,
        `${p}是我的${label}`,
        `${a}${label}${p}`,
        `${p}这是我的${label}${b}`,
      ]);
      const red = redactSecrets(text);
      const leak = red.kinds.length ? leaks({ layout: "", kind: "seed_phrase", text, fragments: words }, red.text) : p;
      if (leak) missed.push(`${text} -> ${red.text}`);
    }
    expect(missed, missed.join("\n")).toEqual([]);
    // A sentence after a label was read as a phrase whenever 12-24 of its characters passed a
    // checksum (1 time in 16) and held at most one common word: 1,534 of 6,000 before. Now a
    // window must also rank like a random phrase. Measured over 20 seeds: 3 of 6,000, at most 1
    // in a run of 1,500; 4 here fails only if the rate rises.
    expect(touched.length, touched.join("\n")).toBeLessThanOrEqual(4);
  });

  it("redacts a phrase after (or before) a label whose characters spell a label or part of one", () => {
    // "钱包备份傅民走伴助記牛手蓋裂掛擴" holds 助記 (the start of 助記詞): a window holding a label's
    // characters was no phrase, so nothing was redacted. Every label word of the engine is put in
    // random phrases of its script, at the start, the end or in between. A phrase holding two
    // common words of prose (登录密码) is judged by its characters' ranks, a measured rule: left out.
    const r = rng(SEED);
    const missed: string[] = [];
    let n = 0;
    for (const lang of ["zh-Hans", "zh-Hant"] as const) {
      for (const fragment of FRAGMENTS[lang]) {
        const common = [...fragment].slice(1).filter((c, k) => isProseWord(`${fragment[k]}${c}`)).length;
        if (common > 1) continue;
        for (let i = 0; i < 6; i++) {
          const words = phraseWith(r, lang, fragment);
          const p = words.join("");
          const label = r.pick(LABELS);
          const b = strip(r, r.pick(PROSE));
          const text = r.pick([
            `我的${label}是${p}${b}`,
            `${label}${p}`,
            `${label}：${p}，${b}`,
            `${label}\n${p}`,
            `${p}是我的${label}`,
            `${r.pick(PROSE)}${label}${p}`,
            `${p}这是我的${label}${b}`,
          ]);
          const phrase = { layout: "", kind: "seed_phrase" as const, text, fragments: words };
          // The frame itself may spell four of the phrase's words ("钱包备份：钱包备份…"): no test then.
          if (leaks(phrase, text.replace(p, "※"))) continue;
          n++;
          if (leaks(phrase, redactSecrets(text).text)) missed.push(`${text} -> ${redactSecrets(text).text}`);
        }
      }
    }
    expect(n).toBeGreaterThan(380);
    // Such a window's other characters must rank like a random phrase's (a sentence around a label
    // passes a checksum 1 time in 16). Of about 400 a run, 71 and 78 missed before the fix (seeds 1,
    // 3155329658). Left: a phrase ending in a label (…就十二个词), or whose random words make prose
    // with the label (导出来, 我的): measured over 25 more seeds 4 of 9,896 (0.17 a run, 2 in one run,
    // as REDACT_SEED=3098113656 had, so "at most 1" failed about 1 run in 80). 4 or more fails only if
    // the rate rises (about 1 run in 30,000 at this rate).
    expect(missed.length, missed.join("\n")).toBeLessThanOrEqual(3);
  });
});
