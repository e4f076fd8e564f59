/**
 * A secret written twice: "new password: X / confirm: X", a key pasted under its label and again in a
 * sentence, a code quoted back. Once one copy is found (its label said what it is), every other copy
 * in the same text is the same secret and goes too, whatever stands around it or is glued to it. Only
 * exact copies of at least six characters; a short or all-digit one (a 2FA code, a PIN) only where it
 * stands as a whole token, so "code 482913" found once does not eat an order number holding it.
 */
import type { SecretSpan } from "./spans";

const MIN_LENGTH = 6;
/** From this length a copy glued to other characters is still the secret ("Xy9!kq2Lm" in "Xy9!kq2Lm7"). */
const GLUED_LENGTH = 8;
const WORDISH = /[\p{L}\p{N}_]/u;

/**
 * The values `spans` cover, each with its kind (phrases aside: their words are prose too): each span's value
 * without the marks it took along, and each piece of it that holds a digit or a mark where the span read on past
 * the value ("X tried" of "password: X tried X!").
 */
export function foundValues(text: string, spans: readonly SecretSpan[]): Map<string, SecretSpan["kind"]> {
  const values = new Map<string, SecretSpan["kind"]>();
  const add = (value: string, kind: SecretSpan["kind"]) => {
    if (value.length >= MIN_LENGTH && !values.has(value)) values.set(value, kind);
  };
  for (const s of spans) {
    if (s.kind === "seed_phrase") continue;
    const value = bare(text.slice(s.start, s.end));
    if (!value.includes("\n")) add(value, s.kind);
    for (const piece of value.split(/\s+/))
      if (piece !== value && piece.length >= GLUED_LENGTH && /[\d\W_]/.test(piece)) add(bare(piece), s.kind);
  }
  return values;
}

/** `spans` plus a span over every other copy of a value they cover. */
export function copiedValues(text: string, spans: readonly SecretSpan[]): SecretSpan[] {
  const values = foundValues(text, spans);
  if (!values.size) return [...spans];
  const out = [...spans];
  const covered = (start: number, end: number) => spans.some((s) => s.start < end && s.end > start);
  for (const [value, kind] of values) {
    const token = value.length < GLUED_LENGTH || /^\d+$/.test(value);
    const gluedBefore = token && WORDISH.test(value[0] as string);
    const gluedAfter = token && WORDISH.test(value[value.length - 1] as string);
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
      const end = at + value.length;
      if (covered(at, end)) continue;
      if (gluedBefore && at > 0 && WORDISH.test(text[at - 1] as string)) continue;
      if (gluedAfter && end < text.length && WORDISH.test(text[end] as string)) continue;
      out.push({ start: at, end, kind });
    }
  }
  return out;
}

/** The value itself: a hex key's 0x and the sentence's marks a span took along are no part of a copy. */
export function bare(span: string): string {
  return span
    .trim()
    .replace(/^(?:0x|["'`([<“「])+/i, "")
    .replace(/["'`)\]>”」.,;:，。；：]+$/, "")
    .trim();
}
