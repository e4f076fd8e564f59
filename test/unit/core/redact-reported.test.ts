/**
 * The layouts of the seeds that leaked (REDACT_SEED=294609051, 294609016, 222, 5180 in
 * redact-attack, 1860539106 in redact-generator, 627023633 in redact-repeats, 2056053478 in
 * redact-gaps), each with fresh random words every run (REDACT_SEED=<seed> replays one).
 */
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { repeatLeak, withChecksum } from "../../support/repeats";
import { rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-reported seed: ${SEED} (replay with REDACT_SEED=${SEED})`);
const r = rng(SEED);
/** A checksum-valid phrase of `n` words with `forced` words at random places (the last word is the checksum's). */
const phrase = (n: number, forced: string[] = []) => {
  const w = Array.from({ length: n }, () => r.pick(english));
  for (const f of forced) w[r.int(n - 1)] = f;
  return withChecksum(w, r.int(2048));
};
const fullwidth = (s: string) => s.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function misses(cases: Array<{ text: string; words: string[] }>): string[] {
  const out: string[] = [];
  for (const c of cases) {
    const red = redactSecrets(c.text);
    const left = red.kinds.includes("seed_phrase") ? repeatLeak(c.words, red.text) : "everything";
    if (left) out.push(`${JSON.stringify(c.text)} -> ${JSON.stringify(red.text)} (left: ${left})`);
  }
  return out;
}

describe(`layouts of the seeds that leaked (seed ${SEED})`, () => {
  it("a phrase with 'then'/'next' parted by a word of the customer's ('(continued)') goes whole", () => {
    const cases = Array.from({ length: 40 }, () => {
      const words = phrase(r.pick([15, 18, 21, 24]), [r.pick(["next", "then"])]);
      const cut = 4 + r.int(words.length - 8);
      const text = `${words.slice(0, cut).join(" ")} (continued) ${words.slice(cut).join(" ")}`;
      return { text, words: words.slice(cut) };
    });
    expect(misses(cases), misses(cases).slice(0, 5).join("\n")).toEqual([]);
  });

  it("11 of 12 words, one of them 'then', in backticks joined by '- then'", () => {
    const cases = Array.from({ length: 40 }, () => {
      const words = phrase(12, ["then"]);
      words.splice(r.int(12), 1);
      return { text: `||${words.map((w) => `\`${w}\``).join("- then ")}||`, words };
    });
    expect(misses(cases), misses(cases).slice(0, 5).join("\n")).toEqual([]);
  });

  it("circled numbering, '➡️' between, full-width letters, 'word' or 'item' one of the items", () => {
    const cases = Array.from({ length: 40 }, () => {
      const words = phrase(12, [r.pick(["word", "item"])]);
      words.splice(r.int(12), 1);
      const items = words.map((w, i) => `${String.fromCharCode(0x2460 + i)} ${r.chance(0.5) ? fullwidth(w) : w}`);
      return { text: items.join(" ➡️ "), words };
    });
    expect(misses(cases), misses(cases).slice(0, 5).join("\n")).toEqual([]);
    // "4th word is …" stays numbering: a value after it, not an item.
    expect(redactSecrets("the 4 word is missing, what now?").text).toBe("the 4 word is missing, what now?");
  });

  it("a longer phrase with one word a third of its length", () => {
    const cases = Array.from({ length: 40 }, () => {
      // ("then" and "next" repeated read as a sentence's joiners, as in test/support/repeats.ts.)
      const w = r.pick(english.filter((x) => x !== "then" && x !== "next"));
      const others = english.filter((x) => x !== w);
      const words = Array.from({ length: 15 }, (_, k) => (k % 3 === 0 ? w : r.pick(others)));
      return { text: words.join(" · "), words };
    });
    expect(misses(cases), misses(cases).slice(0, 5).join("\n")).toEqual([]);
  });

  it("numbered items that are label words ('1) Secret 2) Word', '… 13) word') go with the list", () => {
    const left: string[] = [];
    for (let n = 0; n < 40; n++) {
      const words = phrase(12);
      words.splice(r.int(12), 0, words[r.int(12)] as string);
      words[0] = r.pick(["secret", "seed", "word"]);
      words[1] = r.pick(["word", "phrase", "seed"]);
      words[12] = r.pick(["word", "secret", "phrase"]);
      const text = words.map((w, i) => `${i + 1}) ${r.chance(0.5) ? w : w[0]?.toUpperCase() + w.slice(1)}`).join("\n");
      // No item of the list stays, not even a label word.
      const out = redactSecrets(text).text;
      if (/\d\) \p{L}/u.test(out)) left.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
    }
    expect(left, left.slice(0, 5).join("\n")).toEqual([]);
  });

  it("a 21-word phrase with two typos in its first words (the reported one)", () => {
    const text =
      "audit comfort brice sama mean bridge slot crew brush reject error entire split science liar govern enemy lecture finish name egg";
    expect(redactSecrets(text).text).toBe("[redacted: seed phrase]");
  });
});
