/**
 * Whether what was read after (or before) a secret's label is its value: a password, an API secret or a
 * private key of the label's kind, and not a word of prose ("my password is wrong"), a link or markup.
 */

import type { Value } from "./label-values";
import type { SecretKind } from "./spans";
import { isAddress, looksSecret, MASKED_OR_TIME, MD_LINK, symbolLed } from "./value-shapes";

/** Words that follow "password is"/"password:" in prose, not as a password (also read by ./passphrases). */
export const PROSE = new Set(
  (
    "wrong incorrect invalid expired forgotten forgot reset lost changed required correct right not none null " +
    "empty same too still being locked blocked hidden protected strong weak long short ok okay fine please and or " +
    "the a an for to of in on is was n/a na unknown missing working broken set updated case sensitive change " +
    "recovery manager field length policy 2fa mfa otp totp sms txid txhash tx hash uid id order address email " +
    "username yes enabled disabled optional blank thanks thank thx ty regards cheers hi hello help"
  ).split(" "),
);

/** How the value stands after its label: after a separator (":", "="), after "is", or bare. */
export type Form = "sep" | "is" | "bare";

export function accept(kind: SecretKind, v: Value, form: Form, zh: boolean, strict = false): boolean {
  const t = v.text;
  const lower = t.toLowerCase();
  switch (kind) {
    case "password":
      if (t.length < 3 || t.length > 128 || PROSE.has(lower) || !/[A-Za-z0-9]/.test(t) || MASKED_OR_TIME.test(t))
        return false;
      // Unquoted, it is a token, not markup or a link: "[Set the password](https://…)".
      // A value led by other punctuation ("|Guj3LBr", "[UrchB3A") is a password when it has letters and digits.
      if (
        !v.quoted &&
        (t.includes("://") ||
          MD_LINK.test(t) ||
          (!/^[A-Za-z0-9!@#$%^&*_+=?~-]/.test(t) && !symbolLed(t) && !punctuationLed(t)))
      )
        return false;
      if (!strict && (v.quoted || form === "sep" || (zh && form === "is"))) return true;
      // A word of a sentence ("Hello!", "OK.", "doesn't", a list's "Second)") is no password; one with capitals inside ("QHcgNGVAEA!") is.
      return (
        looksSecret(t) &&
        !/^(?:[A-Z]?[a-z]+|[A-Z]+)[.!?):]?$/.test(t) &&
        !/^[A-Za-z]+['’](?:t|s|re|ve|ll|d|m)$/i.test(t)
      );
    case "api_secret":
      // A digit, or (rarely missing from random base64/alphanumerics) both cases in a long token.
      return (
        t.length >= (v.quoted ? 8 : 16) &&
        /^[\w+/=.~-]+$/.test(t) &&
        (/\d/.test(t) ||
          (t.length >= 24 && /[a-z]/.test(t) && /[A-Z]/.test(t) && (t.length >= 32 || /[+/=]/.test(t)))) &&
        !isAddress(t)
      );
    case "private_key":
      // 私钥 names an API secret too ("公钥：K / 私钥：S", Secret Key（私钥）): 16+ letters and digits.
      return (
        (t.length >= 32 || (t.length >= 16 && /\d/.test(t) && /[A-Za-z]/.test(t))) &&
        /^[\w+/=-]+$/.test(t) &&
        !isAddress(t)
      );
    default:
      return false;
  }
}

/**
 * ";Uojaqe=g$~", "..FXE*CW8": a password opening with sentence marks, the rest of it a secret's shape (an
 * ellipsis before a word, "...wrong", ".env", is prose).
 */
function punctuationLed(t: string): boolean {
  const rest = /^[.:;]{1,3}([A-Za-z0-9!@#$%^&*_+=?~-].*)$/.exec(t)?.[1];
  return rest !== undefined && rest.length >= 5 && looksSecret(rest) && /[A-Za-z0-9]/.test(rest);
}
