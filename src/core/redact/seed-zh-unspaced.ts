/**
 * Unspaced Chinese seed phrases: a run of adjacent wordlist characters is a phrase only next to (or
 * holding) a seed label, in checksum windows that start or end where the label and its connectors
 * (是/为/如下) do, or where the run does.
 */

import { ranksLikePhrase } from "./seed-zh-bare";
import { readsLikeProse } from "./seed-zh-prose";
import type { Budget } from "./spans";
import type { Hits, Token } from "./tokens";
import { isZhWord, MNEMONIC_LENGTHS, validChinese } from "./wordlists";

/** Records one phrase from its first to its last character. */
export type Push = (first: Token, last: Token) => void;

/** Connectors between a label and the phrase: 助记词是…, 助记词如下…, …是我的助记词. */
const CONNECTORS = new Set([..."是为為如下就这這我的：:"]);

/**
 * A checksum window that holds common words: a random phrase does 1 time in 1,000, and then ranks
 * under this many spreads 1 time in 50 more; a sentence's characters seldom rank above it.
 */
const PROSE_CHECKED_SPREADS = 2;

/** A run of adjacent characters next to (or holding) a seed label. */
export function unspacedSpans(
  run: readonly Token[],
  labels: Hits,
  labelledAround: (s: number, e: number) => boolean,
  budget: Budget,
  push: Push,
  cuts: readonly number[] = [],
) {
  const runStart = (run[0] as Token).start;
  const runEnd = (run[run.length - 1] as Token).end;
  if (!labelledAround(runStart, runEnd)) return;
  const at = new Map<number, number>(run.map((t, k) => [t.start, k]));
  const chars = run.map((t) => t.text);
  // Where a phrase may start (run start, after a label and its connectors) and end (run end, before them).
  const isStart = new Uint8Array(run.length + 1);
  const isEnd = new Uint8Array(run.length + 1);
  isStart[0] = 1;
  isEnd[run.length] = 1;
  // Where the pieces of a run read over white space meet.
  for (const k of cuts) {
    isStart[k] = 1;
    isEnd[k] = 1;
  }
  /** The character at or after normalised offset `pos` (a label may end on the white space between pieces). */
  const after = (pos: number) => {
    const k = at.get(pos);
    if (k !== undefined || !cuts.length) return k;
    let lo = 0;
    let hi = run.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((run[mid] as Token).start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < run.length ? lo : undefined;
  };
  // Which label each character belongs to (0: none), hits and characters both in order: linear.
  // A window never splits a label ("我的助记[词…]"); one holding a whole label is a phrase only when a
  // checksum vouches for it ("助记词：傅民走伴助記牛手…" holds 助記) and its other characters rank like
  // a random phrase's (the label's own common words, 助记 or 钱包, are not counted).
  const hits = labels.between(runStart, runEnd);
  const labelOf = new Int32Array(run.length);
  for (let k = 0, h = 0; k < run.length; k++) {
    const pos = (run[k] as Token).start;
    while (h < hits.length && (hits[h] as { end: number }).end <= pos) h++;
    if (h < hits.length && (hits[h] as { start: number }).start <= pos) labelOf[k] = h + 1;
  }
  const inLabel = new Int32Array(run.length + 1);
  for (let k = 0; k < run.length; k++) inLabel[k + 1] = (inLabel[k] as number) + (labelOf[k] ? 1 : 0);
  const splitsLabel = (p: number) => p > 0 && p < run.length && labelOf[p] !== 0 && labelOf[p] === labelOf[p - 1];
  // Starts and ends a label (and its connectors) makes, apart from the run's and the pieces' own.
  const afterLabel = new Uint8Array(run.length + 1);
  const beforeLabel = new Uint8Array(run.length + 1);
  for (const hit of hits) {
    let s = after(hit.end) ?? (hit.end >= runEnd ? run.length : -1);
    let e = at.get(hit.start) ?? -1;
    if (s >= 0) {
      isStart[s] = afterLabel[s] = 1;
      for (let k = 0; k < 3 && s < run.length && CONNECTORS.has(chars[s] as string); k++)
        isStart[++s] = afterLabel[s] = 1;
    }
    if (e >= 0) {
      isEnd[e] = beforeLabel[e] = 1;
      for (let k = 0; k < 4 && e > 0 && CONNECTORS.has(chars[e - 1] as string); k++) isEnd[--e] = beforeLabel[e] = 1;
    }
  }
  const isWords = (a: number, b: number) => chars.slice(a, b).every(isZhWord);
  let best: { a: number; b: number; score: number; checked: boolean } | null = null;
  // Checksum windows holding a label's characters: the label inside also bounds a window of its own
  // ("种子词是<邦类…全部>二十四个词": the phrase ends with 二十四个词), which may win on its bounds.
  const whole: Array<{ a: number; b: number; edge: boolean }> = [];
  /**
   * Whether a label of [a, b) stands at its edge (only connectors beside it) where no label outside
   * bounds it: "我的助記詞是繩察…" from the run's start, not "助记词是種子詞雙努…" (stacked on one).
   */
  const leadsOrEnds = (a: number, b: number) => {
    let i = a;
    while (i < b && !labelOf[i] && CONNECTORS.has(chars[i] as string)) i++;
    let j = b;
    while (j > a && !labelOf[j - 1] && CONNECTORS.has(chars[j - 1] as string)) j--;
    return (labelOf[i] !== 0 && !afterLabel[a]) || (labelOf[j - 1] !== 0 && !beforeLabel[b]);
  };
  const consider = (a: number, b: number, checked: boolean) => {
    if (a < 0 || b > run.length || b - a < 11 || !isWords(a, b) || splitsLabel(a) || splitsLabel(b)) return;
    const holdsLabel = inLabel[b] !== inLabel[a];
    if (holdsLabel && !checked) return;
    // A label's characters say nothing of prose or phrase: the window is judged by the others.
    const own = holdsLabel ? chars.slice(a, b).filter((_, k) => !labelOf[a + k]) : chars.slice(a, b);
    const both = isStart[a] === 1 && isEnd[b] === 1;
    const prose = readsLikeProse(own);
    // A sentence after a label passes a checksum 1 time in 16 ("助记词不能告诉任何人我就没发"): a window
    // that reads like prose by its words and its characters' ranks is the sentence.
    if (prose && !ranksLikePhrase(own, checked ? PROSE_CHECKED_SPREADS : undefined)) return;
    if (!checked && !(both && b - a <= 24 && !prose && ranksLikePhrase(own))) return;
    // Its other characters must rank like a random phrase's ("钱包备份请问…" from the run's start,
    // "…助记词要用空格隔开吗种子词我把钱包…" around one): a phrase's fall under this 1 time in 4,000 or so.
    if (holdsLabel && !ranksLikePhrase(own)) return;
    // A label at the window's edge (only connectors beside it: "我的助記詞是繩察…") more likely
    // names what follows it: a window without it wins a tie, and only an unchecked one is extended.
    const edge = holdsLabel && leadsOrEnds(a, b);
    if (holdsLabel) whole.push({ a, b, edge });
    const score = (both ? 100 : 0) + (checked ? 50 : 0) + (prose ? 0 : 25) + (b - a) - (edge ? 30 : 0);
    if (!best || score > best.score) best = { a, b, score, checked };
  };
  for (let p = 0; p <= run.length && budget.windows > 0; p++) {
    if (isStart[p]) {
      for (const n of MNEMONIC_LENGTHS) {
        if (p + n <= run.length && budget.windows-- > 0 && validChinese(chars.slice(p, p + n)))
          consider(p, p + n, true);
      }
      for (let b = p + 11; b <= Math.min(run.length, p + 24); b++) if (isEnd[b]) consider(p, b, false);
    }
    if (isEnd[p]) {
      for (const n of MNEMONIC_LENGTHS) {
        if (p - n >= 0 && budget.windows-- > 0 && validChinese(chars.slice(p - n, p))) consider(p - n, p, true);
      }
    }
  }
  const found = best as { a: number; b: number; checked: boolean } | null;
  if (!found) return;
  let { a, b } = found;
  // The chosen window and the checksum windows over it that hold a label are one phrase (the label
  // inside bounds a window of its own, which may win on its bounds alone).
  for (const w of whole) {
    if (w.a < found.b && w.b > found.a && (!w.edge || !found.checked)) {
      a = Math.min(a, w.a);
      b = Math.max(b, w.b);
    }
  }
  push(run[a] as Token, run[b - 1] as Token);
}
