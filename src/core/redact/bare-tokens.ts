/**
 * API keys and tokens pasted with no word that names them ("here: 7fK2…", a key and its secret on
 * two lines): known credential prefixes (`sk_live_`, `xoxb-`, `ghp_`, `AKIA…`, JWTs, Telegram bot
 * tokens…), and long random tokens of the base62/base64 alphabets. What tells those from what
 * customers paste as written: a TxID or hash is hex; an address or a transaction signature is
 * base58 (no 0, O, I or l), bech32 (one case) or hex; a key of 32 random base62 characters holds
 * one of 0/O/I/l (or +, /, _, -) nine times in ten, one of 64 characters 98 times in a hundred, and
 * no address or signature is base58 of 60-85 characters. Identifiers (`getAccountBalanceV2…`) are
 * words: long runs of small letters. A word right before that names the value an id, hash,
 * address or order ("order id: …", "TxID …") claims it.
 */

import { decodeBase58Check } from "../chain";
import type { SecretSpan } from "./spans";
import { isAddress } from "./value-shapes";

const PREFIXED = new RegExp(
  "(?<![A-Za-z0-9_-])(?:" +
    [
      "(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}", // Stripe
      "xox[abposr]-[A-Za-z0-9-]{10,}", // Slack
      "gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}", // GitHub
      "glpat-[A-Za-z0-9_-]{20,}", // GitLab
      "(?:AKIA|ASIA)[A-Z0-9]{16}", // AWS access key id
      "AIza[A-Za-z0-9_-]{35}", // Google
      String.raw`sk-(?:proj-|ant-)?(?=[\w-]*\d)[A-Za-z0-9_-]{20,}`, // OpenAI, Anthropic
      "npm_[A-Za-z0-9]{36}",
      "hf_[A-Za-z]{30,}",
      String.raw`SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`, // SendGrid
      String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`, // JWT
      String.raw`\d{8,10}:AA[A-Za-z0-9_-]{33}`, // Telegram bot token
      "bg_[0-9a-f]{32}", // Bitget
      "mx0v[A-Za-z0-9]{14,}", // MEXC
    ].join("|") +
    ")(?![A-Za-z0-9_-])",
  "g",
);

/** A run of the base62/base64(url) alphabet, padding included. */
const TOKEN = /(?<![A-Za-z0-9+/=_.-])[A-Za-z0-9+/_-]{16,512}={0,2}(?![A-Za-z0-9+/=_-])/g;

/** Words that name a value as something public: the value right after one is that. */
const CLAIM =
  /(?:(?<![a-z0-9])(?:tx|txid|txn|txhash|hash|transaction|signature|sig|address|addr|wallet|deposit|withdrawal|order|id|uid|ref|reference|ticket|case|request|invoice|memo|tag|payment|checksum|digest|sha\d*|md5|fingerprint|nonce|cid|ipfs|commit|block|contract|mint|pubkey|public\s*key|ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|username|user|nickname|referral|promo|coupon|voucher|tracking|session|trace|transfer|record|serial)(?:es|s)?(?![a-z])|交易|哈希|地址|订单|訂單)[^\n]{0,3}(?:\s(?:no\.?|number|#|code))?[ \t:：=#"'`(]*(?:(?:is|was)[ \t]+)?$/i;
/** After the value: "… (order id)", "… is my txid". */
const CLAIM_AFTER =
  /^["'`]?[ \t]*(?:[(\-–—]|is|was)[ \t]*(?:my|the|our)?[ \t]*(?:tx|txid|hash|order|address|signature|id|uid|ref|transaction|deposit|withdrawal)/i;

const BASE58_ONLY = /^[1-9A-HJ-NP-Za-km-z]+$/;
const HEX_ONLY = /^(?:0x)?[0-9a-fA-F-]+$/;

/**
 * Share of the token's characters in words ("Account", "get": a vowel, no five consonants in a row):
 * an identifier's is 0.75 and more, 32 random base62 characters' 0.2 (0.72 one time in 10,000).
 */
function wordy(v: string): number {
  let inWords = 0;
  for (const m of v.matchAll(/[A-Z]?[a-z]{3,}|[A-Z][a-z]{2}/g))
    if (m[0].length <= 12 && /[aeiouy]/i.test(m[0]) && !/[^aeiouy]{5}/i.test(m[0])) inWords += m[0].length;
  return inWords / v.length;
}

type Grade = "strong" | "weak" | null;

/**
 * How much a token reads as a credential: "strong" is one alone (32+ characters, an alphabet no
 * address has), "weak" one only next to a strong one (a key of 16+ beside its secret).
 */
function grade(v: string): Grade {
  const body = v.replace(/=+$/, "");
  if (body.length < 16 || HEX_ONLY.test(body) || /^(?:sha\d+|md5)[-_:]/i.test(body)) return null;
  // A hash or UUID glued to words ("bobfile-71a12d7ee56f478dUSDT…"): 12 hex digits in a row are in a random
  // base62 key about once in ten million.
  if (/[0-9a-f]{12}|[0-9A-F]{12}/.test(body)) return null;
  // A photo's or a screen shot's file name ("IMG_2024-05-12_…").
  if (/^(?:IMG|VID|PXL|DSC|Screenshot|photo|image|file)[_-]/i.test(body)) return null;
  // Both cases and a digit; a long or base64 one may lack the digit (one in 300 of 32 random characters does).
  if (!/[a-z]/.test(body) || !/[A-Z]/.test(body) || !(/\d/.test(body) || body.length >= 40 || /[+/=]/.test(v)))
    return null;
  // An identifier is words ("getAccountBalanceV2ForUserWithId"). A shorter token's share varies more: 18 random
  // characters read 0.89 ("2UkfgaSifwxAYrzKul", a Bybit key beside its secret), so only one of words alone is.
  if (/[_-]{2}/.test(body) || wordy(body) > (body.length >= 32 ? 0.74 : 0.95)) return null;
  if (isAddress(body)) return null;
  // (Padding, "=", is base64's: no address has it.)
  const b58 = BASE58_ONLY.test(v);
  if (body.length >= 32 && (!b58 || (body.length >= 60 && body.length <= 85))) return "strong";
  // Base58 of an address's or a signature's length is one ("7xKX…" Solana, 86-88 a signature).
  if (b58 && ((body.length >= 32 && body.length <= 48) || body.length >= 86)) return null;
  return "weak";
}

/** Between a key and its secret: spaces, one line break (an email's "> " after it), "/", "|", ",". */
const PAIR_GAP = /^["'`]?[ \t]*(?:[/|,;][ \t]*)?(?:\r?\n[ \t>]{0,6})?["'`]?$/;
/** Between the pieces of one key cut over lines (a screenshot's OCR, a narrow window): the line break alone. */
const CUT_GAP = /^[ \t]*\r?\n[ \t>]{0,6}$/;

/**
 * A piece of a key cut over lines: letters, no hash, no address (base58check, or of a Solana
 * address's or a signature's length). A shorter base58 piece goes only with a piece that is no base58.
 */
function piece(v: string): boolean {
  if (v.length < 12 || !/[A-Za-z]/.test(v) || HEX_ONLY.test(v) || isAddress(v)) return false;
  return !BASE58_ONLY.test(v) || !((v.length >= 43 && v.length <= 48) || v.length >= 86 || decodeBase58Check(v));
}
function bothCases(v: string): boolean {
  const run = (v.match(/[A-Za-z0-9]+/g) ?? []).reduce((a, b) => (b.length > a.length ? b : a), "");
  return /[a-z]/.test(run) && /[A-Z]/.test(run);
}
const addressLike = (v: string) => BASE58_ONLY.test(v) && v.length >= 32 && v.length <= 48;

interface Found {
  start: number;
  end: number;
  grade: Grade;
  value: string;
}

export function bareTokenSpans(input: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  // JSON's escaped line breaks (a backslash, then "n") part values as real ones do; offsets kept.
  const text = input.includes("\\") ? input.replace(/\\[nrt]/g, "  ") : input;
  for (const m of text.matchAll(PREFIXED))
    spans.push({ start: m.index, end: m.index + m[0].length, kind: "api_secret" });
  const found: Found[] = [];
  const blocks = publicBlocks(text);
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    const end = start + m[0].length;
    const g = grade(m[0]);
    if ((!g && !piece(m[0])) || inLinkOrName(text, start, end)) continue;
    if (blocks.some(([a, b]) => start >= a && end <= b) || inHeader(text, start)) continue;
    if (CLAIM.test(text.slice(Math.max(0, start - 40), start)) || CLAIM_AFTER.test(text.slice(end, end + 40))) continue;
    found.push({ start, end, grade: g, value: m[0] });
  }
  const gap = (a: Found, b: Found) => text.slice(a.end, b.start);
  for (let k = 0; k < found.length; k++) {
    const t = found[k] as Found;
    const prev = found[k - 1];
    const next = found[k + 1];
    // Beside a key alone (its pair), or the other half of one cut over two lines.
    const beside = (o: Found | undefined) =>
      o?.grade === "strong" && PAIR_GAP.test(o.start > t.start ? gap(t, o) : gap(o, t));
    // A random base62 key's pieces hold both cases in their longest run of letters and digits (12 characters
    // lack one 3 times in 1,000): ids on two lines ("… arrived t6be07397d9374201" / "REF-ab12…") are two ids.
    const cut = (a: Found | undefined, b: Found | undefined) =>
      !!a &&
      !!b &&
      CUT_GAP.test(gap(a, b)) &&
      bothCases(a.value) &&
      bothCases(b.value) &&
      grade(a.value + b.value) === "strong" &&
      !(BASE58_ONLY.test(a.value + b.value) && (addressLike(a.value) || addressLike(b.value)));
    if (t.grade === "strong" || (t.grade && (beside(prev) || beside(next))) || cut(prev, t) || cut(t, next))
      spans.push({ start: t.start, end: t.end, kind: "api_secret" });
  }
  return spans;
}

const PEM_BEGIN = /-{3,}[ \t]*BEGIN ([A-Z0-9 ]{1,40}?)[ \t]*-{3,}/g;

/** PEM blocks that hold no private key (public keys, certificates, signatures): their base64 is public. */
function publicBlocks(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!text.includes("BEGIN")) return out;
  let after = 0;
  for (const m of text.matchAll(PEM_BEGIN)) {
    if (m.index < after || (m[1] as string).includes("PRIVATE")) continue;
    const end = text.indexOf(`END ${m[1]}`, m.index + m[0].length);
    after = end < 0 ? text.length : end;
    out.push([m.index, after]);
  }
  return out;
}

/** A mail header's name ("X-Google-Smtp-Source:", "Thread-Index:"), not one that names a credential. */
const HEADER_LINE = /(?:^|\n)[ \t]*([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+):[^\n]*$/;

/** On a mail or HTTP header's line whose name says no key, token or secret: its values are the header's. */
function inHeader(text: string, start: number): boolean {
  const m = HEADER_LINE.exec(text.slice(Math.max(0, start - 200), start));
  return !!m && !/key|token|secret|auth|pass|sign|session|cookie|api|cred/i.test(m[1] as string);
}

/** Inside a link, an email address, a file name or a path: the token is part of that. */
function inLinkOrName(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && !/\s/.test(text[a - 1] as string)) a--;
  const before = text.slice(a, start);
  if (/:\/\/|www\.|^data:|@|[./\\]$/.test(before)) return true;
  const after = /^\S*/.exec(text.slice(end, end + 80))?.[0] ?? "";
  return /^(?:[./\\@][A-Za-z0-9])/.test(after);
}
