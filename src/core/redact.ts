/**
 * Detection and redaction of customer secrets: BIP-39 seed phrases (English and Chinese
 * wordlists, checksum-checked), private keys (WIF, extended private keys, hex or base58 keys
 * the text calls a key, keystore JSON), and passwords, 2FA codes and API secrets the customer
 * labels as such. Everything else (TxIDs, addresses, ordinary sentences) is left alone.
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { validateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as simplified } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as traditional } from "@scure/bip39/wordlists/traditional-chinese.js";
import { decodeBase58, decodeBase58Check } from "./chain";

export const SECRET_KINDS = ["seed_phrase", "private_key", "keystore", "api_secret", "password", "2fa_code"] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

const LABELS: Record<SecretKind, string> = {
  seed_phrase: "seed phrase",
  private_key: "private key",
  keystore: "keystore file",
  api_secret: "API secret",
  password: "password",
  "2fa_code": "2FA code",
};

/** `[redacted: seed phrase]`: what stands where a secret was. */
export function redactionMarker(kind: SecretKind): string {
  return `[redacted: ${LABELS[kind]}]`;
}

export interface Redaction {
  /** The text with every secret replaced by its marker. */
  text: string;
  /** What was found, each kind once, in SECRET_KINDS order; empty when nothing was. */
  kinds: SecretKind[];
}

/** A secret's place in a text: `text.slice(start, end)` is the secret. */
export interface SecretSpan {
  start: number;
  end: number;
  kind: SecretKind;
}
type Span = SecretSpan;

/** Where the secrets in `text` are: sorted, non-overlapping spans (offsets into `text`). */
export function secretSpans(text: string): SecretSpan[] {
  if (!text) return [];
  const spans = [
    ...seedPhraseSpans(text),
    ...keystoreSpans(text),
    ...privateKeySpans(text),
    ...labelledSpans(text),
  ].sort((a, b) => a.start - b.start || b.end - a.end);

  // Overlapping finds become one redaction; the stronger kind (earlier in SECRET_KINDS) names it.
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      if (SECRET_KINDS.indexOf(s.kind) < SECRET_KINDS.indexOf(last.kind)) last.kind = s.kind;
    } else merged.push({ ...s });
  }
  return merged;
}

/** Replaces every secret in `text` by a marker. Pure and deterministic. */
export function redactSecrets(text: string): Redaction {
  const spans = secretSpans(text);
  if (!spans.length) return { text, kinds: [] };
  return { text: applySpans(text, spans), kinds: kindsOf(spans) };
}

/**
 * Redacts texts that a customer wrote as one (a form's subject and description, consecutive
 * messages of one conversation): a secret split across parts is found in their concatenation
 * (parts joined by a line break), and each part loses its share of it.
 */
export function redactParts(parts: readonly string[]): { parts: string[]; kinds: SecretKind[] } {
  const joined = parts.join(PART_SEPARATOR);
  const spans = secretSpans(joined);
  if (!spans.length) return { parts: [...parts], kinds: [] };
  const out: string[] = [];
  let offset = 0;
  for (const part of parts) {
    const end = offset + part.length;
    const local = spans
      .filter((s) => s.start < end && s.end > offset)
      .map((s) => ({ start: Math.max(s.start, offset) - offset, end: Math.min(s.end, end) - offset, kind: s.kind }));
    out.push(local.length ? applySpans(part, local) : part);
    offset = end + PART_SEPARATOR.length;
  }
  return { parts: out, kinds: kindsOf(spans) };
}

/** What stands between parts in redactParts: a line break, which detection treats as a gap. */
const PART_SEPARATOR = "\n";

function applySpans(text: string, spans: readonly SecretSpan[]): string {
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + redactionMarker(s.kind);
    at = s.end;
  }
  return out + text.slice(at);
}

function kindsOf(spans: readonly SecretSpan[]): SecretKind[] {
  const found = new Set(spans.map((s) => s.kind));
  return SECRET_KINDS.filter((k) => found.has(k));
}

/** Whether `text` holds any secret. */
export function containsSecret(text: string): boolean {
  return redactSecrets(text).kinds.length > 0;
}

// ---- seed phrases ----

