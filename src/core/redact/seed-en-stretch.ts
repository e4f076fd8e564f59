/**
 * Stretches of a run of English wordlist words: which words are strong (whole or by prefix), the
 * phrase's own "then"/"next", a phrase's length with misspelt words, where a phrase's line starts,
 * lines of a run that make a phrase, and the best stretch of a run with no checksum window.
 */

import type { Entry } from "./seed-en-words";
import { MNEMONIC_LENGTHS } from "./wordlists";

/** Different words a checksum window over a run with a word of the customer's in it needs (8 of 12). */
export const distinctEnough = (indices: readonly number[]) => new Set(indices).size * 3 >= indices.length * 2;

export const strong = (e: Entry) => e.how === "word" || e.how === "prefix";

/**
 * In a run joined by "then"/"next" ("`tragic`- then `giggle`- then …", "… and then …"), the
 * phrase's own "then"/"next": a filler right after a joiner (or starting the run) with another
 * filler after it, or ending the run ("… `bind`- then `then`- then …", "… hello and then next"). Only how many there
 * are matters (every "then" is the same word).
 */
export function wordFillers(run: readonly Entry[]): Set<Entry> {
  const out = new Set<Entry>();
  if (run.filter((e) => e.how === "filler" && e.index >= 0).length < 3) return out;
  // (The run's start stands as a joiner would: "`then`- then `service`- then …".)
  let afterJoiner = true;
  for (let k = 0; k < run.length; k++) {
    const e = run[k] as Entry;
    const next = run[k + 1];
    if (e.how !== "filler") afterJoiner = false;
    else if (e.index >= 0 && afterJoiner && (!next || next.how === "filler")) {
      out.add(e);
      afterJoiner = false;
    } else afterJoiner = true;
  }
  return out;
}

/**
 * Whether an entry is a word of a phrase in `run`: whole, by prefix, or its own "then"/"next" (a slot of
 * wordFillers, or one of two wordlist fillers side by side: one joins, the other is the word: "… practqce
 * - then then", "… tongue, then next, then …").
 */
export function phraseWord(run: readonly Entry[], e: Entry | undefined, slots: Set<Entry>): boolean {
  if (!e) return false;
  if (strong(e) || slots.has(e)) return true;
  const prev = run[run.indexOf(e) - 1];
  return e.how === "filler" && e.index >= 0 && prev?.how === "filler" && prev.index >= 0;
}

/**
 * Whether `part` of a run (the words before or after its checksum windows) is a longer phrase's misspelt
 * start or end: two wordlist words or more and one or two misspelt, `edge` (the run's first or last
 * entry) a word of the phrase (phraseWord).
 */
export function misspeltPart(
  run: readonly Entry[],
  part: readonly Entry[],
  edge: Entry | undefined,
  slots: Set<Entry>,
) {
  const typos = part.filter((e) => e.how === "typo").length;
  return part.filter(strong).length >= 2 && typos >= 1 && typos <= 2 && phraseWord(run, edge, slots);
}

/**
 * The same for the words after the windows, where a misspelt word that ends the run right after the
 * phrase's own last word is the sentence's next one ("… dazd - then next\nthanks"): judged without it,
 * and left out of the phrase (`sentenceNext`). `words`: the phrase's words among them (phraseWord).
 */
export function misspeltTail(run: readonly Entry[], tail: readonly Entry[], slots: Set<Entry>) {
  const words = tail.filter((e) => phraseWord(run, e, slots)).length;
  if (misspeltPart(run, tail, tail.at(-1), slots)) return { longer: true, sentenceNext: false, words };
  const own = tail.slice(0, -1);
  const sentenceNext = tail.at(-1)?.how === "typo" && misspeltPart(run, own, own.at(-1), slots);
  return { longer: sentenceNext, sentenceNext, words };
}

/**
 * Whether run[a, b) is a phrase's length of wordlist words ("then"/"next" too) with at most two
 * misspelt, each one letter from a wordlist word (a misspelt word that also reads as two counted once).
 */
