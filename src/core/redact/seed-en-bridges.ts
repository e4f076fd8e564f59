/**
 * English phrases across the edges of a run: two runs one word of the customer's apart that
 * together pass the checksum, and a phrase cut from the next run by two typos in a row.
 */

import { distinctEnough, strong } from "./seed-en-stretch";
import type { Entry, Run } from "./seed-en-words";
import type { Budget, SecretSpan } from "./spans";
import { MNEMONIC_LENGTHS, validEnglish } from "./wordlists";

/**
 * Two runs one other word parts ("… since mean (continued) shoulder budget …"): when together
 * they are a phrase's length (at most two words more) of different words, a checksum-valid window
 * over them is a phrase with a word of the customer's inside it, and the word goes with it. Three
 * windows at most for each reading (with or without "then"/"next"): prose parted by a word (a table
 * of contents) must not get 1-in-16 chances.
 */
export function bridgedSpan(left: Entry[], right: Entry[], budget: Budget, spans: SecretSpan[]) {
  // The words as strong ones only, and with "then"/"next" (wordlist words, "… wild next match …").
  const views = [strong, (e: Entry) => strong(e) || (e.how === "filler" && e.index >= 0)];
  for (const [k, keep] of views.entries()) {
    const words = [...left, ...right].filter(keep);
    if (k > 0 && words.length === [...left, ...right].filter(strong).length) return;
    const cut = left.filter(keep).length;
    const n = MNEMONIC_LENGTHS.find((len) => len <= words.length);
    if (!n || words.length - n > 2 || cut < 3 || words.length - cut < 3) continue;
    const indices = words.map((e) => e.index);
    for (let from = 0; from + n <= words.length; from++) {
      const window = indices.slice(from, from + n);
      // Mostly different words: a phrase may repeat a few, prose repeats many.
      if (!distinctEnough(window) || budget.windows-- <= 0) continue;
      if (validEnglish(window)) {
        spans.push({
          start: (words[from] as Entry).start,
          end: (words[from + n - 1] as Entry).end,
          kind: "seed_phrase",
        });
        return;
      }
    }
  }
}

/**
 * A phrase that reaches the edge of its run where two typos in a row cut it from the next run
 * goes on over that run when it holds three wordlist words or more (the rest of the phrase).
 */
export function reachAcrossTypos(run: Run, found: SecretSpan[]) {
  const first = found[0];
  const last = found[found.length - 1];
  const many = (r: Entry[] | undefined): r is Entry[] => !!r && r.filter(strong).length >= 3;
  // The typos themselves, or a stray word or two, may have been left out at that edge.
  const outside = (x: number, y: number) => run.filter((e) => strong(e) && e.start >= x && e.end <= y).length;
  const edge = (run[0] as Entry).start;
  const end = (run[run.length - 1] as Entry).end;
  if (first && outside(edge, first.start) <= 2 && many(run.left)) {
    first.start = Math.min(first.start, (run.left[0] as Entry).start);
  }
  if (last && outside(last.end, end) <= 2 && many(run.right)) {
    last.end = Math.max(last.end, (run.right[run.right.length - 1] as Entry).end);
  }
}