const EN_WORDS = new Set(english);
const ZH_WORDS = new Set([...simplified, ...traditional]);
const MNEMONIC_LENGTHS = [24, 21, 18, 15, 12] as const;
/** What may stand between the words of a pasted phrase: spaces, line breaks, commas, numbering. */
const WORD_GAP = /^[\s\d.,;:!?、，。；：）（()[\]【】#\-–—|/\\"'“”‘’*·•_]*$/u;
/** Words that make a checksum-less run of wordlist words (a typo'd phrase) or unspaced Chinese count as a phrase. */
const SEED_CONTEXT =
  /seed|mnemonic|recovery\s*(?:phrase|words?)|secret\s*(?:phrase|words)|backup\s*(?:phrase|words)|助记词|助记|种子|恢复词|钱包备份|備份|助記詞/i;
const TOKEN = /[A-Za-z]+|\p{Script=Han}/gu;

interface Token {
  word: string;
  start: number;
  end: number;
  lang: "en" | "zh";
}

/**
 * Runs of consecutive wordlist words (of one language) separated only by WORD_GAP. Chinese
 * words written without gaps form runs of their own (`spaced: false`).
 */
function wordRuns(text: string): Array<{ tokens: Token[]; spaced: boolean }> {
  const runs: Array<{ tokens: Token[]; spaced: boolean }> = [];
  let run: Token[] = [];
  let mode: "spaced" | "unspaced" | null = null;
  const close = () => {
    if (run.length >= 12) runs.push({ tokens: run, spaced: mode !== "unspaced" });
    run = [];
    mode = null;
  };
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index ?? 0;
    const isHan = /\p{Script=Han}/u.test(raw);
    const word = isHan ? raw : raw.toLowerCase();
    const lang = isHan ? (ZH_WORDS.has(word) ? "zh" : null) : EN_WORDS.has(word) ? "en" : null;
    if (!lang) {
      close();
      continue;
    }
    const token: Token = { word, start, end: start + raw.length, lang };
    const prev = run[run.length - 1];
    if (prev) {
      const gap = text.slice(prev.end, start);
      const gapMode = gap === "" ? "unspaced" : "spaced";
      if (prev.lang !== lang || !WORD_GAP.test(gap)) close();
      else if (mode && mode !== gapMode) {
        // "你好\n阴 哪 …": the greeting and the phrase are different runs; the boundary word may start either.
        close();
        run = [prev];
      }
      if (run.length) mode = gapMode;
    }
    run.push(token);
  }
  close();
  return runs;
}

const INDEX = (list: readonly string[]) => new Map(list.map((w, i) => [w, i]));
const EN_INDEX = INDEX(english);
const ZHS_INDEX = INDEX(simplified);
const ZHT_INDEX = INDEX(traditional);
/** Checksum windows tried per message at most: a bound on the work a hostile paste can cause. */
const MAX_WINDOWS = 20_000;

/**
 * A fast exact pre-check of the BIP-39 checksum (first ENT/32 bits of SHA-256 of the entropy),
 * so that long runs of wordlist words cost a hash per window, not a wordlist scan per word.
 */
function checksumMatches(words: readonly string[], index: Map<string, number>): boolean {
  const csBits = words.length / 3;
  const entropy = new Uint8Array((words.length * 11 - csBits) / 8);
  let bit = 0;
  let checksum = 0;
  for (const w of words) {
    const idx = index.get(w);
    if (idx === undefined) return false;
    for (let b = 10; b >= 0; b--, bit++) {
      const on = (idx >> b) & 1;
      if (bit < entropy.length * 8) entropy[bit >> 3] = (entropy[bit >> 3] as number) | (on << (7 - (bit & 7)));
      else checksum = (checksum << 1) | on;
    }
  }
  return (sha256(entropy)[0] as number) >> (8 - csBits) === checksum;
}

/** Whether the words are a valid mnemonic: the pre-check, then @scure/bip39 itself as the authority. */
function isValidMnemonic(tokens: Token[]): boolean {
  const words = tokens.map((t) => t.word);
  const phrase = words.join(" ");
  if (tokens[0]?.lang === "en") return checksumMatches(words, EN_INDEX) && validateMnemonic(phrase, english);
  return (
    (checksumMatches(words, ZHS_INDEX) && validateMnemonic(phrase, simplified)) ||
    (checksumMatches(words, ZHT_INDEX) && validateMnemonic(phrase, traditional))
  );
}

