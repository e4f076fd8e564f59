/**
 * English classes redaction missed, with fresh values every run: API keys and tokens pasted with
 * no word that names them (alone, a key and its secret on two lines, cut over lines as OCR does,
 * inside JSON with escaped line breaks, quoted in a reply, in a chat log), an all-capitals password
 * after an email address, a lower-case password of words after "is", and a seed phrase with one
 * word misspelt into two wordlist words ("endforce": "end" + "force", or "enforce" misspelt).
 * Plus their look-alikes in the same layouts: TxIDs, 0x/BTC/TRON/Solana addresses, Solana
 * signatures, order ids, ids named as ids, prose.
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { base58, base64, base64urlnopad, createBase58check, hex } from "@scure/base";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { base62, chars, mnemonic, type Rng } from "./secret-generator";

export interface GapCase {
  layout: string;
  text: string;
  /** Values that must not survive (folded, 12 characters of each or all when shorter). */
  secrets: string[];
  /** For a phrase: its words, none of which may survive after `prefix`. */
  words?: string[];
  prefix?: string;
  /** A bare token of the base58 alphabet and an address's length: a documented miss, counted against a bound. */
  limit?: boolean;
}

const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const b58c = createBase58check(sha256);
const cat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const email = (r: Rng) =>
  `${r.pick(["bob", "alice.w", "kevin88", "j_smith", "mark.t"])}${r.int(100)}@${r.pick(["mail.com", "gmail.com", "outlook.com", "x.io"])}`;

const jwtPart = (o: object) => base64urlnopad.encode(new TextEncoder().encode(JSON.stringify(o)));

/** Keys and tokens as services issue them: bare base62 (Binance 64, Bybit 36), base64 secrets, known prefixes. */
const KEYS: Array<(r: Rng) => string> = [
  (r) => base62(r, r.pick([32, 36, 40, 44, 48, 64, 64])),
  (r) => base64.encode(r.bytes(r.pick([32, 48, 64]))),
  (r) => `${r.pick(["sk", "rk"])}_${r.pick(["live", "test"])}_${base62(r, 24 + r.int(76))}`,
  (r) => `xox${r.pick(["b", "p", "a"])}-${chars(r, "0123456789", 12)}-${chars(r, "0123456789", 13)}-${base62(r, 24)}`,
  (r) => `gh${r.pick(["p", "o", "s"])}_${base62(r, 36)}`,
  (r) => `AKIA${chars(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`,
  (r) => `AIza${base64urlnopad.encode(r.bytes(27)).slice(0, 35)}`,
  (r) =>
    `${jwtPart({ alg: "HS256", typ: "JWT" })}.${jwtPart({ sub: String(r.int(1e9)), iat: 1700000000 + r.int(1e7) })}.${base64urlnopad.encode(r.bytes(32))}`,
  (r) => `${1e9 + r.int(9e8)}:AA${base64urlnopad.encode(r.bytes(26)).slice(0, 33)}`,
  (r) => `npm_${base62(r, 36)}`,
  (r) => `sk-proj-${base64urlnopad.encode(r.bytes(36))}`,
];

const SINGLE: Array<(k: string, r: Rng) => string> = [
  (k) => `here: ${k}`,
  (k) => k,
  (k) => `this one ${k} thanks`,
  (k) => `\`${k}\``,
  (k) => `\`\`\`\n${k}\n\`\`\``,
  (k) => `Hi, why does it fail?\n${k}`,
  (k) => `> ${k}\n\nOn Mon, support wrote:`,
  (k, r) => `[${10 + r.int(12)}:${10 + r.int(49)}] Bob: ${k}`,
  (k) => `{"message":"pls check\\n${k}"}`,
  (k) => `${k} <- this one`,
  (k) => `"${k}"`,
];
const PAIR: Array<(k: string, s: string) => string> = [
  (k, s) => `${k}\n${s}`,
  (k, s) => `${k} ${s}`,
  (k, s) => `${k} / ${s}`,
  (k, s) => `> ${k}\n> ${s}`,
  (k, s) => `{"text":"here\\n${k}\\n${s}"}`,
  (k, s) => `\`\`\`\n${k}\n${s}\n\`\`\``,
];

/** A bare base58 token of an address's or a signature's length reads as one: the documented miss. */
const addressLike = (v: string) =>
  /^[1-9A-HJ-NP-Za-km-z]+$/.test(v) && ((v.length >= 32 && v.length <= 48) || v.length >= 86);

