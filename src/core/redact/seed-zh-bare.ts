/**
 * Unspaced Chinese phrases with no seed label near ("my wallet words:\n的一是在…", or the bare
 * characters inside a message). Chinese prose is made of the same common characters, but the
 * wordlists are ordered by how common a character is, and prose leans on the first few hundred
 * while a random phrase draws evenly from all 2048: a window's mean log rank tells them apart
 * (a random phrase averages about 6.6, support prose about 4.7). So a window is a phrase when
 * its mean rank is high, it holds no common two-character word beyond chance, and either its
 * checksum is valid or (a word missing, a typo) it is a whole run of characters on its own.
 * Checksums are only computed for windows that pass the rank test, so prose costs a few sums.
 */

import { readsLikeProse } from "./seed-zh-prose";
import type { Push } from "./seed-zh-unspaced";
import type { Budget } from "./spans";
import type { Token } from "./tokens";
import { MNEMONIC_LENGTHS, validChinese, ZHS_INDEX, ZHT_INDEX } from "./wordlists";

/** ln(rank + 1) of a character in either wordlist; -1 when it is in neither. */
function logRank(ch: string): number {
  const r = ZHS_INDEX.get(ch) ?? ZHT_INDEX.get(ch);
  return r === undefined ? -1 : Math.log(r + 1);
}

/** A random phrase's mean log rank is about 6.62 with a spread of 1/sqrt(n): this many spreads below it still passes. */
const RANDOM_MEAN = 6.62;
/** Checksum windows: looser where the window starts and ends where runs do (the text marks its ends). */
const CHECKED_SPREADS = [2.4, 3.0, 4.3] as const;
const UNCHECKED_SPREADS = 3.6;
const threshold = (n: number, spreads: number) => RANDOM_MEAN - spreads / Math.sqrt(n);

/** Mean log ranks over prefixes of `run`, and whether each character is in a wordlist. */
function ranks(run: readonly Token[]) {
  const n = run.length;
  const sum = new Float64Array(n + 1);
  // bad[i]: the first character at or after i that is in neither wordlist (n when none).
  const bad = new Int32Array(n + 1);
  // rare[i]: characters before i in the rarer half of the list (or in neither list).
  const rare = new Int32Array(n + 1);
  const lr = run.map((t) => logRank(t.text));
  for (let i = 0; i < n; i++) {
    const v = lr[i] as number;
    sum[i + 1] = (sum[i] as number) + (v < 0 ? MISS : v);
    rare[i + 1] = (rare[i] as number) + (v < 0 || v >= RARE ? 1 : 0);
  }
  bad[n] = n;
  for (let i = n - 1; i >= 0; i--) bad[i] = (lr[i] as number) < 0 ? i : (bad[i + 1] as number);
  return {
    bad,
    mean: (a: number, b: number) => ((sum[b] as number) - (sum[a] as number)) / (b - a),
    /** Whether [a, b) holds as many characters of the rarer half as a random phrase nearly always does. */
    rareEnough: (a: number, b: number) => (rare[b] as number) - (rare[a] as number) >= minRare(b - a),
  };
}

/**
 * The rarer half of the list (rank 1024 and up, ln(1025)): a random phrase draws half its words
 * there, prose seldom goes there, and a sentence of common characters never does.
 */
const RARE = Math.log(1025);
/** At least this many of a window's characters are in the rarer half (a random phrase falls short under 1 in 20,000 times). */
const minRare = (n: number) => (n < 15 ? 0 : n < 21 ? 1 : n < 24 ? 2 : 3);

/** What a character in neither wordlist counts for (a typo): as rare as the rarest word. */
const MISS = Math.log(2048);

/**
 * Checksum-valid windows over the characters of a chain (runs with only non-letters between
 * them, read as one); every window that passes is pushed (overlaps merge later), so a chance
 * window of lead-in and phrase never hides the phrase's own. Returns whether any was found.
 */
export function bareCheckedSpans(
  run: readonly Token[],
  bounds: readonly number[],
  budget: Budget,
  push: Push,
): boolean {
  const n = run.length;
  if (n < 12) return false;
  const isBound = new Uint8Array(n + 1);
  for (const k of bounds) isBound[k] = 1;
  const { bad, mean, rareEnough } = ranks(run);
  const chars = run.map((t) => t.text);
  let found = false;
  for (let p = 0; p + 12 <= n && budget.windows > 0; p++) {
    for (const w of MNEMONIC_LENGTHS) {
      if (p + w > n || (bad[p] as number) < p + w) continue;
      const spreads = CHECKED_SPREADS[(isBound[p] as number) + (isBound[p + w] as number)] as number;
      if (mean(p, p + w) < threshold(w, spreads)) continue;
      if (!rareEnough(p, p + w) || budget.windows-- <= 0) continue;
      const slice = chars.slice(p, p + w);
      if (validChinese(slice) && !readsLikeProse(slice)) {
        push(run[p] as Token, run[p + w - 1] as Token);
        found = true;
        break;
      }
    }
  }
  return found;
}

/**
 * Which of several candidates is the phrase: characters above this log rank (rank 150 and up)
 * add to it, more common ones take away, so the whole phrase beats a piece of it and a piece of
 * prose next to it loses.
 */
const EVEN = 5.0;

/**
 * A phrase with a word missing or one mistyped (no checksum): 11-24 characters from where a
 * run of the chain starts to where one ends (non-letters around: a line, a group, a numbered
 * item), that read like a random phrase, with at most one character in neither list.
 * `bounds`: flat indexes where runs start and end.
 */
export function bareDamagedSpans(run: readonly Token[], bounds: readonly number[], push: Push): boolean {
  const n = run.length;
  if (n < 11) return false;
  const { bad, mean, rareEnough } = ranks(run);
  const chars = run.map((t) => t.text);
  const ok = (a: number, b: number) => {
    const firstBad = bad[a] as number;
    if (firstBad < b && (bad[firstBad + 1] as number) < b) return false;
    return mean(a, b) >= threshold(b - a, UNCHECKED_SPREADS) && rareEnough(a, b) && !readsLikeProse(chars.slice(a, b));
  };
  const found: Array<{ a: number; b: number; score: number }> = [];
  for (let i = 0; i < bounds.length; i++) {
    const a = bounds[i] as number;
    for (let j = i + 1; j < bounds.length; j++) {
      const b = bounds[j] as number;
      if (b - a > 24) break;
      if (b - a >= 11 && ok(a, b)) found.push({ a, b, score: (mean(a, b) - EVEN) * (b - a) });
    }
  }
  found.sort((x, y) => y.score - x.score);
  const taken: Array<{ a: number; b: number }> = [];
  for (const f of found) {
    if (taken.some((t) => f.a < t.b && t.a < f.b)) continue;
    taken.push(f);
    push(run[f.a] as Token, run[f.b - 1] as Token);
  }
  return taken.length > 0;
}
