/**
 * Chinese seed phrases (simplified and traditional wordlists: one character per word).
 * - Spaced: single wordlist characters with any non-letters between them. A checksum-valid
 *   window is a phrase anywhere; without a checksum, 11 or more (8 with a seed label near).
 * - Grouped ("的一是 在不了 ..."): characters in equal groups, checksum-valid.
 * - Unspaced: Chinese prose is made of the same common characters, so only next to a seed label
 *   (助记词/seed/...): checksum windows that start or end where the label (and a connector like
 *   是/为/如下) does, or where the run of characters does; a window bounded on both sides is a
 *   phrase without a checksum too (11 of 12, a typo) when it reads like no prose (no common
 *   two-character word in it).
 */

import { isGap } from "./asides";
import { bareCheckedSpans, bareDamagedSpans } from "./seed-zh-bare";
import { readsLikeProse } from "./seed-zh-prose";
import { type Push, unspacedSpans } from "./seed-zh-unspaced";
import { type Budget, PIECE_GAP, type SecretSpan } from "./spans";
import type { Hits, Token } from "./tokens";
import { isZhWord, MNEMONIC_LENGTHS, validChinese } from "./wordlists";

const LABEL_REACH = 60;
/** Runs of one character each up to which a chain is read bare too (a numbered damaged phrase). */
const MAX_SPACED_BARE = 64;
const MARKED = /[\uE000-\uF8FF]/u;
/** A pinyin syllable (tone marks are gone once normalised), or "and"/"then"/"or" between characters. */
const GLOSS =
  /^(?:and|then|or|(?:[bpmfdtnlgkhjqxrzcsyw]|[zcs]h)?(?:i(?:a(?:o|ng?)?|e|u|ng?|ong)?|u(?:a(?:i|ng?)?|o|e|i|n)?|v(?:e|n)?|a(?:i|o|ng?)?|e(?:i|r|ng?)?|o(?:u|ng)?))$/i;
/** What joins a label to the phrase's first character ("助记词是…", "助记词为…"). */
const GLUE = /^[是为為]$/u;
const LENGTHS = new Set<number>(MNEMONIC_LENGTHS);
/** Lengths of a phrase, whole or with a word missing. */
const WHOLE_LENGTHS = new Set(MNEMONIC_LENGTHS.flatMap((n) => [n - 1, n]));

interface HanRun {
  tokens: Token[];
}

/** Checksum-valid windows over chars, greedy from the left, longest first. */
function windowsOver(chars: readonly string[], budget: Budget): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 12 <= chars.length && budget.windows > 0; ) {
    const len = MNEMONIC_LENGTHS.find(
      (n) => i + n <= chars.length && budget.windows-- > 0 && validChinese(chars.slice(i, i + n)),
    );
    if (len) {
      out.push([i, i + len]);
      i += len;
    } else i++;
  }
  return out;
}

export function chineseSeedSpans(
  tokens: readonly Token[],
  text: string,
  softBreak: Uint8Array,
  labels: Hits,
  budget: Budget,
  mask: Uint8Array,
): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const push = (first: Token, last: Token) => spans.push({ start: first.start, end: last.end, kind: "seed_phrase" });
  const labelledAround = (start: number, end: number) =>
    labels.any(Math.max(0, start - LABEL_REACH), start) || labels.between(start, end + LABEL_REACH).length > 0;

  // Chains: runs of adjacent Han characters with only non-letters between runs.
  const chains: HanRun[][] = [];
  let chain: HanRun[] = [];
  let prev: Token | null = null;
  for (const tok of tokens) {
    if (tok.kind !== "han") {
      // A gloss after a single character ("的(de) 一(yi)", "的de 一yi", "的 and 一") is the customer's
      // reading of it: the chain goes on, the next character starts a run of its own.
      if (
        tok.kind === "latin" &&
        prev &&
        (chain[chain.length - 1] as HanRun).tokens.length === 1 &&
        GLOSS.test(tok.text)
      ) {
        prev = null;
        continue;
      }
      if (chain.length) chains.push(chain);
      chain = [];
      prev = null;
      continue;
    }
    // A marker of a secret already redacted (stood aside as private-use characters) ends a chain:
    // what stands before it is no part of what follows ("密码是[redacted: password]\n…").
    if (prev && MARKED.test(text.slice(prev.end, tok.start))) {
      chains.push(chain);
      chain = [];
      prev = null;
    }
    if (prev && prev.end === tok.start && !softBreak[tok.start]) (chain[chain.length - 1] as HanRun).tokens.push(tok);
    else chain.push({ tokens: [tok] });
    prev = tok;
  }
  if (chain.length) chains.push(chain);

  for (const c of chains) {
    spacedSpans(c, text, labelledAround, budget, push);
    groupedSpans(c, labelledAround, budget, push);
    for (const run of c) {
      if (run.tokens.length >= 11) unspacedSpans(run.tokens, labels, labelledAround, budget, push);
    }
    for (const joined of linesOf(c, text, mask))
      unspacedSpans(joined.tokens, labels, labelledAround, budget, push, joined.cuts);
    // Characters that read like no prose (see ./seed-zh-bare), also where the labelled paths
    // found part of a phrase (its last line glued to a sentence); never over a label.
    // A long stretch of single characters apart is the spaced path's (checksum or not, done above):
    // read bare, each of its thousands of characters would start a window (hostile 64 KB text).
    if (c.length > MAX_SPACED_BARE && c.every((r) => r.tokens.length === 1)) continue;
    const all = c.flatMap((r) => r.tokens);
    const bounds: number[] = [0];
    for (const r of c) bounds.push((bounds[bounds.length - 1] as number) + r.tokens.length);
    // Nor over part of one: "我的助记词是…" holds a chance window "词是…" 1 time in 100; nor from or
    // to one ("钱包备份…"). A label wholly inside is the phrase's own characters ("…伴助記牛…").
    const free = (first: Token, last: Token) =>
      labels
        .between(Math.max(0, first.start - 16), last.end)
        .every((h) => h.end <= first.start || (h.start > first.start && h.end < last.end));
    // Both: a chance checksum-valid window inside a damaged phrase covers only part of it.
    bareCheckedSpans(all, bounds, budget, (a, b) => free(a, b) && push(a, b));
    bareDamagedSpans(all, bounds, (a, b) => free(a, b) && push(a, b));
  }
  return spans;
}

