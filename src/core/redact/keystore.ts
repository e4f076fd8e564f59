/** Web3 Secret Storage (keystore) JSON: an object with `ciphertext` and `kdf`/`cipherparams`. */

import type { SecretSpan } from "./spans";

export function keystoreSpans(text: string): SecretSpan[] {
  if (!/"ciphertext"\s*:/i.test(text)) return [];
  const spans: SecretSpan[] = [];
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

function pushKeystore(text: string, start: number, end: number, spans: SecretSpan[], truncated = false) {
  const body = text.slice(start, end);
  if (/"ciphertext"\s*:/i.test(body) && (truncated || /"(?:kdf|cipherparams|kdfparams)"\s*:/i.test(body))) {
    spans.push({ start, end, kind: "keystore" });
  }
}
