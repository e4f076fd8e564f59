/**
 * A seed phrase whose first word is one a label is made of (`seed`, `secret`, `word`, `phrase` are wordlist
 * words), after a label of those words set off by a mark or a dash: "my seed words - phrase dolphin …". Half
 * the cases are drawn so that a window starting on the label's own words passes the checksum by chance (1 in
 * 16 to 1 in 256 of phrases), which is what REDACT_SEED-free runs of redact-label-kept met once: the label's
 * words went with the phrase.
 */

import { entropyToMnemonic, validateMnemonic } from "@scure/bip39";
import { LISTS, type Rng } from "./secret-generator";

const LABELS = ["seed words", "my seed words", "secret words", "seed phrase", "my secret phrase", "seed word"];
const FIRST = ["seed", "secret", "word", "phrase"];
const SEPARATORS = [" - ", " — ", " – ", ": ", " = ", ":\n", "\n"];

/** Whether some 12- to 24-word window starting on the label's wordlist words passes the checksum. */
function chanceWindow(labelWords: string[], words: string[]): boolean {
  const all = [...labelWords, ...words];
  for (let i = 0; i < labelWords.length; i++)
    for (const n of [12, 15, 18, 21, 24])
      if (i + n <= all.length && i + n !== all.length && validateMnemonic(all.slice(i, i + n).join(" "), LISTS.en))
        return true;
  return false;
}

/** Sets word `i` of the phrase that `entropy` encodes to wordlist index `index` (its 11 bits from bit 11i). */
export function setWord(entropy: Uint8Array, i: number, index: number): void {
  for (let b = 0; b < 11; b++) {
    const bit = 11 * i + b;
    const mask = 1 << (7 - (bit & 7));
    const byte = entropy[bit >> 3] as number;
    entropy[bit >> 3] = (index >> (10 - b)) & 1 ? byte | mask : byte & ~mask;
  }
}

/** A valid phrase of `n` words with `word` at index `at` (not the last). */
export function phraseWith(r: Rng, n: 12 | 15 | 18 | 21 | 24, at: number, word: string): string[] {
  const bytes = r.bytes((n / 3) * 4);
  setWord(bytes, at, LISTS.en.indexOf(word));
  return entropyToMnemonic(bytes, LISTS.en).split(" ");
}

/** A valid phrase of `n` words whose first word is `first`. */
export const phraseStartingWith = (r: Rng, first: string, n: 12 | 24) => phraseWith(r, n, 0, first);

export function labelWordFirstCase(r: Rng): { layout: string; text: string; expected: string } {
  const label = r.pick(LABELS);
  const sep = r.pick(SEPARATORS);
  const first = r.pick(FIRST);
  const coincidence = r.chance(0.5);
  const labelWords = label
    .split(" ")
    .map((w) => (w === "words" ? "word" : w))
    .filter((w) => FIRST.includes(w));
  let words = phraseStartingWith(r, first, r.pick([12, 24] as const));
  for (let tries = 0; coincidence && tries < 2000 && !chanceWindow(labelWords, words); tries++)
    words = phraseStartingWith(r, first, words.length as 12 | 24);
  return {
    layout: `${label}${JSON.stringify(sep)} ${first}…${coincidence ? " (chance window)" : ""}`,
    text: `${label}${sep}${words.join(" ")}`,
    expected: `${label}${sep}[redacted: seed phrase]`,
  };
}
