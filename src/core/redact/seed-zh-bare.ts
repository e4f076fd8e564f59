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

import { isProseWord, readsLikeProse } from "./seed-zh-prose";
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
/**
 * Checksum windows: looser where the window starts and ends where runs do (the text marks its ends).
 * Glued on both sides ("你好我的钱包是…请帮我看看"): 3.3 spreads (3.0 before, 2.4 before that) keep
 * 4 phrases in 1,000 more than 3.0 did and let no sentence of the corpora in (support prose averages
 * about 4.7, under 5.67 for 12); sentences glued together lose 1 in 10,000 more.
 */
const CHECKED_SPREADS = [3.3, 3.3, 4.3] as const;
const UNCHECKED_SPREADS = 3.6;
/**
 * A checked window that is a whole line or run on its own and holds no particle and no common two-character
 * word anywhere: a sentence seldom does, and a phrase of common characters ranks low (`止出馬分方族用營商吸知伐`,
 * 5.31 for 12, under 4.3 spreads' 5.38: about 1 phrase in 600 of the OCR cases was kept for it).
 */
const LINE_SPREADS = 5.0;
const threshold = (n: number, spreads: number) => RANDOM_MEAN - spreads / Math.sqrt(n);
/** Labelled stretches without a checksum: a random phrase falls under this 1 time in 4,000 (measured, a word missing or not). */
const LABELLED_SPREADS = 4.3;

/** Whether characters next to a seed label rank like a random phrase's, not like a sentence's ("电报群里有假管理员要助记词"). */
export function ranksLikePhrase(chars: readonly string[], spreads = LABELLED_SPREADS): boolean {
  let sum = 0;
  for (const c of chars) {
    const v = logRank(c);
    sum += v < 0 ? MISS : v;
  }
  return sum / chars.length >= threshold(chars.length, spreads);
}

/** Mean log ranks over prefixes of `run`, and whether each character is in a wordlist. */
function ranks(run: readonly Token[]) {
  const n = run.length;
  const sum = new Float64Array(n + 1);
  // score[i]: sum over characters before i of (log rank - EVEN), for telling where a phrase ends.
  const score = new Float64Array(n + 1);
  // bad[i]: the first character at or after i that is in neither wordlist (n when none).
  const bad = new Int32Array(n + 1);
  // rare[i]: characters before i in the rarer half of the list (or in neither list).
  const rare = new Int32Array(n + 1);
  const lr = run.map((t) => logRank(t.text));
  for (let i = 0; i < n; i++) {
    const v = lr[i] as number;
    sum[i + 1] = (sum[i] as number) + (v < 0 ? MISS : v);
    score[i + 1] = (score[i] as number) + (v < 0 ? -EVEN : v - EVEN);
    rare[i + 1] = (rare[i] as number) + (v < 0 || v >= RARE ? 1 : 0);
  }
  bad[n] = n;
  for (let i = n - 1; i >= 0; i--) bad[i] = (lr[i] as number) < 0 ? i : (bad[i + 1] as number);
  return {
    bad,
    mean: (a: number, b: number) => ((sum[b] as number) - (sum[a] as number)) / (b - a),
    /** How much more [a, b) reads like a random phrase than like prose (see EVEN). */
    score: (a: number, b: number) => (score[b] as number) - (score[a] as number),
    /** Whether [a, b) holds as many characters of the rarer half as a random phrase nearly always does. */
    lr,
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
  const ranked = ranks(run);
  const { bad, mean, rareEnough } = ranked;
  const chars = run.map((t) => t.text);
  let found = false;
  for (let p = 0; p + 12 <= n && budget.windows > 0; p++) {
    for (const w of MNEMONIC_LENGTHS) {
      if (p + w > n || (bad[p] as number) < p + w) continue;
      let spreads = CHECKED_SPREADS[(isBound[p] as number) + (isBound[p + w] as number)] as number;
      if (isBound[p] && isBound[p + w] && !chatWords(chars, p, p + w)) spreads = LINE_SPREADS;
      if (mean(p, p + w) < threshold(w, spreads)) continue;
      if (!rareEnough(p, p + w) || budget.windows-- <= 0) continue;
      const slice = chars.slice(p, p + w);
      // A common word at an end is the text's ("密码是…"), even where the text marks the end.
      if (isProseWord(`${chars[p]}${chars[p + 1]}`) || isProseWord(`${chars[p + w - 2]}${chars[p + w - 1]}`)) continue;
      if ((!isBound[p] || !isBound[p + w]) && !gluedEndsFit(chars, ranked.lr, p, p + w, isBound)) continue;
      if (validChinese(slice) && !readsLikeProse(slice)) {
        push(run[p] as Token, run[p + w - 1] as Token);
        found = true;
        break;
      }
    }
  }
  return found;
}

/** Whether [a, b) holds a particle or a common two-character word: what a sentence is made of. */
function chatWords(chars: readonly string[], a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    if (FUNCTION_CHARS.has(chars[i] as string)) return true;
    if (i + 1 < b && isProseWord(`${chars[i]}${chars[i + 1]}`)) return true;
  }
  return false;
}

/** Log rank (minus EVEN) at or under which a character just outside a glued end is the sentence's. */
const OUTSIDE_COMMON = 0.5;

/**
 * Whether a window glued to other characters on a side ends where the sentence's words do: the
 * character outside a glued end is a common one, a particle, in neither list, or part of a
 * common two-character word; no common two-character word straddles an end or stands just inside
 * it, and the three characters inside it do not read like a sentence's. A phrase may begin or end
 * with a particle (的/了/把…, 1 time in 70; excluding them kept 1 in 70 phrases glued into a
 * sentence, and the other tests keep prose out just as well). Twelve random characters
 * in a sentence ("客服说雄谐…然后…") hold many windows partly in the sentence, one in 16 of which
 * passes the checksum; a real phrase's own window ends where the sentence's words do.
 */
