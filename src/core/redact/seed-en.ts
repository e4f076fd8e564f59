/**
 * English seed phrases: runs of wordlist words (whole, by their unique 4-letter prefix, glued
 * together, or with a one-letter typo) with any non-letters between them, "and"/"then" ignored.
 * A run is a phrase when a window of it passes the BIP-39 checksum, or, checksum or not
 * (reversed, 11 of 12 words, a typo), when it is longer than ordinary prose ever makes one
 * (measured in bench/redaction.mjs), or shorter but with a seed label nearby.
 */

import { SEED_LABEL_WORDS } from "./labels";
import type { Budget, SecretSpan } from "./spans";
import type { Hits, Token } from "./tokens";
import { MNEMONIC_LENGTHS, resolveEnglish, segmentEnglish, validEnglish } from "./wordlists";

/** Strong words (whole or prefix) a run needs to be a phrase without a checksum or a label. */
export const MIN_BARE_WORDS = 11;
/** ...with a seed label within LABEL_REACH characters. */
export const MIN_LABELLED_WORDS = 8;
const LABEL_REACH = 100;
/** Runs longer than this are redacted whole without looking for checksum windows. */
const MAX_WINDOW_RUN = 200;

interface Entry {
  /** Wordlist index; -1 for a filler. */
  index: number;
  how: "word" | "prefix" | "typo" | "filler";
  start: number;
  end: number;
  word: string;
}

/** Between words: ignored ("knife and young"); "then" and "next" are also wordlist words. */
const FILLERS = new Set(["and", "then", "next", "plus"]);

const SHORT_WORDS = new Set(
  "the for you are not but was can has had her his its our out how who why now yes may did its him she they get got let per via etc off own too way".split(
    " ",
  ),
);

/** Han numbering between English words ("一、abandon 二、ability", "第1个"): ignored. */
const HAN_NUMBERING = /^[一二三四五六七八九十百零〇两第个個号號位词詞单單]$/u;

const entry = (w: string, start: number, end: number): Entry | null => {
  const r = resolveEnglish(w);
  return r ? { index: r.index, how: r.how, start, end, word: w } : null;
};

/**
 * Entries of a group of Latin tokens that only invisible characters separate: an invisible
 * character may sit inside a word ("aban\u200bdon") or between words ("abandon\u200bability").
 * Longest join that is a whole word first, then the piece alone, then a join that is a prefix or typo.
 */
function entriesOfGroup(group: readonly Token[], text: string): Entry[] | null {
  const out: Entry[] = [];
  for (let i = 0; i < group.length; ) {
    let best: { e: Entry; next: number } | null = null;
    const joinUpTo = Math.min(group.length, i + 4);
    for (let j = joinUpTo; j > i + 1 && !best; j--) {
      const w = text.slice((group[i] as Token).start, (group[j - 1] as Token).end).toLowerCase();
      const e = entry(w, (group[i] as Token).start, (group[j - 1] as Token).end);
      if (e?.how === "word") best = { e, next: j };
    }
    if (!best) {
      const single = entriesOf(group[i] as Token, text);
      if (single?.every((e) => e.how !== "typo")) {
        out.push(...single);
        i++;
        continue;
      }
      // Shortest join first: "v\u200beri" is the prefix "veri", not "verimixt".
      for (const how of ["prefix", "typo"]) {
        for (let j = i + 2; j <= joinUpTo && !best; j++) {
          const w = text.slice((group[i] as Token).start, (group[j - 1] as Token).end).toLowerCase();
          const e = entry(w, (group[i] as Token).start, (group[j - 1] as Token).end);
          if (e?.how === how) best = { e, next: j };
        }
      }
      if (!best && single) best = { e: single[0] as Entry, next: i + 1 };
      // A lone letter glued to a word is numbering ("PRIVATE\u200bb) VALVE").
      if (!best && (group[i] as Token).text.length <= 2) {
        i++;
        continue;
      }
    }
    if (!best) return out.length ? out : null;
    out.push(best.e);
    i = best.next;
  }
  return out;
}

function entriesOf(tok: Token, text: string): Entry[] | null {
  const word = tok.text.toLowerCase();
  if (FILLERS.has(word)) {
    const r = resolveEnglish(word);
    return [{ index: r?.how === "word" ? r.index : -1, how: "filler", start: tok.start, end: tok.end, word }];
  }
  const r = resolveEnglish(word);
  if (r && r.how !== "typo") return [{ index: r.index, how: r.how, start: tok.start, end: tok.end, word }];
  // Words glued together (CamelCase, or nothing between them): split them.
  const pieces = splitGlued(tok, text);
  if (pieces) return pieces;
  if (r) return [{ index: r.index, how: "typo", start: tok.start, end: tok.end, word }];
  // A three-letter word with a wrong letter ("hqn") is a typo of some word we cannot tell;
  // the short words of every English sentence are not.
  if (word.length === 3 && !SHORT_WORDS.has(word))
    return [{ index: -1, how: "typo", start: tok.start, end: tok.end, word }];
  return null;
}

