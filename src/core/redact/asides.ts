/**
 * A customer's aside in brackets between two words of a phrase ("… print（刚才复制的）flip …",
 * "…\n（第二行）\n…", "… tent (sorry typo) merge …"): masked like numbering, so the tokenizer reads
 * it as a gap and the phrase stays one run. Only between two wordlist words (English, or a
 * character of a Chinese list) that are not in brackets themselves ("[abandon] [ability] …" is a
 * phrase's own words).
 */

import { CHAT_GAP } from "./chat-stamps";
import { SEED_LABEL } from "./labels";
import { isProseWord } from "./seed-zh-prose";
import { PIECE_GAP } from "./spans";
import { Hits } from "./tokens";
import { isZhWord, resolveEnglish } from "./wordlists";
import { bareAsideJoins } from "./zh-bare-asides";

/** How far from a seed label an aside between glued characters is read as one. */
const LABEL_REACH = 100;

/** Whether what stands between two runs of characters is only white space, an aside or chat headers. */
export function isGap(gap: string): boolean {
  return /^\s{1,4}$/.test(gap) || ASIDE_GAP.test(gap) || (gap.length <= 80 && gap.includes("\n") && CHAT_GAP.test(gap));
}

/** Chinese words that join the words of an English phrase ("abandon和ability和…", "…，然后able"). */
const JOINERS = /和|然后|然後|还有|還有|以及|跟|接着|接著|再/g;

/** Sets `mask` to 1 over a Chinese joiner between two wordlist words: it is a gap, as "and" is. */
export function maskJoiners(text: string, mask: Uint8Array): void {
  for (const m of text.matchAll(JOINERS)) {
    const end = m.index + m[0].length;
    const before = wordBeside(text, mask, m.index - 1, -1);
    // Between English words, or single characters apart ("高，然后洛，…"; 和, 跟, 再 alone are wordlist characters).
    // The character before may be glued to a label ("是莊，然后際，然后…"); the one after stands alone.
    const after = wordBeside(text, mask, end, 1);
    const ok = before === "latin" ? after === "latin" : !!before && after === "lone han" && m[0].length > 1;
    if (ok) mask.fill(1, m.index, end);
  }
}

/** Brackets as the normalised text has them (NFKD reads （ as "(" and ［ as "["). */
const ASIDE = /[([【〔〖]([^()[\]【】〔〕〖〗\n]{1,24})[)\]】〕〗]/g;
/** The same, whole, with white space around: what may stand between two pieces of a phrase. */
export const ASIDE_GAP = /^\s{0,4}[([【〔〖][^()[\]【】〔〕〖〗\n]{1,24}[)\]】〕〗]\s{0,4}$/;
/** What may stand between the aside and the word before or after it. */
const PAD = /[\s,，、;；.。:：|/·-]/;
const HAN = /\p{Script=Han}/u;
const LATIN = /[A-Za-z]/;

/** Whether `w` is an English wordlist word (whole, by its prefix or with one wrong letter). */
const isEnWord = (w: string) => w.length >= 3 && resolveEnglish(w.toLowerCase()) !== null;

/**
 * The script of the word that ends right before `at` (or starts at `at`, `dir` 1), pads and masked
 * numbering skipped, when it is a wordlist word: "han", "latin", or null.
 */
function wordBeside(text: string, mask: Uint8Array, at: number, dir: -1 | 1): "han" | "lone han" | "latin" | null {
  let i = at;
  for (let n = 0; n < 8 && i >= 0 && i < text.length && (mask[i] || PAD.test(text[i] as string)); n++) i += dir;
  const ch = text[i];
  if (ch === undefined) return null;
  // A character with no other one glued to it on its far side is a spaced phrase's word.
  if (HAN.test(ch)) return !isZhWord(ch) ? null : HAN.test(text[i + dir] ?? "") && !mask[i + dir] ? "han" : "lone han";
  if (!LATIN.test(ch)) return null;
  let j = i;
  while (j + dir >= 0 && j + dir < text.length && Math.abs(j - i) < 12 && LATIN.test(text[j + dir] as string)) j += dir;
  return isEnWord(dir < 0 ? text.slice(j, i + 1) : text.slice(i, j + 1)) ? "latin" : null;
}

/**
 * Whether the bracketed text is one character of the Chinese phrase around it, the phrase's own
 * ("倒偶(咱)盛…": unspaced, a character left out would leave it without its checksum). One English
 * word goes ("… over (copy) dance …"): the phrase's run outlives a word missing.
 */
const oneCharacter = (inner: string) => /^\s*\p{Script=Han}\s*$/u.test(inner) && isZhWord(inner.trim());

/** Up to 12 characters glued together beside an aside (not before `stop`), read away from it. */
function gluedHan(text: string, mask: Uint8Array, at: number, dir: -1 | 1, stop: number): string[] {
  let i = at;
  while (i >= 0 && i < text.length && (mask[i] || PAD.test(text[i] as string))) i += dir;
  const out: string[] = [];
  for (; i >= stop && i < text.length && out.length < 12 && HAN.test(text[i] as string); i += dir)
    out.push(text[i] as string);
  return dir < 0 ? out.reverse() : out;
}