function gluedEndsFit(
  chars: readonly string[],
  lr: readonly number[],
  a: number,
  b: number,
  isBound: Uint8Array,
): boolean {
  const word = (i: number) => i >= 0 && i + 1 < chars.length && isProseWord(`${chars[i]}${chars[i + 1]}`);
  const fn = (i: number) => FUNCTION_CHARS.has(chars[i] as string);
  const common = (i: number) => (lr[i] as number) < 0 || (lr[i] as number) - EVEN <= OUTSIDE_COMMON || fn(i);
  // The three characters inside a glued end may not read like the sentence's (…打不开), unless the
  // characters between the two ends rank like a random phrase's well above a sentence's: a phrase that
  // starts or ends with common words ("…你看一下柳是或部粪化…"; 1 in 140 of them were kept for it).
  if (!innerRanksHigh(lr, a, b)) {
    if ((!isBound[a] && proseEdge(chars, lr, a, b, false)) || (!isBound[b] && proseEdge(chars, lr, a, b, true)))
      return false;
  }
  // A common word just inside a glued end is the sentence's ("…[在维护背独…]").
  if (!isBound[a] && (word(a + 1) || word(a + 2))) return false;
  if (!isBound[b] && (word(b - 3) || word(b - 4))) return false;
  // A window whose other end the text marks (the message's or a line's end) may follow a sentence
  // ending in any word ("…少了一半的币架歌捉…"): its glued end fits when the three characters inside
  // it are rarer on average than a sentence's (a window reaching into the sentence holds its characters).
  const inside = (i: number) =>
    FUNCTION_CHARS.has(chars[i] as string) ? -2 : (lr[i] as number) < 0 ? 0 : (lr[i] as number) - EVEN;
  const rareStart = isBound[b] === 1 && inside(a) + inside(a + 1) + inside(a + 2) > 0;
  const rareEnd = isBound[a] === 1 && inside(b - 1) + inside(b - 2) + inside(b - 3) > 0;
  if (!isBound[a] && (word(a - 1) || !(common(a - 1) || word(a - 2) || rareStart))) return false;
  if (!isBound[b] && (word(b - 1) || !(common(b) || word(b) || rareEnd))) return false;
  return true;
}

/** How far under a random phrase's mean the characters inside a window's three at each end may rank. */
const INNER_SPREADS = 1.5;

/** Whether the characters of [a + 3, b - 3) rank like a random phrase's, not a sentence's (4.7 on average). */
function innerRanksHigh(lr: readonly number[], a: number, b: number): boolean {
  let sum = 0;
  for (let i = a + 3; i < b - 3; i++) sum += (lr[i] as number) < 0 ? MISS : (lr[i] as number);
  return sum / (b - a - 6) >= threshold(b - a - 6, INNER_SPREADS);
}

/** Particles and function characters of chat: wordlist characters, some rare in the list's ranking. */
const FUNCTION_CHARS = new Set([..."的了是在我你他她们这那个就也都还又很吗吧呢啊呀嘛哈啦么说让给把被从到对"]);

/** Edge scores (log rank minus EVEN, particles as prose's) whose mean over three characters a random phrase seldom falls under. */
const EDGE_MEAN = -0.5;

/** Whether the first (or last) three characters of [a, b) read like a sentence's: mostly its common characters. */
function proseEdge(chars: readonly string[], lr: readonly number[], a: number, b: number, last: boolean): boolean {
  const s = (i: number) =>
    FUNCTION_CHARS.has(chars[i] as string) ? -2 : (lr[i] as number) < 0 ? 0 : (lr[i] as number) - EVEN;
  return (last ? s(b - 1) + s(b - 2) + s(b - 3) : s(a) + s(a + 1) + s(a + 2)) / 3 < EDGE_MEAN;
}

/** Lengths of a phrase with a word missing or one mistyped. */
const DAMAGED = new Set(MNEMONIC_LENGTHS.flatMap((n) => [n - 1, n]));

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
  const { bad, mean, rareEnough, lr } = ranks(run);
  const chars = run.map((t) => t.text);
  const ok = (a: number, b: number) => {
    if (!DAMAGED.has(b - a)) return false;
    const firstBad = bad[a] as number;
    if (firstBad < b && (bad[firstBad + 1] as number) < b) return false;
    if (mean(a, b) < threshold(b - a, UNCHECKED_SPREADS) || !rareEnough(a, b)) return false;
    // A common word at an end is the sentence's ("这是…", "…请帮"), not the phrase's.
    if (
      proseEdge(chars, lr, a, b, false) ||
      proseEdge(chars, lr, a, b, true) ||
      isProseWord(`${chars[a]}${chars[a + 1]}`) ||
      isProseWord(`${chars[b - 2]}${chars[b - 1]}`)
    )
      return false;
    // Prose's two commonest characters: a random phrase of 11-24 holds one 1 to 2 times in 100.
    for (let i = a; i < b; i++) if (chars[i] === "的" || chars[i] === "是") return false;
    return !readsLikeProse(chars.slice(a, b));
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
  // Characters already in a chosen stretch (a stretch is at most 24 long: checking it is short).
  const taken = new Uint8Array(n);
  let chosen = 0;
  for (const f of found) {
    if (taken.subarray(f.a, f.b).includes(1)) continue;
    taken.fill(1, f.a, f.b);
    chosen++;
    push(run[f.a] as Token, run[f.b - 1] as Token);
  }
  return chosen > 0;
}