export function bareKeyCase(r: Rng): GapCase {
  const k = r.pick(KEYS)(r);
  const roll = r.int(4);
  if (roll === 0) {
    // A Bybit-like key of 18 beside its 36-character secret, or a Binance pair of 64.
    const short = r.chance(0.5);
    const key = short ? base62(r, 18) : base62(r, 64);
    const secret = short ? base62(r, 36) : base62(r, 64);
    return {
      layout: "bare key: key and secret",
      text: r.pick(PAIR)(key, secret),
      secrets: [key, secret],
      // The secret alone is a key's length; the short key goes only beside it.
      limit: addressLike(secret),
    };
  }
  if (roll === 1) {
    // OCR of a screenshot cuts a 64-character key over two lines.
    const key = base62(r, 64);
    const cut = 24 + r.int(17);
    const [a, b] = [key.slice(0, cut), key.slice(cut)];
    return {
      layout: "bare key: cut over lines (OCR)",
      text: `API Management\nLabel: bot\n${a}\n${b}\nEdit restrictions`,
      secrets: [a, b],
      // Two pieces of the base58 alphabet, one of an address's length, read as addresses.
      limit: /^[1-9A-HJ-NP-Za-km-z]+$/.test(key) && (addressLike(a) || addressLike(b)),
    };
  }
  return { layout: "bare key: alone", text: r.pick(SINGLE)(k, r), secrets: [k], limit: addressLike(k) };
}

const eth = (r: Rng) => {
  const h = hex.encode(r.bytes(20));
  return `0x${[...h].map((c) => (r.chance(0.5) ? c.toUpperCase() : c)).join("")}`;
};
const LOOKS: Array<(r: Rng) => string> = [
  (r) => hex.encode(r.bytes(32)),
  (r) => `0x${hex.encode(r.bytes(32))}`,
  eth,
  (r) => b58c.encode(cat([r.chance(0.5) ? 0 : 5], r.bytes(20))),
  (r) => b58c.encode(cat([0x41], r.bytes(20))),
  (r) => base58.encode(r.bytes(32)),
  (r) => base58.encode(r.bytes(64)),
  (r) => `Qm${base58.encode(r.bytes(32)).slice(0, 44)}`,
  (r) => String(1e9 + r.int(9e9)) + String(r.int(1e6)).padStart(6, "0"),
  (r) => `ORD${chars(r, "0123456789", 12)}`,
  (r) => {
    const h = hex.encode(r.bytes(16));
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  },
];
const NAMED: Array<(r: Rng) => string> = [
  (r) => `client order id: ${base62(r, 32)}`,
  (r) => `request id ${base62(r, 36)}`,
  (r) => `Message-ID: <${base62(r, 40)}@mail.gmail.com>`,
  (r) => `https://drive.google.com/file/d/${base62(r, 33)}/view`,
  (r) => `IMG_${chars(r, "0123456789", 8)}_${base62(r, 32)}.jpg`,
  (r) => `integrity sha512-${base64.encode(r.bytes(64))}`,
  () => "error in getAccountBalanceV2ForUserWithId when the useQueryClientProvider2Context mounts",
  (r) =>
    `-----BEGIN PUBLIC KEY-----\n${base64.encode(r.bytes(48))}\n${base64.encode(r.bytes(24))}\n-----END PUBLIC KEY-----`,
  (r) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${base64.encode(r.bytes(32)).slice(0, 43)} bob@laptop`,
  () => "My deposit of 250 USDT to Binance has not arrived after 3 hours, can you check please?",
  (r) => `X-Google-Smtp-Source: AGHT+${base62(r, 60)}\nThread-Index: AQHa${base64.encode(r.bytes(30))}`,
  (r) => `Binance Pay ID ${r.int(1e9)}, internal transfer ${base62(r, 32)}`,
  (r) => `screenshot IMG_2024-05-1${r.int(10)}_${base62(r, 32)}`,
];

/** The same layouts with what customers paste as written. */
export function bareKeyLookalike(r: Rng): { layout: string; text: string } {
  const roll = r.int(3);
  if (roll === 0) return { layout: "bare look-alike: alone", text: r.pick(SINGLE)(r.pick(LOOKS)(r), r) };
  if (roll === 1) return { layout: "bare look-alike: pair", text: r.pick(PAIR)(r.pick(LOOKS)(r), r.pick(LOOKS)(r)) };
  return { layout: "bare look-alike: named", text: r.pick(NAMED)(r) };
}

/** All capitals with a digit and a symbol, letters after a digit or a symbol inside (no id's "ORD12345!"). */
function capsPassword(r: Rng): string {
  for (;;) {
    const body = chars(r, UPPER, 2 + r.int(5)) + chars(r, "0123456789", 1 + r.int(3)) + chars(r, UPPER, r.int(4));
    const sym = r.pick([..."!@#$%^&*+=~"]);
    const at = r.chance(0.5) ? body.length : 1 + r.int(body.length - 1);
    const p = body.slice(0, at) + sym + body.slice(at);
    if (p.length >= 6 && !/^[A-Z]{0,8}[#-]?\d{4,}[!#]*$/.test(p)) return p;
  }
}
const CAPS_LAYOUTS: Array<(e: string, p: string) => string> = [
  (e, p) => `${e} ${p}`,
  (e, p) => `${e}  ${p}`,
  (e, p) => `${e}\n${p}`,
  (e, p) => `${e} / ${p}`,
  (e, p) => `${e} | ${p}`,
  (e, p) => `${e}, ${p}`,
  (e, p) => `> ${e}\n> ${p}`,
  (e, p) => `my email ${e} ${p} please check`,
];
export function capsCase(r: Rng): GapCase {
  const p = capsPassword(r);
  return { layout: "caps after email", text: r.pick(CAPS_LAYOUTS)(email(r), p), secrets: [p] };
}
export function capsLookalike(r: Rng): { layout: string; text: string } {
  const digits = chars(r, "0123456789", 6 + r.int(6));
  const v = r.pick([
    `ORD${digits}`,
    `ORD${digits}!`,
    `TICKET#${digits}`,
    chars(r, `${UPPER}23456789`, 8).replace(/^./, "P"),
    "USDT-TRC20",
    "BEP20?",
    "URGENT!!",
    `UID ${digits}`,
  ]);
  return { layout: "caps look-alike after email", text: r.pick(CAPS_LAYOUTS)(email(r), v) };
}