function seedPhraseSpans(text: string): Span[] {
  const spans: Span[] = [];
  let budget = MAX_WINDOWS;
  for (const { tokens, spaced } of wordRuns(text)) {
    // The context must come from outside the run: "seed" is itself a wordlist word.
    const context = SEED_CONTEXT.test(
      text.slice(0, (tokens[0] as Token).start) + text.slice((tokens[tokens.length - 1] as Token).end),
    );
    const span = (from: number, to: number): Span => ({
      start: (tokens[from] as Token).start,
      end: (tokens[to - 1] as Token).end,
      kind: "seed_phrase",
    });
    // Unspaced Chinese is everyday prose more often than a phrase: only a whole run, only with context.
    if (!spaced) {
      if (context && (MNEMONIC_LENGTHS as readonly number[]).includes(tokens.length) && isValidMnemonic(tokens)) {
        spans.push(span(0, tokens.length));
      }
      continue;
    }
    let found = false;
    for (let i = 0; i + 12 <= tokens.length && budget > 0; ) {
      const len = MNEMONIC_LENGTHS.find(
        (n) => i + n <= tokens.length && budget-- > 0 && isValidMnemonic(tokens.slice(i, i + n)),
      );
      if (len) {
        spans.push(span(i, i + len));
        found = true;
        i += len;
      } else i++;
    }
    // A phrase with a typo fails its checksum; the customer calling it a seed phrase is enough.
    if (!found && context && tokens.length <= 24) spans.push(span(0, tokens.length));
  }
  return spans;
}

// ---- private keys ----

const B58 = "1-9A-HJ-NP-Za-km-z";
const WIF = new RegExp(`(?<![${B58}])[5KL9c][${B58}]{50,51}(?![${B58}])`, "g");
const XPRV = new RegExp(`(?<![${B58}])[xyztuvYZUV]prv[${B58}]{100,112}(?![${B58}])`, "g");
const HEX64 = /(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])/g;
const B58_LONG = new RegExp(`(?<![${B58}])[${B58}]{80,90}(?![${B58}])`, "g");
/** The text around a bare 64-hex (or 64-byte base58) string that makes it a key rather than a TxID. */
const KEY_CONTEXT = /private\s*key|priv\s*key|privkey|secret\s*key|\bkey\b|私钥|私鑰|密钥|秘钥|密鑰/gi;
/** Words between that context and the value that say it is a transaction after all. */
const TX_WORDS = /tx|hash|transaction|signature|交易|哈希|签名|地址|address/i;
const KEY_CONTEXT_WINDOW = 60;

function hasKeyContext(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - KEY_CONTEXT_WINDOW), start);
  let last: RegExpExecArray | null = null;
  for (const m of before.matchAll(KEY_CONTEXT)) last = m as RegExpExecArray;
  if (!last) return false;
  // "…the key thing: txid <hex>": a tx word between the keyword and the value, or right before it, wins.
  return !TX_WORDS.test(before.slice((last.index ?? 0) + last[0].length)) && !TX_WORDS.test(before.slice(-20));
}

function privateKeySpans(text: string): Span[] {
  const spans: Span[] = [];
  const add = (m: RegExpMatchArray) =>
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, kind: "private_key" });
  for (const m of text.matchAll(WIF)) {
    const p = decodeBase58Check(m[0]);
    if (!p || (p[0] !== 0x80 && p[0] !== 0xef)) continue;
    if (p.length === 33 || (p.length === 34 && p[33] === 0x01)) add(m);
  }
  for (const m of text.matchAll(XPRV)) if (decodeBase58Check(m[0])?.length === 78) add(m);
  for (const m of text.matchAll(HEX64)) if (hasKeyContext(text, m.index ?? 0)) add(m);
  // A Solana secret key is 64 bytes of base58, exactly like a transaction signature: only with key context.
  for (const m of text.matchAll(B58_LONG)) {
    if (decodeBase58(m[0])?.length === 64 && hasKeyContext(text, m.index ?? 0)) add(m);
  }
  return spans;
}

/** Web3 Secret Storage (keystore) JSON: an object with `ciphertext` and `kdf`/`cipherparams`. */
function keystoreSpans(text: string): Span[] {
  if (!/"ciphertext"\s*:/i.test(text)) return [];
  const spans: Span[] = [];
  let depth = 0;
  let open = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === "{") {
      if (depth === 0) open = i;
      depth++;
    } else if (ch === "}" && depth > 0) {
      depth--;
      if (depth === 0) pushKeystore(text, open, i + 1, spans);
    }
  }
  // A truncated paste never closes its braces: redact from its opening brace to the end.
  if (depth > 0) pushKeystore(text, open, text.length, spans, true);
  return spans;
}

