/**
 * The text detection reads: NFKD per character (full-width and styled letters, circled numbers,
 * compatibility ideographs), accents and other combining marks dropped, default-ignorable
 * characters (zero-width, soft hyphen, variation selectors, BOM, bidi controls) removed, and
 * Cyrillic/Greek/other look-alikes folded to Latin. An index map leads every character of the
 * normalised text back to the original, so spans found there cover exactly the original's
 * characters, invisible ones inside included.
 */

import { CONFUSABLES } from "./confusables";

export interface Normalized {
  /** The normalised text (case kept: base58 keys need it). */
  text: string;
  /** Original offset where the character at each normalised index starts. */
  from: Int32Array;
  /** Original offset where it ends (combining marks after it included). */
  to: Int32Array;
  /** 1 where an invisible character stood right before this index: a word may end there. */
  softBreak: Uint8Array;
}

const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const MARK = /^\p{M}$/u;

type Piece = { out: string; kind: "text" | "ignorable" | "mark" };
const cache = new Map<number, Piece>();

function transform(cp: number): Piece {
  const hit = cache.get(cp);
  if (hit) return hit;
  const ch = String.fromCodePoint(cp);
  let piece: Piece;
  if (IGNORABLE.test(ch)) piece = { out: "", kind: "ignorable" };
  else if (MARK.test(ch)) piece = { out: "", kind: "mark" };
  else {
    let out = "";
    for (const c of ch.normalize("NFKD")) {
      if (IGNORABLE.test(c) || MARK.test(c)) continue;
      out += CONFUSABLES.get(c) ?? c;
    }
    piece = { out, kind: "text" };
  }
  if (cache.size < 20_000) cache.set(cp, piece);
  return piece;
}

/** Normalises `text` for detection, keeping the way back to the original offsets. */
export function normalizeForDetection(text: string): Normalized {
  const n = text.length;
  const from = new Int32Array(n * 2 + 4);
  const to = new Int32Array(n * 2 + 4);
  let soft = new Uint8Array(n * 2 + 4);
  let out = "";
  let len = 0;
  let pendingSoft = 0;
  let from32 = from;
  let to32 = to;
  for (let i = 0; i < n; ) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      out += text[i];
      from32[len] = i;
      to32[len] = i + 1;
      soft[len] = pendingSoft;
      pendingSoft = 0;
      len++;
    } else {
      const piece = transform(cp);
      if (piece.kind === "ignorable") pendingSoft = 1;
      else if (piece.kind === "mark") {
        if (len > 0) to32[len - 1] = i + width;
      } else {
        if (len + piece.out.length >= from32.length) {
          // Compatibility decompositions can grow the text (e.g. "㎒" -> "MHz"): make room.
          const size = (len + piece.out.length) * 2 + 16;
          const f = new Int32Array(size);
          const t = new Int32Array(size);
          const s = new Uint8Array(size);
          f.set(from32);
          t.set(to32);
          s.set(soft);
          from32 = f;
          to32 = t;
          soft = s;
        }
        for (let k = 0; k < piece.out.length; k++) {
          from32[len] = i;
          to32[len] = i + width;
          soft[len] = k === 0 ? pendingSoft : 0;
          len++;
        }
        pendingSoft = 0;
        out += piece.out;
      }
    }
    i += width;
  }
  return { text: out, from: from32.subarray(0, len), to: to32.subarray(0, len), softBreak: soft.subarray(0, len) };
}

/** The original range of normalised range [start, end). */
export function toOriginal(norm: Normalized, start: number, end: number): { start: number; end: number } {
  return { start: norm.from[start] as number, end: norm.to[end - 1] as number };
}

/** `norm` with the sorted, disjoint ranges `drop` of its text taken out, the index map following (the same object when there are none). */
export function withoutRanges(norm: Normalized, drop: ReadonlyArray<readonly [number, number]>): Normalized {
  if (!drop.length) return norm;
  const text = norm.text;
  const keep = text.length - drop.reduce((n, [a, b]) => n + b - a, 0);
  const out = { text: "", from: new Int32Array(keep), to: new Int32Array(keep), softBreak: new Uint8Array(keep) };
  const parts: string[] = [];
  let k = 0;
  let at = 0;
  const copy = (a: number, b: number) => {
    parts.push(text.slice(a, b));
    for (let i = a; i < b; i++, k++) {
      out.from[k] = norm.from[i] as number;
      out.to[k] = norm.to[i] as number;
      out.softBreak[k] = norm.softBreak[i] as number;
    }
  };
  for (const [a, b] of drop) {
    copy(at, a);
    at = b;
  }
  copy(at, text.length);
  out.text = parts.join("");
  return out;
}
