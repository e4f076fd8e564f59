/**
 * An aside in brackets inside an unspaced Chinese phrase with no seed label near
 * (`高洛举（刚才抄的）帮溶…`): the characters on both sides of it, read away from it up to the first
 * common two-character word of prose, must rank like a random phrase's, not like a sentence's
 * (./seed-zh-bare). Then ./asides masks the aside and the phrase reader sees one run of characters,
 * which still has to be a phrase on its own terms (a checksum, or a run set apart). A sentence with
 * a remark in brackets (`我什么（截图）都没操作`) stays two runs.
 */

import { ranksLikePhrase } from "./seed-zh-bare";
import { isProseWord } from "./seed-zh-prose";
import { isZhWord } from "./wordlists";

/** How many characters on each side are read. */
const NEAR = 8;
/** Stricter than beside a label: a random phrase's characters pass this 98 times in 100 at 6 characters. */
const SPREADS = 2.0;

const HAN = /\p{Script=Han}/u;
const OPEN = "([【〔〖";
const CLOSE = ")]】〕〗";

/**
 * The characters glued to the aside at [start, end) on one side, read away from it (other asides
 * in brackets skipped: a phrase may hold two), up to NEAR or the first common word of prose.
 */
function side(text: string, from: number, dir: -1 | 1): string[] {
  const out: string[] = [];
  let i = from;
  while (i >= 0 && i < text.length && out.length < NEAR) {
    const ch = text[i] as string;
    if ((dir > 0 ? OPEN : CLOSE).includes(ch)) {
      const stop = dir > 0 ? CLOSE : OPEN;
      let j = i + dir;
      while (j >= 0 && j < text.length && Math.abs(j - i) <= 25 && !stop.includes(text[j] as string)) j += dir;
      if (Math.abs(j - i) > 25 || j < 0 || j >= text.length) break;
      i = j + dir;
      continue;
    }
    const prev = out[out.length - 1];
    if (!HAN.test(ch) || !isZhWord(ch) || (prev && isProseWord(dir < 0 ? `${ch}${prev}` : `${prev}${ch}`))) break;
    out.push(ch);
    i += dir;
  }
  return dir < 0 ? out.reverse() : out;
}

/** Whether the aside at [start, end) of `text` stands inside an unlabelled phrase's characters. */
export function bareAsideJoins(text: string, start: number, end: number): boolean {
  const a = side(text, start - 1, -1);
  const b = side(text, end, 1);
  if (a.length < 2 || b.length < 2 || a.length + b.length < 6) return false;
  return ranksLikePhrase([...a, ...b], SPREADS);
}
