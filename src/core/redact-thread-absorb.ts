/**
 * The words of a phrase left next to its marker across a sender's messages (src/core/redact-thread.ts):
 * a phrase redacted before its last pieces arrive, or a last piece redacted on its own, leaves the
 * other pieces looking like no phrase. Pure.
 */
import { validateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as traditional } from "@scure/bip39/wordlists/traditional-chinese.js";
import { redactionMarker } from "./redact";

const SEED_MARKER = redactionMarker("seed_phrase");
const PHRASE_WORDS = new Set([...english, ...simplified, ...traditional]);
const WORD = /[A-Za-z]+|\p{Script=Han}/gu;
const GAP_CHARS = String.raw`(?:[\s,，、;；|/\\\-–—·•*_]|\d{1,2}[.)、:：])`;
/** What may stand between a phrase's words in a piece of it: spaces, commas, numbering ("13." "14)"). */
const GAP = new RegExp(`^${GAP_CHARS}*$`, "u");
const TRAILING_GAP = new RegExp(`${GAP_CHARS}+$`, "u");
/** A phrase has at most 24 words, the first 12 of which are behind the marker. */
const MAX_ABSORBED = 12;
/** Words a redacted piece keeps before its marker (`unlock [redacted: seed phrase]`): one or two. */
const MAX_LEFTOVER = 2;
/** What a piece's line may start with before its words: a label ("seed:", "my recovery phrase is", "助记词："). */
const PIECE_LABEL =
  /(?:[:：]|\b(?:seed|phrase|words?|mnemonic|recovery|backup)(?:\s+(?:is|are|was))?|(?:助[记記][词詞]|种子|種子|[单單][词詞])[是为為]?)\s*$/iu;

/** A label that names a phrase: before it, even Chinese characters written together are its words ("助记词：毒贫羽缩陕"). */
const PHRASE_LABEL =
  /(?:助[记記][词詞]|种子|種子|[单單][词詞]|\b(?:seed|phrase|mnemonic|words))\s*(?:是|为|為|is|are)?\s*[:：]?\s*$/iu;

const isPhraseWord = (w: string) => PHRASE_WORDS.has(/[A-Za-z]/.test(w) ? w.toLowerCase() : w);
const isHan = (w: string) => /\p{Script=Han}/u.test(w);

interface Run {
  /** How many words. */
  words: number;
  /** Where it ends (start) or begins (end). */
  at: number;
  /** It is the whole part (gaps aside). */
  all: boolean;
  /** It has its line to itself. */
  alone: boolean;
  /** Numbered ("13. unlock"). */
  numbered: boolean;
  /** Written as a list: something else than spaces between each two of its words (commas, numbering, lines). */
  listed: boolean;
}

/**
 * The run of wordlist words at the start (`side` "start") or end of a part, with only gaps between
 * them. Chinese characters glued together are a sentence's, not a piece's: a piece's characters
 * stand apart (spaces, commas, lines, numbering), so the run stops where two touch (unless `glued`:
 * after a label that names a phrase).
 */
function phraseRun(part: string, side: "start" | "end", glued = false): Run {
  const words = [...part.matchAll(WORD)];
  const order = side === "start" ? words : [...words].reverse();
  let n = 0;
  let at = side === "start" ? 0 : part.length;
  let numbered = false;
  let listed = true;
  let previous = "";
  for (const m of order) {
    const from = m.index ?? 0;
    const to = from + m[0].length;
    const gap = side === "start" ? part.slice(at, from) : part.slice(to, at);
    if (!isPhraseWord(m[0]) || !GAP.test(gap) || (!glued && n > 0 && gap === "" && isHan(m[0]) && isHan(previous)))
      break;
    if (/\d/.test(gap)) numbered = true;
    if (n > 0 && !/[^ \t]/.test(gap)) listed = false;
    n++;
    at = side === "start" ? to : from;
    previous = m[0];
  }
  const rest = side === "start" ? part.slice(at) : part.slice(0, at);
  if (side === "end" && /\d{1,2}[.)、:：]\s*$/u.test(rest)) numbered = true;
  const alone = side === "start" ? /^[^\S\n]*(?:\n|$)/.test(rest) : /(?:^|\n)[^\S\n]*$/.test(rest);
  return { words: n, at, all: n > 0 && GAP.test(rest), alone, numbered, listed: listed && n >= 2 };
}

