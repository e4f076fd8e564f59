/**
 * A secret written once under its label and again later, bare, in another message of the conversation
 * ("password: X" on Monday, "X still fails" on Tuesday). The first was redacted before it was stored, so
 * the value is gone; what ingest keeps of it is its print: 16 hex digits of SHA-256 over the conversation's
 * own ticket id and the value (migrations/0041). A later message's tokens are printed the same way, and a
 * token whose print is the conversation's goes as the secret did.
 *
 * Only values a print cannot give away are printed: a guess tried against a print reads as well as against
 * the value, so a short or all-digit value (a PIN, a 2FA code) or one of few character kinds keeps no print
 * (WEAKEST_PRINTED_BITS): its later bare copies stay, as before.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { SECRET_KINDS, type SecretKind, type SecretSpan } from "./redact";
import { bare, foundValues } from "./redact/copies";

/** A secret's print as stored: which conversation ticket salted it, and the kind it was found as. */
export interface SecretPrint {
  ticketId: string;
  print: string;
  kind: SecretKind;
}

/** How many prints one message adds at most, and how many of a conversation's ingest reads. */
export const MAX_PRINTS_PER_MESSAGE = 8;
export const MAX_PRINTS_READ = 64;
/** A value's guessing space (bits, from its length and kinds of character) below which it keeps no print. */
const WEAKEST_PRINTED_BITS = 56;
const MIN_RUNS = 5;
/** How many `:`/`=` of one token are tried as the end of a glued label. */
const MAX_LABEL_MARKS = 8;
const MAX_VALUE = 200;

export function printOf(ticketId: string, value: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(`${ticketId}\u0000${value}`))).slice(0, 16);
}

/**
 * Roughly how many guesses a value's shape allows: log2(alphabet) × length; none for a word and a number
 * (`Summer2018`, `Password123!`, `hunter2hunter2`): fewer than five runs of one kind of character.
 */
function shapeBits(value: string): number {
  const runs = value.match(/[a-z]+|[A-Z]+|\d+|[^A-Za-z\d]+/g)?.length ?? 0;
  if (runs < MIN_RUNS) return 0;
  let alphabet = 0;
  if (/[a-z]/.test(value)) alphabet += 26;
  if (/[A-Z]/.test(value)) alphabet += 26;
  if (/\d/.test(value)) alphabet += 10;
  if (/[^A-Za-z\d]/.test(value)) alphabet += 32;
  return Math.log2(Math.max(alphabet, 2)) * value.length;
}

/** The prints of the values redaction found in a message as it arrived (`spans` over `text`), salted by its conversation's ticket. */
export function secretPrints(ticketId: string, text: string, spans: readonly SecretSpan[]): SecretPrint[] {
  const out: SecretPrint[] = [];
  for (const [value, kind] of foundValues(text, spans)) {
    if (out.length >= MAX_PRINTS_PER_MESSAGE) break;
    if (value.length > MAX_VALUE || /\s/.test(value) || shapeBits(value) < WEAKEST_PRINTED_BITS) continue;
    const print = printOf(ticketId, value);
    if (!out.some((p) => p.print === print)) out.push({ ticketId, print, kind });
  }
  return out;
}

/** Where a token of `text` could be a printed value: each run of printable ASCII, without its marks, and after a `:` or `=`. */
function candidates(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const run of text.matchAll(/[\x21-\x7E]{8,}/g)) {
    const start = run.index;
    // After a label glued on ("again:X", "pw=X"): the rest after each `:` or `=` (a value may hold them too).
    const pieces = [run[0]];
    for (const m of run[0].slice(0, -8).matchAll(/[:=]/g))
      if (pieces.length <= MAX_LABEL_MARKS) pieces.push(run[0].slice(m.index + 1));
    for (const piece of pieces) {
      const from = start + run[0].length - piece.length;
      // A `!` or `?` after it may be the sentence's or the value's own ("I tried X!!" of "X!"): each is tried.
      const b = bare(piece);
      const endings = [b, b.replace(/[!?]$/, ""), b.replace(/[!?]{1,2}$/, ""), b.replace(/[!?]+$/, "")];
      for (const value of new Set([piece, ...endings])) {
        const offset = piece.indexOf(value);
        // No print is kept of a longer value: nothing that long is hashed.
        if (value.length >= 8 && value.length <= MAX_VALUE && offset >= 0)
          out.push({ start: from + offset, end: from + offset + value.length });
      }
    }
  }
  return out;
}

/** The spans of `text` that are copies of a printed secret (none when there are no prints). */
export function printedSpans(text: string, prints: readonly SecretPrint[]): SecretSpan[] {
  if (!prints.length || !text) return [];
  const bySalt = new Map<string, Map<string, SecretKind>>();
  for (const p of prints) {
    if (!SECRET_KINDS.includes(p.kind)) continue;
    const known = bySalt.get(p.ticketId) ?? new Map<string, SecretKind>();
    known.set(p.print, p.kind);
    bySalt.set(p.ticketId, known);
  }
  const out: SecretSpan[] = [];
  for (const c of candidates(text)) {
    for (const [salt, known] of bySalt) {
      const kind = known.get(printOf(salt, text.slice(c.start, c.end)));
      if (kind) {
        out.push({ ...c, kind });
        break;
      }
    }
  }
  return out;
}
