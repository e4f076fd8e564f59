/**
 * The value after "pin" or "pass" with no colon and no owner word before them: everyday words, so the value
 * itself must say it is a secret.
 */

import { unwrap, type Value } from "./label-values";

/**
 * "pin 483920", "pass Xy9!kq2Lm": "pin" takes a PIN's 4 to 6 digits, and either label a password no prose or
 * code writes: 8 characters or more with letters and a digit, and a symbol or five runs of lower case,
 * capitals and digits ("pin 2 messages", "pass the KYC", "pass level2 tests", "pass KYC2024 review",
 * "pass v8::Object to …", "pass iPhone15", hex stay). Markup on both ends ("_X_") is read as below.
 */
export function bareStrictValue(label: string, t: string): boolean {
  if (/^pin$/i.test(label) && /^\d{4,6}$/.test(t)) return true;
  const inner = MARKED.exec(t)?.[2];
  if (inner !== undefined) return markedShape(inner);
  return (
    t.length >= 8 &&
    /\d/.test(t) &&
    /[A-Za-z]/.test(t) &&
    !/^(?:0x)?[0-9a-f]+$/i.test(t) &&
    (/[!@#$%^&*_+=?~]/.test(t) || (t.match(/[a-z]+|[A-Z]+|\d+/g) ?? []).length >= 5)
  );
}

/** The same markup on both ends of a token ("_X_", "**X**", "||X||"). */
const MARKED = /^([_*~|]{1,3})([^_*~|]+)\1$/;

/**
 * What is inside markup after "pass"/"pin" ("Pass *Ynw3kf*"), which may as well be the password's own
 * characters: letters and a digit in four runs, a capitalised word counting as one, or a symbol inside
 * ("pass **iPhone15**", "pass _KYC2024_", "pass *v2.1.3*", "pass **2FA!**" stay).
 */
function markedShape(t: string): boolean {
  return (
    t.length >= 5 &&
    /^[A-Za-z0-9!@#$%^&*_+=?~-]+$/.test(t) &&
    /\d/.test(t) &&
    /[A-Za-z]/.test(t) &&
    !/^(?:0x)?[0-9a-f]+$/i.test(t) &&
    ((t.match(/[A-Z][a-z]{3,}|[a-z]+|[A-Z]+|\d+/g) ?? []).length >= 4 || /[!@#$%^&*+=?~-]./.test(t))
  );
}

/**
 * "Pass **Ynw3kf**", "pin ~~Xy9k3Lm~~": markup ./label-values reads as a wrapper, around a value too short to
 * be read alone; the whole token goes, markup and all. Null when there is no such markup or the value is
 * read without it.
 */
export function wrappedStrictValue(text: string, at: number, label: string, v: Value): Value | null {
  if (v.quoted || bareStrictValue(label, v.text)) return null;
  const w = unwrap(text, at);
  if (!w || w.start !== v.start || w.end !== v.end || !markedShape(v.text)) return null;
  const end = w.end + (w.start - at);
  return { start: at, end, text: text.slice(at, end), quoted: false };
}