/**
 * Whether a whole part is only a phrase's words written as a piece (gaps and numbering between them,
 * Chinese characters apart): a word or a few sent on their own.
 */
export const isWholePiece = (part: string): boolean => phraseRun(part, "end").all;

/**
 * Whether `text` holds a whole phrase, checksum included: 12 to 24 of its words in a row, gaps and
 * numbering between them ("1. lake 2. recall …"), a label or other words beside them ("seed phrase\n…").
 * Used where a phrase found alone may want words of earlier messages: a whole one wants none.
 */
export function isWholePhrase(text: string): boolean {
  const words = [...text.matchAll(WORD)].map((m) => m[0].toLowerCase());
  // Longer: more than a phrase and its label, read as whole (a bound on the checksums a long paste costs).
  if (words.length > 48) return true;
  return [12, 15, 18, 21, 24].some((n) => {
    for (let i = 0; i + n <= words.length; i++) {
      const run = words.slice(i, i + n).join(" ");
      if ([english, simplified, traditional].some((list) => validateMnemonic(run, list))) return true;
    }
    return false;
  });
}

/**
 * Whether the phrase words of `pieces` (earlier messages, oldest first) and then of `text` are one phrase,
 * checksum included: a lone word or two sent first with no label ("烈 想", "bamboo gate"), then the rest,
 * which held a shorter phrase of its own by chance (15 of its 16 words passed the checksum, 1 time in 32;
 * 12 of them, 1 in 16) and was redacted alone, leaving the lone piece looking like prose.
 */
export function completesPhrase(pieces: readonly string[], text: string): boolean {
  const words = [...pieces, text].flatMap((p) => [...p.matchAll(WORD)].map((m) => m[0].toLowerCase()));
  if (![12, 15, 18, 21, 24].includes(words.length)) return false;
  const run = words.join(" ");
  return [english, simplified, traditional].some((list) => validateMnemonic(run, list));
}

/**
 * Whether the words a part starts with are a piece of a phrase rather than the start of a sentence:
 * all of the part, a line of their own, two or more written as a list ("vanish, fuel, can you
 * check"), or six or more. A few words and then more of the sentence ("deposit is late", "Market
 * order filled …", "Can you add dark mode") are prose.
 */
const isPieceStart = (run: Run) => run.all || run.alone || run.words >= 6 || (run.words >= 2 && run.listed);

/**
 * A part whose seed-phrase marker continues something before it: the marker at its start, after a
 * short label ("rest:", "接上：", "continued -"), numbering ("7."), or one or two words of the phrase
 * that redaction alone left before it. `from`: where what the marker takes with it begins.
 */
function continuation(part: string): { from: number; words: number; end: number; glued: boolean } | null {
  const k = part.indexOf(SEED_MARKER);
  if (k < 0) return null;
  let run = phraseRun(part.slice(0, k), "end");
  if (run.words > MAX_LEFTOVER) return null;
  // Chinese characters written together before the marker (after nothing or a short label, as below): the rest of
  // a piece whose last 12 characters passed the checksum alone (1 time in 16). Taken only after a label naming a phrase.
  const glued = phraseRun(part.slice(0, k), "end", true);
  const isGlued = glued.words > run.words && glued.words <= MAX_ABSORBED;
  if (isGlued) run = glued;
  const head = part.slice(0, run.at);
  const label = head.replace(TRAILING_GAP, "");
  const separated = /[:：]$/.test(label) || /[-–—\n]/.test(head.slice(label.length));
  if (label && !(separated && label.length <= 40 && !/[\n.!?。！？]/.test(label))) return null;
  return { from: run.words ? run.at : k, words: run.words, end: k + SEED_MARKER.length, glued: isGlued };
}

/**
 * The words at the ends of the parts before `i` that a phrase continued in part `i` takes: the end
 * of each part back (a part all of such words lets the run go on into the one before). A run that
 * does not start a part, a line or follow a label is the end of a sentence ("please freeze my
 * account now"), and so are 1 or 2 words with nothing else saying "phrase" (a label, their own
 * numbering, or single words sent as messages of their own). `gluedLeftover`: the leftover is Chinese
 * characters written together, taken only when an earlier piece follows a label naming a phrase. The cuts
 * (part, where, how many words), last part first; empty when none.
 */
