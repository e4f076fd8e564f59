/**
 * English words as the phrase detector sees them: Latin tokens resolved against the wordlist
 * (whole, 4-letter prefix, glued together, split by invisible characters, one-letter typo),
 * with fillers and numbering skipped, grouped into runs.
 */

import { gluedEdge } from "./seed-en-glued";
import type { Token } from "./tokens";
import { resolveEnglish, segmentEnglish, shortTypo } from "./wordlists";

/** Runs shorter than this are never a phrase, label or not. */
const MIN_RUN = 8;

export interface Entry {
  /** Wordlist index; -1 for a filler. */
  index: number;
  how: "word" | "prefix" | "typo" | "filler";
  start: number;
  end: number;
  word: string;
  /** Start of the CamelCase name of two or three words this entry is part of ("TextField"). */
  compound?: number;
  /** Start of the token this word was split from when the token is also one misspelt word ("endforce"). */
  misspelt?: number;
}

/** Between words: ignored ("knife and young"); "then" and "next" are also wordlist words. */
const FILLERS = new Set(["and", "then", "next", "plus"]);

const SHORT_WORDS = new Set(
  "the for you are not but was can has had her his its our out how who why now yes may did its him she they get got let per via etc off own too way".split(
    " ",
  ),
);

/** Han numbering between English words ("一、abandon 二、ability", "第1个", "第2个词是ability"): ignored. */
const HAN_NUMBERING = /^[一二三四五六七八九十百零〇两第个個号號位词詞单單是为為]$/u;

const entry = (w: string, start: number, end: number): Entry | null => {
  const r = resolveEnglish(w);
  return r ? { index: r.index, how: r.how, start, end, word: w } : null;
};

/**
 * How much an entry explains, for choosing between readings of a group. A typo explains nothing
 * beyond what its entry costs: a piece one letter from a word beside a whole word ("he" + "art",
 * "in" + "put") never outweighs the one word both pieces make ("heart", "input").
 */
function weight(e: Entry): number {
  if (e.how === "word") return 9;
  if (e.how === "prefix") return 7;
  if (e.how === "filler") return 1;
  return e.index < 0 ? -5 : 0.5;
}

/**
 * Entries of a group of Latin tokens that only invisible characters separate: an invisible
 * character may sit inside a word ("aban\u200bdon") or between words ("abandon\u200bability"),
 * or both at once ("ski\u2060r\u00adshi\ufeffv": "skir", "shiv"). Every piece is read alone or
 * joined with up to three after it, and the reading of the whole group that explains it best wins
 * (whole words, then prefixes, then typos; fewer entries on a tie), so one short word that happens to
 * fit ("ski") cannot throw the rest of the group off its words. Linear: four readings per piece.
 */
