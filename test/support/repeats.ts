/**
 * English phrases that repeat words (a real phrase may: each word is drawn on its own), with or
 * without their checksum, reversed, in any separator and disguise (Cyrillic look-alikes,
 * full-width letters, zero-width characters inside words).
 */

import { entropyToMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { rng } from "./secret-generator";

const SEPARATORS = [" ", " • ", ", ", "\n", " - ", " | ", "  ", "\t", " / ", ";", " · ", " → "];
const CYRILLIC: Record<string, string> = { a: "а", e: "е", o: "о", p: "р", c: "с", y: "у", x: "х" };
const LEADS = ["", "here: ", "hi\n", "my words are ", "backup -> "];
const TAILS = ["", "\nthanks", " ok?", "\n\n-- sent from my phone"];

/** The phrase whose first words are `words`' and whose last word holds `spare` bits and the checksum. */
export function withChecksum(words: readonly string[], spare: number): string[] {
  const bits = words.length * 11;
  const entropyBits = (bits * 32) / 33;
  let all = "";
  for (const x of words.slice(0, -1)) all += english.indexOf(x).toString(2).padStart(11, "0");
  all += spare.toString(2).padStart(11, "0");
  const entropy = Uint8Array.from({ length: entropyBits / 8 }, (_, i) =>
    Number.parseInt(all.slice(i * 8, i * 8 + 8), 2),
  );
  return entropyToMnemonic(entropy, english).split(" ");
}

export interface RepeatCase {
  layout: string;
  text: string;
  /** The phrase's words as written before any disguise, in the order they appear. */
  words: string[];
}

export function repeatedWordCases(seed: number, n: number): RepeatCase[] {
  const r = rng(seed);
  const out: RepeatCase[] = [];
  while (out.length < n) {
    const size = r.pick([12, 12, 12, 15, 18, 24]);
    const w = Array.from({ length: size }, () => r.pick(english));
    const repeats = 1 + r.int(size === 12 ? 4 : 5);
    // ("then" and "next" repeated read as the joiners of a sentence: "a then b then c".)
    const copies = w.filter((x) => x !== "then" && x !== "next");
    for (let j = 0; j < repeats; j++) w[r.int(size)] = r.pick(copies);
    // Half of them with a valid checksum (the last word chosen for it).
    const valid = r.chance(0.5);
    if (valid) w.splice(0, size, ...withChecksum(w, r.int(2048)));
    // Up to a third repeated, as promised: the random words (or the checksum word) can repeat one by
    // chance on top of `repeats` (seed 2046516147: 7 different words of 12). Such a draw is skipped.
    if (new Set(w).size * 3 < size * 2) continue;
    const reversed = r.chance(0.4);
    const words = reversed ? [...w].reverse() : [...w];
    const disguise = r.pick(["none", "none", "cyrillic", "fullwidth", "zero-width"] as const);
    const shown = words.map((x) => {
      if (disguise === "cyrillic" && r.chance(0.4)) return x.replace(/[aeopcyx]/, (c) => CYRILLIC[c] as string);
      if (disguise === "fullwidth") return x.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      if (disguise === "zero-width") return `${x.slice(0, 2)}\u200b${x.slice(2)}`;
      return x;
    });
    const sep = r.pick(SEPARATORS);
    out.push({
      layout: `en${size} ${repeats} repeats${valid ? " valid" : ""}${reversed ? " reversed" : ""} ${disguise} ${JSON.stringify(sep)}`,
      text: `${r.pick(LEADS)}${shown.join(sep)}${r.pick(TAILS)}`,
      words,
    });
  }
  return out;
}

/** Four of the phrase's words in a row still readable in `text` (disguises undone), or null. */
export function repeatLeak(words: readonly string[], text: string): string | null {
  const plain = text
    .normalize("NFKC")
    .replace(/\u200b/g, "")
    .replace(/[аеорсух]/g, (c) => "aeopcyx"["аеорсух".indexOf(c)] as string)
    .toLowerCase();
  const seen = plain.match(/[a-z]+/g) ?? [];
  for (let i = 0; i + 4 <= seen.length; i++) {
    const four = seen.slice(i, i + 4);
    for (let k = 0; k + 4 <= words.length; k++) if (four.every((x, j) => x === words[k + j])) return four.join(" ");
  }
  return null;
}
