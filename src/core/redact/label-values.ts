/**
 * How the value after a secret's label is read: quoted ("X", `X`, 「X」), wrapped in markup
 * (||X||, **X**), or a run of printable characters up to the next space (a JSON value or a URL's
 * query value to its delimiter), and a 2FA code's digits, spaced or dashed.
 */

import { HTML_NAME } from "./value-shapes";

/**
 * A closing HTML or BBCode tag, or a line break ("</p>", "<br>", "[/quote]", "[/b]"): markup, not a
 * value's characters. An opening tag may be a password's own ("D6<dd>!>6r4").
 */
const TAG_IN_VALUE = new RegExp(
  String.raw`<\/${HTML_NAME}\s{0,3}>|<br\s{0,3}\/?>|\[\/(?:b|i|u|s|code|quote|spoiler|color|size|font|url|td|tr|th|table|list)\]`,
  "i",
);
const CLOSE: Record<string, string> = {
  '"': '"',
  "'": "'",
  "“": "”",
  "‘": "’",
  "「": "」",
  "『": "』",
  "【": "】",
  "`": "`",
};

export interface Value {
  start: number;
  end: number;
  text: string;
  quoted: boolean;
}

/** Markup a value is wrapped in: a Discord spoiler, markdown bold, strike-through or underline. */
const WRAP = /(\|\||\*{1,3}|~~|__)(?=\S)/y;

/** Where a value starts and must end when markup wraps it ("||X||", "**X**"), else null. */
export function unwrap(text: string, at: number): { start: number; end: number } | null {
  WRAP.lastIndex = at;
  const m = WRAP.exec(text);
  if (!m?.[1]) return null;
  const close = text.indexOf(m[1], at + m[1].length + 1);
  const nl = text.indexOf("\n", at);
  if (close < 0 || (nl >= 0 && close > nl) || close - at > 200) return null;
  // Markup closes before white space, sentence marks or the end; a marker with more of the value after it is
  // the value's own ("*Hh~*|eym4…", "*xG9*!yCX" are one password each, not "Hh~" or "xG9" in italics).
  if (!/^[.,;:!?)\]}"'”」]*(?:\s|$)/u.test(text.slice(close + m[1].length, close + m[1].length + 12))) return null;
  return { start: at + m[1].length, end: close };
}

/** Whether the character at `i` follows an odd run of backslashes. */
function escaped(text: string, i: number): boolean {
  let k = i;
  while (k > 0 && text[k - 1] === "\\") k--;
  return (i - k) % 2 === 1;
}

