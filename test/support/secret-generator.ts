/**
 * Random secrets in the layouts customers (and attackers) paste them, for recall tests of the
 * redaction engine and of the pipeline. Everything comes from one seeded generator, so a failing
 * run is replayed with the seed it logged: `const g = secretGenerator(seed)`.
 * Each case says what must not survive redaction (`fragments`: see `leaks`).
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { base58, createBase58check, hex } from "@scure/base";
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as traditional } from "@scure/bip39/wordlists/traditional-chinese.js";
import { mulberry32 } from "./random";
import { layoutChinese, layoutEnglish } from "./secret-layouts";
import { keyCase, labelledCase } from "./secret-values";

export type Kind = "seed_phrase" | "private_key" | "password" | "2fa_code" | "api_secret";

export interface SecretCase {
  /** Which generator and layout made it, for the failure message. */
  layout: string;
  kind: Kind;
  text: string;
  /** For a phrase: each word as it stands in `text`, in order; otherwise the secret's characters. */
  fragments: string[];
}

/** The shared seeded generator (./random.ts) with the helpers the generators use: the same seed gives the same cases. */
export function rng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(arr: readonly T[]): T {
      return arr[Math.floor(next() * arr.length)] as T;
    },
    bytes(n: number): Uint8Array {
      return Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
    },
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

/** The letters and digits of keys that service pages print. */
export const B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** `n` characters drawn from `alphabet`. */
export const chars = (r: Rng, alphabet: string, n: number) =>
  Array.from({ length: n }, () => r.pick([...alphabet])).join("");
/** A random base62 token with at least one capital, small letter and digit (what key pages print). */
export function base62(r: Rng, n: number): string {
  for (;;) {
    const v = chars(r, B62, n);
    if (/[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v)) return v;
  }
}

const b58c = createBase58check(sha256);
const cat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const STRENGTH_BYTES: Record<number, number> = { 12: 16, 15: 20, 18: 24, 21: 28, 24: 32 };

export const LISTS = { en: english, "zh-Hans": simplified, "zh-Hant": traditional } as const;
export type Lang = keyof typeof LISTS;

/** A valid BIP-39 mnemonic of 12-24 words from the generator's entropy. */
export function mnemonic(r: Rng, lang: Lang, words = r.pick([12, 12, 12, 15, 18, 21, 24])): string[] {
  const m = entropyToMnemonic(r.bytes(STRENGTH_BYTES[words] as number), LISTS[lang]);
  return lang === "en" ? m.split(" ") : m.split(/\s+/u);
}

export const keys = {
  hex64: (r: Rng) => hex.encode(r.bytes(32)),
  wif: (r: Rng) => {
    const compressed = r.chance(0.7);
    return b58c.encode(cat([r.chance(0.8) ? 0x80 : 0xef], r.bytes(32), compressed ? [0x01] : []));
  },
  xprv: (r: Rng) => {
    const version = r.pick([
      [0x04, 0x88, 0xad, 0xe4],
      [0x04, 0x35, 0x83, 0x94],
      [0x04, 0xb2, 0x43, 0x0c],
      [0x04, 0x9d, 0x78, 0x78],
    ]);
    return b58c.encode(cat(version, [r.int(5)], r.bytes(4), r.bytes(4), r.bytes(32), [0], r.bytes(32)));
  },
  solana: (r: Rng) => base58.encode(r.bytes(64)),
};

/** Random phrases (en, zh-Hans, zh-Hant), keys and labelled secrets, `n` of them, in random layouts. */
export function secretCases(seed: number, n: number): SecretCase[] {
  const r = rng(seed);
  const out: SecretCase[] = [];
  const makers: Array<() => SecretCase> = [
    () => layoutEnglish(r, mnemonic(r, "en")),
    () => layoutEnglish(r, mnemonic(r, "en")),
    () => layoutEnglish(r, mnemonic(r, "en")),
    () => layoutChinese(r, mnemonic(r, r.pick(["zh-Hans", "zh-Hant"] as const)), true),
    () => layoutChinese(r, mnemonic(r, r.pick(["zh-Hans", "zh-Hant"] as const)), false),
    () => keyCase(r),
    () => keyCase(r),
    () => labelledCase(r),
  ];
  while (out.length < n) out.push(r.pick(makers)());
  return out;
}

/**
 * What survived of a secret: for a phrase, four of its words in a row (as written, at most a
 * few characters apart); for a value, any 16 characters of it (all of it when shorter) once
 * invisible characters and group separators are taken out.
 */
export function leaks(c: SecretCase, redacted: string): string | null {
  if (c.kind === "seed_phrase") {
    const f = c.fragments;
    for (let i = 0; i + 4 <= f.length; i++) {
      let at = redacted.indexOf(f[i] as string);
      while (at >= 0) {
        let pos = at + (f[i] as string).length;
        let ok = true;
        for (let k = 1; k < 4 && ok; k++) {
          const next = redacted.indexOf(f[i + k] as string, pos);
          ok = next >= 0 && next - pos <= 12;
          pos = next + (f[i + k] as string).length;
        }
        if (ok) return f.slice(i, i + 4).join(" ");
        at = redacted.indexOf(f[i] as string, at + 1);
      }
    }
    return null;
  }
  const clean = (s: string) =>
    s
      .normalize("NFKC")
      .replace(/[\p{Default_Ignorable_Code_Point}\s:\-·.,'"]/gu, "")
      .toLowerCase();
  const out = clean(redacted);
  const secret = clean(c.fragments.join(""));
  const size = Math.min(16, secret.length);
  for (let i = 0; i + size <= secret.length; i++) {
    if (out.includes(secret.slice(i, i + size))) return secret.slice(i, i + size);
  }
  return null;
}
