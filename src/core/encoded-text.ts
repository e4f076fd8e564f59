/**
 * What a text file says under its transfer encodings. A saved or forwarded email (`.eml`,
 * `message/rfc822`, or the same pasted into a `.txt`) is text, but its body is often base64 or
 * quoted-printable and its headers RFC 2047 encoded-words: a secret inside reads as no words at
 * all until decoded. Pure and synchronous; only what decodes to valid UTF-8 text is returned.
 */

/** At most this much encoded text is decoded per file (a file larger than that is read as it is). */
const MAX_DECODED_CHARS = 2 * 1024 * 1024;
/** A line of a base64 block (RFC 2045 lines; a block's last line may be short or padded). */
const BASE64_LINE = /^[A-Za-z0-9+/]{4,}={0,2}$/;
const QP_ESCAPE = /=(?:[0-9A-Fa-f]{2}|\r?\n)/;
const ENCODED_WORD = /=\?([^?\s]{1,40})\?([BbQq])\?([^?\s]*)\?=/g;

function utf8(bytes: Uint8Array, charset = "utf-8"): string | null {
  try {
    const text = new TextDecoder(charset, { fatal: true, ignoreBOM: false }).decode(bytes);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: binary content is what is looked for
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}

function base64Bytes(s: string): Uint8Array | null {
  try {
    const binary = atob(s.replace(/[^A-Za-z0-9+/=]/g, ""));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const isHexDigit = (b: number) => (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102);

/** Quoted-printable (RFC 2045): soft line breaks out, `=XX` as bytes; read over the text's UTF-8 bytes in one pass. */
function quotedPrintableBytes(s: string, underscoreIsSpace = false): Uint8Array {
  const src = new TextEncoder().encode(s.replace(/=\r?\n/g, ""));
  const out = new Uint8Array(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i] as number;
    if (b === 61 && i + 2 < src.length && isHexDigit(src[i + 1] as number) && isHexDigit(src[i + 2] as number)) {
      out[n++] = Number.parseInt(String.fromCharCode(src[i + 1] as number, src[i + 2] as number), 16);
      i += 2;
    } else out[n++] = underscoreIsSpace && b === 95 ? 32 : b;
  }
  return out.subarray(0, n);
}

/** The base64 blocks of a text (runs of base64 lines, 16 characters or more), decoded where they are text. */
function base64Blocks(text: string): string[] {
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    const joined = block.join("");
    block = [];
    if (joined.length < 16) return;
    const bytes = base64Bytes(joined);
    const decoded = bytes && utf8(bytes);
    if (decoded) out.push(decoded);
  };
  for (const line of text.split(/\r?\n/)) {
    if (BASE64_LINE.test(line.trim())) block.push(line.trim());
    else flush();
  }
  flush();
  return out;
}

/** RFC 2047 encoded-words decoded; adjacent words joined as mail clients join them. */
function decodeWords(text: string): string | null {
  if (!text.includes("=?")) return null;
  let found = false;
  const decoded = text
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(ENCODED_WORD, (whole, charset: string, kind: string, data: string) => {
      const bytes = kind.toUpperCase() === "B" ? base64Bytes(data) : quotedPrintableBytes(data, true);
      let word: string | null = null;
      try {
        word =
          bytes &&
          new TextDecoder(charset.toLowerCase().split("*")[0], { fatal: true, ignoreBOM: false }).decode(bytes);
      } catch {
        word = bytes && utf8(bytes);
      }
      if (word === null) return whole;
      found = true;
      return word;
    });
  return found ? decoded : null;
}

/**
 * The text as its encodings say it, one view per encoding found (none when the text has none):
 * base64 blocks, the quoted-printable reading, encoded-words. The caller checks them as it checks the text.
 */
export function encodedViews(text: string): string[] {
  if (text.length > MAX_DECODED_CHARS) return [];
  const views = base64Blocks(text);
  if (QP_ESCAPE.test(text)) {
    const qp = utf8(quotedPrintableBytes(text)) ?? new TextDecoder().decode(quotedPrintableBytes(text));
    if (qp !== text) views.push(qp);
  }
  const words = decodeWords(text);
  if (words !== null) views.push(words);
  return views;
}