function entriesOfGroup(group: readonly Token[], text: string): Entry[] | null {
  const n = group.length;
  const best: Array<{ score: number; prev: number; entries: Entry[] } | undefined> = new Array(n + 1);
  best[0] = { score: 0, prev: -1, entries: [] };
  for (let i = 0; i < n; i++) {
    const here = best[i];
    if (!here) continue;
    const consider = (j: number, entries: Entry[], skipped = 0) => {
      // Each entry costs a little, so one word across pieces beats a prefix plus a stray piece; a
      // piece left out costs more ("ski" + "r" is worse than "skir").
      const score = here.score + entries.reduce((sum, e) => sum + weight(e) - 0.5, 0) - skipped;
      const there = best[j];
      if (!there || score > there.score) best[j] = { score, prev: i, entries };
    };
    const t = group[i] as Token;
    const single = entriesOf(t, text);
    if (single) consider(i + 1, single);
    // A lone letter glued to a word is numbering ("PRIVATE\u200bb) VALVE"), or a piece of a split word.
    else if (t.text.length <= 2) consider(i + 1, [], 3);
    // A piece no word explains ("orig\u2060qnal": a typo split by an invisible character) is a typo
    // of the phrase, not its end: the rest of the group is read on.
    else consider(i + 1, [{ index: -1, how: "typo", start: t.start, end: t.end, word: t.text.toLowerCase() }]);
    for (let j = i + 2; j <= Math.min(n, i + 4); j++) {
      const last = group[j - 1] as Token;
      const joined = group.slice(i, j).some((g) => g.wrapped)
        ? group
            .slice(i, j)
            .map((g) => g.text)
            .join("")
        : text.slice(t.start, last.end);
      const e = entry(joined.toLowerCase(), t.start, last.end);
      if (e) consider(j, [e]);
    }
  }
  const chunks: Entry[][] = [];
  for (let k = n; k > 0; ) {
    const b = best[k] as { prev: number; entries: Entry[] };
    chunks.push(b.entries);
    k = b.prev;
  }
  const out = chunks.reverse().flat();
  // A group does not start a phrase with a piece no word explains; a group of such pieces only is
  // no part of one. A group of lone letters only ("al\u200dq") reads as nothing and keeps the run.
  let unexplained = false;
  while (out.length && (out[0] as Entry).index < 0 && (out[0] as Entry).how === "typo") {
    out.shift();
    unexplained = true;
  }
  return out.length || !unexplained ? out : null;
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
  // A mistyped word in random case ("AliTEn") is that word, not a cut at its capital ("ali" + "ten").
  if (pieces && !(r && pieces.some((e) => e.how === "typo"))) {
    // "endforce" is "end" + "force" and "enforce" misspelt: a phrase's length may count it either way.
    if (r) for (const e of pieces) e.misspelt = tok.start;
    return pieces;
  }
  if (r) return [{ index: r.index, how: "typo", start: tok.start, end: tok.end, word }];
  // A three-letter word with a wrong letter ("hqn") is a typo of some word we cannot tell;
  // the short words of every English sentence are not.
  if (word.length === 3 && (!SHORT_WORDS.has(word) || numberedItem(tok, text)))
    return [{ index: -1, how: "typo", start: tok.start, end: tok.end, word }];
  // A numbered item of two letters one letter short of a wordlist word ("4. ru", "⑪ LA"): a typo;
  // elsewhere two letters are a sentence's ("to", "we").
  const short = shortTypo(word);
  if (short !== null && (numberedItem(tok, text) || (!TWO_LETTER_WORDS.has(word) && amongPhraseWords(tok, text))))
    return [{ index: short, how: "typo", start: tok.start, end: tok.end, word }];
  return null;
}

/** Two-letter words of English sentences ("at", "is", "we"): never read as a slip of a three-letter word. */
const TWO_LETTER_WORDS = new Set(
  "am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ah eh ha hm ya yo ye id vs".split(
    " ",
  ),
);
const WORDS_BEFORE = /(?:^|\n|([A-Za-z]{3,9})[ \t,]{1,3})(?:([A-Za-z]{3,9})[ \t,]{1,3})$/;
const WORDS_AFTER = /^[ \t,]{1,3}([A-Za-z]{3,9})(?:(?=[ \t]*(?:\r?\n|$))|[ \t,]{1,3}([A-Za-z]{3,9})(?![A-Za-z]))/;
/** A wordlist word of a phrase (or one misspelt, five letters or more), not one of a sentence's short words. */
const phraseWord = (w: string | undefined) => {
  if (w === undefined || SHORT_WORDS.has(w.toLowerCase())) return false;
  const r = resolveEnglish(w.toLowerCase());
  return r?.how === "word" || (r?.how === "typo" && w.length >= 5);
};
const exactWord = (w: string | undefined) =>
  w !== undefined && !SHORT_WORDS.has(w.toLowerCase()) && resolveEnglish(w.toLowerCase())?.how === "word";

/**
 * Two letters among wordlist words on their line ("… flavor sy raw …", "sy raw …" at a line's start): a
 * three-letter word with a letter dropped, in a phrase with another word misspelt too. Between two words, each
 * a wordlist word or a longer one misspelt; at a line's edge, two wordlist words on the other side. Not a
 * sentence's two-letter words (TWO_LETTER_WORDS).
 */
function amongPhraseWords(tok: Token, text: string): boolean {
  const before = WORDS_BEFORE.exec(text.slice(Math.max(0, tok.start - 28), tok.start));
  const after = WORDS_AFTER.exec(text.slice(tok.end, tok.end + 28));
  if (before && after && phraseWord(before[2]) && phraseWord(after[1])) return true;
  const lineStart = /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, tok.start - 4), tok.start));
  const lineEnd = after !== null && after[2] === undefined;
  if (lineStart && after?.[2] !== undefined) return exactWord(after[1]) && exactWord(after[2]);
  if (lineEnd || /^[ \t]*(?:\r?\n|$)/.test(text.slice(tok.end, tok.end + 4)))
    return before?.[1] !== undefined && exactWord(before[1]) && exactWord(before[2]);
  return false;
}

