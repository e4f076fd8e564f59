/**
 * English seed phrases: runs of wordlist words (whole, by their unique 4-letter prefix, glued
 * together, or with a one-letter typo) with any non-letters between them, "and"/"then" ignored.
 * A run is a phrase when a window of it passes the BIP-39 checksum, or, checksum or not
 * (reversed, 11 of 12 words, a typo), when it is longer than ordinary prose ever makes one
 * (measured in bench/redaction.mjs), or shorter but with a seed label nearby.
 */

import { SEED_LABEL_WORDS } from "./labels";
import { bridgedSpan, reachAcrossTypos } from "./seed-en-bridges";
import { compounds, listed, listItem, numberedFrom, numberedTo } from "./seed-en-lists";
import {
  bestStretch,
  distinctEnough,
  lineStart,
  misspeltPart,
  misspeltTail,
  phraseLines,
  phraseOf,
  strong,
  wordFillers,
} from "./seed-en-stretch";
import { type Entry, runsOf } from "./seed-en-words";
import type { Budget, SecretSpan } from "./spans";
import type { Hits, Token } from "./tokens";
import { MNEMONIC_LENGTHS, validEnglish } from "./wordlists";

/** Strong words (whole or prefix) a run needs to be a phrase without a checksum or a label. */
export const MIN_BARE_WORDS = 11;
/**
 * Different words (typos count as one each) a bare run needs: a phrase may repeat words (a
 * customer's own, or one typed twice), so a third of 12 may be repeats; prose that runs 11
 * wordlist words long repeats more (a table of contents, "build image build url build …").
 */
export const MIN_DISTINCT = 8;
/** How many times one word may stand in a bare run. */
const MAX_REPEATS = 4;
/** ...with a seed label within LABEL_REACH characters. */
export const MIN_LABELLED_WORDS = 8;
const LABEL_REACH = 100;
/** Only misspelt wordlist words: a token no word explains ("rdx1001", a ticket number) is the customer's. */
const known = (part: readonly Entry[]) => part.every((e) => e.how !== "typo" || e.index >= 0);
/** Runs longer than this are redacted whole without looking for checksum windows. */
const MAX_WINDOW_RUN = 200;

/**
 * Checksum-valid windows, greedy from the left, longest first, as ranges of `view`: the run's
 * wordlist words (typos and other non-words left out), or those without the fillers.
 */
function validWindows(run: readonly Entry[], budget: Budget): { view: Entry[]; windows: Array<[number, number]> } {
  const out: Array<[number, number]> = [];
  if (run.length > MAX_WINDOW_RUN) return { view: [], windows: out };
  // Try the words as written, and without the fillers that are also wordlist words.
  // And without its one typo: a word of the customer's inside the phrase ("(continued)") may read
  // as one. That view's windows must hold mostly different words (a phrase may repeat a few;
  // prose, a table of contents, repeats them many times).
  // Words of CamelCase names ("TextField") are an identifier's, not a phrase's.
  const views = [
    run.filter((e) => e.index >= 0 && e.compound === undefined),
    run.filter((e) => e.how !== "filler" && e.compound === undefined),
  ];
  if (views[0]?.length === views[1]?.length) views.pop();
  const slots = wordFillers(run);
  if (slots.size)
    views.push(run.filter((e) => (e.how === "filler" ? slots.has(e) : e.index >= 0) && e.compound === undefined));
  const noTypos = run.filter((e) => e.index >= 0 && e.how !== "typo" && e.how !== "filler" && e.compound === undefined);
  const typos = run.length - run.filter((e) => e.how !== "typo").length;
  if (typos === 1 && noTypos.length >= 12) views.push(noTypos);
  for (const view of views) {
    const distinctOnly = view === noTypos;
    for (let i = 0; i + 12 <= view.length && budget.windows > 0; ) {
      const len = MNEMONIC_LENGTHS.find((n) => {
        if (i + n > view.length || budget.windows-- <= 0) return false;
        const win = view.slice(i, i + n);
        // One typo inside a window may be the right word misspelt; at its edge it is the next word of the sentence.
        if (win.filter((e) => e.how === "typo").length > 1) return false;
        if ((win[0] as Entry).how === "typo" || (win[n - 1] as Entry).how === "typo") return false;
        if (distinctOnly && !distinctEnough(win.map((e) => e.index))) return false;
        return validEnglish(win.map((e) => e.index));
      });
      if (len) {
        out.push([i, i + len]);
        i += len;
      } else i++;
    }
    if (out.length) return { view, windows: out };
  }
  return { view: [], windows: out };
}

