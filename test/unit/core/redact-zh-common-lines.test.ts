/**
 * A random Chinese phrase from the lower tail of the wordlist's ranks, alone on its line (an OCR result, a line
 * cut over two), fresh every run (REDACT_SEED=<seed> replays one). Such a phrase ranks under what a bare window
 * needed (`止出馬分方族用營商吸知伐`, OCR lines, was kept); with no particle and no common two-character word in
 * it, it is no sentence.
 */
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as traditional } from "@scure/bip39/wordlists/traditional-chinese.js";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { isProseWord } from "../../../src/core/redact/seed-zh-prose";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-zh-common-lines seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
const r = rng(SEED);
const PARTICLES = new Set([..."的了是在我你他她们这那个就也都还又很吗吧呢啊呀嘛哈啦么说让给把被从到对"]);

const INDEX = new Map([...simplified.map((w, i) => [w, i] as const), ...traditional.map((w, i) => [w, i] as const)]);
const meanLogRank = (words: readonly string[]) =>
  words.reduce((sum, w) => sum + Math.log((INDEX.get(w) ?? 0) + 1), 0) / words.length;

/**
 * A random valid 12-word phrase from the lower tail of the list's ranks: a mean log rank of 5.18 to 5.38 (a
 * random phrase averages 6.62), with no particle and no common two-character word. Drawn from random phrases
 * of commoner characters (each of the first eleven words among the first 200, 600 or all 2048, no particle) and
 * kept when in that band.
 */
function commonPhrase(list: readonly string[]): string[] {
  for (;;) {
    let bits = "";
    for (let i = 0; i < 11; i++) {
      let k: number;
      do k = r.int(r.pick([200, 600, 2048]));
      while (PARTICLES.has(list[k] as string));
      bits += k.toString(2).padStart(11, "0");
    }
    bits += r.int(128).toString(2).padStart(7, "0");
    const entropy = Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(bits.slice(i * 8, i * 8 + 8), 2));
    const words = entropyToMnemonic(entropy, list as string[]).split(/\s+/u);
    const mean = meanLogRank(words);
    if (mean < 5.18 || mean >= 5.38) continue;
    if (words.some((w) => PARTICLES.has(w))) continue;
    if (words.some((w, i) => i + 1 < words.length && isProseWord(`${w}${words[i + 1]}`))) continue;
    return words;
  }
}

describe(`a phrase of common characters alone on its line (seed ${SEED})`, () => {
  it("is redacted as an OCR result, alone, or cut over two lines", () => {
    const missed: string[] = [];
    for (let i = 0; i < 200; i++) {
      const words = commonPhrase(r.pick([simplified, traditional]));
      const cut = 1 + r.int(11);
      const body = r.pick([words.join(""), `${words.slice(0, cut).join("")}\n${words.slice(cut).join("")}`]);
      const text = `${r.pick(["", "OCR识别结果：\n", "截图文字：\n", "看看这个\n"])}${body}`;
      const out = redactSecrets(text).text;
      const left = words.filter((w) => out.includes(w)).length;
      if (left > 3) missed.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
    }
    expect(missed, missed.slice(0, 10).join("\n")).toEqual([]);
  });
});
