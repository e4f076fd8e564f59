/**
 * Two classes an attacker run found (REDACT_SEED=1060507682):
 * - a phrase of 12-24 words with one or two misspelt, the misspelt ones anywhere: a chance-valid
 *   12-word window inside an 18 left the two words before it and the four after it (two misspelt);
 * - items numbered "#1WORD" glued, where an item is a wordlist word that also names numbering
 *   ("#10NUMBER #11SIZE", "#4ITEM"): "NUMBER #11" was read as a label and the list fell short.
 * And one an attack run found (REDACT_SEED=3155329658): a 15-word phrase misspelt in its first two
 * words, a blank line after it and "Thank you": "thank" is a wordlist word, the 12 words before it
 * and it passed the checksum by chance, and the phrase's first four words stayed.
 * Fresh phrases every run; REDACT_SEED=<seed> replays one.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { mnemonic, rng } from "../../support/secret-generator";
import { typo } from "../../support/seed-gaps";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-typos-anywhere seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const FRAME_WORDS = new Set(["hi", "my", "wallet", "is", "empty", "what", "now"]);
const FRAMES = [(p: string) => p, (p: string) => `hi, ${p}`, (p: string) => `my wallet is empty:\n${p}\nwhat now?`];

describe(`misspelt words anywhere, numbering words as items (seed ${SEED})`, () => {
  it("leaves no word of a phrase with one or two misspelt anywhere", () => {
    const r = rng(SEED);
    const misses: string[] = [];
    for (let i = 0; i < 400; i++) {
      const words = mnemonic(r, "en", r.pick([12, 15, 18, 21, 24]));
      const typos = 1 + r.int(2);
      const at = new Set<number>();
      // Half the time at the phrase's ends, where a shifted window leaves them outside.
      while (at.size < typos)
        at.add(r.chance(0.5) ? r.pick([0, 1, words.length - 2, words.length - 1]) : r.int(words.length));
      const written = words.map((w, k) => (at.has(k) ? typo(r, w) : w));
      const text = r.pick(FRAMES)(written.join(" "));
      const out = redactSecrets(text);
      const rest = out.text.replace(/\[redacted: [a-z0-9 ]+\]/g, " ");
      const left = written.filter((w) => new RegExp(`\\b${w}\\b`).test(rest) && !FRAME_WORDS.has(w));
      if (left.length) misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)} (left: ${left.join(" ")})`);
    }
    // Before the fix 79-97 of 400 left words. Left now: a misspelt word split into two wordlist words
    // ("endforce" = "end force") or a frame word on the phrase's line shifting the count; measured
    // over 16 seeds 0.3 a run, at most 2. A run fails when the rate rises (4 or more: about 1 run in 1,500).
    expect(misses.length, misses.slice(0, 10).join("\n")).toBeLessThanOrEqual(3);
  });

  it("leaves no word of a misspelt phrase with a wordlist word on a line before or after it", () => {
    const r = rng(SEED + 2);
    // Greetings and sign-offs whose words are wordlist words ("thank", "wallet", "help", "hello"...).
    const BEFORE = ["Hello, I need help restoring my wallet.", "hi", "Please help, my wallet", "Thank you"];
    const AFTER = ["Thank you", "thank you so much", "Thanks", "Regards", "Best regards, Tom", "help"];
    const misses: string[] = [];
    for (let i = 0; i < 400; i++) {
      const words = mnemonic(r, "en", r.pick([12, 15, 18, 21, 24]));
      const n = words.length;
      // Two misspelt at the start, two side by side anywhere, two at the end, or one at an end.
      const first = r.pick([0, r.int(n - 1), n - 2]);
      const at = r.chance(0.75) ? [first, first + 1] : [r.pick([0, n - 1])];
      const written = words.map((w, k) => (at.includes(k) ? typo(r, w) : w));
      // The phrase on one line, or broken over two.
      const cut = 3 + r.int(n - 6);
      const body = r.chance(0.7)
        ? written.join(" ")
        : `${written.slice(0, cut).join(" ")}\n${written.slice(cut).join(" ")}`;
      const gap = r.pick(["\n\n", "\n", "\n \n", "\r\n\r\n"]);
      const [before, after] = [r.pick(BEFORE), r.pick(AFTER)];
      const text = `${before}${r.pick(["\n\n", "\n"])}${body}${gap}${after}`;
      const out = redactSecrets(text);
      const rest = out.text.replace(/\[redacted: [a-z0-9 ]+\]/g, " ");
      // (A phrase's word that the greeting also has, "help", stays in the greeting.)
      const frame = `${before} ${after}`.toLowerCase();
      const left = written.filter((w) => new RegExp(`\\b${w}\\b`).test(rest) && !new RegExp(`\\b${w}\\b`).test(frame));
      if (left.length) misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)} (left: ${left.join(" ")})`);
    }
    // Before the fix 79-92 of 400 left words (seeds 1-3): their misspelt first or last words.
    expect(misses.slice(0, 10), `${misses.length} of 400`).toEqual([]);
  });

  it("reads NUMBER, ITEM, NO and WORD after a glued #N as the list's items", () => {
    const r = rng(SEED + 1);
    const misses: string[] = [];
    for (let i = 0; i < 300; i++) {
      const words = mnemonic(r, "en", 12);
      // A word dropped (no checksum: the list of 11 carries it), and one of the words that name numbering.
      words.splice(r.int(words.length), 1);
      words[r.int(words.length)] = r.pick(["number", "item", "word"]);
      const upper = r.chance(0.5);
      const text = words.map((w, k) => `#${k + 1}${upper ? w.toUpperCase() : w}`).join(r.pick([" ", "\n", ", "]));
      const out = redactSecrets(text);
      const left = words.filter((w) => new RegExp(`#\\d+${w}\\b`, "i").test(out.text));
      if (!out.kinds.includes("seed_phrase") || left.length)
        misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
    }
    expect(misses.slice(0, 10), `${misses.length} of 300`).toEqual([]);
  });
});
