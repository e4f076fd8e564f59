/**
 * The BIP-39 wordlists (English, simplified and traditional Chinese, from @scure/bip39), their
 * indexes, the English 4-letter prefixes, a one-typo matcher, and the checksum test.
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { validateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as traditional } from "@scure/bip39/wordlists/traditional-chinese.js";

export const MNEMONIC_LENGTHS = [24, 21, 18, 15, 12] as const;

const indexOf = (list: readonly string[]) => new Map(list.map((w, i) => [w, i]));
export const EN_INDEX = indexOf(english);
export const ZHS_INDEX = indexOf(simplified);
export const ZHT_INDEX = indexOf(traditional);

/** BIP-39 English words are unique by their first four letters: "aban" restores "abandon". */
const EN_PREFIX = new Map(english.filter((w) => w.length > 4).map((w) => [w.slice(0, 4), EN_INDEX.get(w) as number]));

/** Every English word with one letter deleted, so a one-letter typo is found with a few lookups. */
const EN_DELETES = new Map<string, number>();
for (const w of english) {
  for (let i = 0; i < w.length; i++) {
    const d = w.slice(0, i) + w.slice(i + 1);
    if (!EN_DELETES.has(d)) EN_DELETES.set(d, EN_INDEX.get(w) as number);
  }
}

/** Whether a Han character is in either Chinese wordlist. */
export function isZhWord(ch: string): boolean {
  return ZHS_INDEX.has(ch) || ZHT_INDEX.has(ch);
}

/** How a lower-case Latin word resolves to an English wordlist word: exactly, by its 4-letter prefix, or as a typo. */
export type Resolution = { index: number; how: "word" | "prefix" | "typo" } | null;

/**
 * Words already resolved in this isolate (prose repeats its words: most are not wordlist words and would each take
 * the typo search's deletions again). Bounded: cleared when full. Resolutions are shared, never changed by callers.
 */
const RESOLVED = new Map<string, Resolution>();
const RESOLVED_MAX = 8192;

export function resolveEnglish(word: string): Resolution {
  const known = RESOLVED.get(word);
  if (known !== undefined) return known;
  const r = resolve(word);
  if (RESOLVED.size >= RESOLVED_MAX) RESOLVED.clear();
  RESOLVED.set(word, r);
  return r;
}

function resolve(word: string): Resolution {
  const exact = EN_INDEX.get(word);
  if (exact !== undefined) return { index: exact, how: "word" };
  if (word.length === 4) {
    const p = EN_PREFIX.get(word);
    if (p !== undefined) return { index: p, how: "prefix" };
  }
  if (word.length < 4 || word.length > 9) return null;
  // One deletion on either side covers a missing, extra, changed or swapped letter.
  const missing = EN_DELETES.get(word);
  if (missing !== undefined && word.length >= 4) return { index: missing, how: "typo" };
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    const hit = EN_INDEX.get(d) ?? EN_DELETES.get(d);
    if (hit !== undefined) return { index: hit, how: "typo" };
  }
  return null;
}

/** The three-letter wordlist word a two-letter word is with one letter missing ("ru" for "rug"), or null. */
export function shortTypo(word: string): number | null {
  return word.length === 2 ? (EN_DELETES.get(word) ?? null) : null;
}

/**
 * A glued run of English words ("abandonability", words joined by zero-width characters) split
 * into wordlist words, or null when it does not split completely. Linear: words are 3-8 letters.
 */
export function segmentEnglish(run: string): number[] | null {
  const n = run.length;
  if (n < 6) return null;
  // back[i] = length of the word ending at i on a full split of run[0..i), 0 when none.
  const back = new Uint8Array(n + 1);
  const ok = new Uint8Array(n + 1);
  ok[0] = 1;
  for (let i = 3; i <= n; i++) {
    for (let len = 3; len <= 8 && len <= i; len++) {
      if (ok[i - len] && EN_INDEX.has(run.slice(i - len, i))) {
        ok[i] = 1;
        back[i] = len;
        break;
      }
    }
  }
  if (!ok[n]) return null;
  const out: number[] = [];
  for (let i = n; i > 0; i -= back[i] as number) out.push(i - (back[i] as number));
  return out.reverse(); // start offsets of each word
}

/**
 * A fast exact pre-check of the BIP-39 checksum (first ENT/32 bits of SHA-256 of the entropy),
 * so that long runs cost a hash per window, not a wordlist scan per word.
 */
function checksumMatches(indexes: readonly number[]): boolean {
  const csBits = indexes.length / 3;
  const entropy = new Uint8Array((indexes.length * 11 - csBits) / 8);
  let bit = 0;
  let checksum = 0;
  for (const idx of indexes) {
    for (let b = 10; b >= 0; b--, bit++) {
      const on = (idx >> b) & 1;
      if (bit < entropy.length * 8) entropy[bit >> 3] = (entropy[bit >> 3] as number) | (on << (7 - (bit & 7)));
      else checksum = (checksum << 1) | on;
    }
  }
  return (sha256(entropy)[0] as number) >> (8 - csBits) === checksum;
}

/** Whether English wordlist indexes form a valid mnemonic: the pre-check, then @scure/bip39 as the authority. */
export function validEnglish(indexes: readonly number[]): boolean {
  return checksumMatches(indexes) && validateMnemonic(indexes.map((i) => english[i]).join(" "), english);
}

/** Whether Han characters form a valid simplified or traditional Chinese mnemonic. */
export function validChinese(chars: readonly string[]): boolean {
  for (const [index, list] of [
    [ZHS_INDEX, simplified],
    [ZHT_INDEX, traditional],
  ] as const) {
    const idx: number[] = [];
    for (const c of chars) {
      const i = index.get(c);
      if (i === undefined) break;
      idx.push(i);
    }
    if (idx.length === chars.length && checksumMatches(idx) && validateMnemonic(chars.join(" "), list)) return true;
  }
  return false;
}

export { english };
