/**
 * Seed-phrase layouts an attacker pass found leaking, each as a class with random valid phrases
 * fresh every run (the seed is logged; REDACT_SEED=<seed> replays a run): words cut over a line
 * break, a word dropped or doubled, numbering of every kind and case, typos, 4-letter prefixes with
 * invisible characters, Chinese phrases glued to a sentence, everyday containers; and
 * documentation lines of CamelCase names, which stay as written.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { leaks, mnemonic, rng, type SecretCase } from "../../support/secret-generator";
import {
  camelDocLine,
  containerCase,
  numberedCase,
  offLengthCase,
  prefixCase,
  wrappedCase,
  zhGluedCase,
} from "../../support/seed-gaps";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-gaps seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const FRAME_WORDS = new Set("hi support my wallet is empty what now sent from phone seed phrase".split(" "));

function misses(cases: SecretCase[]): string[] {
  const out: string[] = [];
  for (const c of cases) {
    const r = redactSecrets(c.text);
    const left = r.kinds.includes("seed_phrase") ? leaks(c, r.text) : "everything (nothing found)";
    if (left) out.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(r.text)} (left: ${left})`);
  }
  return out;
}

describe(`seed-phrase layouts that leaked (seed ${SEED})`, () => {
  it.each([
    ["words cut over a line break (\\n, -\\n, soft hyphen, quoted mail)", wrappedCase, 1, 300],
    ["a word dropped or doubled (11, 13, …), listed or labelled, a typo in a list of 11", offLengthCase, 2, 300],
    ["#1 WORD, 1) word, 1- word, (1) word, word1, 1.word, tables, circled, any case, a typo", numberedCase, 3, 900],
    ["4-letter prefixes with invisible characters inside", prefixCase, 4, 300],
    ["JSON, quoted lists, emoji, Chinese punctuation, mixed case", containerCase, 5, 300],
  ] as const)("%s: redacted, no four words in a row left", (_name, make, salt, n) => {
    const r = rng(SEED * 7 + salt);
    const cases = Array.from({ length: n }, () => make(r));
    const missed = misses(cases);
    expect(missed, `seed ${SEED}\n${missed.slice(0, 10).join("\n")}`).toEqual([]);
  });

  it("a numbered phrase with a word doubled or dropped: its first and last items go with it", () => {
    const r = rng(SEED * 7 + 8);
    const left: string[] = [];
    for (let n = 0; n < 300; n++) {
      const c = offLengthCase(r);
      if (!/^\d+ words \((drop|double)\) (#1|\(1\)|1\)|1-|1\.word|table|circled)/.test(c.layout)) continue;
      const out = redactSecrets(c.text).text.toLowerCase();
      // (Words of the frame and label around the list, "my seed phrase", "sent from my phone", stay.)
      const kept = c.fragments.filter((w) => !FRAME_WORDS.has(w) && new RegExp(`(?<![a-z])${w}(?![a-z])`).test(out));
      if (kept.length) left.push(`[${c.layout}] ${JSON.stringify(c.text)} -> ${JSON.stringify(out)} (left: ${kept})`);
    }
    expect(left, `seed ${SEED}\n${left.slice(0, 10).join("\n")}`).toEqual([]);
  });

  it("a numbered phrase whose first word is a label's word (1. word 2. …) keeps it as item 1", () => {
    const r = rng(SEED * 7 + 9);
    const left: string[] = [];
    const circled = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔";
    const items = [
      (i: number) => `${i + 1}. `,
      (i: number) => `#${i + 1} `,
      (i: number) => `${circled[i]} `,
      (i: number) => `(${i + 1}) `,
    ];
    for (let n = 0; n < 100; n++) {
      const words = mnemonic(r, "en");
      words[0] = r.pick(["word", "seed", "phrase", "secret"]);
      // A word dropped or doubled (no checksum holds the whole), as offLengthCase writes them.
      if (r.chance(0.5)) words.splice(1 + r.int(words.length - 1), 1);
      else words.splice(1 + r.int(words.length - 1), 0, words[1 + r.int(words.length - 1)] as string);
      const item = r.pick(items);
      const text = `${r.pick(["", "> ", "my words:\n"])}${words.map((w, i) => `${item(i)}${r.chance(0.3) ? w.toUpperCase() : w}`).join(r.pick([" ", "\n"]))}${r.pick(["", "\n\nsent from my phone", "\nthanks"])}`;
      const out = redactSecrets(text).text.toLowerCase();
      if (
        new RegExp(`(?<![a-z])${words[0]}(?![a-z])`).test(
          out.replace(/\[redacted: [^\]]*\]/g, "").replace(/my words/, ""),
        )
      )
        left.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
    }
    // Before the fix, a run that the checksum does not hold whole (a word dropped or doubled) took a label's
    // word at its start off as the label even with an item's number in front of it (this test failed on every seed tried).
    expect(left, `seed ${SEED}\n${left.slice(0, 5).join("\n")}`).toEqual([]);
  });

  it("Chinese phrases glued after or before a sentence, no label: nearly all redacted", () => {
    const r = rng(SEED * 7 + 6);
    const cases = Array.from({ length: 400 }, () => zhGluedCase(r));
    const missed = misses(cases);
    // Told from prose by their characters alone: measured about 2 in 100 missed (was 1 in 3 after a sentence).
    expect(missed.length, `seed ${SEED}\n${missed.join("\n")}`).toBeLessThanOrEqual(16);
  });

  it("documentation lines of CamelCase names stay as written", () => {
    const r = rng(SEED * 7 + 7);
    const line =
      '- `src/staff/admin-ui/client/`: shared pieces in `ui.tsx` and `resource.tsx` (`useResource`: a loaded list, one action at a time and the row asking "are you sure?"; `useDraft`; `FormCard`, `TextField`/`TextArea`/`SelectField`/\n  `CheckField`; `ResourceTable`: columns and row actions, cards on a phone; `ConfirmButton`)';
    const lines = [line, ...Array.from({ length: 200 }, () => camelDocLine(r))];
    const touched = lines.filter((l) => redactSecrets(l).text !== l);
    expect(touched, `seed ${SEED}\n${touched.slice(0, 10).join("\n")}`).toEqual([]);
  });
});