export function phraseOf(
  run: readonly Entry[],
  a: number,
  b: number,
  known: (part: readonly Entry[]) => boolean,
): boolean {
  const lengths = MNEMONIC_LENGTHS as readonly number[];
  const part = run.slice(a, b);
  const typos = part.filter((e) => e.how === "typo").length;
  if (!known(part) || !part.every((e) => strong(e) || e.how === "typo" || (e.how === "filler" && e.index >= 0)))
    return false;
  if (lengths.includes(b - a) && typos <= 2) return true;
  // A token read as two words that is also one misspelt word ("endforce": "end force", "enforce") may
  // be that one word: the phrase is a word shorter and has a typo more.
  const split = part.filter((e) => e.misspelt !== undefined);
  const tokens = new Set(split.map((e) => e.misspelt)).size;
  return tokens > 0 && lengths.includes(b - a - (split.length - tokens)) && typos + tokens <= 2;
}

/**
 * Where the phrase at run[from] starts when one or two wordlist words, one misspelt at least,
 * stand before it on its own line, the line starting with them: a line sets a phrase apart.
 */
export function lineStart(run: readonly Entry[], from: number, text: string): number {
  const sameLine = (x: Entry, y: Entry) => !text.slice(x.end, y.start).includes("\n");
  const word = (e: Entry) => strong(e) || (e.how === "typo" && e.index >= 0);
  // Words set off from the phrase by a mark or a dash are its label ("seed words: secret web …").
  if (from > 0 && /[:：=]|\s[-–—]\s/.test(text.slice((run[from - 1] as Entry).end, (run[from] as Entry).start)))
    return from;
  let k = from;
  while (k > 0 && from - k < 2 && sameLine(run[k - 1] as Entry, run[k] as Entry) && word(run[k - 1] as Entry)) k--;
  // Whole words there may be the customer's ("about above <phrase>"); a misspelt one is the phrase's.
  if (k === from || !run.slice(k, from).some((e) => e.how === "typo")) return from;
  const first = run[k] as Entry;
  const lineBegins =
    k > 0
      ? !sameLine(run[k - 1] as Entry, first)
      : !/\p{L}/u.test(text.slice(text.lastIndexOf("\n", first.start - 1) + 1, first.start));
  return lineBegins ? k : from;
}

/**
 * Whole lines of the run that are a phrase's length (at most two misspelt words, "then"/"next"
 * counted: phraseOf) and overlap run[from, to), as [from, to) widened over them. A line sets a phrase
 * apart: a wordlist word on the line after it ("\n\nThank you") may complete a chance-valid window
 * that leaves the phrase's misspelt first words out, and a window over a phrase's words without its
 * "next" may leave its last words; the phrase may be broken over lines too (consecutive lines).
 */
export function phraseLines(
  run: readonly Entry[],
  from: number,
  to: number,
  text: string,
  known: (part: readonly Entry[]) => boolean,
): [number, number] {
  const starts = [0];
  for (let k = 1; k < run.length; k++)
    if (text.slice((run[k - 1] as Entry).end, (run[k] as Entry).start).includes("\n")) starts.push(k);
  starts.push(run.length);
  if (starts.length === 2) return [from, to];
  let lo = from;
  let hi = to;
  const longest = Math.max(...MNEMONIC_LENGTHS) + 2;
  for (let i = 0; i < starts.length - 1; i++) {
    const a = starts[i] as number;
    for (let j = i + 1; j < starts.length && (starts[j] as number) - a <= longest; j++) {
      const b = starts[j] as number;
      if (b <= from || a >= to || b - a < 12) continue;
      if (phraseOf(run, a, b, known)) {
        lo = Math.min(lo, a);
        hi = Math.max(hi, b);
      }
    }
  }
  return [lo, hi];
}

/** The stretch of a run with at most `maxTypos` typos and the most counted words (two pointers, linear). */
export function bestStretch(run: readonly Entry[], maxTypos: number, counts: (e: Entry) => boolean) {
  let best = { from: 0, to: 0, words: -1, typos: 0 };
  let a = 0;
  let words = 0;
  let typos = 0;
  for (let b = 0; b < run.length; b++) {
    const e = run[b] as Entry;
    if (e.how === "typo") typos++;
    else if (counts(e)) words++;
    while (typos > maxTypos) {
      const out = run[a++] as Entry;
      if (out.how === "typo") typos--;
      else if (counts(out)) words--;
    }
    // At equal words, the longer stretch from the same start: a typo at its end may be the phrase's last word.
    if (words > best.words || (words === best.words && a === best.from)) best = { from: a, to: b + 1, words, typos };
  }
  return best;
}
