/**
 * Phrases numbered in words, fresh every run: English numbers and ordinals at each line's start ("one: w",
 * "Eleventh) w", "TWENTY-ONE. w"; eleven, twelve, twenty and eight are wordlist words too), and lists numbered
 * "No.9 word No.10 …" whose item is the word "word" itself (read as "9th word", a label, before). Look-alikes:
 * steps and notes numbered the same way, and "the 4th word" in prose.
 */

import { mnemonic, type Rng, type SecretCase } from "./secret-generator";

const ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS = [
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
const ORD_TEENS = [
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
];

/** i (1-24) as an English number or ordinal. */
function inWords(i: number, ordinal: boolean, dash: string): string {
  if (i < 10) return (ordinal ? ORD : ONES)[i - 1] as string;
  if (i < 20) return (ordinal ? ORD_TEENS : TEENS)[i - 10] as string;
  if (i === 20) return ordinal ? "twentieth" : "twenty";
  return `twenty${dash}${(ordinal ? ORD : ONES)[i - 21]}`;
}
const cased = (r: Rng) =>
  r.pick([(s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s.charAt(0).toUpperCase() + s.slice(1)]);

export function numberWordsCase(r: Rng): SecretCase {
  const words = mnemonic(r, "en", r.pick([12, 15, 18, 24]));
  if (r.chance(0.5)) {
    const ordinal = r.chance(0.5);
    const dash = r.pick(["-", " "]);
    const mark = r.pick([": ", ". ", ") ", " - "]);
    const suffix = ordinal && r.chance(0.3) ? " word" : "";
    const c = cased(r);
    const lines = words.map((w, k) => `${c(inWords(k + 1, ordinal, dash) + suffix)}${mark}${w}`);
    const text = `${r.pick(["", "my seed:\n", "Here is what I wrote down:\n"])}${lines.join(r.pick(["\n", "\n\n", "\r\n"]))}`;
    return { layout: `number words ${ordinal ? "ordinal" : "cardinal"}`, kind: "seed_phrase", text, fragments: words };
  }
  // Twelve entries with "word" among them, one dropped (eleven, no label): no checksum to lean on.
  const twelve = words.slice(0, 12);
  twelve[r.int(12)] = "word";
  const drop = r.int(12);
  const list = twelve.filter((_, k) => k !== drop);
  const num = r.pick([
    (i: number) => `No.${i} `,
    (i: number) => `No. ${i} `,
    (i: number) => `#${i} `,
    (i: number) => `Nr.${i} `,
  ]);
  const text = list.map((w, k) => `${num(k + 1)}${w}`).join(r.pick([" ", "  ", "\n", ", "]));
  return { layout: "numbered list holding 'word'", kind: "seed_phrase", text, fragments: list };
}

const STEPS = [
  "open the app and tap settings",
  "reset my password",
  "wait for the email",
  "the 4th word is wrong",
  "the deposit never arrived",
  "it says invalid phrase",
  "I checked the 12th word twice",
];
export function numberWordsLookalike(r: Rng): string {
  const n = 2 + r.int(5);
  const ordinal = r.chance(0.5);
  const c = cased(r);
  const mark = r.pick([": ", ". ", ") "]);
  return Array.from({ length: n }, (_, k) => `${c(inWords(k + 1, ordinal, "-"))}${mark}${r.pick(STEPS)}`).join("\n");
}
