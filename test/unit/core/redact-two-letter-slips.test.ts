/**
 * A phrase with no label and two words misspelt, one of them a three-letter word with a letter dropped, which
 * leaves two letters (`… flavor sy raw …`): two letters alone read as a sentence's, so the phrase stood cut in
 * two with a misspelt word in one half. Two letters among wordlist words (or at a line's edge next to two of them)
 * are now that slip, unless they are an English word ("an", "it", "we": a known gap, docs/security.md). Look-alikes:
 * support sentences with two-letter abbreviations among wordlist words. Fresh every run (REDACT_SEED=<seed>).
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { touchedCases } from "../../support/redaction-checks";
import { mnemonic, type Rng, rng } from "../../support/secret-generator";
import { typo } from "../../support/seed-gaps";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-two-letter-slips seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const ENGLISH_TWO = new Set(
  "am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we id".split(" "),
);
const FRAME_WORDS = new Set(["hi", "my", "wallet", "is", "empty", "what", "now", "please", "help"]);
const FRAMES = [
  (p: string) => p,
  (p: string) => `hi, ${p}`,
  (p: string) => `my wallet is empty:\n${p}\nwhat now?`,
  (p: string) => `please help\n\n${p}`,
];

/** A phrase with a three-letter word slipped to two letters (no English word) and another word misspelt. */
function slipped(r: Rng): string[] {
  for (;;) {
    const words = mnemonic(r, "en", r.pick([12, 15, 18, 21, 24]));
    const three = words.flatMap((w, k) => (w.length === 3 ? [k] : []));
    if (!three.length) continue;
    const s = r.pick(three);
    const d = r.int(3);
    const slip = (words[s] as string).slice(0, d) + (words[s] as string).slice(d + 1);
    if (ENGLISH_TWO.has(slip)) continue;
    let o = r.int(words.length);
    while (o === s) o = r.int(words.length);
    return words.map((w, k) => (k === s ? slip : k === o ? typo(r, w) : w));
  }
}

const ABBREVIATIONS = [
  "the app ui looks broken after the update",
  "my kyc lv 2 review is still pending",
  "network fee in usd seems high today",
  "the ios app ux is confusing for new users",
  "deposit via bsc took over an hour",
  "price alert for eth hit but no push came",
  "reward program said vip lv 3 but I see lv 2",
];

describe(`a phrase with a two-letter slip and another misspelt word (seed ${SEED})`, () => {
  it("leaves no word of the phrase, within a measured bound", () => {
    const r = rng(SEED);
    const misses: string[] = [];
    for (let i = 0; i < 300; i++) {
      const written = slipped(r);
      const text = r.pick(FRAMES)(written.join(r.pick([" ", " ", ", "])));
      const out = redactSecrets(text);
      const rest = out.text.replace(/\[redacted: [a-z0-9 ]+\]/g, " ");
      const left = written.filter((w) => new RegExp(`\\b${w}\\b`).test(rest) && !FRAME_WORDS.has(w));
      if (left.length) misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(out.text)} (left: ${left.join(" ")})`);
    }
    console.log(`left words: ${misses.length} of 300`);
    // Before the fix 295-298 of 300 left words (the two letters at least; the whole phrase about 1 in 12); now 14-27
    // over seeds 1-6 (a slip next to a word misspelt into four letters, or at a phrase's end after a misspelt word).
    // A run fails when the rate rises.
    expect(misses.length, misses.slice(0, 10).join("\n")).toBeLessThanOrEqual(40);
  });

  it("leaves sentences with two-letter abbreviations as written", () => {
    const touched = touchedCases((r) => r.pick(ABBREVIATIONS), SEED + 1, 50);
    expect(touched, touched.slice(0, 6).join("\n")).toEqual([]);
  });
});
