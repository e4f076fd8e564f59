/**
 * Whether an email's original may be kept: no part of it may hold a customer secret. Every part
 * staff could read in the original is checked, not only the text that became the message: the
 * text part, the HTML part (as text and as markup), attachment names, text attachments, nested
 * emails, every header (Subject, From's display name, anything else), and the raw original itself
 * (MIME preamble, provider fields such as Mailgun's `stripped-html` or Postmark's `StrippedTextReply`).
 */
import { decodeWords } from "postal-mime";
import { redactSecrets, type SecretKind } from "../../src/core/redact";
import { htmlToText, type ParsedAttachment, type ParsedEmail, parseRawEmail } from "./mime";

/** The most text checked for one original; a larger one is not kept (it cannot be shown to be clean). */
export const MAX_SECRET_SCAN_CHARS = 2_000_000;
/** Detection reads windows of this size, overlapping by more than any secret is long: linear in total. */
const WINDOW = 8000;
const OVERLAP = 2000;
const MAX_NESTED_DEPTH = 2;

export interface OriginalCheck {
  /** Why the original must not be kept, or null when it may. */
  withheld: string | null;
  /** The kinds of secret found anywhere in the email. */
  kinds: SecretKind[];
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|csv|x-yaml|yaml|javascript|x-sh|pgp-keys|pem-certificate-chain))/;
const TEXT_NAMES = /\.(txt|text|csv|tsv|json|md|log|xml|ya?ml|ini|conf|cfg|key|pem|asc|html?|eml|rtf|js)$/i;

/** An attachment's content as text, when it is text (by type, name, or bytes without NULs). */
function attachmentText(a: ParsedAttachment): string | null {
  const head = a.data.subarray(0, 4096);
  const binary = head.includes(0);
  if (!TEXT_TYPES.test(a.contentType) && !TEXT_NAMES.test(a.filename) && binary) return null;
  if (binary && !TEXT_TYPES.test(a.contentType)) return null;
  return new TextDecoder().decode(a.data);
}

/** Every string leaf of a JSON document (a provider's parsed fields), or the text itself when it is not JSON. */
function jsonStrings(text: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
    }
  };
  try {
    walk(JSON.parse(text));
  } catch {
    out.push(text);
  }
  return out;
}

/** The raw message as text, without base64 body lines (their decoded content is checked as parts). */
function rawText(data: Uint8Array): string {
  return new TextDecoder()
    .decode(data)
    .split(/\r?\n/)
    .filter((line) => !/^[A-Za-z0-9+/]{40,}={0,2}$/.test(line))
    .join("\n");
}

/** A header value with its encoded-words decoded (unknown headers come raw from the parser). */
function headerText(value: string): string {
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

async function partsOf(parsed: ParsedEmail, depth: number): Promise<string[]> {
  const parts = [parsed.subject, parsed.from?.name ?? "", parsed.text];
  if (parsed.html) parts.push(htmlToText(parsed.html), parsed.html);
  for (const [name, values] of Object.entries(parsed.headers))
    for (const v of values) parts.push(`${name}: ${headerText(v)}`);
  for (const a of parsed.attachments) {
    parts.push(a.filename);
    if (a.contentType === "message/rfc822" && depth < MAX_NESTED_DEPTH) {
      const nested = await parseRawEmail(a.data).catch(() => null);
      if (nested) parts.push(...(await partsOf(nested, depth + 1)));
    }
    const text = attachmentText(a);
    if (text !== null) parts.push(text);
  }
  if (parsed.report) parts.push(parsed.report.deliveryStatus, parsed.report.originalHeaders);
  return parts;
}

/** The secret kinds in `text`, read in overlapping windows (whitespace runs collapsed first). */
function kindsIn(text: string): Set<SecretKind> {
  const compact = text.replace(/\s{2,}/g, (run) => (run.includes("\n") ? "\n" : " "));
  const kinds = new Set<SecretKind>();
  for (let at = 0; at < compact.length; at += WINDOW - OVERLAP) {
    for (const k of redactSecrets(compact.slice(at, at + WINDOW)).kinds) kinds.add(k);
    if (at + WINDOW >= compact.length) break;
  }
  return kinds;
}

/** Checks every part of an email (and its original as stored) for secrets. */
export async function checkOriginal(
  parsed: ParsedEmail,
  original: { data: Uint8Array | string; extension: "eml" | "json" },
): Promise<OriginalCheck> {
  const parts = await partsOf(parsed, 0);
  parts.push(...(typeof original.data === "string" ? jsonStrings(original.data) : [rawText(original.data)]));
  const joined = parts.filter(Boolean).join("\n");
  if (joined.length > MAX_SECRET_SCAN_CHARS) {
    return { withheld: "original not kept: too large to check for secrets", kinds: [] };
  }
  const kinds = [...kindsIn(joined)];
  return {
    withheld: kinds.length ? `original not kept: it held a secret (${kinds.join(", ")})` : null,
    kinds,
  };
}
