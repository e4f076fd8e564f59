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

/**
 * A string escape as pasted JSON or code writes it, read as its character: `\n`, `\r`, `\t` and
 * `\uXXXX` (a surrogate pair as one), so `"seed":"word\nword…"` or a Chinese phrase a JSON dump
 * wrote as `\u52a9\u8bb0…` reads as written out. An escaped backslash (`\\n`, a Windows path) is
 * two backslashes and nothing more. Null when `text[i]` starts no such escape.
 */
function readEscape(text: string, i: number): { cp: number; width: number } | null {
  const c = text[i + 1];
  if (c === "n") return { cp: 0x0a, width: 2 };
  if (c === "t") return { cp: 0x09, width: 2 };
  if (c === "r") return { cp: 0x0d, width: 2 };
  if (c !== "u" && c !== "U") return null;
  const hex4 = (at: number) =>
    /^[0-9a-fA-F]{4}$/.test(text.slice(at, at + 4)) ? Number.parseInt(text.slice(at, at + 4), 16) : -1;
  const hi = hex4(i + 2);
  if (hi < 0) return null;
  if (hi >= 0xd800 && hi < 0xdc00 && text[i + 6] === "\\" && text[i + 7] === "u") {
    const lo = hex4(i + 8);
    if (lo >= 0xdc00 && lo < 0xe000) return { cp: 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00), width: 12 };
  }
  return hi >= 0xd800 && hi < 0xe000 ? null : { cp: hi, width: 6 };
}

/**
 * A percent-encoded Chinese character (three UTF-8 bytes) inside a link, as a copied link writes Chinese words
 * (`?seed=%E6%81%90+%E7%AE%A1…`), read as that character; `%20`, other ASCII and other scripts stay as written,
 * and so does a password's own `%E5%92%AA` (no link around it).
 */
function readPercent(text: string, i: number): { cp: number; width: number } | null {
  const byte = (at: number) =>
    text[at] === "%" && /^[0-9a-fA-F]{2}$/.test(text.slice(at + 1, at + 3))
      ? Number.parseInt(text.slice(at + 1, at + 3), 16)
      : -1;
  const lead = byte(i);
  const n = lead >= 0xe3 && lead <= 0xef ? 3 : 0;
  if (!n) return null;
  let cp = lead & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const b = byte(i + 3 * k);
    if (b < 0x80 || b > 0xbf) return null;
    cp = (cp << 6) | (b & 0x3f);
  }
  // Only Chinese characters and their punctuation: a password's own "%d5%8C" is no character of a link.
  const han = (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xffef);
  return han ? { cp, width: 3 * n } : null;
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
  /** The backslash at `i` is the second of an escaped pair: itself, not an escape's start. */
  let literal = false;
  let from32 = from;
  let to32 = to;
  /** Whether a link ("://") started in the current run of non-space characters: only a link's escapes are read. */
  let inLink = false;
  for (let i = 0; i < n; ) {
    const c0 = text.charCodeAt(i);
    if (c0 <= 32) inLink = false;
    else if (c0 === 0x3a && text.startsWith("://", i)) inLink = true;
    const esc: { cp: number; width: number } | null =
      c0 === 0x5c && !literal ? readEscape(text, i) : c0 === 0x25 && inLink ? readPercent(text, i) : null;
    literal = !literal && !esc && text[i] === "\\" && text[i + 1] === "\\";
    const cp = esc ? esc.cp : (text.codePointAt(i) as number);
    const width = esc ? esc.width : cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      if (esc) {
        // An escape read as its character ("\n" in a pasted JSON string): one character, all of the escape behind it.
        out += String.fromCharCode(cp);
        from32[len] = i;
        to32[len] = i + width;
        soft[len] = pendingSoft;
        pendingSoft = 0;
        len++;
        i += width;
        continue;
      }
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