/**
 * Runs of characters with only white space (or an aside in brackets, a chat log's headers: ./asides) between them (a
 * phrase wrapped over lines, sent in two messages, cut into uneven groups or by a remark): read as one run whose pieces may each start or end
 * a phrase. Only groups of more than one run with a piece of two characters or more.
 */
function linesOf(chain: readonly HanRun[], text: string, mask: Uint8Array): Array<{ tokens: Token[]; cuts: number[] }> {
  const out: Array<{ tokens: Token[]; cuts: number[] }> = [];
  let group: HanRun[] = [];
  const close = () => {
    const tokens = group.flatMap((r) => r.tokens);
    if (group.length > 1 && tokens.length >= 11 && group.some((r) => r.tokens.length > 1)) {
      const cuts: number[] = [];
      let n = 0;
      for (const r of group.slice(0, -1)) {
        n += r.tokens.length;
        cuts.push(n);
      }
      out.push({ tokens, cuts });
    }
    group = [];
  };
  for (const run of chain) {
    const prev = group[group.length - 1];
    if (prev) {
      const from = (prev.tokens[prev.tokens.length - 1] as Token).end;
      // A sender's name alone on its line, a connector ("剩下的是："): no more than the white space around it.
      let gap = "";
      for (let i = from; i < (run.tokens[0] as Token).start; i++) if (mask[i] !== PIECE_GAP) gap += text[i];
      if (!isGap(gap)) close();
    }
    group.push(run);
  }
  close();
  return out;
}

/** Single wordlist characters with non-letters between them. */
function spacedSpans(
  chain: readonly HanRun[],
  text: string,
  labelledAround: (s: number, e: number) => boolean,
  budget: Budget,
  push: Push,
) {
  let run: Token[] = [];
  // The first item glued to the label before it ("我的助记词是與，呀，結，…"): the character after 是/为
  // is that item's when with it the items are a checksum-valid phrase (and a seed label is near).
  let glued: Token | null = null;
  const close = () => {
    const withFirst = glued ? [glued, ...run].map((t) => t.text) : [];
    const phrase = LENGTHS.has(withFirst.length) && budget.windows-- > 0 && validChinese(withFirst);
    if (glued && phrase && labelledAround(glued.start, glued.end)) run = [glued, ...run];
    glued = null;
    if (run.length >= 8) {
      const chars = run.map((t) => t.text);
      // A long run is redacted whole by its length: checksum windows would only cost time.
      const windows = run.length <= 200 ? windowsOver(chars, budget) : [];
      const first = run[0] as Token;
      const last = run[run.length - 1] as Token;
      // Dates and amounts ("2024年1月5日12点") put single characters between digits: they need a
      // checksum. Items numbered 1, 2, 3, … (circled ①②③ read as digits) are a list, not a date.
      let onlyDigits = !numberedItems(run, text);
      for (let k = 1; k < run.length && onlyDigits; k++) {
        onlyDigits = /^\d+$/.test(text.slice((run[k - 1] as Token).end, (run[k] as Token).start));
      }
      if (windows.length) {
        const [a] = windows[0] as [number, number];
        const [, b] = windows[windows.length - 1] as [number, number];
        // Up to two stray characters before or after a checksum-valid phrase stay, unless the run
        // is as long as a phrase or one with a word missing: a mistyped 15 ("…零…積…") holds a
        // chance-valid 12 one time in 16, and its other characters are the phrase's too.
        const whole = WHOLE_LENGTHS.has(run.length);
        push(
          run[a < 3 && !whole ? a : 0] as Token,
          run[run.length - b < 3 && !whole ? b - 1 : run.length - 1] as Token,
        );
      } else if (!onlyDigits && (run.length >= 11 || labelledAround(first.start, last.end))) push(first, last);
    }
    run = [];
  };
  for (const r of chain) {
    const t = r.tokens[0] as Token;
    if (r.tokens.length === 1 && isZhWord(t.text)) run.push(t);
    else {
      // The last item of a numbered list glued to the sentence after it ("⑱聽请帮我看看"): the
      // character right after the next number is that item's.
      if (run.length >= 2 && isZhWord(t.text) && numberedItems([...run, t], text)) run.push(t);
      close();
      const [before, last] = r.tokens.slice(-2);
      if (before && last && GLUE.test(before.text) && isZhWord(last.text)) glued = last;
    }
  }
  close();
}

