/**
 * Letters of the normalised text as tokens (Latin words, single Han characters, words of other
 * scripts); everything else (digits, punctuation, emoji, arrows, spaces) is a gap. Numbering and
 * HTML markup are made a gap first (./numbering), so they never break a run of words.
 */

import { resolveEnglish } from "./wordlists";

export interface Token {
  /** Normalised offsets. */
  start: number;
  end: number;
  kind: "latin" | "han" | "other";
  text: string;
  /** A word cut over a line break ("rep\nair", "rep-\nair"): `text` is its letters joined. */
  wrapped?: boolean;
}

const LETTER = /\p{L}/u;
export const HAN = /\p{Script=Han}/u;

/** Whether a word is a wordlist word, whole or by its 4-letter prefix. */
export const isWordOrPrefix = (w: string) => {
  const how = resolveEnglish(w.toLowerCase())?.how;
  return how === "word" || how === "prefix";
};

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const isLetterAt = (text: string, i: number) => i >= 0 && i < text.length && isAsciiLetter(text.charCodeAt(i));

/**
 * A word spelt out letter by letter ("a b a n d o n", single spaces or dots between): one token of its
 * letters, three at least. Words in such a text stand apart by more than one space.
 */
function speltOut(text: string, i: number): Token | null {
  if (isLetterAt(text, i - 1) || isLetterAt(text, i + 1)) return null;
  let k = i;
  let letters = text[i] as string;
  // Letters apart by single spaces, or by dots ("t.r.e.e"), the same all through the word.
  const sep = text[i + 1] === "." ? "." : " ";
  while (text[k + 1] === sep && isLetterAt(text, k + 2) && !isLetterAt(text, k + 3)) {
    k += 2;
    letters += text[k];
  }
  return letters.length >= 3 ? { start: i, end: k + 1, kind: "latin", text: letters } : null;
}

/** What stands between the pieces of a word a phone or mail client wrapped: a hyphen (or none) at the line end, a quote mark or indent after it. */
const WRAP_GAP = /^[-\u2010\u2011]?[ \t]{0,3}\r?\n[ \t>]{0,6}$/;

/**
 * Latin tokens that are one word cut over a line break ("mi\nnimum", "pro-\ntect", "S\u00ad\nKIRT"):
 * the two pieces become one token when together they are a wordlist word (or its prefix, or a
 * one-letter typo of one) and they are not two such words already ("sun\nset" stays two words).
 */
function joinWrapped(tokens: Token[], text: string): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k] as Token;
    const prev = out[out.length - 1];
    // Pieces that an invisible character joins to another piece are read as a group (./seed-en-words).
    const touching = (a: Token | undefined, b: Token | undefined) => !!a && !!b && a.end === b.start;
    if (
      prev &&
      !touching(out[out.length - 2], prev) &&
      !touching(tok, tokens[k + 1]) &&
      prev.kind === "latin" &&
      tok.kind === "latin" &&
      !prev.wrapped &&
      prev.end - prev.start === prev.text.length &&
      tok.end - tok.start === tok.text.length &&
      prev.text.length + tok.text.length <= 9 &&
      WRAP_GAP.test(text.slice(prev.end, tok.start))
    ) {
      const joined = `${prev.text}${tok.text}`;
      const how = resolveEnglish(joined.toLowerCase())?.how;
      const aWord = isWordOrPrefix(prev.text);
      const bWord = isWordOrPrefix(tok.text);
      if (how && !(aWord && bWord) && (how !== "typo" || (!aWord && !bWord))) {
        out[out.length - 1] = { start: prev.start, end: tok.end, kind: "latin", text: joined, wrapped: true };
        continue;
      }
    }
    out.push(tok);
  }
  return out;
}

/** The letter tokens of normalised `text`, numbering skipped. Linear in the text's length. */
export function tokenize(text: string, mask: Uint8Array, softBreak: Uint8Array): Token[] {
  return joinWrapped(tokensOf(text, mask, softBreak), text);
}

function tokensOf(text: string, mask: Uint8Array, softBreak: Uint8Array): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (mask[i]) {
      i++;
      continue;
    }
    if (isAsciiLetter(c)) {
      const spelt = speltOut(text, i);
      if (spelt) {
        tokens.push(spelt);
        i = spelt.end;
        continue;
      }
      let j = i + 1;
      // An invisible character ends a Latin token; the English detector decides whether it split a word.
      while (j < n && !mask[j] && !softBreak[j] && isAsciiLetter(text.charCodeAt(j))) j++;
      tokens.push({ start: i, end: j, kind: "latin", text: text.slice(i, j) });
      i = j;
      continue;
    }
    if (c < 0x80) {
      i++;
      continue;
    }
    const cp = text.codePointAt(i) as number;
    const w = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + w);
    if (HAN.test(ch)) tokens.push({ start: i, end: i + w, kind: "han", text: ch });
    else if (LETTER.test(ch)) {
      // A word of another script (Cyrillic that is no look-alike, kana, Hangul...): one token.
      let j = i + w;
      while (j < n && !mask[j]) {
        const cp2 = text.codePointAt(j) as number;
        const w2 = cp2 > 0xffff ? 2 : 1;
        const ch2 = text.slice(j, j + w2);
        if (isAsciiLetter(cp2) || HAN.test(ch2) || !LETTER.test(ch2)) break;
        j += w2;
      }
      tokens.push({ start: i, end: j, kind: "other", text: text.slice(i, j) });
      i = j;
      continue;
    }
    i += w;
  }
  return tokens;
}

/** Sorted start offsets of a pattern's matches, to ask "is there one near here?" in log time. */
export class Hits {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  constructor(text: string, re: RegExp) {
    for (const m of text.matchAll(re)) {
      this.starts.push(m.index);
      this.ends.push(m.index + m[0].length);
    }
  }
  /** Whether a match lies (wholly) in [from, to). */
  any(from: number, to: number): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.starts.length && (this.ends[lo] as number) <= to;
  }
  /** Matches starting in [from, to), in order. */
  between(from: number, to: number): Array<{ start: number; end: number }> {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    const out: Array<{ start: number; end: number }> = [];
    for (let k = lo; k < this.starts.length && (this.starts[k] as number) < to; k++) {
      out.push({ start: this.starts[k] as number, end: this.ends[k] as number });
    }
    return out;
  }
}
