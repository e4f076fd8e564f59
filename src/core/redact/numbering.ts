/**
 * Numbering in any common form ("1.", "(1)", "word 1:", "w1:", "word_1", "No. 1", "1st", "a)",
 * "iv.", "一、", "（一）", "第1个") and HTML markup between words, masked so the tokenizer (./tokens)
 * reads them as gaps, never as a break in a run of words.
 */

import { maskAsides, maskConnectors, maskJoiners } from "./asides";
import { attributeValues } from "./attributes";
import { maskChatHeaders, maskChatStamps, maskNameHeaders } from "./chat-stamps";
import { HAN, isWordOrPrefix } from "./tokens";
import { resolveEnglish } from "./wordlists";

/**
 * "一、" "十二." "三)": not after a character (unless an invisible one stands between); a
 * one-character numeral not after "、" either: "…现、四、扩…" lists it as a word of the phrase.
 * A dot that starts an ellipsis ("九 … 零", "九..."; NFKD reads "…" as "...") is no numbering mark.
 */
const HAN_NUMBERING = /(?:[一二三四五六七八九十]{2,3}|[一二三四五六七八九十])\s{0,2}(?:[、)）:：]|\.(?!\.))/g;
const HAN_NUMBERING_AFTER = /[\p{Script=Han}\p{L}\p{N}]/u;
/** A list item's number and its mark, as normalised (`7.`, `(7)`, `[7]`, `⑦`, a keycap `7️⃣`: "7"; `🔟`). */
const ITEM_NUMBER_BEFORE = /(?:\d|\u{1F51F})\s{0,2}[.)）\]】:：-]?\s{0,2}$/u;
/** The next item's number after an item of one word, or the line's end. */
const ITEM_NUMBER_AFTER = /^(?:\s{0,3}[(（[]?(?:\d|\u{1F51F})|[ \t]*(?:\r?\n|$))/u;

/** "第1个", "第十二个词", "第三:", "第一个词是": an ordinal with a digit, a counter word or a mark after it. */
const HAN_ORDINAL =
  /第\s{0,2}[0-9一二三四五六七八九十百零〇两]{1,4}\s{0,2}(?:[个個位号號]\s{0,2})?(?:(?:单词|單詞|[词詞字])(?:\s{0,2}[是为為](?=\s{0,2}\p{Script=Han}))?)?/gu;

/** "1st word is abandon", "2nd word: ability". */
const NTH_WORD =
  /(?<![A-Za-z0-9])\d{1,2}(?:st|nd|rd|th)?[ \t]{0,2}(?:words?|item)(?:[ \t]{1,2}is(?![A-Za-z]))?(?![A-Za-z])/gi;

/**
 * "one: abandon", "Eleven) able", "twenty-first word: …": an English number or ordinal at a line's start with its
 * mark ("eleven", "twelve", "twenty", "eight" are wordlist words too: numbering only there, before ":", ".", ")", " -").
 */
const EN_NUMBER_WORD =
  /(?<=^|\n)[ \t]{0,4}(?:(?:twenty[- ]?)?(?:one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|twenty|(?:ten|eleven|twelf|(?:thir|four|fif|six|seven|eigh|nine)teen|twentie)th)(?:[ \t]{1,2}word)?(?:[ \t]{0,2}[:.)]|[ \t]{1,2}[-–—])(?=[ \t])/gi;

const HTML_TAG = /<\/?[a-z][a-z0-9]{0,10}(?:\s[^<>]{0,400})?\/?>/gi;

const NUMBERING: RegExp[] = [
  HAN_ORDINAL,
  HAN_NUMBERING,
  /[(（[【]\s{0,2}[一二三四五六七八九十]{1,3}\s{0,2}[)）\]】]/g,
  /(?:words?|w|no|nr|num|number|item|#)\s{0,2}[._-]?\s{0,2}#?\d{1,2}(?:st|nd|rd|th)?(?:[ \t]{1,2}is(?![A-Za-z]))?(?![A-Za-z])/gi,
  NTH_WORD,
  EN_NUMBER_WORD,
  /(?<=\d)(?:st|nd|rd|th)(?![A-Za-z])/gi,
  /(?:[a-z]|[ivx]{1,5})[.)](?=\s)/gi,
  /[(（[]\s?(?:[a-z]|[ivx]{1,5})\s?[)）\]]/gi,
  // Markup between words of a pasted phrase: HTML tags and entities ("<b>abandon</b>&nbsp;ability"); a long
  // attribute value inside a tag is text (./attributes).
  HTML_TAG,
  /&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,6});/gi,
];