const NOUNS = ["blue", "horse", "battery", "river", "tiger", "green", "apple", "moon", "purple", "monkey", "coffee"];
export function lowerCase(r: Rng): GapCase {
  const words = Array.from({ length: 1 + r.int(4) }, () => r.pick(NOUNS));
  const n = String(1 + r.int(999));
  if (r.chance(0.3)) words[r.int(words.length)] += n;
  else words.splice(r.int(words.length + 1), 0, n);
  const p = words.join(" ");
  const label = r.pick(["my password is", "My password is", "the password is", "password is", "my pw is"]);
  const end = r.pick(["", ".", ", please help", " but it does not work", "\nthanks", " and my email is bob@mail.com"]);
  return { layout: "lower-case words after is", text: `${label} ${p}${end}`, secrets: [p] };
}
export function lowerLookalike(r: Rng): { layout: string; text: string } {
  const n = 2 + r.int(30);
  const tail = r.pick([
    `not working since ${n} days`,
    `about ${n} characters long`,
    `the same as ${n} years ago`,
    `saved in chrome since 20${n}`,
    `changed every ${n} days`,
    `only ${n} digits`,
    `expired ${n} days ago`,
    `at least ${n} characters`,
    `correct but login fails ${n} times`,
    `probably ${n} years old`,
    `too short by ${n} letters`,
    `case sensitive with ${n} capitals`,
  ]);
  return { layout: "prose after 'my password is'", text: `my password is ${tail}` };
}

const WORDS = new Set(english);
const splitsInTwo = (s: string) => {
  for (let k = 3; k <= s.length - 3; k++) if (WORDS.has(s.slice(0, k)) && WORDS.has(s.slice(k))) return true;
  return false;
};
/** One-letter typos (a letter added, dropped or changed) of each word that split into two wordlist words. */
const SPLIT_TYPOS = new Map<string, string[]>();
for (const w of english) {
  const out = new Set<string>();
  for (let i = 0; i <= w.length; i++)
    for (const c of "abcdefghijklmnopqrstuvwxyz") {
      out.add(w.slice(0, i) + c + w.slice(i));
      if (i < w.length) out.add(w.slice(0, i) + c + w.slice(i + 1));
    }
  for (let i = 0; i < w.length; i++) out.add(w.slice(0, i) + w.slice(i + 1));
  const typos = [...out].filter((t) => !WORDS.has(t) && splitsInTwo(t));
  if (typos.length) SPLIT_TYPOS.set(w, typos);
}

export function splitTypoCase(r: Rng): GapCase {
  for (;;) {
    const words = mnemonic(r, "en", r.pick([12, 15, 18, 21, 24]));
    const at = words.map((w, i) => (SPLIT_TYPOS.has(w) ? i : -1)).filter((i) => i >= 0);
    if (!at.length) continue;
    const i = r.pick(at);
    words[i] = r.pick(SPLIT_TYPOS.get(words[i] as string) as string[]);
    const sep = r.pick([" ", "\n", ", ", "  "]);
    const prefix = r.pick(["", "", "seed phrase: ", "> "]);
    const numbered = r.chance(0.3);
    const body = words.map((w, k) => (numbered ? `${k + 1}. ${w}` : w)).join(prefix === "> " ? "\n> " : sep);
    return { layout: "phrase with a typo that splits in two", text: prefix + body, secrets: [], words, prefix };
  }
}
export function splitTypoLookalike(r: Rng): { layout: string; text: string } {
  const typo = r.pick(r.pick([...SPLIT_TYPOS.values()]));
  const s = r.pick([
    `I cannot ${typo} my withdrawal of ${r.int(900) + 100} USDT, it says pending`,
    `Hello, the ${typo} button does not work on the app since yesterday`,
    `why is my account frozen? I did ${typo} nothing wrong, order ${r.int(1e9)}`,
  ]);
  return { layout: "prose with a split typo", text: s };
}
