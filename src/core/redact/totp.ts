/**
 * TOTP setup keys: the base32 secret an authenticator app is set up with (whoever holds it makes
 * the customer's 2FA codes). In an otpauth:// link (the whole link goes: it is the QR code's
 * text) and after its names ("2FA secret", "setup key", "Google Authenticator key", "backup
 * key", "totpSecret", "谷歌验证器密钥", "备份密钥", "备用码"), in one piece or in groups ("ABCD EFGH …"); and
 * before them, when a 2FA word and a key's name follow it on its line or the next ("X 是谷歌验证器的备份密钥",
 * "X（谷歌验证器密钥）", "X <- my 2FA secret", "X is my 2fa backup key").
 */

import type { SecretSpan } from "./spans";
import { EN_INDEX } from "./wordlists";

/** The link, also URL-encoded inside another (a QR image's URL: `…/chart?cht=qr&chl=otpauth%3A%2F%2Ftotp%2F…`). */
const OTPAUTH = /otpauth(?:-migration)?(?::\/\/|%3A%2F%2F)[^\s"'<>`]+/gi;
/** The word right before the value; the words before it ("Google Authenticator", "backup") need not be checked. */
const LABEL =
  /(?<![A-Za-z0-9])(?:2fa|mfa|otp|totp|authenticator|authy)(?![A-Za-z])|(?:key|secret|seed|code|setup)(?![a-z])|(?:密钥|秘钥|密鑰|秘鑰)|(?:备用|備用|备份|備份)(?:码|碼)/gi;
const SEPARATOR =
  /(?:[ \t]{0,2}\([^()\n]{1,30}\))?(?:\*{1,3}|__)?["'`]?[ \t]{0,3}(?:[:：=|]|->|=>|→|➡|➜|➔|➤|▶|👉|👇|⬇|🔑|🔐|[-–—]{1,2}(?=\s)|(?:is|was)(?=[\s:："'`])|就是|是|为|為)?[ \t]{0,3}[:：]?[ \t]{0,3}(?:\r?\n[ \t]{0,4})?(?:`{3}(?:[A-Za-z]{0,10}[ \t]*\r?\n)?)?(?:\*{1,3}|__|\|\|)?[ \t]{0,3}["'`]?/iy;
/** One piece of 16-64 base32 characters, or groups of 3-8 joined by one space or dash. */
const VALUE = /(?:[A-Za-z2-7]{3,8}[ -]){1,15}[A-Za-z2-7]{2,8}|[A-Za-z2-7]{16,64}/y;
/** A key a screenshot's OCR (or a narrow window) broke over two lines at any point: whole only in a key's length. */
const BROKEN = /([A-Za-z2-7]{4,60})[ \t]*\r?\n[ \t]*([A-Za-z2-7]{2,60})(?![A-Za-z0-9])/y;
/** Setup keys without a digit 2-7 come in the lengths of whole bytes: 10, 16, 20, 32 or 40 of them. */
const WHOLE_LENGTHS = new Set([16, 26, 32, 52, 64]);

/** Words that make it a 2FA key, none of them a wordlist word (a phrase's "… key able area army …" is no key). */
const TWO_FA =
  /2fa|mfa|otp|authenticator|authy|google|backup|recovery|(?<![a-z])ga(?![a-z])|谷歌|验证|驗證|备份|備份|备用|備用|恢复|恢復/i;
/** Words that name a secret, wordlist words among them: enough for a key in capitals. */
const NAMED = /setup|secret|密钥|秘钥|密鑰|秘鑰/i;

/** Four or more even groups of four lower-case base32 characters, the last maybe shorter. */
const LOWER_GROUPS = /^(?:[a-z2-7]{4} ){3,15}[a-z2-7]{2,4}$/;

function isSetupKey(value: string, twoFa: boolean, named: boolean): boolean {
  const bare = value.replace(/[ -]/g, "");
  if (bare.length < 16 || bare.length > 64 || !/[A-Za-z]/.test(bare)) return false;
  const digit = /[2-7]/.test(bare);
  // Apps show them in capitals (some in lower case); mixed case is a word or an address.
  if (bare === bare.toUpperCase()) return digit || ((twoFa || named) && WHOLE_LENGTHS.has(bare.length));
  // Lower case is how words are written: only where the words say 2FA ("2fa key: gkrnwzwmijdxemlg"), or in
  // groups of four with a digit and at most one wordlist word, as Google's "Can't scan it?" page writes the key
  // ("this key: zvrn z2ec …"; "seed lady coin vast qx42" is a phrase's words).
  return (
    bare === bare.toLowerCase() &&
    ((twoFa && (digit || WHOLE_LENGTHS.has(bare.length))) ||
      (digit && LOWER_GROUPS.test(value) && value.split(" ").filter((g) => EN_INDEX.has(g)).length < 2))
  );
}

/** A key standing alone (one piece, or even groups), for the value-first reading. */
const BEFORE_VALUE =
  /(?<![A-Za-z0-9])(?:(?:[A-Za-z2-7]{3,8}[ -]){1,15}[A-Za-z2-7]{2,8}|[A-Za-z2-7]{16,64})(?![A-Za-z0-9])/g;
/** After the value: a connector, then within a few words a 2FA word and a key's name, on its line or the next. */
const NAMED_AFTER =
  /^[ \t]{0,3}(?:\r?\n)?[ \t]{0,3}(?:[(（【,，]|<-+|←|-{1,2}|=)?[ \t]{0,3}(?:(?:is|was|=)[ \t]+)?(?:(?:my|the|our)[ \t]+)?(?:这是|這是|就是|是|为|為)?(?:我的)?[^\n]{0,16}?(?:2fa|mfa|otp|totp|authenticator|authy|google|谷歌|验证器|驗證器|身份验证|身份驗證)[^\n]{0,16}?(?:key|secret|seed|密钥|秘钥|密鑰|秘鑰)/i;

/** Keys before their names: "X 是谷歌验证器的备份密钥", "X <- my 2FA secret". */
function namedAfterSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(BEFORE_VALUE)) {
    const groups = m[0].split(/[ -]/);
    // The words after may read as more groups ("… WJBY 2FA密钥", "… Q7LI is my 2fa key"): the key is the longest even run the name follows.
    for (let n = groups.length; n >= 1; n--) {
      const run = groups.slice(0, n);
      if (run.slice(0, -1).some((g) => g.length !== (run[0] as string).length)) continue;
      const end = m.index + run.join(" ").length;
      const key = text.slice(m.index, end);
      // Words before a name are prose ("what does that mean for my 2FA key"): a key here holds a digit, or is one piece in capitals.
      if (!/[2-7]/.test(key) && (n > 1 || key !== key.toUpperCase())) continue;
      if (NAMED_AFTER.test(text.slice(end, end + 48)) && isSetupKey(key, true, true)) {
        spans.push({ start: m.index, end, kind: "2fa_code" });
        break;
      }
    }
  }
  return spans;
}

export function totpSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(OTPAUTH)) spans.push({ start: m.index, end: m.index + m[0].length, kind: "2fa_code" });
  for (const m of text.matchAll(LABEL)) {
    const labelEnd = m.index + m[0].length;
    SEPARATOR.lastIndex = labelEnd;
    const at = labelEnd + (SEPARATOR.exec(text)?.[0].length ?? 0);
    const near = text.slice(Math.max(0, m.index - 32), labelEnd);
    BROKEN.lastIndex = at;
    const broken = BROKEN.exec(text);
    const joined = broken ? `${broken[1]}${broken[2]}` : "";
    if (broken && WHOLE_LENGTHS.has(joined.length) && isSetupKey(joined, TWO_FA.test(near), NAMED.test(near))) {
      spans.push({ start: at, end: BROKEN.lastIndex, kind: "2fa_code" });
      continue;
    }
    VALUE.lastIndex = at;
    const v = VALUE.exec(text);
    if (!v) continue;
    // A group cut short is no key: "KEY ABCDEFGH1" ends inside a longer token.
    if (/[A-Za-z0-9]/.test(text[at + v[0].length] ?? "")) continue;
    const groups = v[0].split(/[ -]/);
    // Groups are even ("ABCD EFGH IJKL MNOP"), the last may be shorter.
    if (groups.length > 1 && groups.slice(0, -1).some((g) => g.length !== (groups[0] as string).length)) continue;
    if (isSetupKey(v[0], TWO_FA.test(near), NAMED.test(near)))
      spans.push({ start: at, end: at + v[0].length, kind: "2fa_code" });
  }
  return /2fa|mfa|otp|auth|google|谷歌|验证|驗證/i.test(text) ? [...spans, ...namedAfterSpans(text)] : spans;
}