/** Text ending in a number and its mark ("8. ", "(3) ", "12) ", "#4 ", "Cloud9 ", "#10"): what follows is a numbered item. */
const NUMBERED_BEFORE = /(?:(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?:\s{0,2}[.)、:：|-]\s{0,3}|\s{1,3})|#\d{1,2})$/i;
/** A number glued after a word, as circled numbers read once normalised ("GAP⑨WORD⑩": "GAP9"), before "word", "item" or "number". */
const GLUED_NUMBER_BEFORE = /(?<=[A-Za-z])\d{1,2}$/;

/** After "4 word": the next numbered item ("➡ 5", ", 5.", "No.10", "#10", " then #5", "and 5", "and then 5") or the end of the line. */
const ITEM_AFTER =
  /^(?:[^\p{L}\p{N}\n]{0,4}(?:(?:then|and|next)[^\p{L}\p{N}\n]{1,4}){0,2}(?:(?:no|nr|num|item)[ \t]{0,2}[.#:]?[ \t]{0,2})?\d|[ \t]*(?:\r?\n|$))/iu;

const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;

/** Whether the letters before `at` and those starting `match` make one wordlist word or its prefix ("s" + "word", "ig" + "no"). */
function splitWord(text: string, at: number, match: string, typo = false): boolean {
  let from = at;
  while (from > 0 && at - from < 9 && /[A-Za-z]/.test(text[from - 1] as string)) from--;
  const tail = /^[A-Za-z]+/.exec(match)?.[0] ?? "";
  const how = resolveEnglish(`${text.slice(from, at)}${tail}`.toLowerCase())?.how;
  return how === "word" || how === "prefix" || (typo && how === "typo");
}

const WRAP_BEFORE = /([A-Za-z]{1,8})[-\u2010\u2011]?[ \t]{0,3}\r?\n[ \t>]{0,6}$/;
const WRAP_AFTER = /^[-\u2010\u2011]?[ \t]{0,3}\r?\n[ \t>]{0,6}([A-Za-z]{1,8})/;

/** Whether the letters that start (or end) [start, end) and those across a line break before (or after) it make one wordlist word. */
function wrappedWord(text: string, start: number, end: number): boolean {
  const head = /^[A-Za-z]+/.exec(text.slice(start, end))?.[0];
  const before = head && WRAP_BEFORE.exec(text.slice(Math.max(0, start - 20), start))?.[1];
  if (before && isWordOrPrefix(before + head) && !isWordOrPrefix(before)) return true;
  const tail = /[A-Za-z]+$/.exec(text.slice(start, end))?.[0];
  const after = tail && WRAP_AFTER.exec(text.slice(end, end + 20))?.[1];
  return !!after && isWordOrPrefix(tail + after) && !isWordOrPrefix(after);
}

/**
 * 1 where the normalised text is numbering. Numbering that starts with a letter must start a
 * word: after a non-letter, an invisible character, or a small letter when it is a capital
 * ("GlareNo.2", "PRIVATE\u200bb) VALVE").
 */
export function numberingMask(text: string, softBreak: Uint8Array): Uint8Array {
  const mask = new Uint8Array(text.length);
  for (const re of NUMBERING) {
    for (const m of text.matchAll(re)) {
      const prev = m.index > 0 ? text.charCodeAt(m.index - 1) : 0;
      if (re === HAN_NUMBERING && !softBreak[m.index]) {
        const before = text[m.index - 1] ?? "";
        if (HAN_NUMBERING_AFTER.test(before) || (before === "、" && m[0].replace(/\s|[、.)）:：]/g, "").length === 1))
          continue;
        // "九、店、哪、…": a one-character numeral that starts a list of single characters, each
        // followed by the same "、", is the list's first item, not its number.
        const end = m.index + m[0].length;
        if (/^.、$/u.test(m[0]) && HAN.test(text[end] ?? "") && text[end + 1] === "、") continue;
      }
      // "7. 十、8. 耐", "7️⃣十、", "🔟 七、11 其": a numeral between an item's number and the next one's is that
      // item's word (an outline's "1. 一、提现" numbers its item twice).
      if (
        re === HAN_NUMBERING &&
        ITEM_NUMBER_BEFORE.test(text.slice(Math.max(0, m.index - 6), m.index)) &&
        ITEM_NUMBER_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8))
      )
        continue;
      // "2)第3、凱4、", "②第③疏": 第 right after an item's number is that item's word (a wordlist
      // character), the number after it the next item's.
      if (
        re === HAN_ORDINAL &&
        /^第\s{0,2}\d/u.test(m[0]) &&
        /\d\s{0,2}[.)）、:：]?\s{0,2}$/u.test(text.slice(Math.max(0, m.index - 6), m.index))
      )
        continue;
      // "…打第十痕…", "… 能 第 零 冻 …": 第 and a Han numeral between characters of a phrase, glued or
      // spaced alike, with no digit, counter word or mark, are characters of the phrase (both are
      // wordlist characters).
      if (re === HAN_ORDINAL && amongWords(text, m)) continue;
      // "word 5:37PM", "第 4:07": a phrase's word with its message's time after it; a time numbers no item.
      if (/\d$/.test(m[0]) && /^:\d\d/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 3))) continue;
      const first = text.charCodeAt(m.index);
      const startsWithLetter = isLower(first) || isUpper(first);
      if (
        startsWithLetter &&
        (isLower(prev) || isUpper(prev)) &&
        !softBreak[m.index] &&
        !(isLower(prev) && isUpper(first))
      )
        continue;
      // "s\u200cword.5": an invisible character inside a word ("sword") is no word start, nor inside a
      // misspelt one ("eyebrq\u200bw\n7.": "eyebrqw", not "w7").
      if (
        startsWithLetter &&
        softBreak[m.index] &&
        (isLower(prev) || isUpper(prev)) &&
        splitWord(text, m.index, m[0], true)
      )
        continue;
      // "sWoRd  5", "coNr 19", mixed case: a capital after a small letter is no word start when the letters make a word (or a typo of one).
      if (startsWithLetter && isLower(prev) && isUpper(first) && splitWord(text, m.index, m[0], true)) continue;
      // "S\nword6", "#10Th\nis": a word wrapped over a line break is no numbering.
      if (wrappedWord(text, m.index, m.index + m[0].length)) continue;
      // "4 word ➡ 5 warrior", "#2 word then #3 notable", "⑪ word" at the end: a numbered item that is "word" itself, the next
      // item's number (or the line's end) right after it, is the item ("4th word is …" stays numbering).
      if (
        re === NTH_WORD &&
        /(?:word|item)$/i.test(m[0]) &&
        ITEM_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 16))
      )
        continue;
      // "8. Word 9. Cloud": a numbered item that happens to be "word" (a wordlist word) is the item, not a label;
      // so is one glued between circled numbers ("⑧GAP⑨WORD⑩EXCUSE").
      const before = text.slice(Math.max(0, m.index - 12), m.index);
      if (
        startsWithLetter &&
        (NUMBERED_BEFORE.test(before) || (/^(?:word|item|number)/i.test(m[0]) && GLUED_NUMBER_BEFORE.test(before)))
      )
        continue;
      let at = m.index;
      if (re === HTML_TAG)
        for (const [a, b] of attributeValues(m[0])) {
          mask.fill(1, at, m.index + a);
          at = m.index + b;
        }
      mask.fill(1, at, m.index + m[0].length);
    }
  }
  // After numbering, which may stand between an aside and its word ("（第二行）\n7. word").
  maskAsides(text, mask);
  maskChatHeaders(text, mask);
  maskNameHeaders(text, mask);
  maskChatStamps(text, mask);
  maskConnectors(text, mask);
  maskJoiners(text, mask);
  return mask;
}

