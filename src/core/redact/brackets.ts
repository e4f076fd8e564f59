/**
 * A redaction that took a bracketed value's opening bracket takes its closing one too:
 * `pw: [min_8]` reads `[min_8` (the `]` may be the sentence's), and a `]` left after the
 * marker would say the value was wrapped. Spans are sorted and do not overlap.
 */

import type { SecretSpan } from "./spans";

const PAIRS: Record<string, string> = { ")": "(", "]": "[", "}": "{", ">": "<" };
const count = (s: string, c: string) => s.split(c).length - 1;

export function closeBrackets(text: string, spans: SecretSpan[]): SecretSpan[] {
  spans.forEach((s, i) => {
    const open = PAIRS[text[s.end] ?? ""];
    if (!open || spans[i + 1]?.start === s.end) return;
    const value = text.slice(s.start, s.end);
    if (count(value, open) > count(value, text[s.end] as string)) s.end++;
  });
  return spans;
}
