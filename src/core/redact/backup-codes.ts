/**
 * 2FA backup (recovery) codes: a label ("backup codes", "recovery codes", "备用码", "恢复码"…)
 * and then a list of codes, each 6-12 digits or letters with a digit, maybe in two halves
 * ("8362-1947", "a7k2 9xq4"), separated by spaces, commas or line breaks. The whole list goes.
 */

import type { SecretSpan } from "./spans";
import { resolveEnglish } from "./wordlists";

const LABEL =
  /(?:backup|recovery|emergency|scratch)[\s_-]*codes?(?![a-z])|(?:备用|備用|恢复|恢復|备份|備份|应急|應急)(?:码|碼|代码|代碼)/gi;
/** One code: digits (or letters and digits) in one piece or two halves. */
const CODE = /(?:[a-z0-9]{3,6}[ -]?[a-z0-9]{3,6})/iy;
/**
 * What may stand between the label and the first code ("codes are …" too: a whole word, never the
 * first letters of a code, "is1cqivo"), and between codes.
 */
const LEAD =
  /[\s:：=\-*•·+"'`是为為如下(（）)]{0,8}(?:(?:are|is|were|was)(?![a-z0-9])[\s:：]{0,4})?(?:\d{1,2}[.)、]\s?)?/iy;
const BETWEEN = /[\s,，、;；|"'`]{1,4}(?:[-*•·+][ \t]|\d{1,2}[.)、]\s?)?/y;

/** A code, 6 to 12 characters without its separator: where it ends and its bare characters. */
function readCode(text: string, at: number): { end: number; bare: string } | null {
  CODE.lastIndex = at;
  const m = CODE.exec(text);
  if (!m) return null;
  const bare = m[0].replace(/[ -]/g, "");
  if (bare.length < 6 || bare.length > 12) return null;
  // Glued to more letters or digits: part of something else.
  if (/[a-z0-9]/i.test(text[at + m[0].length] ?? "")) return null;
  return { end: at + m[0].length, bare };
}

/**
 * Codes of a list: each with a digit, or (random letters and digits can draw none: "zkwifnqn")
 * letters only, in a list of four or more whose codes with digits (one at least) have its length, when it is no word.
 */
function listEnd(codes: Array<{ end: number; bare: string }>): number {
  const digits = codes.filter((c) => /\d/.test(c.bare));
  const size = digits[0]?.bare.length;
  const even = digits.length >= 1 && codes.length >= 4 && digits.every((c) => c.bare.length === size);
  let end = -1;
  for (const c of codes) {
    if (/\d/.test(c.bare) || (even && c.bare.length === size && resolveEnglish(c.bare.toLowerCase())?.how !== "word"))
      end = c.end;
    else break;
  }
  return end;
}

export function backupCodeSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(LABEL)) {
    let at = (m.index ?? 0) + m[0].length;
    LEAD.lastIndex = at;
    at += LEAD.exec(text)?.[0].length ?? 0;
    const start = at;
    const codes: Array<{ end: number; bare: string }> = [];
    for (let k = 0; k < 32; k++) {
      const c = readCode(text, at);
      if (c === null) break;
      codes.push(c);
      BETWEEN.lastIndex = c.end;
      const sep = BETWEEN.exec(text);
      if (!sep) break;
      at = c.end + sep[0].length;
    }
    const end = listEnd(codes);
    if (end > start) spans.push({ start, end, kind: "2fa_code" });
  }
  return spans;
}
