/**
 * Marks Relaydesk itself writes into a customer's text (`[Forwarded message]`, `[Unverified sender]`,
 * `[Auto-reply]`: src/core/system-marks.ts) are fixed words of ours and hold no secret, but their words
 * can touch a secret's: "message" is a BIP-39 word, so "[Forwarded message]\nlook <12 words>" was read as
 * a phrase from "message" on and staff lost the mark. A span never covers such a mark: it is cut back to
 * the mark's edge, or split around it, so every character of the secret stays covered.
 */
import { FIXED_MARKS } from "../system-marks";
import type { SecretSpan } from "./spans";

/** Where the fixed marks are in `text`, as sorted [start, end) ranges. */
function markRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const mark of FIXED_MARKS) {
    for (let at = text.indexOf(mark); at >= 0; at = text.indexOf(mark, at + mark.length)) {
      ranges.push([at, at + mark.length]);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** `spans` (sorted, non-overlapping) with every fixed mark of `text` left out of them. */
export function sparingFixedMarks(text: string, spans: SecretSpan[]): SecretSpan[] {
  if (!spans.length || !text.includes("[")) return spans;
  const marks = markRanges(text);
  if (!marks.length) return spans;
  const out: SecretSpan[] = [];
  for (const span of spans) {
    let pieces = [span];
    for (const [ms, me] of marks) {
      pieces = pieces.flatMap((p) => {
        if (p.end <= ms || p.start >= me) return [p];
        const kept: SecretSpan[] = [];
        if (p.start < ms) kept.push({ ...p, end: ms });
        if (p.end > me) kept.push({ ...p, start: me });
        return kept;
      });
    }
    // A piece of only spaces between a mark and the secret hides nothing.
    out.push(...pieces.filter((p) => text.slice(p.start, p.end).trim() !== ""));
  }
  return out;
}
