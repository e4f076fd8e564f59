/**
 * A labelled phrase whose words happen to stand in the wordlist's order ("my seed phrase is: abandon ability
 * able about …", the list's first words, as a tester types a sample phrase): with no label and no checksum, a
 * run of words in the list's order reads as a quote of the list itself and stays, but next to a seed label it
 * is a phrase and goes. Fresh every run (REDACT_SEED=<seed> replays one).
 */

import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { leaks, rng, type SecretCase } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-ordered-words seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const LABELS = [
  "my seed phrase is: ",
  "seed: ",
  "Recovery phrase - ",
  "my 12 words are ",
  "mnemonic\n",
  "助记词：",
  "我的助记词是 ",
  "here is my seed phrase ",
  "Secret Recovery Phrase:\n",
];
const SEPARATORS = [" ", "  ", ", ", "\n", " - "];
const LENGTHS = [12, 15, 18, 21, 24] as const;

/** `n` distinct words of the list in its order: from its start, from anywhere, or spread over it. */
function orderedWords(r: ReturnType<typeof rng>, n: number): string[] {
  const how = r.int(3);
  if (how === 0) return english.slice(0, n);
  if (how === 1) {
    const from = r.int(english.length - n);
    return english.slice(from, from + n);
  }
  const picked = new Set<number>();
  while (picked.size < n) picked.add(r.int(english.length));
  return [...picked].sort((a, b) => a - b).map((i) => english[i] as string);
}

describe(`a labelled phrase in the wordlist's order (seed ${SEED})`, () => {
  it("goes, whatever the label, separator and length", () => {
    const r = rng(SEED);
    const missed: string[] = [];
    for (let i = 0; i < 300; i++) {
      const words = orderedWords(r, r.pick(LENGTHS));
      const c: SecretCase = {
        layout: "ordered",
        kind: "seed_phrase",
        text: `${r.pick(LABELS)}${words.join(r.pick(SEPARATORS))}`,
        fragments: words,
      };
      const out = redactSecrets(c.text);
      if (!out.kinds.includes("seed_phrase") || leaks(c, out.text)) missed.push(`${c.text} -> ${out.text}`);
    }
    expect(missed, missed.slice(0, 10).join("\n")).toEqual([]);
  });
});