/** Common two-character words of prose among `chars` (a phrase's dozen holds one now and then: 每次, 异常). */
function proseWords(chars: readonly string[]): number {
  let n = 0;
  for (let i = 0; i + 1 < chars.length; i++) if (isProseWord(`${chars[i]}${chars[i + 1]}`)) n++;
  return n;
}

/**
 * Sets `mask` to 1 over each aside between two wordlist words. Between characters glued into runs
 * (Chinese prose, or an unspaced phrase) only near a seed label and when the characters on that side
 * read like no prose (./seed-zh-prose): Chinese sentences hold remarks in brackets between wordlist
 * characters all the time, and joined they would make longer runs for chance checksum windows.
 * Linear in the text.
 */
export function maskAsides(text: string, mask: Uint8Array): void {
  let labels: Hits | undefined;
  for (const m of text.matchAll(ASIDE)) {
    const inner = m[1] as string;
    if (!/[\p{L}\p{N}]/u.test(inner)) continue;
    const end = m.index + m[0].length;
    const before = wordBeside(text, mask, m.index - 1, -1);
    const after = before && wordBeside(text, mask, end, 1);
    if (!after) continue;
    if (before !== "latin" && after !== "latin" && oneCharacter(inner)) continue;
    labels ??= new Hits(text, SEED_LABEL);
    if (joinsPieces(text, mask, m.index, end, before, after, labels, true)) mask.fill(1, m.index, end);
  }
}

type Beside = ReturnType<typeof wordBeside>;

/** `at` moved over the white space beside it, away from [start, end) (the space around a connector). */
function padded(text: string, at: number, dir: -1 | 1): number {
  let i = at;
  while (/\s/.test(text[dir < 0 ? i - 1 : i] ?? "")) i += dir;
  return i;
}

/**
 * Whether what stands at [start, end) joins two pieces of a phrase, the words beside it `before` and `after`: English
 * words both, or characters; between characters glued into runs only near a seed label, the characters on that side
 * reading like no prose, or (`bare`) with no label, characters that rank like a phrase's (./zh-bare-asides).
 */
function joinsPieces(
  text: string,
  mask: Uint8Array,
  start: number,
  end: number,
  before: Beside,
  after: Beside,
  labels: Hits,
  bare: boolean,
): boolean {
  if (before === "latin" && after === "latin") return true;
  const near = labels.between(Math.max(0, start - LABEL_REACH), end + LABEL_REACH);
  if ((before === "han" || after === "han") && !near.length) {
    // No label: characters glued on both sides (past another aside) that rank like a phrase's (./zh-bare-asides).
    return bare && before !== "latin" && after !== "latin" && bareAsideJoins(text, start, end);
  }
  // The label's end: characters before it are the customer's sentence, not the phrase's.
  const from = near.reduce((e, h) => (h.end <= start ? Math.max(e, h.end) : e), 0);
  // A phrase's characters make a prose word now and then ("…纳偷提币青础", 提币): an aside's remark allows one on
  // each side, a connector one only where the characters around it rank like a phrase's.
  const most = (): number => (bare || bareAsideJoins(text, padded(text, start, -1), padded(text, end, 1)) ? 1 : 0);
  if (before === "han" && proseWords(gluedHan(text, mask, start - 1, -1, from)) > most()) return false;
  return !(after === "han" && proseWords(gluedHan(text, mask, end, 1, from)) > most());
}

/**
 * What a customer writes between the two halves of a phrase ("… and the rest:", "then:", "part 2:", "剩下的是：",
 * "后面是", "接着", "..."), standing apart: after white space or a mark, before white space or with its colon.
 */
const CONNECTOR =
  /(?<![^\s,，。.:：;；])(?:\.{2,6}[ \t]{0,2})?(?:(?:and[ \t]+)?the[ \t]+rest|rest|then|part[ \t]?(?:2|two|ii)|continued|cont'?d|剩下的是|剩下的|后面是|後面是|后面|後面|接着是|接著是|接着|接著|第二部分|下半部分)(?:[ \t]{0,2}[:：][ \t]{0,2}|(?=\s))|(?<=\s)\.{2,6}(?=\s)/gi;

/**
 * Sets `mask` to PIECE_GAP over a connector between two halves of a phrase ("队 场 材 … and the rest: 先 功 …",
 * "… wash 接著是 run …"): English words on both sides, single characters, or runs of characters near a seed label
 * that read like no prose. "then" between two English words stays a word (a wordlist one, ./seed-en-bridges).
 */
export function maskConnectors(text: string, mask: Uint8Array): void {
  let labels: Hits | undefined;
  for (const m of text.matchAll(CONNECTOR)) {
    const end = m.index + m[0].length;
    const before = wordBeside(text, mask, m.index - 1, -1);
    const after = before && wordBeside(text, mask, end, 1);
    if (!after || (before === "latin") !== (after === "latin")) continue;
    if (before === "latin" && /^[A-Za-z]+$/.test(m[0].trim()) && resolveEnglish(m[0].trim().toLowerCase())) continue;
    labels ??= new Hits(text, SEED_LABEL);
    if (joinsPieces(text, mask, m.index, end, before, after, labels, false)) mask.fill(PIECE_GAP, m.index, end);
  }
}
