/**
 * An API key or secret written in groups after its label, as people copy it off a screen to be
 * read back: `API key: AB3d 9fK2 xQ7m Lp0Z tR5w Yh8N`, `secret key - ab3d-9fk2-…`, the groups on
 * the next line. Groups of one length (the last may be shorter), four or more, 16+ letters and
 * digits, at most half the groups small letters only: words never line up so ("like hold lift … qx63").
 */

import type { SecretSpan } from "./spans";

const LABEL =
  /(?:(?<![a-z])(?:api|app|client|access|consumer|secret)(?:[^\S\r\n]|[_-])*(?:secret|key|token)(?:[ \t_-]?(?:secret|id(?![a-z0-9])))?|(?<![a-z])secret|(?<![a-z])(?:private|priv)[\s_-]*key)(?![a-z])(?:[\s_-]*\([^()\n]{1,16}\))?(?:\*{1,3}|__)?[ \t]{0,3}(?:[:：=|]|[-–—](?=[ \t])|->|→|is(?=[ \t])|was(?=[ \t]))?(?:\*{1,3}|__)?[ \t]{0,3}(?:\r?\n[ \t>]{0,4})?[`"']?/gi;
const GROUP = /[A-Za-z0-9]{3,8}/y;

/** Where groups of one length from `at` end (at a space, a dash or the line's end), or -1. */
function groupsEnd(text: string, at: number): number {
  let i = at;
  let size = 0;
  let count = 0;
  let end = -1;
  let sep = "";
  let letters = 0;
  let digits = 0;
  let random = 0;
  for (;;) {
    GROUP.lastIndex = i;
    const m = GROUP.exec(text);
    if (!m || m.index !== i) break;
    const g = m[0];
    const after = text[GROUP.lastIndex] ?? "";
    // Glued to more than a sentence's end ("….", "…:") it is part of something else: a name, a link, an address.
    if (/[A-Za-z0-9_@/]/.test(after) || (/[.:]/.test(after) && /[A-Za-z0-9]/.test(text[GROUP.lastIndex + 1] ?? "")))
      break;
    if (count === 0) size = g.length;
    else if (g.length > size || (g.length < size && !/^[ \t]*(?:[.,;)"'`]|\r?\n|$)/.test(text.slice(i + g.length))))
      break;
    count++;
    end = GROUP.lastIndex;
    if (/[A-Za-z]/.test(g)) letters++;
    if (/\d/.test(g)) digits++;
    if (/[\dA-Z]/.test(g) || !/[aeiouy]/i.test(g) || /[^aeiouy\d]{4}/i.test(g)) random++;
    const s = /^(?: |-|–)(?=[A-Za-z0-9])/.exec(after === "" ? "" : text.slice(end, end + 2))?.[0] ?? "";
    if (!s || (sep && s !== sep) || count > 32) break;
    sep = s;
    i = end + 1;
  }
  // Random groups hold digits or capitals, most of them, or letters no word has ("vstf", "sskl"); a sentence's words
  // do not ("like hold lift hawk … qx63").
  return count >= 4 && size * count >= 16 && digits >= 1 && letters >= 1 && random * 2 >= count ? end : -1;
}

export function groupedKeySpans(text: string): SecretSpan[] {
  if (!/secret|key|token/i.test(text)) return [];
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(LABEL)) {
    const at = m.index + m[0].length;
    const end = groupsEnd(text, at);
    if (end > at) spans.push({ start: at, end, kind: /priv/i.test(m[0]) ? "private_key" : "api_secret" });
  }
  return spans;
}