/** Whether every token of `run` after the first follows the next number of a count (1, 2, 3, …). */
function numberedItems(run: readonly Token[], text: string): boolean {
  let prev: number | null = null;
  for (let k = 1; k < run.length; k++) {
    const gap = /^\s*(\d{1,2})\s*[.)、:：-]?\s*$/.exec(text.slice((run[k - 1] as Token).end, (run[k] as Token).start));
    if (!gap) return false;
    const n = Number(gap[1]);
    if (prev !== null && n !== prev + 1) return false;
    prev = n;
  }
  return prev !== null;
}

/**
 * Equal groups of characters ("的一是 在不了 有和人 这中大"), checksum-valid. The first group may
 * be glued to the label before it ("助记词是的一是 在不了 …") and the last to the text after it.
 */
function groupedSpans(
  chain: readonly HanRun[],
  labelledAround: (s: number, e: number) => boolean,
  budget: Budget,
  push: Push,
) {
  for (let i = 0; i < chain.length; ) {
    const size = (chain[i] as HanRun).tokens.length;
    let j = i;
    while (j < chain.length && (chain[j] as HanRun).tokens.length === size) j++;
    if (size < 2 || size > 8 || j - i < 2) {
      i = Math.max(j, i + 1);
      continue;
    }
    const middle = chain.slice(i, j).flatMap((r) => r.tokens);
    const before = i > 0 ? (chain[i - 1] as HanRun).tokens : [];
    const after = j < chain.length ? (chain[j] as HanRun).tokens : [];
    // A label of the same size may lead or end the groups ("恢复词 只腊岭 …", "… 濕避罐 <- 助記詞"):
    // try without the first or last group too; the longest checksum-valid candidate wins.
    const candidates: Token[][] = [];
    for (const skipFirst of j - i > 2 ? [0, size] : [0]) {
      for (const skipLast of j - i > 2 ? [0, size] : [0]) {
        const core = middle.slice(skipFirst, middle.length - skipLast);
        for (const head of before.length > size && !skipFirst ? [0, size] : [0]) {
          for (let tail = 0; tail <= (skipLast ? 0 : Math.min(size, after.length)); tail++) {
            const toks = [...before.slice(before.length - head), ...core, ...after.slice(0, tail)];
            if ((MNEMONIC_LENGTHS as readonly number[]).includes(toks.length)) candidates.push(toks);
          }
        }
      }
    }
    candidates.sort((x, y) => y.length - x.length);
    // Every valid candidate of the longest valid length: a group of prose before or after the
    // phrase ("客服你好：\n…") passes with the phrase's other groups 1 time in 16. One that reads
    // like no prose wins; several are redacted together.
    const valid: Token[][] = [];
    for (const toks of candidates) {
      if (valid.length && toks.length < (valid[0] as Token[]).length) break;
      if (!toks.every((t) => isZhWord(t.text))) continue;
      if (budget.windows-- <= 0) return;
      if (validChinese(toks.map((t) => t.text))) valid.push(toks);
    }
    const plain = valid.filter((toks) => !readsLikeProse(toks.map((t) => t.text)));
    // Groups that all read like prose ("可是我没收到，客服也不回复") pass the checksum 1 time in
    // 16: only next to a seed label.
    const lone = (toks: Token[]) => labelledAround((toks[0] as Token).start, (toks[toks.length - 1] as Token).end);
    const chosen = plain.length ? plain : valid.filter(lone);
    const done = chosen.length > 0;
    if (done) {
      const firsts = chosen.map((toks) => toks[0] as Token).sort((x, y) => x.start - y.start);
      const lasts = chosen.map((toks) => toks[toks.length - 1] as Token).sort((x, y) => y.end - x.end);
      push(firsts[0] as Token, lasts[0] as Token);
    }
    if (!done && middle.length >= 11 && middle.length <= 24 && middle.every((t) => isZhWord(t.text))) {
      const first = middle[0] as Token;
      const last = middle[middle.length - 1] as Token;
      if (labelledAround(first.start, last.end) && !readsLikeProse(middle.map((t) => t.text))) push(first, last);
    }
    i = j;
  }
}