/**
 * Whether an ordinal with no digit is words of a phrase: glued between two Han characters with no counter word or
 * mark ("打第十痕", or at the run's end: "…头上第四", or its start: "第四固揭…", with no other 第 numbering near), or spaced as a spaced phrase's words are, counter included, beside another character ("能 第
 * 零 冻", "第 八 位 傾 …", "… 餅 第 零 位"):
 * numbering is written "第七", "第七个", "第七：".
 */
function amongWords(text: string, m: RegExpMatchArray): boolean {
  const start = m.index ?? 0;
  const end = start + m[0].length;
  if (/\d/.test(m[0])) return false;
  if (/^第\s/u.test(m[0])) {
    const beside = [
      text
        .slice(Math.max(0, start - 3), start)
        .trimEnd()
        .slice(-1),
      text.slice(end, end + 3).trimStart()[0],
    ];
    return beside.some((c) => HAN.test(c ?? ""));
  }
  const counted = /[个個位号號词詞字]\s*(?:[是为為]\s*)?$/u.test(m[0]);
  if (counted) return false;
  // Glued after a character at the end of a run ("…纸头上第四", "…上第四。"): the phrase's last two.
  const after = text[end] ?? "";
  if (HAN.test(text[start - 1] ?? "")) return HAN.test(after) || !/[\p{L}\p{N}、:：.)）]/u.test(after);
  // At a run's start glued to the character after it ("助记词：第四固揭…", a chat message's "第六衛"): the phrase's
  // words, unless another 第 and numeral stand next to it, a list's numbering ("第一固，第二揭").
  const listed =
    ORDINAL_NEAR.test(text.slice(Math.max(0, start - 24), start)) || ORDINAL_NEAR.test(text.slice(end, end + 24));
  return /\S$/u.test(m[0]) && HAN.test(after) && !listed;
}

/** Another item's 第 and numeral. */
const ORDINAL_NEAR = /第\s{0,2}[0-9一二三四五六七八九十百零〇两]/u;
