/**
 * Line layouts read as plain lines. A carriage return before a line break (`\r\n`, Windows and mail)
 * is taken out, so every detector sees `\n` alone. A label underlined as a heading (`Password\n--------\nX`, `助记词\n======\n…`, `API Secret\n~~~~\nX`): the
 * rule line under a short line is taken out of the normalised text, so the label and the value on the
 * line after read as a label line and its value (./labelled) or a label near a phrase (./seed-en,
 * ./seed-zh), as they do without it. The index map of ./normalize follows, so a span found there still
 * covers exactly the original's characters and the rule line stays as written.
 */

import { type Normalized, withoutRanges } from "./normalize";

/**
 * The line break(s) before a rule line and the rule itself: three or more of one rule character or
 * another (`-`, `=`, `_`, `~`, `*`, box-drawing and dashes), spaced or not, alone on its line.
 */
const RULE_CHARS = String.raw`\-=_~*\u2500\u2501\u2550\u2014\u2013\u2015`;
const RULE = new RegExp(String.raw`(?:\n[ \t]*)+(?:[${RULE_CHARS}][ \t]{0,2}){3,}(?=\n)`, "g");
/** What the line above must be: a short line that is no rule and no table row. */
const ABOVE = new RegExp(String.raw`^[^\n|]*[^\s${RULE_CHARS}|][^\n|]*$`);
/** A line that may be a rule starts with one of its characters: no rule, no work. */
const RULE_START = new RegExp(String.raw`\n[ \t]*[${RULE_CHARS}]`);
const MAX_ABOVE = 60;

/** `norm` with carriage returns before line breaks and rule lines under short lines taken out (the same object when there are none). */
export function plainLines(norm: Normalized): Normalized {
  const lf = withoutRanges(
    norm,
    [...norm.text.matchAll(/\r(?=\n)/g)].map((m) => [m.index, m.index + 1] as const),
  );
  const text = lf.text;
  if (!RULE_START.test(text)) return lf;
  const drop: Array<[number, number]> = [];
  for (const m of text.matchAll(RULE)) {
    const lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
    const above = text.slice(lineStart, m.index);
    if (above.length > MAX_ABOVE || !ABOVE.test(above)) continue;
    drop.push([m.index, m.index + m[0].length]);
  }
  return withoutRanges(lf, drop);
}