function splitGlued(tok: Token, text: string): Entry[] | null {
  if (tok.end - tok.start < 6) return null;
  // First where the text itself marks word starts (a capital after a small letter).
  const cuts = [tok.start];
  for (let i = tok.start + 1; i < tok.end; i++) {
    const c = text.charCodeAt(i);
    const prev = text.charCodeAt(i - 1);
    if (c >= 65 && c <= 90 && prev >= 97 && prev <= 122) cuts.push(i);
  }
  cuts.push(tok.end);
  if (cuts.length > 2) {
    const out: Entry[] = [];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const w = text.slice(cuts[k], cuts[k + 1]).toLowerCase();
      // A three-letter piece with a wrong letter ("…MiddleKqt") is a typo we cannot resolve.
      const e =
        entry(w, cuts[k] as number, cuts[k + 1] as number) ??
        (w.length === 3
          ? { index: -1, how: "typo" as const, start: cuts[k] as number, end: cuts[k + 1] as number, word: w }
          : null);
      if (!e || (e.how === "typo" && out[out.length - 1]?.how === "typo")) {
        out.length = 0;
        break;
      }
      out.push(e);
    }
    if (out.length) return out;
  }
  const lower = tok.text.toLowerCase();
  const starts = segmentEnglish(lower);
  if (!starts || starts.length < 2) return null;
  return starts.map((s, k) => {
    const e = k + 1 < starts.length ? (starts[k + 1] as number) : lower.length;
    const w = lower.slice(s, e);
    return {
      index: resolveEnglish(w)?.index ?? -1,
      how: "word" as const,
      start: tok.start + s,
      end: tok.start + e,
      word: w,
    };
  });
}

/** Runs of entries: broken by any other letter token, or by two typos in a row. */
function runsOf(tokens: readonly Token[], text: string): Entry[][] {
  const runs: Entry[][] = [];
  let run: Entry[] = [];
  const close = () => {
    if (run.length >= MIN_LABELLED_WORDS) runs.push(run);
    run = [];
  };
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t] as Token;
    if (tok.kind === "han" && HAN_NUMBERING.test(tok.text)) continue;
    let entries: Entry[] | null = null;
    if (tok.kind === "latin") {
      // Latin tokens that touch (an invisible character between them) are read together.
      let u = t + 1;
      while (
        u < tokens.length &&
        (tokens[u] as Token).kind === "latin" &&
        (tokens[u] as Token).start === (tokens[u - 1] as Token).end
      )
        u++;
      entries = u - t > 1 ? entriesOfGroup(tokens.slice(t, u), text) : entriesOf(tok, text);
      t = u - 1;
    }
    if (!entries) {
      close();
      continue;
    }
    for (const e of entries) {
      const prev = run[run.length - 1];
      if (e.how === "typo" && prev?.how === "typo") {
        run.pop();
        close();
        run.push(prev);
      }
      run.push(e);
    }
  }
  close();
  return runs;
}

/** Checksum-valid windows (entry ranges), greedy from the left, longest first. */
function validWindows(run: readonly Entry[], budget: Budget): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (run.length > MAX_WINDOW_RUN) return out;
  // Try the words as written, and without the fillers that are also wordlist words.
  const views = [run.filter((e) => e.index >= 0), run.filter((e) => e.how !== "filler")];
  if (views[0]?.length === views[1]?.length) views.pop();
  for (const view of views) {
    for (let i = 0; i + 12 <= view.length && budget.windows > 0; ) {
      const len = MNEMONIC_LENGTHS.find((n) => {
        if (i + n > view.length || budget.windows-- <= 0) return false;
        const win = view.slice(i, i + n);
        // One typo inside a window may be the right word misspelt; at its edge it is the next word of the sentence.
        if (win.filter((e) => e.how === "typo").length > 1) return false;
        if ((win[0] as Entry).how === "typo" || (win[n - 1] as Entry).how === "typo") return false;
        return validEnglish(win.map((e) => e.index));
      });
      if (len) {
        out.push([run.indexOf(view[i] as Entry), run.indexOf(view[i + len - 1] as Entry) + 1]);
        i += len;
      } else i++;
    }
    if (out.length) break;
  }
  return out;
}

const strong = (e: Entry) => e.how === "word" || e.how === "prefix";

/** The stretch of a run with at most `maxTypos` typos and the most counted words (two pointers, linear). */
function bestStretch(run: readonly Entry[], maxTypos: number, counts: (e: Entry) => boolean) {
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
    if (words > best.words) best = { from: a, to: b + 1, words, typos };
  }
  return best;
}