function pushKeystore(text: string, start: number, end: number, spans: Span[], truncated = false) {
  const body = text.slice(start, end);
  if (/"ciphertext"\s*:/i.test(body) && (truncated || /"(?:kdf|cipherparams|kdfparams)"\s*:/i.test(body))) {
    spans.push({ start, end, kind: "keystore" });
  }
}

// ---- secrets the customer labels ----

interface LabelRule {
  kind: SecretKind;
  /** Matches the label and separator; the value starts right after the match. */
  label: RegExp;
  /** Matches the value at its start (sticky); group 1, if any, is the secret itself. */
  value: RegExp;
  /** A value that must look like a secret, not a word ("my password is wrong"). */
  strict?: boolean;
}

const ASCII_VALUE = /["'“「]?([\x21-\x7E]{3,128})/y;
const LABEL_RULES: LabelRule[] = [
  {
    kind: "password",
    label:
      /\b(?:(?:login|fund|funds|trading|account|wallet|email|withdrawal)\s+)?(?:password|passwd|pwd|passcode|pass\s*word)\s*(?:[:：=]|\bis\b\s*[:：]?)\s*/gi,
    value: ASCII_VALUE,
    strict: true,
  },
  {
    kind: "password",
    label: /(?:登录|登陆|资金|交易|支付|账户|账号|钱包|邮箱|提现)?(?:密码|密碼)\s*(?:是|为|為|:|：|=)\s*/g,
    value: ASCII_VALUE,
  },
  {
    kind: "2fa_code",
    label:
      /\b(?:(?:2fa|otp|totp|authenticator|google\s+auth(?:enticator)?)(?:\s+(?:code|pin|token))?|(?:two[-\s]?factor|verification|sms|security|one[-\s]?time)\s+(?:code|pin|token))\s*(?:[:：=]|\bis\b\s*[:：]?)?\s*/gi,
    value: /(\d{6,8})(?!\d)/y,
  },
  {
    kind: "2fa_code",
    label:
      /(?:谷歌验证码|谷歌驗證碼|谷歌验证|验证码|驗證碼|动态码|动态口令|二次验证码?|两步验证码?|2FA|安全码|短信码)\s*(?:是|为|為|:|：|=)?\s*/gi,
    value: /(\d{6,8})(?!\d)/y,
  },
  {
    kind: "api_secret",
    label:
      /\b(?:api[\s_-]*secret(?:[\s_-]*key)?|secret[\s_-]*key|api[\s_-]*key|secret)\s*(?:[:：=]|\bis\b\s*[:：]?)\s*/gi,
    value: /["']?([A-Za-z0-9+/_=-]{16,128})/y,
  },
  {
    kind: "api_secret",
    label: /(?:API\s*)?(?:密钥|秘钥|密鑰)\s*(?:是|为|為|:|：|=)\s*/gi,
    value: /["']?([A-Za-z0-9+/_=-]{16,128})/y,
  },
];

/** Trailing punctuation that ends a sentence rather than a password. */
const TRAILING = /[.,;)\]"'”」。，；！？]+$/;

function labelledSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const rule of LABEL_RULES) {
    for (const m of text.matchAll(rule.label)) {
      const at = (m.index ?? 0) + m[0].length;
      rule.value.lastIndex = at;
      const v = rule.value.exec(text);
      if (!v) continue;
      const secret = v[1] ?? v[0];
      const start = v.index + v[0].indexOf(secret);
      const trimmed = secret.length > 4 ? secret.replace(TRAILING, "") : secret;
      if (rule.strict && !looksLikeSecret(trimmed, m[0])) continue;
      if (trimmed.length < 3) continue;
      spans.push({ start, end: start + trimmed.length, kind: rule.kind });
    }
  }
  return spans;
}

/** After "password is", a plain word ("wrong", "incorrect") is prose; after "password:", anything counts. */
function looksLikeSecret(value: string, label: string): boolean {
  if (/[:：=]\s*$/.test(label)) return true;
  return /[\d\W_]/.test(value) && !/^[A-Za-z]+[.,!?]?$/.test(value);
}
