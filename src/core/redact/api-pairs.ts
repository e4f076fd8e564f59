/**
 * An exchange API key named only "key" when its secret is named next to it ("key: K\nsecret: S",
 * "key/secret: K / S", "API keys:\nK\nS", "Key K Secret S", "here are my keys\nK\nS"): the key is half of the credential,
 * and both go. Values are long tokens (16+ characters, letters and digits); an address, or a hash
 * a transaction word claims, is no key.
 */

import { txClaims } from "./keys";
import type { SecretSpan } from "./spans";
import { isAddress } from "./value-shapes";

/** "key", "API keys", "key/secret", "Key & Secret", "access key id", then a separator or a line break. */
const KEY_NAME =
  /(?<![A-Za-z])(?:api[\s_-]*|access[\s_-]*)?keys?(?:[\s_-]*id)?(?:[ \t]*(?:\/|&|and)[ \t]*secret(?:[\s_-]*key)?s?)?(?![A-Za-z])[ \t]*(?:[:：=|]|->|=>)?[ \t]*(?:\r?\n[ \t>]{0,4})?["'`]?/gi;
/** One value and what joins the next: " / ", " | ", ", ", a line break. */
const VALUE = /([A-Za-z0-9+/=_-]{16,128})["'`]?(?:[ \t]*[/|,][ \t]*|[ \t]*\r?\n[ \t>]{0,4}|[ \t]+)?["'`]?/y;
const SECRET_NEAR = /secret|passphrase|密钥|秘钥|密鑰|秘鑰/i;

const looksKey = (v: string) =>
  /[A-Za-z]/.test(v) && (/\d/.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v) && v.length >= 24)) && !isAddress(v);

export function apiPairSpans(text: string): SecretSpan[] {
  if (!/key/i.test(text)) return [];
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(KEY_NAME)) {
    // Public keys are public ("my public keys:\n…").
    if (/(?:public|pub)[\s_-]*$/i.test(text.slice(Math.max(0, m.index - 8), m.index))) continue;
    const near = text.slice(Math.max(0, m.index - 160), m.index + m[0].length + 240);
    // "my keys:\nK\nS": two of them after "keys" are a pair too, secret named or not.
    const plural = /keys/i.test(m[0]);
    if (!plural && !SECRET_NEAR.test(near)) continue;
    let at = m.index + m[0].length;
    // At most two values: the key and, with "key/secret" or on the next line, its secret.
    const found: SecretSpan[] = [];
    for (let k = 0; k < 2; k++) {
      VALUE.lastIndex = at;
      const v = VALUE.exec(text);
      const value = v?.[1];
      if (!v || !value || !looksKey(value) || /[A-Za-z0-9]/.test(text[at + value.length] ?? "")) break;
      if (txClaims(text, at)) break;
      found.push({ start: at, end: at + value.length, kind: "api_secret" });
      at = VALUE.lastIndex;
    }
    if (found.length === 2 || SECRET_NEAR.test(near)) spans.push(...found);
  }
  return spans;
}
