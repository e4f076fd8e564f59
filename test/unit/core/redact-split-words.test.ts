/**
 * Three classes the 600-case generator test (redact-generator.test.ts) failed on now and then
 * (REDACT_SEED=1026, 1080, 1299 of a 400-seed sweep):
 * - an invisible character inside every word of a numbered phrase, a word cut into a wordlist word and
 *   a piece one letter from another ("he\u2060art", "in\u2060put", "end\u200borse"): the word and the
 *   misspelt piece outweighed the one word both make, and the phrase's last words stayed;
 * - a phrase joined by "then" whose own last word is "then" or "next", one word misspelt ("… practqce →
 *   then then is my mnemonic", "… dazd → then next\nthanks"): a chance-valid window left its last words;
 * - a misspelt word cut by an invisible character before a piece that reads as numbering with the next
 *   item's number ("eyebrq\u200bw\n7. battle": "w7"): the piece was masked and the list cut in two.
 * Fresh phrases every run; REDACT_SEED=<seed> replays one.
 */
import { validateMnemonic } from "@scure/bip39";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/core/redact";
import { resolveEnglish, shortTypo } from "../../../src/core/redact/wordlists";
import { LISTS, leaks, mnemonic, type Rng, rng, type SecretCase } from "../../support/secret-generator";
import { typo } from "../../support/seed-gaps";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redact-split-words seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\ufe0f"];
const circled = (i: number) => String.fromCodePoint(i <= 20 ? 0x2460 + i - 1 : 0x3251 + i - 21);
const NUMBERINGS: Array<(i: number) => string> = [
  (i) => `Word #${i} - `,
  (i) => `${i}. `,
  (i) => circled(i),
  (i) => `(${i}) `,
  (i) => `${i}) `,
  (i) => `#${i} `,
];
const isWord = (w: string) => resolveEnglish(w)?.how === "word";
/** One letter from a wordlist word: a typo of one, or two letters of a three-letter one. */
const near = (w: string) => resolveEnglish(w)?.how === "typo" || shortTypo(w) !== null;

/** Every word cut by an invisible character, where it can be into a wordlist word and a piece near another. */
function splitEveryWord(r: Rng): SecretCase {
  const words = mnemonic(r, "en", r.pick([12, 15, 18, 21, 24]));
  const rendered = words.map((w) => {
    const cuts: number[] = [];
    for (let k = 1; k < w.length; k++) {
      const [a, b] = [w.slice(0, k), w.slice(k)];
      if ((isWord(a) && near(b)) || (near(a) && isWord(b))) cuts.push(k);
    }
    const at = cuts.length && r.chance(0.8) ? r.pick(cuts) : 1 + r.int(w.length - 1);
    return w.slice(0, at) + r.pick(INVISIBLE) + w.slice(at);
  });
  const num = r.pick(NUMBERINGS);
  const text = rendered.map((w, i) => num(i + 1) + w).join(r.pick(["\u200b", " ", " • ", "\n", "\r\n", ", "]));
  return { layout: "split every word", kind: "seed_phrase", text, fragments: rendered };
}

/** Joined by "then", the phrase's own last word "then" or "next", one word misspelt, a sentence around it. */
function thenLast(r: Rng): SecretCase {
  const n = r.pick([12, 15, 18, 21, 24]);
  const words = mnemonic(r, "en", n);
  words[n - 1] = r.pick(["then", "next"]);
  const t = 1 + r.int(n - 2);
  words[t] = typo(r, words[t] as string);
  const num = r.chance(0.5) ? r.pick(NUMBERINGS) : () => "";
  const body = words.map((w, i) => num(i + 1) + w).join(r.pick([" → then ", " then ", ", then ", "\nthen "]));
  const text = `${r.pick(["", "客服你好，", "hi, "])}${body}${r.pick([" is my mnemonic 请帮我看看", "", "\nthanks"])}`;
  return { layout: "then last", kind: "seed_phrase", text, fragments: words };
}

/** Pieces that read as numbering before a number ("w7", "no 7", "item 7"), and wordlist words ending in them. */
const TAILS = ["w", "no", "word", "item", "num"];
const ENDING = LISTS.en.filter((w) => TAILS.some((t) => w.endsWith(t) && w.length > t.length + 2));

/** A numbered list, one word misspelt and cut by an invisible character before such a piece ("eyebrq\u200bw"). */
function tailNumbering(r: Rng): SecretCase {
  const n = r.pick([12, 15, 18, 21, 24]);
  const words = mnemonic(r, "en", n);
  const v = r.pick(ENDING);
  const tail = TAILS.find((t) => v.endsWith(t)) as string;
  const head = v.slice(0, v.length - tail.length);
  const k = r.int(head.length);
  words[1 + r.int(n - 2)] =
    `${head.slice(0, k)}${head[k] === "q" ? "z" : "q"}${head.slice(k + 1)}${r.pick(INVISIBLE)}${tail}`;
  const num = r.pick(NUMBERINGS.slice(1));
  const text = words.map((w, i) => num(i + 1) + w).join(r.pick(["\n", "\r\n", " ", "  ", "\t"]));
  return { layout: "tail numbering", kind: "seed_phrase", text, fragments: words };
}

