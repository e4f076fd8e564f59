/**
 * 2FA backup (recovery) codes: a label ("backup codes", "recovery codes", "备用码", "恢复码"…)
 * and then a list of codes, each 6-12 digits or letters with a digit, maybe in two halves
 * ("8362-1947", "a7k2 9xq4"), separated by spaces, commas or line breaks. The whole list goes.
 */

import type { SecretSpan } from "./spans";

const LABEL =
  /(?:backup|recovery|emergency|scratch)[\s_-]*codes?(?![a-z])|(?:备用|備用|恢复|恢復|备份|備份|应急|應急)(?:码|碼|代码|代碼)/gi;
/** One code: digits (or letters and digits) in one piece or two halves. */
const CODE = /(?:[a-z0-9]{3,6}[ -]?[a-z0-9]{3,6})/iy;
/** What may stand between the label and the first code, and between codes. */
const LEAD = /[\s:：=\-"'`是为為如下(（）)]{0,8}(?:\d{1,2}[.)、]\s?)?/y;
const BETWEEN = /[\s,，、;；|"'`]{1,4}(?:\d{1,2}[.)、]\s?)?/y;

/** A code with a digit, 6 to 12 characters without its separator. */
function readCode(text: string, at: number): number | null {
  CODE.lastIndex = at;
  const m = CODE.exec(text);
  if (!m) return null;
  const bare = m[0].replace(/[ -]/g, "");
  if (bare.length < 6 || bare.length > 12 || !/\d/.test(bare)) return null;
  // Glued to more letters or digits: part of something else.
  if (/[a-z0-9]/i.test(text[at + m[0].length] ?? "")) return null;
  return at + m[0].length;
}

export function backupCodeSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(LABEL)) {
    let at = (m.index ?? 0) + m[0].length;
    LEAD.lastIndex = at;
    at += LEAD.exec(text)?.[0].length ?? 0;
    let start = -1;
    let end = -1;
    let count = 0;
    for (let k = 0; k < 32; k++) {
      const e = readCode(text, at);
      if (e === null) break;
      if (start < 0) start = at;
      end = e;
      count++;
      BETWEEN.lastIndex = e;
      const sep = BETWEEN.exec(text);
      if (!sep) break;
      at = e + sep[0].length;
    }
    if (start >= 0 && count >= 1) spans.push({ start, end, kind: "2fa_code" });
  }
  return spans;
}
