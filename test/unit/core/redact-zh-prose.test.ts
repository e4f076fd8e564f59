/**
 * Chinese support prose next to a seed label stays; a phrase next to one goes. The prose is
 * test/fixtures/corpus/zh-support-prose.txt (customers' sentences about seed phrases, keys,
 * passwords, deposits) and the Chinese lines of the triage sets; sentences and labels are joined
 * at random every run (REDACT_SEED=<seed> replays one).
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { leaks, mnemonic, rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-prose seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const CORPUS = join(__dirname, "../../fixtures/corpus");
const lines = (file: string) =>
  readFileSync(join(CORPUS, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"));
const PROSE = lines("zh-support-prose.txt");
const TRIAGE = readdirSync(CORPUS)
  .filter((f) => f.startsWith("triage-") && f.endsWith(".txt"))
  .flatMap(lines)
  .map((l) => l.split("|").slice(2).join("|").trim())
  .filter((l) => /\p{Script=Han}/u.test(l));
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
      const strip = (s: string) => (r.chance(0.5) ? s.replace(/[，。？！、]/g, "") : s);
      const a = strip(r.pick(PROSE));
      const b = strip(r.pick(PROSE));
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
});
