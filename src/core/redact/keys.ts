/**
 * Private keys: WIF and extended private keys (base58check, checked, so no context needed, even
 * split into groups or over lines); 64 hex digits that the text calls a key (before or after:
 * "private key: …", "PRIVATE_KEY=0x…", "0x… <- my private key", "…是我的私钥") and no
 * transaction word claims; 64 hex digits written in groups ("abcd1234 abcd1234 …", two lines,
 * colons) unless a transaction word claims them; 64-byte base58 keys and 64-byte arrays
 * (Solana) with a key word near.
 */

import { decodeBase58, decodeBase58Check } from "../chain";
import { blankTag } from "./attributes";
import { BARE_KEY, CODE_KEY, IMPORTED_AFTER, KEY_LABEL, KEY_RIGHT_AFTER, TX_WORDS } from "./labels";
import type { SecretSpan } from "./spans";

const CONTEXT_REACH = 60;
/** A transaction word this close before a value claims it, whatever came earlier. */
const TX_CLAIM = 24;
/** How far after a value its key's name may start to outweigh a transaction word before it (" is my private key"). */
const KEY_RIGHT_AFTER_REACH = 8;

function lastMatch(re: RegExp, s: string): number {
  let at = -1;
  for (const m of s.matchAll(re)) at = m.index + m[0].length;
  return at;
}
function firstMatch(re: RegExp, s: string): number {
  for (const m of s.matchAll(re)) return m.index;
  return -1;
}