/** A numbered phrase holding "word" or "item" (wordlist words) as items, joined by "then", "and", "next". */
function wordItems(r: Rng): SecretCase {
  const n = r.pick([12, 15, 18, 21, 24]);
  const words = mnemonic(r, "en", n);
  for (let k = 0; k < 1 + r.int(3); k++) words[r.int(n - 1)] = r.pick(["word", "item"]);
  do words[n - 1] = LISTS.en[r.int(2048)] as string;
  while (!validateMnemonic(words.join(" "), LISTS.en));
  const num = r.pick<(i: number) => string>([(i) => `#${i} `, (i) => `${i} `, (i) => `No.${i} `, (i) => `#${i}: `]);
  const join = r.pick([" then ", " and ", " next ", " → then ", ", then ", " and then "]);
  const text = `${r.pick(["", "hi, ", "我的助记词 "])}${words.map((w, i) => num(i + 1) + w).join(join)}`;
  return { layout: "word items", kind: "seed_phrase", text, fragments: words };
}

/** The same, joined by two words ("and then") with an item first or second: REDACT_SEED=544415774 left "cube item language item". */
function wordItemsAndThen(r: Rng): SecretCase {
  const n = r.pick([12, 15, 18, 21, 24]);
  const words = mnemonic(r, "en", n);
  words[r.int(2)] = r.pick(["word", "item"]);
  for (let k = 0; k < r.int(3); k++) words[r.int(n - 1)] = r.pick(["word", "item"]);
  do words[n - 1] = LISTS.en[r.int(2048)] as string;
  while (!validateMnemonic(words.join(" "), LISTS.en));
  const num = r.pick<(i: number) => string>([(i) => `#${i} `, (i) => `${i} `, (i) => `No.${i} `]);
  const join = r.pick([" and then ", ", and then ", " and next ", " then next "]);
  const text = `${r.pick(["", "hi, ", "我的助记词 "])}${words.map((w, i) => num(i + 1) + w).join(join)}`;
  return { layout: "word items, and then", kind: "seed_phrase", text, fragments: words };
}

/** Circled numbers glued to the words ("①ANGER②DRILL…⑨WORD⑩EXCUSE"), "word", "item" or "number" among them (REDACT_SEED=1083730492, 669613620 in redact-gaps). */
function circledWordItems(r: Rng): SecretCase {
  const n = r.pick([12, 15, 18, 21, 24]);
  const words = mnemonic(r, "en", n);
  for (let k = 0; k < 1 + r.int(2); k++) words[1 + r.int(n - 2)] = r.pick(["word", "item", "number"]);
  do words[n - 1] = LISTS.en[r.int(2048)] as string;
  while (!validateMnemonic(words.join(" "), LISTS.en));
  const circled = (i: number) => String.fromCodePoint(i <= 20 ? 0x2460 + i - 1 : 0x3251 + i - 21);
  const upper = r.chance(0.5);
  const body = words.map((w, i) => `${circled(i + 1)}${upper ? w.toUpperCase() : w}`).join("");
  return {
    layout: "circled word items",
    kind: "seed_phrase",
    text: `${r.pick(["", "你好，", "my seed: "])}${body}${r.pick(["", "\n谢谢"])}`,
    fragments: words,
  };
}

function misses(make: (r: Rng) => SecretCase, seed: number, n: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = make(r);
    const red = redactSecrets(c.text);
    const leak = red.kinds.length ? leaks(c, red.text) : c.fragments.join(" ");
    if (leak) out.push(`${JSON.stringify(c.text)} -> ${JSON.stringify(red.text)} (left: ${leak})`);
  }
  return out;
}

describe(`phrases with words cut by invisible characters, and "then" as their last word (seed ${SEED})`, () => {
  // Before the fix, 1-3 of 300 left words (seeds 1-6).
  it("reads a word cut into a wordlist word and a misspelt piece as the one word", () => {
    const m = misses(splitEveryWord, SEED, 800);
    expect(m.slice(0, 5), `${m.length} of 800`).toEqual([]);
  });

  // Before the fix, 2-6 of 300 left their last words.
  it("takes a phrase's own last 'then' or 'next' with it, and leaves the sentence's next word", () => {
    const m = misses(thenLast, SEED + 1, 600);
    expect(m.slice(0, 5), `${m.length} of 600`).toEqual([]);
    const text =
      "客服你好，virus → then faint → then rate → then mimic → then child → then multiply → then decorate → then noise → then major → then badge → then enjoy → then hollow → then acid → then dazd → then next\nthanks";
    expect(redactSecrets(text).text).toBe("客服你好，[redacted: seed phrase]\nthanks");
  });

  // Before the fix, "#2 word then #3 notable" read "2 word" as numbering ("2nd word") and the phrase lost a word
  // (REDACT_SEED=173018719 of the test above, 1 of 600); 7 of 200 here (REDACT_SEED=1), 0 after.
  it("reads a numbered item that is 'word' or 'item' as the item when 'then' or 'and' leads to the next number", () => {
    const m = misses(wordItems, SEED + 3, 200);
    expect(m.slice(0, 5), `${m.length} of 200`).toEqual([]);
  });

  it("reads such an item when two words ('and then') lead to the next number", () => {
    const m = misses(wordItemsAndThen, SEED + 4, 300);
    expect(m.slice(0, 5), `${m.length} of 300`).toEqual([]);
  });

  it("reads 'word', 'item' or 'number' glued between circled numbers as the item", () => {
    const m = misses(circledWordItems, SEED + 5, 300);
    expect(m.slice(0, 5), `${m.length} of 300`).toEqual([]);
  });

  // Before the fix, 72-104 of 300 cut the list at the misspelt word.
  it("never reads the last piece of a misspelt word and the next item's number as numbering", () => {
    const m = misses(tailNumbering, SEED + 2, 200);
    expect(m.slice(0, 5), `${m.length} of 200`).toEqual([]);
  });
});