function wordsBefore(
  parts: readonly string[],
  i: number,
  leftover: number,
  gluedLeftover: boolean,
): Array<[number, number, number]> {
  const cuts: Array<[number, number, number]> = [];
  let count = leftover;
  let evidence = false;
  let wholeParts = 0;
  let needsLabel = gluedLeftover;
  let named = false;
  for (let j = i - 1; j >= 0; j--) {
    const part = parts[j] as string;
    // Numbering ("1. ") before the first word is the piece's own.
    const lineBefore = (r: Run) => (part.slice(0, r.at).split("\n").pop() ?? "").replace(TRAILING_GAP, "");
    let run = phraseRun(part, "end");
    const glued = phraseRun(part, "end", true);
    // Characters written together are a piece only after a label naming it, in their part or at the chain's start.
    if (glued.words > run.words && (glued.all || PHRASE_LABEL.test(lineBefore(glued)))) {
      run = glued;
      needsLabel ||= glued.all;
    }
    if (!run.words || count + run.words > MAX_ABSORBED) break;
    if (!run.all) {
      const line = lineBefore(run);
      const labelled = PIECE_LABEL.test(line);
      if (!labelled && line) break;
      named = PHRASE_LABEL.test(line);
      evidence ||= labelled || run.numbered;
      cuts.push([j, run.at, run.words]);
      count += run.words;
      break;
    }
    evidence ||= run.numbered;
    if (++wholeParts >= 2) evidence = true;
    cuts.push([j, 0, run.words]);
    count += run.words;
  }
  const earlier = count - leftover;
  if (needsLabel && !named) return [];
  return earlier >= 3 || (earlier >= 2 && evidence) ? cuts : [];
}

/**
 * A phrase sent a few words at a time may be redacted before its last pieces arrive: 11 or more
 * words already read as a (broken) phrase, and 12 of a 15-to-24-word phrase pass the checksum on
 * their own 1 time in 16. Its other words, arriving after (or sent before) those, no longer form a
 * phrase. So the wordlist words right after a part ending with the seed-phrase marker (at the start
 * of the next part) are redacted too, and those right before a part whose marker continues them
 * (see continuation: the words redaction alone left before the marker go with them, and those right
 * after the marker), up to 12 words, across parts made only of such words. `whole[i]`: whether
 * part i is all of its message (a part's start is replaced only when it is). In place.
 */
export function absorbPhraseWords(parts: string[], whole: boolean[]): boolean {
  let changed = false;
  /** Absorbs from `from` on, forward; returns the last index absorbed (or from - 1). */
  const absorbAfter = (from: number): number => {
    let count = 0;
    let j = from;
    for (; j < parts.length; j++) {
      const part = parts[j] as string;
      const run = phraseRun(part, "start");
      if (!run.words || !isPieceStart(run) || (!whole[j] && !run.all) || count + run.words > MAX_ABSORBED) break;
      count += run.words;
      changed = true;
      if (run.all) {
        parts[j] = SEED_MARKER;
        continue;
      }
      parts[j] = SEED_MARKER + part.slice(run.at);
      break;
    }
    return j - 1;
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const cont = whole[i] || part.trimStart().startsWith(SEED_MARKER) ? continuation(part) : null;
    const cuts = cont ? wordsBefore(parts, i, cont.words, cont.glued) : [];
    if (cont && cuts.length) {
      changed = true;
      let count = cont.words;
      for (const [j, at, words] of cuts) {
        count += words;
        parts[j] = `${(parts[j] as string).slice(0, at)}${SEED_MARKER}`;
      }
      // The words redaction alone left after the marker are the phrase's too.
      const rest = part.slice(cont.end);
      // Characters written together that end the message are the rest of the characters just taken.
      const gluedAfter = phraseRun(rest, "start", true);
      const after = gluedAfter.all ? gluedAfter : phraseRun(rest, "start");
      const more = after.words && isPieceStart(after) && count + after.words <= MAX_ABSORBED;
      parts[i] = part.slice(0, cont.from) + SEED_MARKER + (more ? rest.slice(after.at) : rest);
    }
    // Markers set here are not a start for more: at most MAX_ABSORBED words follow one phrase.
    if ((parts[i] as string).trim().endsWith(SEED_MARKER)) i = absorbAfter(i + 1);
  }
  return changed;
}
