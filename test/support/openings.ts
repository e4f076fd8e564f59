/**
 * Passwords whose first characters read like the label's separator or markup: a value opening
 * with ".", ":", ";" or "*", "_", "~" right after the label (`pwd=;Uojaqe=g$~`, `Password: *:&tqcfnB=x9`),
 * and values wrapped in markup or quotes (`password: **Kx93hd!qZ**`, `密码：「Kx93hd!qZ」`, `password = "…"`),
 * whose wrapper must stay whole on both sides. Each case says exactly what the redacted text must be.
 */

import { redactionMarker } from "../../src/core/redact";
import type { Rng } from "./secret-generator";

const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
/** No "&": after "=" a value's "&name=" past its fourth character is the next form parameter (./layout-gaps). */
const SYMBOLS = "!#$%*+-=?@^_~";
const draw = (r: Rng, set: string, n: number) => Array.from({ length: n }, () => r.pick([...set])).join("");

/** The labels and separators a customer types before a password, with the space after them as written. */
const LABELS = [
  "pwd=",
  "password=",
  "PASSWORD=",
  "pass=",
  "Password: ",
  "password: ",
  "password:: ",
  "Password:\t",
  "PASSWORD - ",
  "my password is ",
  "login password: ",
  "password = ",
  "密码：",
  "密码:",
  "密码是",
  "资金密码：",
  "密碼: ",
];
/** What opens the password: characters a separator or markup reader may claim. */
const OPENINGS = [".", ":", ";", "*", "_", "~", "**", "*:", ":&", ";;", "..", ".:", "~*", "_.", ":;", "*."];
/** What may follow the password on its line or the next (English words after a Chinese label read as the password's, as they always have). */
const TAILS = ["", "", "\n", " thanks", "\nplease help"];
const ZH_TAILS = ["", "", "\n", "，谢谢", "。谢谢", "\n请帮忙"];
const tail = (r: Rng, label: string) => r.pick(/[\u4e00-\u9fff]/.test(label) ? ZH_TAILS : TAILS);

/** A password's body: letters, digits and symbols, a digit in it, ending in a letter or digit (no sentence mark). */
function body(r: Rng): string {
  const n = 6 + r.int(9);
  let v = "";
  while (!/\d/.test(v) || !/[A-Za-z]/.test(v))
    v = draw(r, ALNUM, 1) + draw(r, ALNUM + SYMBOLS, n - 2) + draw(r, ALNUM, 1);
  return v;
}

export interface ExactCase {
  layout: string;
  text: string;
  /** The acceptable redacted texts. */
  expected: string[];
}

/** A password opening with separator-like characters right after its label: all of it goes, the label stays. */
export function openingCase(r: Rng): ExactCase {
  const label = r.pick(LABELS);
  // "密码是:X" reads its colon as the separator's, as "密码是：X" writes it (NFKD makes them one).
  const pw = r.pick(/是$/.test(label) ? OPENINGS.filter((o) => !o.startsWith(":")) : OPENINGS) + body(r);
  const end = tail(r, label);
  return {
    layout: `${JSON.stringify(label)} + opening`,
    text: `${label}${pw}${end}`,
    expected: [`${label}${redactionMarker("password")}${end}`],
  };
}

/** Wrappers a value is written in: markdown, spoilers, quotes, brackets, HTML. */
const WRAPS: Array<[string, string]> = [
  ["**", "**"],
  ["*", "*"],
  ["__", "__"],
  ["~~", "~~"],
  ["||", "||"],
  ['"', '"'],
  ["'", "'"],
  ["`", "`"],
  ["「", "」"],
  ["“", "”"],
  ["<b>", "</b>"],
  ["<code>", "</code>"],
];

const mark = redactionMarker("password");

/** A password wrapped in markup or quotes after its label: the value goes, the wrapper's halves may stay. */
export function wrappedCase(r: Rng): ExactCase {
  const label = r.pick(LABELS);
  const [open, close] = r.pick(WRAPS);
  // The body ends in a letter or digit, never in the wrapper's own character ("**abc*" + "**"); now and then
  // the wrapper's closing half stands inside it before a mark and more of it ("*xG9*!yCX*": one password).
  // (Markdown's halves only: a quote closes at its first match, as JSON and code write them.)
  const inner = /^[*_~|]+$/.test(close) && r.chance(0.4);
  const pw = inner ? `${body(r)}${close}${r.pick([..."!?.,;:"])}${body(r)}` : body(r);
  const end = tail(r, label);
  return {
    layout: `${JSON.stringify(label)} + ${open}…${close}`,
    text: `${label}${open}${pw}${close}${end}`,
    // Best both halves; a reader that took a half with the value leaves no character of the password either.
    expected: [
      `${label}${open}${mark}${close}${end}`,
      `${label}${mark}${close}${end}`,
      `${label}${open}${mark}${end}`,
      `${label}${mark}${end}`,
    ],
  };
}
