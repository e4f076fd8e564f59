/**
 * Files are customer text too: their names are redacted like any field, and a text file (a
 * .txt note, a CSV or JSON export, a saved email with its encoded body) is read and, when it holds a
 * secret, not kept: a short notice takes its place. Binary files (images, PDFs) are stored as sent.
 */
import { encodedViews } from "./encoded-text";
import type { InboundAttachment } from "./inbound";
import { redactionMarker, redactSecrets, SECRET_KINDS, type SecretKind, secretSpans } from "./redact";
import { redactPartsAround } from "./redact-thread";

/** Content types read as text. */
const TEXT_TYPES =
  /^(?:text\/|application\/(?:json|csv|xml|x-ndjson|ld\+json|x-yaml|yaml|toml|x-pem-file)\b)|\+(?:json|xml)\b/i;
/** Names read as text whatever type they came with (Telegram sends many files as octet-stream). */
const TEXT_NAMES = /\.(?:txt|text|csv|tsv|json|jsonl|md|log|ini|cfg|conf|yaml|yml|toml|xml|env|key|pem|asc|bak)$/i;
/** Files of other types are sniffed as UTF-8 text up to this size. */
const SNIFF_MAX_BYTES = 1024 * 1024;

function bytesOf(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

function decode(bytes: Uint8Array, encoding: string, fatal: boolean): string | null {
  try {
    return new TextDecoder(encoding, { fatal, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** The text of a file that is one (declared, named or sniffed as text), else null. */
export function textOfFile(file: Pick<InboundAttachment, "filename" | "contentType" | "data">): string | null {
  const bytes = bytesOf(file.data);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes, "utf-16le", false);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes, "utf-16be", false);
  const declared = TEXT_TYPES.test(file.contentType) || TEXT_NAMES.test(file.filename);
  if (declared) return decode(bytes, "utf-8", true) ?? decode(bytes, "gb18030", false);
  if (bytes.byteLength > SNIFF_MAX_BYTES) return null;
  const text = decode(bytes, "utf-8", true);
  // Valid UTF-8 without NULs or other control characters (tabs and line breaks aside) reads as text.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  return text !== null && !/[\u0000-\u0008\u000e-\u001f]/.test(text) ? text : null;
}

/** What a removed file's content becomes: the marker, and why. */
export function removedFileNotice(kinds: readonly SecretKind[]): string {
  const labels = kinds.map((k) => redactionMarker(k).slice("[redacted: ".length, -1)).join(", ");
  return `${kinds.map(redactionMarker).join(" ")}\nRelaydesk removed the attachment: it contained a secret (${labels}).\n`;
}

/**
 * Files with names redacted (across all the names, as one customer wrote them) and text files
 * holding a secret replaced by removedFileNotice(). `kinds` lists what was found.
 */
export function redactFiles(files: readonly InboundAttachment[]): { files: InboundAttachment[]; kinds: SecretKind[] } {
  const found = new Set<SecretKind>();
  // The names together without their extensions first ("…-6.png" would stand between the halves of a
  // phrase spread over two names; a name redacted alone first would hide its half from the rest),
  // then each whole name that held nothing of a secret spread over several.
  const split = files.map((f) => /^(.*?)(\.[A-Za-z0-9]{1,8})?$/s.exec(f.filename) as RegExpExecArray);
  const stems = redactPartsAround(split.map((m) => m[1] ?? ""));
  for (const k of stems.kinds) found.add(k);
  const out = files.map((f, i) => {
    const stem = stems.parts[i] as string;
    let name = `${stem}${split[i]?.[2] ?? ""}`;
    if (stem === split[i]?.[1]) {
      const own = redactSecrets(f.filename);
      for (const k of own.kinds) found.add(k);
      name = own.text;
    }
    const file = { ...f, filename: name };
    const text = textOfFile(f);
    // A saved email's body (base64, quoted-printable) and encoded-word headers are read decoded too.
    const spans = text ? [text, ...encodedViews(text)].flatMap((t) => secretSpans(t)) : [];
    if (!spans.length) return file;
    const kinds = SECRET_KINDS.filter((k) => spans.some((s) => s.kind === k));
    for (const k of kinds) found.add(k);
    return {
      ...file,
      contentType: "text/plain; charset=utf-8",
      data: new TextEncoder().encode(removedFileNotice(kinds)),
    };
  });
  return { files: out, kinds: [...found] };
}
