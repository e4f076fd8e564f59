/**
 * Label words as customers misspell them, read as the word they meant: "pasword", "passwrod",
 * "pssword", "passowrd" (one letter dropped, doubled, swapped with the next or wrong: no English
 * word is one such slip from "password" or "private"), "private kye", and the Chinese variants
 * 私匙 and 密匙 (a common writing of 私钥/密钥) and pinyin slips (私要, 秘码, 密马, 密玥, 密码时…, below), and leet
 * ("p@ssword", "passw0rd": ./leet-labels). The normalised text gets the meant word, and the
 * index map of ./normalize follows, so every detector reads the label as spelt and a span found
 * there still covers exactly the original's characters. A word glued to letters or digits
 * ("Pasword1!", a password itself) is left as it is.
 */

import { leetLabels } from "./leet-labels";
import type { Normalized } from "./normalize";
import { EN_INDEX } from "./wordlists";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Every spelling one slip (a letter dropped, added, wrong, or two swapped) from `word`, the word itself not. */
function slips(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    if (i < word.length) out.add(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    for (const c of LETTERS) {
      out.add(word.slice(0, i) + c + word.slice(i));
      if (i < word.length) out.add(word.slice(0, i) + c + word.slice(i + 1));
    }
  }
  out.delete(word);
  out.delete(`${word}s`);
  return out;
}

const MEANT = new Map<string, string>();
for (const word of ["password", "private"]) for (const s of slips(word)) MEANT.set(s, word);
/** English words one slip from "private" are words, not slips. */
MEANT.delete("primate");

/** A Latin word with no letter or digit glued on either side; the English key words the second pattern reads. */
const WORD = /(?<![A-Za-z0-9])[A-Za-z]{6,10}(?![A-Za-z0-9])/g;
const KYE = /(?<=(?:private|priv|secret|api)[ \t_-]?)kye(?![A-Za-z0-9])/gi;
/**
 * Chinese labels as written or typed with a pinyin slip (the same sound, another character: 私要 for 私钥, 秘码 or
 * 密马 for 密码), simplified and traditional. Not 密吗 ("保密吗"), which prose writes.
 */
const ZH_MEANT: Record<string, string> = {
  私匙: "私钥",
  私要: "私钥",
  私玥: "私钥",
  私鈅: "私鑰",
  密匙: "密钥",
  密要: "密钥",
  蜜钥: "密钥",
  密玥: "密钥",
  秘玥: "密钥",
  秘码: "密码",
  蜜码: "密码",
  密马: "密码",
  密玛: "密码",
  秘碼: "密碼",
  蜜碼: "密碼",
  密馬: "密碼",
  密瑪: "密碼",
};
const ZH = new RegExp(Object.keys(ZH_MEANT).join("|"), "g");
/**
 * 密码时 typed for 密码是 (both "shi"), before a value with letters and digits ("登录密码时KTy#3yU@qf"); prose
 * writes 密码时 as "when … the password" ("输入密码时提示错误", "修改密码时123456收不到": no letter).
 */
const ZH_SHI =
  /(?<=[密][码碼])[时時](?=[ \t]{0,2}[:：]?[ \t]{0,2}(?=[\x21-\x7E]{0,64}[A-Za-z])(?=[\x21-\x7E]{0,64}\d)[\x21-\x7E]{6})/g;

/**
 * Whether the word at [start, end) is a piece of a word cut over a line break ("p-\nrivate", "privat-\ne", a soft
 * hyphen): joined with the piece on the other line it is a wordlist word ("private" in a phrase) or the label
 * itself, which the phrase readers join as written.
 */
function wrapped(text: string, start: number, end: number, lower: string): boolean {
  // The line break may carry a quoted mail's prefix ("privat\n> e").
  const before = /([A-Za-z]{1,8})[-\u00ad]?\r?\n[ \t>]{0,4}$/.exec(text.slice(Math.max(0, start - 16), start));
  const after = /^[-\u00ad]?\r?\n[ \t>]{0,4}([A-Za-z]{1,8})/.exec(text.slice(end, end + 16));
  const joined = [before ? before[1]?.toLowerCase() + lower : "", after ? lower + after[1]?.toLowerCase() : ""];
  return joined.some((w) => w !== "" && (EN_INDEX.has(w) || w === "password" || w === "private"));
}

/** The meant word in the case the customer typed: "PASWORD" -> "PASSWORD", "Pasword" -> "Password". */
function inCase(typed: string, meant: string): string {
  if (typed === typed.toUpperCase()) return meant.toUpperCase();
  return /[A-Z]/.test(typed[0] as string) ? meant[0]?.toUpperCase() + meant.slice(1) : meant;
}

/** `norm` with misspelt label words read as meant (the same object when there are none). */
export function spellLabels(norm: Normalized): Normalized {
  const text = norm.text;
  const fixes: Array<[number, number, string]> = [];
  for (const m of text.matchAll(WORD)) {
    const lower = m[0].toLowerCase();
    if (wrapped(text, m.index, m.index + m[0].length, lower)) continue;
    const plural = lower.endsWith("s") && !MEANT.has(lower) ? lower.slice(0, -1) : lower;
    const meant = MEANT.get(plural);
    if (meant) fixes.push([m.index, m.index + m[0].length, inCase(m[0], plural === lower ? meant : `${meant}s`)]);
  }
  for (const m of text.matchAll(KYE)) fixes.push([m.index, m.index + 3, inCase(m[0], "key")]);
  for (const m of text.matchAll(ZH)) fixes.push([m.index, m.index + 2, ZH_MEANT[m[0]] as string]);
  for (const m of text.matchAll(ZH_SHI)) fixes.push([m.index, m.index + 1, "是"]);
  fixes.push(...leetLabels(text));
  if (!fixes.length) return norm;
  fixes.sort((a, b) => a[0] - b[0]);
  return withReplaced(norm, fixes);
}

/** `norm` with each sorted, disjoint range replaced by its text, every character of which maps into the range it replaced. */
function withReplaced(norm: Normalized, fixes: ReadonlyArray<readonly [number, number, string]>): Normalized {
  const size = norm.text.length + fixes.reduce((n, [a, b, s]) => n + s.length - (b - a), 0);
  const from = new Int32Array(size);
  const to = new Int32Array(size);
  const softBreak = new Uint8Array(size);
  const parts: string[] = [];
  let k = 0;
  let at = 0;
  const put = (src: number, first: boolean) => {
    from[k] = norm.from[src] as number;
    to[k] = norm.to[src] as number;
    softBreak[k] = first ? (norm.softBreak[src] as number) : 0;
    k++;
  };
  for (const [a, b, s] of fixes) {
    if (a < at) continue;
    parts.push(norm.text.slice(at, a), s);
    for (let i = at; i < a; i++) put(i, true);
    for (let j = 0; j < s.length; j++) put(Math.min(a + j, b - 1), j === 0);
    at = b;
  }
  parts.push(norm.text.slice(at));
  for (let i = at; i < norm.text.length; i++) put(i, true);
  return {
    text: parts.join(""),
    from: from.subarray(0, k),
    to: to.subarray(0, k),
    softBreak: softBreak.subarray(0, k),
  };
}
