/**
 * Passwords and passphrases of plain words after their label: a BIP-39 passphrase ("the 25th
 * word"), a wallet's passphrase or a password made of ordinary words, written as people write
 * them: `Passphrase: correct horse battery staple`, `my passphrase is tiger ocean window marble`,
 * `25th word: garden`, `BIP39 passphrase = …`, `password: correct horse battery staple`, in any
 * case (`CORRECT HORSE …`, `Correct Horse …`). Prose after the same labels keeps its words:
 * "my passphrase is not set", "the 25th word is optional", "my password is too long".
 */

import { PROSE } from "./label-accept";
import { labelTails } from "./label-tails";
import { GOES_ON, PROSE_WORDS } from "./label-values";
import type { SecretSpan } from "./spans";

/** A passphrase's names: its value is words by design. */
const PHRASE_LABEL =
  /(?:pass[ \t_-]?phrase|passphrase)(?![a-z])|(?<![a-z0-9])(?:(?:13|25)th|thirteenth|twenty[\s-]?fifth|extra|passphrase)[ \t_-]*word(?![a-z])/gi;
/** A password's names: words after them must read like no sentence. */
const PASSWORD_LABEL = /(?:pass[ \t_-]?word|passwd|passwort)(?![a-z])|(?<![a-z0-9+/])(?:pwd|pw)(?![a-z0-9+/])/gi;