/** A non-breaking space written as HTML ("Password:&nbsp;X"): white space before the value, not its start. */
const NBSP = /(?:&nbsp;|&#160;|&#xa0;)[ \t]*/iy;

/** A parameter of a form body or query string after "&": its name and "=" (ends a value given right after "name=", as forms write it). */
const NEXT_PARAM = /^[A-Za-z][\w.[\]-]{0,40}=/;
/**
 * A form value before such an "&" is at least this long: a shorter one is the start of a password that holds
 * "&name=" itself ("PASSWORD=!&Ckr_RNnu=D-Q1" stayed whole: "!" alone is no password).
 */
const MIN_FORM_VALUE = 4;
/**
 * No form body: an environment file's line ("OKX_PASSPHRASE=9jCJ&Kpp=JLo…"), or a value holding what a form or a
 * link would have encoded ("^", "<", ">", quotes, braces, "|", "\\", "`"): an "&name=" in it is the password's own.
 */
const ENV_LINE = /(?:^|\n)[ \t]*(?:export[ \t]+)?[A-Z][A-Z0-9_]*=$/;
const UNENCODED = /[\^<>"{}|\\`]/;

export function readValue(text: string, from: number, json: boolean, query = false): Value | null {
  let at = from;
  for (NBSP.lastIndex = at; NBSP.exec(text); NBSP.lastIndex = at) at = NBSP.lastIndex;
  const wrapped = unwrap(text, at);
  if (wrapped) {
    const inner = readValue(text.slice(0, wrapped.end), wrapped.start, json, query);
    if (inner) return inner;
  }
  const q = text[at] as string;
  const close = CLOSE[q];
  if (close) {
    let end = text.indexOf(close, at + 1);
    // A quote escaped inside the value ("hunter2\"xyz", a JSON string) is the value's own.
    while (end > 0 && escaped(text, end) && end - at <= 200) end = text.indexOf(close, end + 1);
    if (end > at + 1 && end - at <= 200 && !text.slice(at + 1, end).includes("\n")) {
      return { start: at + 1, end, text: text.slice(at + 1, end), quoted: true };
    }
    at++;
  }
  let end = at;
  const afterEquals =
    /[\w\]]=["'`*_~|]{0,3}$/.test(text.slice(Math.max(0, at - 6), at)) &&
    !ENV_LINE.test(text.slice(Math.max(0, at - 64), at)) &&
    // (The quote or bracket closing the token is what holds it: `curl -d "password=X&a=1"`.)
    !UNENCODED.test((/^[\x21-\x7E]{0,200}/.exec(text.slice(at))?.[0] ?? "").replace(/["'`)\]}>]+$/, ""));
  while (end < text.length && end - at < 200) {
    const c = text.charCodeAt(end);
    if (c <= 32 || c > 126) break;
    if (json && (c === 44 || c === 125 || c === 93 || c === 34)) break; // , } ] "
    if (query && (c === 38 || c === 35)) break; // & #
    // A form body or query string ("password=X&user=bob"): the next parameter is no part of the value.
    if (c === 38 && afterEquals && end - at >= MIN_FORM_VALUE && NEXT_PARAM.test(text.slice(end + 1, end + 44))) break;
    end++;
  }
  // A tag after the value ("sunflower92</p>", "X<br>", "wrong[/quote]") is the markup's: the value ends before it.
  const tag = text.slice(at, end).search(TAG_IN_VALUE);
  if (tag > 0) end = at + tag;
  // Sentence punctuation after a value ends the sentence, not the password.
  // ("!" and "?" stay: in "Hunter2!" they are as likely the password's own; "ok," is a word and a comma.)
  // A closing bracket is the sentence's only when an opening one is there for it, in the value or before
  // it on its line ("(pw: X)", "pw: [min_8]"); else it is the password's last character ("D6<2i3>}").
  // One mark ends a sentence: a "," ";" or ":" only as the last one (dots may run: "…..."), so "X;:." keeps ";:".
  let mark: string | null = null;
  while (end - at > 2 && /[.,;:)\]}"'”」`]/.test(text[end - 1] as string) && !ownCloser(text, at, end)) {
    const c = text[end - 1] as string;
    if (c === "." ? mark !== null && mark !== "." : /[,;:]/.test(c) && mark !== null) break;
    if (/[.,;:]/.test(c)) mark = c;
    end--;
  }
  if (end <= at) return null;
  return { start: at, end, text: text.slice(at, end), quoted: false };
}

/** The rest of a token a screenshot's OCR or a narrow window broke onto the next line, alone on that line. */
const NEXT_PIECE = /^[ \t]*\r?\n[ \t>]{0,3}([\w+/=-]{8,128})[ \t]*(?:\r?\n|$)/;

/**
 * A key's value with its piece on the next line ("secretKey:\nxJi8SwtkQyuDyC3\n4Jg2vWPK…"): one value when the
 * first piece is a token of a key's characters and the next line holds one more such token with a digit.
 */
export function brokenToken(text: string, v: Value | null): Value | null {
  if (!v || v.quoted || !/^[\w+/=-]{8,}$/.test(v.text)) return v;
  const m = NEXT_PIECE.exec(text.slice(v.end, v.end + 160));
  const piece = m?.[1];
  if (!m || !piece || !/\d/.test(piece) || !/[A-Za-z]/.test(piece)) return v;
  const end = v.end + m[0].indexOf(piece) + piece.length;
  return { start: v.start, end, text: v.text + piece, quoted: false };
}

/** One printable character at a time, spaces or a tab between: six to 64 of them, a sentence's mark after the last. */
const SPELT = /(?:[\x21-\x7E][ \t]{1,3}){5,63}[\x21-\x7E](?=[.,;]?(?:\s|$))/y;

/** A password spelt out a character at a time ("password: D j X H r 8 * J T d L C ="): one value, its spaces left out of its text. */
export function speltOut(text: string, v: Value | null): Value | null {
  if (!v || v.quoted || v.end - v.start !== 1) return v;
  SPELT.lastIndex = v.start;
  const m = SPELT.exec(text);
  return m ? { start: v.start, end: v.start + m[0].length, text: m[0].replace(/[ \t]/g, ""), quoted: false } : v;
}

const OPENER: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
/** Whether the closing bracket ending text[at, end) has no opening one in it or before it on its line. */
function ownCloser(text: string, at: number, end: number): boolean {
  const open = OPENER[text[end - 1] as string];
  if (!open) return false;
  const lineStart = text.lastIndexOf("\n", at) + 1;
  return !text.slice(Math.max(lineStart, at - 200), end - 1).includes(open);
}

/** Digits of a code, spaced or dashed ("123 456", "123-456"): 6 to 8 of them. */
export function readCode(text: string, at: number): { start: number; end: number } | null {
  let i = at;
  let digits = 0;
  let end = at;
  while (i < text.length && digits <= 8) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      i++;
      end = i;
    } else if (digits > 0 && " -.·".includes(text[i] as string) && /\d/.test(text[i + 1] ?? "")) i++;
    else if (digits > 0 && text.startsWith("%20", i) && /\d/.test(text[i + 3] ?? "")) i += 3;
    else break;
  }
  if (digits < 6 || digits > 8) return null;
  // Glued to letters or more digits, it is part of something else (a UUID "…-2fa6-8742-5aa7…", an id).
  if (/[A-Za-z0-9]/.test(text[end] ?? "")) return null;
  return { start: at, end };
}

/** Words that end a password written with spaces: the sentence goes on ("… and my email is …"). */
export const GOES_ON = new Set(
  (
    "and or but please pls plz thanks thank thx because so then which when if for to with from i im i'm it its " +
    "it's is was are not doesnt doesn't isnt isn't wont won't cant can't can could help also my email e-mail user " +
    "username login account uid id 2fa otp code since after before now at least min minimum max must should only"
  ).split(" "),
);
const WORD = /[ \t]{1,2}([\x21-\x7E]{1,32})/y;

/**
 * The end of a password written with spaces after "password: " ("blue cat Tom47"): the value's
 * line runs on over at most five more words, up to a clause's end (",", ";", ". "), a word that
 * says the sentence goes on ("and", "please", "my"…) or another label ("email:").
 */
export function spacedEnd(text: string, v: Value): number {
  if (v.quoted || /[,;]["'`]?$/.test(v.text)) return v.end;
  let end = v.end;
  for (let k = 0; k < 5; k++) {
    WORD.lastIndex = end;
    const m = WORD.exec(text);
    const word = m?.[1];
    if (!word) break;
    const bare = word.replace(/[.,;:!?)\]"'`]+$/, "");
    // Another label's value ("txid:4a5e…", "UID=123") is no part of the password.
    if (!bare || GOES_ON.has(bare.toLowerCase()) || /[:=]$|^[A-Za-z_][\w.-]{0,24}[:=]\S/.test(word)) break;
    if (/^[([<{`"']|:\/\/|@/.test(word)) break;
    end = WORD.lastIndex - (word.length - bare.length);
    if (/[.,;]/.test(word.slice(bare.length))) break;
  }
  return end;
}

/**
 * A password with spaces whose first word alone is no password ("my password is Hello World 592!",
 * "password: my dog Rex36"): two to six words to the line's or clause's end, a digit and a capital
 * or symbol among them, no word but the first that says the sentence goes on; after "is" each word
 * but the first capitalised or holding a digit or symbol (prose after "is" is lower case).
 */
export function spacedPhraseEnd(text: string, at: number, afterIs: boolean): number {
  const line = /^[^\n,;]{1,64}/.exec(text.slice(at))?.[0].replace(/(?:\.(?:\s|$)|\s)+$/, "") ?? "";
  const lower = lowerPhraseEnd(line);
  if (lower > 0) return at + lower;
  const words = line.split(/[ \t]+/);
  if (words.length < 2 || words.length > 6 || !/^[\x21-\x7E \t]+$/.test(line) || /^[([<{]/.test(line)) return -1;
  if (words.slice(1).some((w) => GOES_ON.has(w.replace(/[.!?]+$/, "").toLowerCase()))) return -1;
  if (!/\d/.test(line) || !/[A-Z!@#$%^&*+=?~]/.test(line)) return -1;
  if (afterIs && words.slice(1).some((w) => !/^[A-Z]|[\d!@#$%^&*+=?~]/.test(w))) return -1;
  return at + line.length;
}

/** Words of prose after "my password is": function words, amounts and what people say of passwords. */
export const PROSE_WORDS = new Set(
  (
    "a an the this that these those one some any all no none not never too very really quite just only still " +
    "already also even about around over under above below less more most than least in on by of off into " +
    "onto out up down as like same different correct incorrect wrong right ok okay fine good bad strong weak " +
    "long short old new saved stored set changed reset updated sent working accepted rejected expired locked " +
    "blocked valid invalid hidden case sensitive characters character chars char letters letter digits " +
    "digit numbers number symbols symbol words word days day hours hour minutes minute weeks week months month " +
    "years year times time ago attempts attempt tries try tried probably definitely maybe almost exactly nearly " +
    "there here where who what how me you your we they he she his her him them their be been being have " +
    "has had do does did done will would shall may might get got via per each every first last next " +
    "required needed missing lost forgotten known unknown protected secure encrypted complex simple easy hard " +
    "random generated unique personal private typed entered copied pasted shown displayed mine yours ours " +
    "today yesterday tomorrow"
  ).split(" "),
);

/**
 * A password of small words and a number after "is" ("my password is blue horse battery 7"):
 * two to six words up to the clause's end or a word that says the sentence goes on, a digit
 * among them, none of them a word prose puts there ("not", "about", "characters", "ago").
 * Returns where it ends in `line`, or -1.
 */
function lowerPhraseEnd(line: string): number {
  const words: string[] = [];
  let end = 0;
  for (const m of line.matchAll(/[^ \t]+/g)) {
    const w = m[0].replace(/[.!?]+$/, "");
    if (words.length && GOES_ON.has(w)) break;
    words.push(w);
    end = m.index + w.length;
    if (w !== m[0] || words.length > 6) break;
  }
  if (words.length < 2 || words.length > 6) return -1;
  if (words.some((w) => !/^[a-z\d]+$/.test(w) || PROSE_WORDS.has(w) || GOES_ON.has(w))) return -1;
  return words.some((w) => /\d/.test(w)) && words.some((w) => /[a-z]{3}/.test(w)) ? end : -1;
}
