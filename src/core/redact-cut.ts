/**
 * Cutting customer text to a length (a subject from a caption's first line, an email's body or
 * subject, a preview) must not cut a secret in two: the piece before the cut, read alone, may be
 * too short to be one (five words of a phrase, half a key) and would be stored as it is. So the
 * text is read on past the cut first, and the cut is made on the redacted text.
 */
import { redactSecrets, type SecretKind, secretSpans } from "./redact";

/** How far past the cut the text is read: longer than any secret. */
export const CUT_CONTEXT_CHARS = 2000;

/**
 * `text` up to `max` characters with every secret that starts before the cut redacted, the one the
 * cut falls in included (its marker stands at the end), and whether anything was cut off. Text
 * within `max` comes back as it is (redacted later, with the rest of its message).
 */
export function cutRedacted(text: string, max: number): { text: string; kinds: SecretKind[]; cut: boolean } {
  if (text.length <= max) return { text, kinds: [], cut: false };
  const window = text.slice(0, max + CUT_CONTEXT_CHARS);
  const spans = secretSpans(window);
  // The cut moves to the end of a secret it falls in (and of one overlapping that, and so on).
  let at = max;
  for (let moved = true; moved; ) {
    moved = false;
    for (const s of spans) {
      if (s.start < at && s.end > at) {
        at = s.end;
        moved = true;
      }
    }
  }
  // Never between the two halves of a surrogate pair.
  if (at > 0 && at < text.length && /[\uD800-\uDBFF]/.test(text[at - 1] as string)) at--;
  const head = text.slice(0, at);
  const out = redactSecrets(head);
  const kinds = new Set(out.kinds);
  for (const s of spans) if (s.start < at) kinds.add(s.kind);
  // A secret read in the window but not in the head alone (its context was past the cut): cut before it.
  let kept = out.text;
  for (const s of spans) {
    if (s.start >= at || !head.slice(s.start, s.end) || !kept.includes(head.slice(s.start, s.end))) continue;
    kept = redactSecrets(head.slice(0, s.start)).text;
    break;
  }
  return { text: kept, kinds: [...kinds], cut: true };
}