export function englishSeedSpans(tokens: readonly Token[], text: string, labels: Hits, budget: Budget): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const bridges: Array<[Entry[], Entry[]]> = [];
  for (const whole of runsOf(tokens, text, bridges)) {
    const before = spans.length;
    const { view, windows } = validWindows(whole, budget);
    // Label words at the edges ("seed: abandon ...", "... young phrase") are the label, not the phrase.
    let labelled = false;
    let lo = 0;
    let hi = whole.length;
    // Label words taken off the edges: the phrase's own words as often ("… spoil phrase"), so a repeat's share counts them.
    let edgeLabels = 0;
    // A run of a phrase's length (misspelt words counted) keeps its edge words: they are its own ("… wild secret").
    if (!windows.length && !phraseOf(whole, 0, whole.length, known)) {
      // Only what reads as a label: two label words ("seed phrase"), or one set off by ":", "=", "(", a line break...
      const setOff = (a: Entry, b: Entry) => /[^\s]|\n/.test(text.slice(a.end, b.start));
      let k = lo;
      // A numbered list's items are its words, whatever they are ("1) Secret 2) Word 3) Girl …", "… 13) word").
      const label = (k: number) => SEED_LABEL_WORDS.has((whole[k] as Entry).word) && !listItem(whole, k, text);
      while (k < hi && label(k)) k++;
      // "seed phrase: seed …": the label ends at the mark that sets it off when a phrase starts there.
      for (let j = lo + 1; j < k; j++)
        if (setOff(whole[j - 1] as Entry, whole[j] as Entry) && phraseOf(whole, j, hi, known)) k = j;
      if (k < hi && k > lo && (k - lo >= 2 || setOff(whole[k - 1] as Entry, whole[k] as Entry))) {
        labelled = true;
        edgeLabels += k - lo;
        lo = k;
      }
      k = hi;
      while (k > lo && label(k - 1)) k--;
      if (k > lo && k < hi && (hi - k >= 2 || setOff(whole[k - 1] as Entry, whole[k] as Entry))) {
        labelled = true;
        edgeLabels += hi - k;
        hi = k;
      }
      // "and" at an edge is the sentence's; "then" and "next" are wordlist words and may be the phrase's own.
      const edgeFiller = (e: Entry) => e.how === "filler" && e.index < 0;
      while (lo < hi && edgeFiller(whole[lo] as Entry)) lo++;
      while (hi > lo && edgeFiller(whole[hi - 1] as Entry)) hi--;
    }
    const run = lo === 0 && hi === whole.length ? whole : whole.slice(lo, hi);
    if (!run.length) continue;
    const first = run[0] as Entry;
    const last = run[run.length - 1] as Entry;
    labelled ||= labels.any(Math.max(0, first.start - LABEL_REACH), first.start);
    labelled ||= labels.between(last.end, last.end + LABEL_REACH).length > 0;

    // "then"/"next" are wordlist words: they count, unless the run is joined by them.
    const joiners = run.filter((e) => e.how === "filler" && e.index >= 0).length;
    const slots = wordFillers(run);
    const counts = (e: Entry) => strong(e) || (e.how === "filler" && e.index >= 0 && (joiners < 3 || slots.has(e)));
    let from = 0;
    let to = run.length;
    const strays: Entry[] = [];
    if (windows.length) {
      // Up to two stray wordlist words before or after a checksum-valid phrase stay ("hi, seed …").
      // Windows are found from the left, so the first one found may be shifted left onto strays
      // before the phrase (one time in 16 a shifted window passes the checksum too), the phrase's own
      // last words left outside it. So when the window shifted right by one or two passes as well,
      // which words are the phrase's is unknowable and every word of either window goes; the words
      // only one of them holds go each on their own (what stands between them and the rest, a ticket
      // number or a name, is the customer's text, not the secret). Ranges are in `view`, the words
      // the windows were found among.
      const [a] = windows[0] as [number, number];
      const [, b] = windows[windows.length - 1] as [number, number];
      const lastLen = b - (windows[windows.length - 1] as [number, number])[0];
      // As for the windows themselves, a typo at a shifted window's edge is the sentence's next word ("… steak thanks").
      const valid = (s0: number, e0: number) =>
        e0 <= view.length &&
        (view[s0] as Entry).how !== "typo" &&
        (view[e0 - 1] as Entry).how !== "typo" &&
        budget.windows-- > 0 &&
        validEnglish(view.slice(s0, e0).map((x) => x.index));
      // A window of any length ending one or two words later: the windows found may not line up with
      // the phrase (12 of a 24-word phrase, or a stray and 11 of its words, pass 1 time in 16).
      let right = 0;
      for (let k = 1; k <= 2; k++) {
        if ([lastLen, ...MNEMONIC_LENGTHS].some((n) => b + k - n >= 0 && valid(b + k - n, b + k))) right = k;
      }
      strays.push(...view.slice(b, b + right));
      // The first words of the first window are as uncertain when a window starting after them passes.
      let inner = 0;
      for (let k = 1; k <= 2 && a + k < b; k++) {
        if (MNEMONIC_LENGTHS.some((n) => valid(a + k, a + k + n))) inner = k;
      }
      from = run.indexOf(view[a] as Entry);
      to = run.indexOf(view[b - 1] as Entry) + 1;
      // Three or more wordlist words beyond the windows: a longer phrase, or words around one, all go.
      const first = numberedFrom(run, from, text);
      // Two wordlist words with typos among them before (or after) the windows: a longer phrase's misspelt
      // start whose last words passed the checksum by chance ("audit comfort brice sama mean …").
      const head = run.slice(0, from);
      const tail = run.slice(to);
      const longerBefore = misspeltPart(run, head, run[0], slots) && known(head);
      const { longer: longerAfter, sentenceNext, words: tailWords } = misspeltTail(run, tail, slots);
      // A run of a phrase's length, only wordlist words ("then" too) and one or two misspelt ones, is that phrase
      // whole, its misspelt words anywhere ("captain gift … sheriff pioneer twise toware": a chance-valid
      // 12 inside an 18 left four words after it and two before).
      // (A label's words before it, "seed phrase: …", counted or not.)
      let lead = 0;
      while (lead < 3 && SEED_LABEL_WORDS.has((run[lead] as Entry).word) && !listItem(run, lead, text)) lead++;
      // Unless the checksum says they are the phrase's: its first window starts on them and runs to the run's
      // end (a misspelt word after it is the sentence's), and no window from the word after them reaches as
      // far ("助记词：secret pass … blood thanks" is a phrase from "secret").
      const after = view.indexOf(run[lead] as Entry);
      const firstEnd = (windows[0] as [number, number])[1];
      const rest = run.slice(run.indexOf(view[firstEnd - 1] as Entry) + 1);
      if (
        from < lead &&
        after > a &&
        (rest.length === 0 || (rest.length === 1 && (rest[0] as Entry).how === "typo")) &&
        !MNEMONIC_LENGTHS.some((n) => after + n >= firstEnd && valid(after, after + n))
      )
        lead = from;
      const all = phraseOf(run, 0, run.length, known);
      // The label may be shorter than its words in a row ("seed phrase: seed petnut …", "my seed words - phrase …"):
      // it ends where a mark or a dash sets it off, else at the last word that leaves a phrase.
      const setOffAt = (k: number) =>
        /[:：=\n]|\s[-–—]\s/.test(text.slice((run[k - 1] as Entry).end, (run[k] as Entry).start));
      for (let k = 1; k < lead; k++) {
        if (setOffAt(k) && phraseOf(run, k, run.length, known)) lead = k;
      }
      const whole = all || (lead > 0 && phraseOf(run, lead, run.length, known));
      // The label's words stay the customer's ("my recovery words: <12 words>" keeps "words").
      if (whole) from = all ? 0 : lead;
      else if (head.filter(strong).length >= 3 || ((longerBefore || longerAfter) && known(head))) from = 0;
      else if (first < from) from = first;
      else {
        strays.push(...view.slice(a, a + inner));
        from = run.indexOf(view[a + inner] as Entry);
      }
      // After the windows, two wordlist words with typos among them are a longer phrase's misspelt
      // end whose first words passed the checksum by chance ("… clerk wealth countre canoa decide").
      // A longer phrase misspelt at either end takes the whole run: its other end's words are its own too.
      // (The phrase's own "then"/"next" count as its words: "… tongue, then next, then tuna, then next".)
      if (whole || tailWords >= 3 || longerAfter || (longerBefore && known(tail)))
        to = sentenceNext && !whole ? run.length - 1 : run.length;
      else to = numberedTo(run, to, text);
      // One or two words (misspelt or not) just outside that make the windows a phrase's length are its own.
      for (let k = 1; k <= 2 && !whole; k++) {
        if (from === k && phraseOf(run, 0, to, known)) from = 0;
        if (run.length - to === k && phraseOf(run, from, run.length, known)) to = run.length;
      }
      // So are one or two between the start of the phrase's line and it ("…empty:\nunknwon decade …").
      from = lineStart(run, from, text);
    } else {
      // A real phrase has a typo or two; prose glued by short unknown words has many: judge the best stretch.
      const best = bestStretch(run, labelled ? 3 : 2, counts);
      const qualifies = (a: number, b: number) => {
        const part = run.slice(a, b);
        const counted = part.filter(counts);
        // Identifiers ("`TextField`/`TextArea`/`SelectField`") are no phrase's words; next to a seed label, one each.
        const words = counted.filter((e) => e.compound === undefined).length + (labelled ? compounds(counted) : 0);
        const typos = part.filter((e) => e.how === "typo").length;
        const ascending = part.filter(strong).every((e, k, all) => k === 0 || e.index > (all[k - 1] as Entry).index);
        // Prose and markup repeat their words ("build image build url"); a random phrase hardly ever does.
        const distinct = new Set(counted.map((e) => e.index)).size;
        // A phrase repeats a word now and then; markup repeats one many times ("BENCH_QUICK, BENCH_ONLY, …").
        const times = new Map<number, number>();
        // (Label words repeated are numbering: "WORD_1=alert WORD_2=…".)
        for (const e of counted) if (!SEED_LABEL_WORDS.has(e.word)) times.set(e.index, (times.get(e.index) ?? 0) + 1);
        // (A longer phrase may hold one word a third of its length: 5 times in 15.)
        if (Math.max(0, ...times.values()) > Math.max(MAX_REPEATS, Math.floor((counted.length + edgeLabels) / 3)))
          return false;
        return (
          (!ascending || labelled) &&
          // (A typo counts as a word of its own: a phrase may repeat a word and have two typos.)
          (distinct + typos >= MIN_DISTINCT || (labelled && distinct >= 6)) &&
          (words >= MIN_BARE_WORDS ||
            words + typos >= 12 ||
            // A list (numbered, one a line, in a table...) of 11 with a typo: a 12-word phrase with a word dropped.
            (words + typos >= MIN_BARE_WORDS && words >= MIN_BARE_WORDS - 2 && listed(part, text)) ||
            (labelled && words >= 6 && words + typos >= MIN_LABELLED_WORDS))
        );
      };
      from = best.from;
      to = best.to;
      if (!qualifies(from, to)) continue;
      // A typo at an edge is more often the next word of the sentence ("… thanks"): keep it out when the rest is enough.
      // Unless the stretch with it is a phrase's length and it is one letter from a wordlist word: a
      // misspelt first or last word of the phrase ("… canoe jest", 15 words).
      const edgeTypo = (k: number, a: number, b: number) =>
        (run[k] as Entry).how === "typo" &&
        !((MNEMONIC_LENGTHS as readonly number[]).includes(b - a) && (run[k] as Entry).index >= 0);
      while (from < to && edgeTypo(from, from, to) && qualifies(from + 1, to)) from++;
      while (to > from && edgeTypo(to - 1, from, to) && qualifies(from, to - 1)) to--;
    }
    // Whole lines (one, or a phrase broken over several) of a phrase's length with misspelt words that the
    // phrase found reaches into go too: in "fashioe submie during rice fee …\n\nThank you" the next
    // line's "thank" made a chance-valid 12 of "fee … thank" and the first four words stayed.
    [from, to] = phraseLines(run, from, to, text, known);
    // One marker, unless another word of the customer's (a ticket number, a name) stands between the
    // phrase and a stray word: spaces, punctuation and numbering go with them.
    const pieces = [{ start: (run[from] as Entry).start, end: (run[to - 1] as Entry).end }, ...strays];
    pieces.sort((x, y) => x.start - y.start);
    const wordBetween = (x: number, y: number) => run.some((e) => e.start >= x && e.end <= y);
    let cur = { ...(pieces[0] as { start: number; end: number }) };
    for (const p of pieces.slice(1)) {
      if (p.start <= cur.end || !wordBetween(cur.end, p.start)) cur.end = Math.max(cur.end, p.end);
      else {
        spans.push({ ...cur, kind: "seed_phrase" });
        cur = { start: p.start, end: p.end };
      }
    }
    spans.push({ ...cur, kind: "seed_phrase" });
    reachAcrossTypos(whole, spans.slice(before));
  }
  for (const [left, right] of bridges) bridgedSpan(left, right, budget, spans);
  return spans;
}