/** A value that is a link's path segment (an explorer's ".../tx/<hash>", ".../transactions/btc/<hash>"). */
const IN_LINK = /(?:(?:\/\/|www\.|\w\.[a-z]{2,6}\/)\S*|\w\/[\w.#-]*)\/(?:0[xX])?$/i;

/** Between a transaction word and its value: a separator, maybe "ID"/"号" ("TxID: ", "交易哈希：", "交易ID "). */
const TX_GAP = /^[ \t:：=#"'`(（]*(?:id|no\.?|号|號|编号|編號|值)?[ \t:：=#"'`(（]*$/i;

/**
 * Whether a transaction word names the value starting at `start`: right before it ("TxID …",
 * "交易哈希：…", "hash …"), or the value is a link's path segment. "交易密码 …\n X" is no claim.
 */
export function txClaims(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - CONTEXT_REACH), start);
  if (IN_LINK.test(before)) return true;
  const txBefore = lastMatch(TX_WORDS, before);
  return txBefore >= 0 && TX_GAP.test(before.slice(txBefore));
}

const ALNUM = /[A-Za-z0-9]/;

/** What the words around [start, end) say the value is. */
export function keyContext(text: string, start: number, end: number): "key" | "tx" | null {
  // The window starts and ends between words: a cut "…MCMpk1EV…" is no "pk".
  let from = Math.max(0, start - CONTEXT_REACH);
  while (from < start && ALNUM.test(text[from - 1] ?? "")) from++;
  let to = Math.min(text.length, end + CONTEXT_REACH);
  while (to > end && ALNUM.test(text[to] ?? "")) to--;
  const before = text.slice(from, start);
  const after = text.slice(end, to);
  const keyBefore = Math.max(lastMatch(KEY_LABEL, before), lastMatch(BARE_KEY, before), lastMatch(CODE_KEY, before));
  const txBefore = lastMatch(TX_WORDS, before);
  const keyAfter = KEY_RIGHT_AFTER.test(after) || IMPORTED_AFTER.test(after) ? 0 : firstMatch(KEY_LABEL, after);
  const txAfter = firstMatch(TX_WORDS, after);
  if (IN_LINK.test(before)) return "tx";
  // A key's name right after the value ("… 0x<hex> private key") outweighs a transaction word earlier in the
  // sentence ("API signature fails\n…"); one naming the value ("TxID: …", "交易哈希 …") still claims it.
  const keyRightAfter = keyAfter >= 0 && keyAfter <= KEY_RIGHT_AFTER_REACH && (txAfter < 0 || keyAfter < txAfter);
  if (
    txBefore >= 0 &&
    txBefore > keyBefore &&
    before.length - txBefore <= TX_CLAIM &&
    !(keyRightAfter && !TX_GAP.test(before.slice(txBefore)))
  )
    return "tx";
  if (keyBefore >= 0 && txBefore < keyBefore) return "key";
  if (keyAfter >= 0 && keyAfter <= 40 && (txAfter < 0 || keyAfter < txAfter)) return "key";
  if (txAfter >= 0 || txBefore >= 0) return "tx";
  return null;
}

interface Group {
  start: number;
  end: number;
  digits: string;
}

/** A run of hex digits, maybe after "0x" (which OCR may space: "0 xe3 2c…", "0x e32c…"). */
const HEX_GROUP = /(?<![A-Za-z0-9])(?:0[ \t]?[xX][ \t]?)?[0-9a-fA-F]+(?![A-Za-z0-9])/g;
/**
 * Between groups: spaces, a line break (with an email's quote marks after it), punctuation, code
 * quotes. HTML tags ("<br>", "</td><td>") are blanked out before (see privateKeySpans).
 */
const QUOTED_BREAK = String.raw`\s{1,12}(?:[ \t]{0,2}>){0,4}[ \t]{0,4}`;
/** A line break and a list's bullet ("\n• ", "\n* ", "\n- "): a key copied as a list of its halves. */
const BULLET_BREAK = String.raw`[ \t]{0,4}\r?\n[ \t]{0,4}[•·*◦▪‣-][ \t]{1,4}`;
const HEX_SEPARATOR = new RegExp(String.raw`^(?:[\s:,.|/\-\`'"]{1,4}|${QUOTED_BREAK}|${BULLET_BREAK})$`);

function chains(text: string, re: RegExp, sep: RegExp, digitsOf: (m: string) => string): Group[][] {
  const out: Group[][] = [];
  let chain: Group[] = [];
  for (const m of text.matchAll(re)) {
    const g = { start: m.index, end: m.index + m[0].length, digits: digitsOf(m[0]) };
    const prev = chain[chain.length - 1];
    if (prev && !sep.test(text.slice(prev.end, g.start))) {
      out.push(chain);
      chain = [];
    }
    chain.push(g);
  }
  if (chain.length) out.push(chain);
  return out;
}

/** Random 64-hex has about 24 letters and 40 digits: words ("dead beef") and numbers have not. */
function looksRandomHex(digits: string): boolean {
  let letters = 0;
  for (let i = 0; i < digits.length; i++) if (digits.charCodeAt(i) > 57) letters++;
  return letters >= 4 && digits.length - letters >= 4;
}

function hexKeySpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const add = (gs: Group[], grouped: boolean) => {
    const digits = gs.map((g) => g.digits).join("");
    if (digits.length !== 64 || !looksRandomHex(digits)) return;
    const start = (gs[0] as Group).start;
    const end = (gs[gs.length - 1] as Group).end;
    const context = keyContext(text, start, end);
    // Grouped hex is how keys are written down; TxIDs are pasted whole.
    if (context === "key" || (grouped && context !== "tx")) spans.push({ start, end, kind: "private_key" });
  };
  for (const chain of chains(text, HEX_GROUP, HEX_SEPARATOR, (m) => m.replace(/^0[ \t]?[xX][ \t]?/, ""))) {
    const total = chain.reduce((n, g) => n + g.digits.length, 0);
    const uniform = chain.every((g) => g.digits.length === (chain[0] as Group).digits.length);
    if (total === 64) {
      if (chain.length === 1) add(chain, false);
      else if (uniform || chain.length === 2) add(chain, true);
      else if (keyContext(text, (chain[0] as Group).start, (chain[chain.length - 1] as Group).end) === "key")
        add(chain, false);
      continue;
    }
    for (let i = 0; i < chain.length; ) {
      const g = chain[i] as Group;
      if (g.digits.length === 64) {
        add([g], false);
        i++;
        continue;
      }
      // An exact block of equal groups (8 x 8, 16 x 4) inside a longer chain.
      let j = i;
      while (j < chain.length && (chain[j] as Group).digits.length === g.digits.length) j++;
      if (g.digits.length * (j - i) === 64) add(chain.slice(i, j), true);
      i = j;
    }
  }
  return spans;
}

const B58_TOKEN = /(?<![A-Za-z0-9])[1-9A-HJ-NP-Za-km-z]+(?![A-Za-z0-9])/g;
const B58_SEPARATOR = new RegExp(String.raw`^(?:[ \t\r\n-]{1,3}|${QUOTED_BREAK})$`);
const XPRV_PREFIX = /^[xyztuvYZUV]prv/;

function isWif(s: string): boolean {
  const p = decodeBase58Check(s);
  if (!p || (p[0] !== 0x80 && p[0] !== 0xef)) return false;
  return p.length === 33 || (p.length === 34 && p[33] === 0x01);
}

