/**
 * A label typed with spaces between its characters ("交 易 密 码：", "私　鑰", "P a s s w o r d:",
 * "A P I   S e c r e t"; NBSP and the ideographic space read as spaces once normalised) is read as
 * the label: the spaces inside it are taken out of the normalised text, and the index map of
 * ./normalize follows, so a span found there still covers exactly the original's characters. Only
 * short runs of single characters (ten at most) whose characters spell a label: a spaced phrase's
 * dozen characters stay as they are.
 */

import { type Normalized, withoutRanges } from "./normalize";

const UNIT = String.raw`[\p{Script=Han}A-Za-z0-9]`;
/**
 * A maximal run of characters one to three spaces apart (its first and last may be glued to the
 * text around: "我的P a s s w o r d：", "交 易 密 码是").
 */
const SPACED = new RegExp(String.raw`(?:${UNIT}[ \t]{1,3})+${UNIT}`, "gu");
/** The label words of the detectors (./labelled, ./labels, ./totp), in both scripts. */
const LABEL =
  /密码|密碼|口令|验证码|驗證碼|谷歌验证|谷歌驗證|验证器|驗證器|私钥|私鑰|密钥|密鑰|秘钥|秘鑰|助记词|助記詞|种子词|種子詞|恢复词|恢復詞|password|passphrase|passwd|secret|privatekey|apikey|mnemonic|seedphrase|2fa|otp|authenticator/i;
const LABEL_END = new RegExp(`(?:${LABEL.source})$`, "i");
const MAX_UNITS = 10;
/** Letters one dot, dash, underscore or star apart ("p.a.s.s.w.o.r.d", "P_A_S_S_W_O_R_D"): the label spelt out too. */
const DOTTED = /(?<![A-Za-z0-9._*·-])(?:[A-Za-z][._*·-]){3,9}[A-Za-z](?![A-Za-z0-9])/g;
/** What goes on a word (a password's symbols too), unlike brackets, quotes, colons and sentence marks. */
const GLUED = /[A-Za-z0-9!#$%&*+@^_|~]/;
/** Whether the character at `i` goes on with a word: GLUED, or "=?./-" with a letter or digit beyond it. */
const glued = (text: string, i: number, dir: 1 | -1) =>
  GLUED.test(text[i] ?? "") || (/[=?./-]/.test(text[i] ?? "") && /[A-Za-z0-9]/.test(text[i + dir] ?? ""));

/** `norm` with the spaces inside spaced-out labels taken out (the same object when there are none). */
export function joinSpacedLabels(norm: Normalized): Normalized {
  const text = norm.text;
  if (!/[ \t._*·-]/.test(text)) return norm;
  const drop: Array<[number, number]> = [];
  for (const m of text.matchAll(SPACED)) {
    let start = m.index;
    let end = start + m[0].length;
    // A letter or digit glued to the word after (or before) it is that word's ("码 wPYEN…", "d b&bH9…"), not the label's;
    // but the label's own last letter before its "=" ("P A S S W O R D=X") is the label's.
    const last = m[0].replace(/[ \t]/g, "");
    if (/[A-Za-z0-9]/.test(text[end - 1] as string) && glued(text, end, 1)) {
      if (!(text[end] === "=" && LABEL_END.test(last))) end--;
    }
    if (/[A-Za-z0-9]/.test(text[start] as string) && glued(text, start - 1, -1)) start++;
    const run = text.slice(start, end).trim();
    const units = run.replace(/[ \t]/g, "");
    if ([...units].length > MAX_UNITS || units.length < 2 || !LABEL.test(units)) continue;
    const from = start + text.slice(start, end).indexOf(run);
    for (const s of run.matchAll(/[ \t]+/g)) drop.push([from + s.index, from + s.index + s[0].length]);
  }
  for (const m of text.matchAll(DOTTED)) {
    const units = m[0].replace(/[._*·-]/g, "");
    if (units.length > MAX_UNITS || !LABEL.test(units)) continue;
    for (const s of m[0].matchAll(/[._*·-]/g)) drop.push([m.index + s.index, m.index + s.index + 1]);
  }
  drop.sort((a, b) => a[0] - b[0]);
  return withoutRanges(norm, drop);
}
