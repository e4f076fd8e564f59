/**
 * A phrase's first or last word glued to the sentence's own Latin letters (`我的BTCsquirrel apple …`,
 * `… ancientLaunchpad 活动`, `imTokenepisode …`): the token is no word, but it starts (at a run's end) or
 * ends (at a run's start) with a whole wordlist word. That word is read as the run's edge word and the
 * rest of the token stays a foreign word that ends the run. Whole words of three letters or more only,
 * the longest that fits, so a phrase of 12 keeps its length and its checksum; and only where the text
 * marks the cut (the case changes there: `BTCsquirrel`, `ancientLaunchpad`) or the token is glued to a
 * Chinese character or a punctuation mark on its far side (`我imTokenepisode`), so an English word that ends in one ("recovery":
 * "very") stays whole.
 */

import type { Entry } from "./seed-en-words";
import { HAN, type Token } from "./tokens";
import { EN_INDEX } from "./wordlists";

const MIN_WORD = 3;
const MIN_REST = 2;

/**
 * The wordlist word that `tok` begins with (`head`: the token follows a run) or ends with (`tail`: a
 * run follows it), as an entry; null when none, or when the token was cut by an invisible character
 * or over a line (its letters are not its text's).
 */
export function gluedEdge(tok: Token, text: string, side: "head" | "tail"): Entry | null {
  const raw = tok.text;
  const w = raw.toLowerCase();
  if (tok.wrapped || tok.end - tok.start !== w.length || w.length < MIN_WORD + MIN_REST) return null;
  // The rest is the sentence's own when the text marks the cut (its case changes there) or the rest is
  // glued to Chinese or punctuation on its far side ("我Apptoward", "dietok请", "，Launchpadsyrup"); prose's
  // "recovery" holds "very" too.
  const marked = (cut: number) => isUpper(raw[cut - 1]) !== isUpper(raw[cut]);
  const far = side === "head" ? text[tok.end] : text[tok.start - 1];
  const glued = HAN.test(far ?? "") || /[,.:;!?)\]}、。]/.test(far ?? "");
  for (let n = Math.min(8, w.length - MIN_REST); n >= MIN_WORD; n--) {
    const cut = side === "head" ? n : w.length - n;
    const word = side === "head" ? w.slice(0, n) : w.slice(cut);
    const index = EN_INDEX.get(word);
    if (index === undefined || !(glued || marked(cut))) continue;
    const start = side === "head" ? tok.start : tok.start + cut;
    return { index, how: "word", start, end: start + n, word };
  }
  return null;
}

const isUpper = (c: string | undefined) => !!c && c >= "A" && c <= "Z";