/** Base58 decodes per message at most (each is quadratic in its 52-112 characters): a bound on hostile input. */
const MAX_DECODES = 2_000;

/** Base58 tokens alone or joined across spaces/lines: WIF, xprv (checksummed), 64-byte keys (with a key word). */
function base58KeySpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  let decodes = MAX_DECODES;
  for (const chain of chains(text, B58_TOKEN, B58_SEPARATOR, (m) => m)) {
    for (let i = 0; i < chain.length && decodes > 0; i++) {
      const first = (chain[i] as Group).digits;
      const c0 = first[0] as string;
      // Only a token that can start a key starts a join: WIF 5/K/L/9/c, xprv and friends, or anything for Solana.
      const maybeWif = "5KL9c".includes(c0);
      const maybeXprv = XPRV_PREFIX.test(first);
      let n = 0;
      for (let j = i; j < chain.length; j++) {
        const piece = (chain[j] as Group).digits;
        // Keys get split into groups of a few characters, not into letters: only the last may be shorter.
        if (j > i && piece.length < 3 && (chain[j - 1] as Group).digits.length < 3) break;
        n += piece.length;
        if (n > 112) break;
        const wif = maybeWif && (n === 51 || n === 52);
        const xprv = maybeXprv && (n === 111 || n === 112);
        const sol = n >= 86 && n <= 88;
        if (!wif && !xprv && !sol) continue;
        const joined = chain
          .slice(i, j + 1)
          .map((g) => g.digits)
          .join("");
        if (sol && i !== j && !/\d/.test(joined)) continue;
        if (decodes-- <= 0) break;
        const span = { start: (chain[i] as Group).start, end: (chain[j] as Group).end, kind: "private_key" as const };
        if (wif && isWif(joined)) spans.push(span);
        else if (xprv && decodeBase58Check(joined)?.length === 78) spans.push(span);
        // A Solana secret key is 64 bytes of base58, exactly like a transaction signature.
        else if (sol && keyContext(text, span.start, span.end) === "key" && decodeBase58(joined)?.length === 64)
          spans.push(span);
      }
    }
  }
  return spans;
}

/** `[12, 201, …]`: a keypair file's 64 bytes (Solana CLI), or 32 with a key word near. */
function byteArraySpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (let open = text.indexOf("["); open >= 0; open = text.indexOf("[", open + 1)) {
    let i = open + 1;
    let count = 0;
    let ok = true;
    while (i < text.length && ok && count <= 64) {
      while (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t") i++;
      let j = i;
      while (j < text.length && j - i < 3 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      if (j === i || Number(text.slice(i, j)) > 255) ok = false;
      else count++;
      i = j;
      while (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t") i++;
      if (text[i] === ",") i++;
      else break;
    }
    if (!ok || text[i] !== "]") continue;
    const span = { start: open, end: i + 1, kind: "private_key" as const };
    if (count === 64 || (count === 32 && keyContext(text, open, i + 1) === "key")) spans.push(span);
    open = i;
  }
  return spans;
}

const PEM_BEGIN = /(?<!-)-{3,}\s*BEGIN ([A-Z0-9 ]{0,40}?PRIVATE KEY(?: BLOCK)?)\s*-{3,}/g;

/** PEM private keys (PKCS#1/#8, EC, OpenSSH, PGP): from BEGIN to END, or to the text's end when cut off. */
function pemSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  let after = 0;
  for (const m of text.matchAll(PEM_BEGIN)) {
    if (m.index < after) continue;
    const endMark = text.indexOf(`END ${m[1]}`, m.index + m[0].length);
    let end = text.length;
    if (endMark >= 0) {
      end = endMark + 4 + (m[1] as string).length;
      while (text[end] === "-") end++;
    }
    spans.push({ start: m.index, end, kind: "private_key" });
    after = end;
  }
  return spans;
}

const HTML = /<\/?[a-zA-Z]{1,6}\b[^<>\n]{0,400}>|&nbsp;/g;

export function privateKeySpans(text: string): SecretSpan[] {
  // Markup between a key's groups ("<br>", "<td>") is no part of it and no word: blanked out, offsets kept;
  // a long attribute value is text ("<input value=\"5K…\">"), not markup.
  const plain = text.includes("<") || text.includes("&") ? text.replace(HTML, blankTag) : text;
  return [...base58KeySpans(plain), ...hexKeySpans(plain), ...byteArraySpans(plain), ...pemSpans(text)];
}
