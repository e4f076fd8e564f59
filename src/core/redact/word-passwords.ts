/**
 * Passwords of one or two plain words, which a shape check cannot tell from prose:
 * `my password is sunflower`, `the password is purple monkey`, `pwd is Tiger`, `sunflower is my
 * password`, and any words after `Pass:` / `pass -` / `Password — ` / `P/W:` or in aligned
 * columns (`Password   sunflower`) at the start of a line or after the account (`Pass: tiger lamp`,
 * `login: bob / pass - tiger lamp`). A desk's dictionary decides (./prose-states): a word that
 * prose puts there stays ("my password is wrong", "… is not working", "Pass: same as before",
 * "pass: I'll pass on that"), anything else is the password. Longer runs of words are
 * ./passphrases' and values with digits or symbols ./labelled's.
 */

import { isProseState } from "./prose-states";
import type { SecretSpan } from "./spans";

/**
 * "my password is", "the new pwd was", "your temporary password is:", "my password for binance is":
 * a determiner or a qualifier before the label (or the line's start), then "is"/"was".
 */
const IS_LABEL =
  /(?:(?<![A-Za-z])(?:my|the|our|your|his|her|their|this|that)[ \t]{1,2}(?:(?:new|old|current|temporary|temp|initial|default|login|account|wallet|exchange|email|app|master|real|actual|binance|okx|bybit|kraken|coinbase)[ \t]{1,2}){0,2}|(?:^|\n|[.!?,;][ \t]{1,2})[ \t>*_-]{0,4})(?:pass[ \t]?word|passwd|passcode|pwd|pw)(?:[ \t]{1,2}(?:for|on|at|of)[ \t]{1,2}(?:(?:my|the|this|your)[ \t]{1,2})?[A-Za-z0-9.]{2,20})?[ \t]{1,2}(?:is|was)[ \t]{0,2}:?[ \t]{1,3}(?:(?:just|simply|literally|now|still|currently|basically)[ \t]{1,2})?/gi;
/** A password's names, longest first (a match must not stop at "pass" of "password"). */
const NAME = String.raw`(?:pass[ \t]?word|passwd|passcode|pass|pswd|pword|pwd|pw|p/w)`;
/**
 * "Pass:", "pass -", "PWD =", "Password — X", a name and its value in aligned columns ("Password   X",
 * "Password ........ X"),
 * at a line's or sentence's start, after a bullet, markup or the account ("user bob pass: …").
 */
const LINE_LABEL = new RegExp(
  String.raw`(?:(?:^|\n|[.!?,;/|][ \t]{1,2}|(?<![A-Za-z])(?:and|login|user(?:name)?|email|account|acct|id)[ \t]{0,2}[:=]?[ \t]{0,2}[^\s:=]{1,40}[ \t]{0,2}[,/|;]?[ \t]{1,2})[ \t>*•_-]{0,4})(?:\*{1,3}|__)?${NAME}(?:\*{1,3}|__)?(?:[ \t]{0,2}[:：=]|[ \t]{1,2}(?:[-–—]{1,2}|->|=>|→)|\t[ \t]*|[ ]{2,}(?![ \t])|[ \t]*[.·…_]{3,}[ \t]*)(?:\*{1,3}|__)?[ \t]{0,3}`,
  "gi",
);
/** The word first: "sunflower is my password", "Tiger was my old pwd." (nothing after the name but the clause's end). */
const BEFORE_LABEL = new RegExp(
  String.raw`(?:^|\n|[.!?,;:][ \t]{1,2})[ \t>*_-]{0,4}([A-Za-z][A-Za-z0-9]{2,31})[ \t]{1,2}(?:is|was)[ \t]{1,2}(?:my|the|our)[ \t]{1,2}(?:(?:new|old|current|login|account|wallet|exchange|email|app)[ \t]{1,2})?${NAME}`,
  "gi",
);
/** A plain word of a password: letters (and digits after a letter), 3 to 32 of them. */
const WORD = /[A-Za-z][A-Za-z0-9]{2,31}(?![A-Za-z0-9'’@_/-]|[.:][A-Za-z0-9])/y;
/**
 * What ends the value: the clause's or line's end, an aside or a dash, or a word saying the
 * sentence goes on ("and", "please", "but", "before", "with"…).
 */
const END =
  /[ \t]*(?:[.,;!?()\]"'”*_~|`]|\r?\n|$)|[ \t]+(?:[-–—]+[ \t]|(?:and|but|please|pls|plz|so|because|since|thanks|thank|thx|now|then|or|can|could|cannot|can't|it|which|though|although|yet|if|when|while|on|for|in|at|to|from|with|without|until|before|after|all|everywhere|but|as|by|i|i'm|im|my|is|was|are|were|not|doesn't|isn't|won't|wont|cant|should|must|also|only)(?![A-Za-z]))/iy;

/** One or two words from `at` up to a clause's end, none of them prose's; their end, or -1. */
function plainWords(text: string, at: number, most: number): number {
  let i = at;
  for (let n = 1; n <= most; n++) {
    WORD.lastIndex = i;
    const m = WORD.exec(text);
    if (!m || m.index !== i || isProseState(m[0])) return -1;
    const end = WORD.lastIndex;
    END.lastIndex = end;
    if (END.exec(text)) return end;
    const gap = /^[ \t]{1,2}(?=[A-Za-z])/.exec(text.slice(end, end + 3));
    if (!gap) return -1;
    i = end + gap[0].length;
  }
  return -1;
}

export function wordPasswordSpans(text: string): SecretSpan[] {
  if (!/p(?:ass|w|\/w)/i.test(text)) return [];
  const spans: SecretSpan[] = [];
  for (const [re, most] of [
    [IS_LABEL, 2],
    [LINE_LABEL, 6],
  ] as const) {
    for (const m of text.matchAll(re)) {
      let at = m.index + m[0].length;
      // A quoted word ("is 'sunflower'") is ./labelled's; markup around it is not the value.
      at += /^(?:\*{1,3}|__|\|\|)/.exec(text.slice(at, at + 3))?.[0].length ?? 0;
      const end = plainWords(text, at, most);
      if (end > at) spans.push({ start: at, end, kind: "password" });
    }
  }
  for (const m of text.matchAll(BEFORE_LABEL)) {
    const word = m[1] as string;
    END.lastIndex = m.index + m[0].length;
    if (isProseState(word) || !END.exec(text)) continue;
    const start = m.index + m[0].indexOf(word);
    spans.push({ start, end: start + word.length, kind: "password" });
  }
  return spans;
}
