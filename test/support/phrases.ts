/**
 * Fresh secrets for every test run: valid BIP-39 phrases (English, simplified and traditional
 * Chinese wordlists) and 32-byte hex private keys, plus ways to cut them into pieces the way a
 * customer spreads them over fields and messages. Nothing here is fixed: each call is random.
 */
import { generateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as traditional } from "@scure/bip39/wordlists/traditional-chinese.js";

export const WORDLISTS = { en: english, "zh-hans": simplified, "zh-hant": traditional } as const;
export type PhraseLanguage = keyof typeof WORDLISTS;
export const PHRASE_LANGUAGES = Object.keys(WORDLISTS) as PhraseLanguage[];
export type PhraseLength = 12 | 15 | 18 | 21 | 24;

export interface Phrase {
  lang: PhraseLanguage;
  words: string[];
  /** The words joined by single spaces. */
  text: string;
}

/** A uniformly random integer in [0, n). */
export function randomInt(n: number): number {
  return (crypto.getRandomValues(new Uint32Array(1))[0] as number) % n;
}

/** One element of `items`, at random. */
export function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)] as T;
}

/**
 * A valid mnemonic (checksum included) of a random or given language and length. `avoid`: the words a
 * test writes around the phrase (its frame: "order", "help", "Alice Example", "@example.com"), which
 * the phrase never draws; else a frame word left in a stored row reads as a leaked phrase word
 * (about 1 run in 170 for one frame word and a 12-word English phrase).
 */
export function randomPhrase(opts: { lang?: PhraseLanguage; words?: PhraseLength; avoid?: string } = {}): Phrase {
  const lang = opts.lang ?? pick(PHRASE_LANGUAGES);
  const count = opts.words ?? 12;
  const frame = wordsIn(opts.avoid ?? "");
  for (;;) {
    // 12 words carry 128 bits of entropy, each 3 more words 32 bits more.
    const words = generateMnemonic(WORDLISTS[lang], (count / 3) * 32).split(/\s+/);
    if (!words.some((w) => frame.has(w.toLowerCase()))) return { lang, words, text: words.join(" ") };
  }
}

/** 64 random hex digits: a raw private key. */
export function randomHexKey(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A random token that holds no wordlist word (a prefix and digits), to find a ticket or a row again.
 * The prefix has two letters: detection reads any three-letter word as a possible misspelt phrase
 * word, so "rdx…" next to a phrase may rightly go with it.
 */
export function randomToken(prefix = "qz"): string {
  return `${prefix}${String(randomInt(1e9)).padStart(9, "0")}${randomInt(1e6)}`;
}

/** `words` cut into `pieces` consecutive non-empty runs, at random places. */
export function splitWords(words: readonly string[], pieces: number): string[][] {
  if (pieces < 1 || pieces > words.length) throw new Error(`cannot cut ${words.length} words into ${pieces}`);
  const cuts = new Set<number>();
  while (cuts.size < pieces - 1) cuts.add(1 + randomInt(words.length - 1));
  const at = [0, ...[...cuts].sort((a, b) => a - b), words.length];
  return at.slice(1).map((end, i) => words.slice(at[i], end));
}

/** How a customer may write the words of one piece: spaces, line breaks, commas, numbering. */
export function joinWords(words: readonly string[], style = pick(["space", "newline", "comma"] as const)): string {
  if (style === "newline") return words.join("\n");
  if (style === "comma") return words.join(", ");
  return words.join(" ");
}

/** The words of a text as a reader would pick them out: Latin words lowercased, and each Han character. */
export function wordsIn(text: string): Set<string> {
  return new Set([...text.toLowerCase().matchAll(/[a-z]+|\p{Script=Han}/gu)].map((m) => m[0]));
}