export function englishSeedSpans(tokens: readonly Token[], text: string, labels: Hits, budget: Budget): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const whole of runsOf(tokens, text)) {
    const windows = validWindows(whole, budget);
    // Label words at the edges ("seed: abandon ...", "... young phrase") are the label, not the phrase.
    let labelled = false;
    let lo = 0;
    let hi = whole.length;
    if (!windows.length) {
      // Only what reads as a label: two label words ("seed phrase"), or one set off by ":", "=", "(", a line break...
      const setOff = (a: Entry, b: Entry) => /[^\s]|\n/.test(text.slice(a.end, b.start));
      let k = lo;
      while (k < hi && SEED_LABEL_WORDS.has((whole[k] as Entry).word)) k++;
      if (k < hi && k > lo && (k - lo >= 2 || setOff(whole[k - 1] as Entry, whole[k] as Entry))) {
        labelled = true;
        lo = k;
      }
      k = hi;
      while (k > lo && SEED_LABEL_WORDS.has((whole[k - 1] as Entry).word)) k--;
      if (k > lo && k < hi && (hi - k >= 2 || setOff(whole[k - 1] as Entry, whole[k] as Entry))) {
        labelled = true;
        hi = k;
      }
      while (lo < hi && (whole[lo] as Entry).how === "filler") lo++;
      while (hi > lo && (whole[hi - 1] as Entry).how === "filler") hi--;
    }
    const run = lo === 0 && hi === whole.length ? whole : whole.slice(lo, hi);
    if (!run.length) continue;
    const first = run[0] as Entry;
    const last = run[run.length - 1] as Entry;
    labelled ||= labels.any(Math.max(0, first.start - LABEL_REACH), first.start);
    labelled ||= labels.between(last.end, last.end + LABEL_REACH).length > 0;

    // "then"/"next" are wordlist words: they count, unless the run is joined by them.
    const joiners = run.filter((e) => e.how === "filler" && e.index >= 0).length;
    const counts = (e: Entry) => strong(e) || (e.how === "filler" && e.index >= 0 && joiners < 3);
    let from = 0;
    let to = run.length;
    if (windows.length) {
      // Up to two stray wordlist words before or after a checksum-valid phrase stay ("hi, seed …"),
      // unless the window shifted onto them passes the checksum too (one time in 16 it does): which
      // of them is the phrase's word is then unknowable, so both go.
      const [a] = windows[0] as [number, number];
      const [, b] = windows[windows.length - 1] as [number, number];
      from = a;
      to = b;
      const gap = (k: number) => text.slice((run[k] as Entry).end, (run[k + 1] as Entry).start);
      const typical = gap(a);
      const shiftedValid = (s: number, e: number) =>
        s >= 0 &&
        e <= run.length &&
        gap(s) === typical &&
        gap(e - 2) === typical &&
        run.slice(s, e).every((x) => x.index >= 0) &&
        budget.windows-- > 0 &&
        validEnglish(run.slice(s, e).map((x) => x.index));
      const firstLen = (windows[0] as [number, number])[1] - a;
      const lastLen = b - (windows[windows.length - 1] as [number, number])[0];
      for (let k = 1; k <= 2; k++) if (shiftedValid(a - k, a - k + firstLen)) from = a - k;
      for (let k = 1; k <= 2; k++) if (shiftedValid(b - lastLen + k, b + k)) to = b + k;
      if (run.slice(0, a).filter(strong).length >= 3) from = 0;
      if (run.slice(b).filter(strong).length >= 3) to = run.length;
    } else {
      // A real phrase has a typo or two; prose glued by short unknown words has many: judge the best stretch.
      const best = bestStretch(run, labelled ? 3 : 2, counts);
      const qualifies = (a: number, b: number) => {
        const part = run.slice(a, b);
        const counted = part.filter(counts);
        const words = counted.length;
        const typos = part.filter((e) => e.how === "typo").length;
        const ascending = part.filter(strong).every((e, k, all) => k === 0 || e.index > (all[k - 1] as Entry).index);
        // Prose and markup repeat their words ("build image build url"); a random phrase hardly ever does.
        const distinct = new Set(counted.map((e) => e.index)).size;
        return (
          !ascending &&
          (distinct >= MIN_BARE_WORDS - 1 || (labelled && distinct >= 6)) &&
          (words >= MIN_BARE_WORDS ||
            words + typos >= 12 ||
            (labelled && words >= 6 && words + typos >= MIN_LABELLED_WORDS))
        );
      };
      from = best.from;
      to = best.to;
      if (!qualifies(from, to)) continue;
      // A typo at an edge is more often the next word of the sentence ("… thanks"): keep it out when the rest is enough.
      while (from < to && (run[from] as Entry).how === "typo" && qualifies(from + 1, to)) from++;
      while (to > from && (run[to - 1] as Entry).how === "typo" && qualifies(from, to - 1)) to--;
    }
    spans.push({ start: (run[from] as Entry).start, end: (run[to - 1] as Entry).end, kind: "seed_phrase" });
  }
  return spans;
}