/** Between label and value: an aside ("(25th word)"), then ":", "=", "is", "was", "is:", or a dash, an arrow or a table's bar between spaces. */
const LEAD =
  /(?:[ \t]{0,2}\([^()\n]{1,24}\))?(?:\*{1,3}|__)?["'”’`]?[ \t]{0,3}(?:[:：=]|(?:is|was)(?=[ \t:])[ \t]{0,2}:?|(?<=[ \t])([-–—→|]|->)(?=[ \t]))(?:\*{1,3}|__)?[ \t]{0,3}(?:\r?\n[ \t>]{0,4})?/iy;
/** One word: letters and digits (an apostrophe or hyphen inside). */
const WORD = /[A-Za-z0-9][A-Za-z0-9'’-]{0,31}(?<![-'’])/y;
/** What may end the run: a clause's end, a closing quote or markup, a line break or the end. */
const RUN_END = /^(?:[ \t]*(?:[.,;!?)\]"'”’`*|]|\r?\n|$)|[ \t]+(?=[^A-Za-z0-9]))/;

/** Function words, negations and what people count passwords in: never a word of a passphrase after its label. */
const STRONG = new Set(
  (
    "the a an not no never nor is isn't was are were be been being am to of in on at for with by from as than " +
    "too very so but and or if then else my your our his her their its it this that these those there here " +
    "i you we they he she me us them him what which who whom whose when where why how can can't cannot could " +
    "would should will shall may might must do does did done don't doesn't didn't has have had just only also " +
    "already still even again yet please pls thanks thank every any all some none each same both either " +
    "neither ever really actually maybe probably definitely word words characters chars letters digits " +
    "numbers symbols long short about like"
  ).split(" "),
);
/** A state said of a passphrase ("optional", "enabled", "wrong"): alone after the label it is prose. */
const STATE = new Set(
  (
    "optional blank empty unset enabled disabled needed mandatory gone safe different important useless yes off " +
    "active inactive supported fine ok okay failing stored written encrypted used added asked requested ignored " +
    "wiped deleted removed pending unclear confusing"
  ).split(" "),
);
/** What prose says happened to a password or passphrase ("reset link expired", "change request pending"): never its first word. */
const NEVER_FIRST = new Set(
  "reset change changed forgot forgotten lost recovery manager field length policy required expired updated missing working broken locked blocked wrong incorrect invalid unknown".split(
    " ",
  ),
);
const isState = (w: string) => STATE.has(w) || PROSE.has(w) || PROSE_WORDS.has(w) || STRONG.has(w) || GOES_ON.has(w);
const isFiller = (w: string) => STRONG.has(w) || GOES_ON.has(w);
/** Words that end a sentence's password ("… and my email is …") but are as likely a passphrase's own. */
const CONTENT = new Set("help email user username login account uid id code min minimum max".split(" "));

/**
 * Where the words after a label end, or -1: a passphrase's (lenient: its value is words) or a
 * password's (strict: three to six words, none that prose puts after "password"). The run stops
 * before a function word or a word that says the sentence goes on ("… staple and I can't log in";
 * for a passphrase, a noun such as "account" or "code" does not).
 */
function runEnd(text: string, at: number, phrase: boolean): number {
  if (phrase) {
    const listed = listEnd(text, at);
    if (listed > at) return listed;
  }
  const words: string[] = [];
  let i = at;
  let end = -1;
  for (;;) {
    WORD.lastIndex = i;
    const m = WORD.exec(text);
    if (!m) return words.length ? end : -1;
    const w = m[0].toLowerCase().replace(/’/g, "'");
    if (phrase ? isFiller(w) && !CONTENT.has(w) : isFiller(w)) {
      if (!words.length) return -1;
      break;
    }
    words.push(w);
    end = WORD.lastIndex;
    if (words.length > 8) return -1;
    if (RUN_END.test(text.slice(end, end + 3))) break;
    const gap = /^[ \t]{1,2}/.exec(text.slice(end, end + 2));
    if (!gap) return -1;
    i = end + gap[0].length;
  }
  const [first, ...rest] = words as [string, ...string[]];
  if (NEVER_FIRST.has(first)) return -1;
  const state = isState;
  if (phrase) {
    // "optional", "wrong again", "enabled now": a state; "correct horse battery staple": a passphrase.
    if (state(first) && words.length < 3) return -1;
    if (words.length === 2 && state(rest[0] as string)) return -1;
    return end;
  }
  // A password of words: three to six, none a word prose puts after "password", nor a number alone.
  if (words.length < 3 || words.length > 6) return -1;
  if (rest.some((w) => PROSE.has(w) || /^\d/.test(w)) || rest.filter((w) => PROSE_WORDS.has(w)).length > 1) return -1;
  if (state(first) && words.length < 4) return -1;
  return end;
}

/** Between a listed passphrase's words: a comma, or a line break (each word on its own line). */
const LIST_GAP = /^(?:[ \t]*[,，、][ \t]*|[ \t]*\r?\n[ \t]*)/;

/** The rest of a listed word's line: nothing, punctuation, or a function word going on ("and I can't …"). */
function lineEndsItem(rest: string): boolean {
  const m = /^[ \t]*([.!?,;:)]*)[ \t]*([A-Za-z']*)/.exec(rest);
  return !m?.[2] || isFiller((m[2] as string).toLowerCase());
}

/**
 * A passphrase written as a list ("tiger, ocean, window, marble", or a word per line): three words
 * (at most one a word prose also says of a passphrase, "correct"), or two that end their line; the
 * same separator throughout; a function word ends it ("…, please help", "Thanks"), and one first
 * ("yes, I set one") makes it no list. Where it ends, or -1.
 */
function listEnd(text: string, at: number): number {
  let count = 0;
  let words = 0;
  let sep = "";
  let i = at;
  let end = -1;
  for (;;) {
    WORD.lastIndex = i;
    const m = WORD.exec(text);
    if (!m || m.index !== i) break;
    const w = m[0].toLowerCase().replace(/’/g, "'");
    // A function word ends the list ("…, please help", "\nThanks"); a state word may stand in it ("correct").
    if (isFiller(w) || (words === 0 && NEVER_FIRST.has(w))) break;
    const after = WORD.lastIndex;
    const gap = LIST_GAP.exec(text.slice(after, after + 8))?.[0];
    // Listed a word per line, a word with more on its line than punctuation or a sentence going on
    // ("… and I can't open it") is the prose after the list.
    if (sep === "line" && !gap && !lineEndsItem(text.slice(after, text.indexOf("\n", after) >>> 0))) break;
    words++;
    if (!isState(w)) count++;
    end = after;
    if (words > 24) return -1;
    const kind = gap?.includes("\n") ? "line" : "comma";
    if (!gap || (sep && kind !== sep)) break;
    sep = kind;
    i = end + gap.length;
  }
  // Two words only when they end their line ("tiger, ocean\n"), not a sentence going on.
  const endsLine = /^[ \t]*(?:[.!]?[ \t]*(?:\r?\n|$))/.test(text.slice(end, end + 4));
  return sep && ((words >= 3 && count >= 2) || (count === 2 && words === 2 && endsLine)) ? end : -1;
}

/** The value after a label and its separator: quoted (a passphrase's, whatever its words) or a run of words. */
function wordsAfter(text: string, from: number, phrase: boolean, spans: SecretSpan[]) {
  let at = from;
  const q = text[at] ?? "";
  if (phrase && /["'“‘`]/.test(q)) {
    // Looked for within 120 characters: a hostile text of labels and open quotes stays linear.
    const near = text.slice(at + 1, at + 121).indexOf(q === "“" ? "”" : q === "‘" ? "’" : q);
    const close = near < 0 ? -1 : at + 1 + near;
    const inner = text.slice(at + 1, close);
    if (close > at + 1 && close - at < 120 && !inner.includes("\n") && !isState(inner.toLowerCase().trim()))
      spans.push({ start: at + 1, end: close, kind: "password" });
    return;
  }
  at += /^(?:\*{1,3}|__|\|\|)/.exec(text.slice(at, at + 3))?.[0].length ?? 0;
  const end = runEnd(text, at, phrase);
  if (end > at) spans.push({ start: at, end, kind: "password" });
}

export function passphraseSpans(text: string): SecretSpan[] {
  if (!/pass|pw|word/i.test(text)) return [];
  const spans: SecretSpan[] = [];
  for (const [re, phrase] of [
    [PHRASE_LABEL, true],
    [PASSWORD_LABEL, false],
  ] as const) {
    for (const m of text.matchAll(re)) {
      const labelEnd = m.index + m[0].length;
      LEAD.lastIndex = labelEnd;
      const lead = LEAD.exec(text);
      if (lead) {
        // After a dash, an arrow or a table's bar, which prose and header rows use too ("passphrase - what
        // is it?", "| Passphrase | Email |"), read strictly.
        wordsAfter(text, LEAD.lastIndex, phrase && !lead[1], spans);
        continue;
      }
      // A few words between label and separator ("the passphrase I used is …", "passphrase for my
      // ledger: …"): the words after them must read as a password's, strictly.
      for (const tail of labelTails(text, labelEnd)) {
        const at = labelEnd + tail.length;
        const end = runEnd(text, at, false);
        if (end > at) {
          spans.push({ start: at, end, kind: "password" });
          break;
        }
      }
    }
  }
  return spans;
}
