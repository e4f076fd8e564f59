/**
 * Credentials inside HTTP requests a customer pastes from their bot or their logs: a URL's query
 * parameters and a form body (`?apiKey=K&signature=S&timestamp=…`, `&token=T`, `&listenKey=L`,
 * `--data "apiKey=K&sign=S"`) and request headers (`-H "X-MBX-APIKEY: K"`, `OK-ACCESS-SIGN: S`,
 * `Authorization: Basic …`, `"ACCESS-PASSPHRASE": "P"`). Each parameter's or header's value goes
 * when its name says key, secret, token, signature, passphrase or password; the others
 * (`symbol=BTCUSDT`, `orderId=123`, `timestamp=…`, `Content-Type`) stay as written.
 */

import type { SecretKind, SecretSpan } from "./spans";
import { isAddress } from "./value-shapes";

/** A parameter: "name=value" after "?", "&", ";", "#" (an OAuth fragment), ":" (`参数：token=…`), a space or a quote; its value to the next delimiter (a comma, and a letter of another script, end it too: `…&token=T，一直报错`). */
const PARAM = /(?<=^|[?&;#:\s"'(])([A-Za-z][\w.-]{0,40})=([^&#\s"'<>`;),\u0080-\uffff]{1,512})/g;
/** A quoted key of JSON or a Python dict: `"signature": "S"`, `'token': 'T'`. */
const QUOTED_KEY = /["']([A-Za-z][\w.-]{0,40})["'][ \t]*:[ \t]*["']([^"'\s]{1,512})["']/g;
/** A header: "Name: value", on its own line, after curl's -H, or as a quoted key ("Name": "value"). */
const HEADER =
  /(?:^|\n|(?:-H|--header)[ \t]+["']?|["'{,][ \t]*["'])[ \t]*([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)["']?[ \t]*:[ \t]*["']?(?:(?:Bearer|Basic|Token|Bot|Digest|Apikey)[ \t]+)?([^\s"'&,;})]{1,1024})/gi;

/** Parameter and header names (lower case, no "_", "-" or "."): what their values are. */
const NAMES: Record<string, SecretKind> = {};
for (const n of "apikey apisecret secret secretkey clientsecret appsecret accesskey accesstoken token authtoken refreshtoken idtoken sessiontoken auth authorization bearer listenkey signature sign sig xamzsignature xamzsecuritytoken xamzcredential key".split(
  " ",
))
  NAMES[n] = "api_secret";
for (const n of "passphrase password passwd pwd pass".split(" ")) NAMES[n] = "password";
for (const n of "privatekey privkey".split(" ")) NAMES[n] = "private_key";

/** What a header's name may hold to be a credential's ("X-MBX-APIKEY", "OK-ACCESS-SIGN", "X-Auth-Token"). */
const HEADER_WORD = /key|secret|sign|token|passphrase|password|auth/i;
/** Headers that name a key or a signature but carry none of the sender's secrets (mail and browser headers). */
const PUBLIC_HEADER =
  /dkim|^arc-|domainkey|message|smtp|^sec-|google|microsoft|^x-ms-|^content-|^accept|authentication|received|idempotency|request|trace|correlation|nonce/i;

/** A placeholder or template ("{apiKey}", "<token>", "${SECRET}", "YOUR_API_KEY", "***", "xxx"). */
const PLACEHOLDER = /^(?:[{<[$].*|.*[}>\]]|[A-Z][A-Z_]*|[xX]+|\*+|\.+|null|undefined|none|true|false)$/;

function accept(name: string, kind: SecretKind, value: string): boolean {
  // A URL-encoded value reads decoded ("%2F%2FWkj…%3D" is base64; "%7BapiKey%7D" a template).
  const v = value.replace(/%(2B|2F|3D|7B|7D|3C|3E|24)/gi, (_, h: string) =>
    String.fromCharCode(Number.parseInt(h, 16)),
  );
  if (PLACEHOLDER.test(v)) return false;
  if (kind === "password") return v.length >= 3 && /[A-Za-z0-9]/.test(v);
  if (v.length < 8 || /^0x[0-9a-f]{40}$/i.test(v)) return false;
  const generic = name === "token" || name === "key" || name === "auth" || name === "sig";
  // An identifier ("welcome_message_2024") is no token.
  if (generic && /^[a-z]+(?:[_.][a-z0-9]+)+$/i.test(v)) return false;
  // A signature is hex or base64; a key or token has a digit, or both cases over a longer run.
  // A Solana transaction's signature (base58 of 64 bytes) is public.
  // An address is public (checked last: its checksum is the costly test).
  if (name.startsWith("sig") || name === "xamzsignature")
    return v.length >= 16 && !/^[1-9A-HJ-NP-Za-km-z]{80,}$/.test(v) && !isAddress(v);
  return (
    /^[\w+/=.~:-]+$/.test(v) &&
    (/\d/.test(v) || (v.length >= 16 && /[a-z]/.test(v) && /[A-Z]/.test(v))) &&
    (!generic || v.length >= 16) &&
    !isAddress(v)
  );
}

const norm = (name: string) => name.toLowerCase().replace(/[_.-]/g, "");

export function requestSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  if (text.includes("=")) {
    for (const m of text.matchAll(PARAM)) {
      const name = norm(m[1] as string);
      const kind = NAMES[name];
      const value = m[2] as string;
      // A signature or bare "key"/"token" counts inside a request only: after "?", "&" or a form body.
      const inQuery = /[?&;#]/.test(text[m.index - 1] ?? "");
      if (!kind || ((name === "sig" || name === "sign") && !inQuery)) continue;
      if (accept(name, kind, value)) {
        const start = m.index + (m[1] as string).length + 1;
        spans.push({ start, end: start + value.length, kind });
      }
    }
  }
  if (!text.includes(":")) return spans;
  for (const m of text.matchAll(QUOTED_KEY)) {
    const name = norm(m[1] as string);
    const kind = NAMES[name];
    const value = m[2] as string;
    if (kind && accept(name, kind, value)) {
      const end = m.index + m[0].length - 1;
      spans.push({ start: end - value.length, end, kind });
    }
  }
  for (const m of text.matchAll(HEADER)) {
    const header = m[1] as string;
    const name = norm(header);
    if (PUBLIC_HEADER.test(header) || !(name === "authorization" || (header.includes("-") && HEADER_WORD.test(name))))
      continue;
    const value = (m[2] as string).replace(/[.]+$/, "");
    const kind: SecretKind = /passphrase|password/.test(name) ? "password" : "api_secret";
    const shape =
      name === "authorization" ? "auth" : /sign/.test(name) ? "signature" : kind === "password" ? name : "secret";
    if (accept(shape, kind, value)) {
      const end = m.index + m[0].length - ((m[2] as string).length - value.length);
      spans.push({ start: end - value.length, end, kind });
    }
  }
  return spans;
}