/** Whether a token stands right after a number ("4. ", "(4) ", "#4", "①" read as "1") or right before one ("ru4"). */
function numberedItem(tok: Token, text: string): boolean {
  return (
    /\d[ \t]{0,2}[.)\]:：、|-]?[ \t]{0,3}$/.test(text.slice(Math.max(0, tok.start - 8), tok.start)) ||
    /^\d/.test(text.slice(tok.end, tok.end + 1))
  );
}

function splitGlued(tok: Token, text: string): Entry[] | null {
  if (tok.end - tok.start < 6 || tok.wrapped) return null;
  // A word spelt out ("a b a n d o n a b i l i t y"): its k-th letter stands at start + 2k.
  const spelt = tok.end - tok.start !== tok.text.length;
  const at = (k: number) => tok.start + (spelt ? 2 * k : k);
  const endAt = (k: number) => (spelt ? tok.start + 2 * k - 1 : tok.start + k);
  // First where the text itself marks word starts (a capital after a small letter).
  const cuts = [tok.start];
  for (let i = tok.start + 1; i < tok.end; i++) {
    const c = text.charCodeAt(i);
    const prev = text.charCodeAt(i - 1);
    if (c >= 65 && c <= 90 && prev >= 97 && prev <= 122) cuts.push(i);
  }
  cuts.push(tok.end);
  if (cuts.length > 2 && !spelt) {
    const out: Entry[] = [];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const w = text.slice(cuts[k], cuts[k + 1]).toLowerCase();
      // A three-letter piece with a wrong letter ("…MiddleKqt") is a typo we cannot resolve; a sentence's short
      // word glued to a name ("MetaMaskThe order …") is not, as it is not apart (entriesOf): the name is no words.
      const e =
        entry(w, cuts[k] as number, cuts[k + 1] as number) ??
        (w.length === 3 && !SHORT_WORDS.has(w)
          ? { index: -1, how: "typo" as const, start: cuts[k] as number, end: cuts[k + 1] as number, word: w }
          : null);
      if (!e || (e.how === "typo" && out[out.length - 1]?.how === "typo")) {
        out.length = 0;
        break;
      }
      out.push(e);
    }
    // A name of two or three capitalised words ("TextField", "ResourceTable") is an identifier's.
    if (out.length === 2 || out.length === 3) for (const e of out) e.compound = tok.start;
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
      start: at(s),
      end: endAt(e),
      word: w,
    };
  });
}

/** A run, and the runs two typos in a row cut it from (a phrase with two misspelt words side by side). */
export type Run = Entry[] & { left?: Entry[]; right?: Entry[] };

/**
 * Runs of entries: broken by any other letter token, or by two typos in a row. `bridges` receives
 * the pairs of runs (three entries or more each) that one other word alone parts ("… (continued) …").
 */
export function runsOf(tokens: readonly Token[], text: string, bridges?: Array<[Entry[], Entry[]]>): Run[] {
  const runs: Run[] = [];
  let run: Run = [];
  /** The run one foreign word ended, while no second one has come. */
  let parted: Entry[] | null = null;
  let foreign = 0;
  const close = () => {
    if (run.length >= MIN_RUN) runs.push(run);
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
      // A phrase's edge word glued to the sentence's letters ("…ancientLaunchpad", "BTCsquirrel …").
      const head = tok.kind === "latin" && run.length >= 3 ? gluedEdge(tok, text, "head") : null;
      if (head) run.push(head);
      if (run.length) {
        parted = run.length >= 3 ? run : null;
        foreign = 0;
      }
      foreign++;
      close();
      const tail = tok.kind === "latin" && t + 1 < tokens.length ? gluedEdge(tok, text, "tail") : null;
      if (tail) {
        if (parted && foreign === 1 && bridges) bridges.push([parted, run]);
        parted = null;
        run.push(tail);
      }
      continue;
    }
    if (!run.length && parted && foreign === 1 && bridges) bridges.push([parted, run]);
    if (!run.length) parted = null;
    for (const e of entries) {
      const prev = run[run.length - 1];
      // Two misspelt wordlist words side by side may be a phrase's; a word no list explains next to one is not.
      if (e.how === "typo" && prev?.how === "typo" && (e.index < 0 || prev.index < 0)) {
        run.pop();
        const left = run;
        close();
        run.push(prev);
        run.left = left;
        left.right = run;
      }
      run.push(e);
    }
  }
  close();
  return runs;
}
