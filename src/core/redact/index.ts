/**
 * Detection and redaction of customer secrets: BIP-39 seed phrases (English and Chinese
 * wordlists), private keys (WIF, extended private keys, hex or base58 keys the text calls a key,
 * grouped hex, keystore JSON), and passwords, 2FA codes and API secrets the customer labels as
 * such. Detection reads a normalised copy of the text (NFKD, invisible characters removed,
 * look-alike letters folded: see ./normalize) and maps what it finds back to exact offsets in
 * the original, so the customer's other text stays as written and no piece of a secret does.
 * Everything else (TxIDs, addresses, ordinary sentences) is left alone. Linear in the text.
 */

import { apiPairSpans } from "./api-pairs";
import { backupCodeSpans } from "./backup-codes";
import { bareTokenSpans } from "./bare-tokens";
import { closeBrackets } from "./brackets";
import { copiedValues } from "./copies";
import { credentialSpans } from "./credentials";
import { sparingFixedMarks } from "./fixed-marks";
import { groupedKeySpans } from "./grouped-keys";
import { keyContext, privateKeySpans } from "./keys";
import { keystoreSpans } from "./keystore";
import { spellLabels } from "./label-typos";
import { labelledSpans } from "./labelled";
import { SEED_LABEL } from "./labels";
import { markupSpans } from "./markup";
import { normalizeForDetection } from "./normalize";
import { numberingMask } from "./numbering";
import { passphraseSpans } from "./passphrases";
import { plainLines } from "./plain-lines";
import { requestSpans } from "./requests";
import { englishSeedSpans } from "./seed-en";
import { chineseSeedSpans } from "./seed-zh";
import { joinSpacedLabels } from "./spaced-labels";
import { MAX_WINDOWS, SECRET_KINDS, type SecretKind, type SecretSpan } from "./spans";
import { tablePairSpans } from "./table-pairs";
import { tableSpans } from "./tables";
import { Hits, tokenize } from "./tokens";
import { totpSpans } from "./totp";
import { wordPasswordSpans } from "./word-passwords";
import { zhValueOrderSpans } from "./zh-value-order";

export { normalizeForDetection } from "./normalize";
export { SECRET_KINDS, type SecretKind, type SecretSpan } from "./spans";
export { keyContext };

const LABELS: Record<SecretKind, string> = {
  seed_phrase: "seed phrase",
  private_key: "private key",
  keystore: "keystore file",
  api_secret: "API secret",
  password: "password",
  "2fa_code": "2FA code",
};

/** `[redacted: seed phrase]`: what stands where a secret was. */
export function redactionMarker(kind: SecretKind): string {
  return `[redacted: ${LABELS[kind]}]`;
}

const MARKER_KINDS = new Map(SECRET_KINDS.map((k) => [redactionMarker(k), k]));

/**
 * The kinds named by redaction markers in a stored text, in SECRET_KINDS order. For messages
 * stored before their kinds were recorded (messages.redacted_kinds), and for the pieces of a
 * secret that a later message completed (their new end holds the marker).
 */
export function markerKinds(text: string): SecretKind[] {
  const found = new Set<SecretKind>();
  for (const m of text.matchAll(/\[redacted: [^\]\n]{1,20}\]/g)) {
    const kind = MARKER_KINDS.get(m[0]);
    if (kind) found.add(kind);
  }
  return SECRET_KINDS.filter((k) => found.has(k));
}

export interface Redaction {
  /** The text with every secret replaced by its marker. */
  text: string;
  /** What was found, each kind once, in SECRET_KINDS order; empty when nothing was. */
  kinds: SecretKind[];
}

/** Where the secrets in `text` are: sorted, non-overlapping spans (offsets into the original `text`). */
export function secretSpans(text: string): SecretSpan[] {
  if (!text) return [];
  const norm = spellLabels(joinSpacedLabels(plainLines(normalizeForDetection(text))));
  const t = norm.text;
  const mask = numberingMask(t, norm.softBreak);
  const tokens = tokenize(t, mask, norm.softBreak);
  const labels = new Hits(t, SEED_LABEL);
  const budget = { windows: MAX_WINDOWS };
  const found = [
    ...englishSeedSpans(tokens, t, labels, budget),
    ...chineseSeedSpans(tokens, t, norm.softBreak, labels, budget, mask),
    ...keystoreSpans(t),
    ...privateKeySpans(t),
    ...labelledSpans(t),
    ...passphraseSpans(t),
    ...requestSpans(t),
    ...backupCodeSpans(t),
    ...totpSpans(t),
    ...credentialSpans(t),
    ...apiPairSpans(t),
    ...bareTokenSpans(t),
    ...tableSpans(t),
    ...zhValueOrderSpans(t),
    ...wordPasswordSpans(t),
    ...tablePairSpans(t),
    ...groupedKeySpans(t),
    ...markupSpans(t),
  ]
    .filter((s) => s.end > s.start)
    .map((s) => ({ start: norm.from[s.start] as number, end: norm.to[s.end - 1] as number, kind: s.kind }));

  return sparingFixedMarks(text, closeBrackets(text, mergeSpans(copiedValues(text, mergeSpans(found)))));
}

/** Overlapping finds become one redaction; the stronger kind (earlier in SECRET_KINDS) names it. Sorted first. */
function mergeSpans(found: readonly SecretSpan[]): SecretSpan[] {
  const merged: SecretSpan[] = [];
  for (const s of [...found].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      if (SECRET_KINDS.indexOf(s.kind) < SECRET_KINDS.indexOf(last.kind)) last.kind = s.kind;
    } else merged.push({ ...s });
  }
  return merged;
}

/** Replaces every secret in `text` by a marker. Pure and deterministic. */
export function redactSecrets(text: string): Redaction {
  const spans = secretSpans(text);
  if (!spans.length) return { text, kinds: [] };
  return { text: applySpans(text, spans), kinds: kindsOf(spans) };
}

/**
 * Redacts texts that a customer wrote as one (a form's subject and description, consecutive
 * messages of one conversation): a secret split across parts is found in their concatenation
 * (parts joined by a line break), and each part loses its share of it. `spans[i]`: where part i's
 * shares were, as offsets into part i.
 */
export function redactParts(parts: readonly string[]): { parts: string[]; kinds: SecretKind[]; spans: SecretSpan[][] } {
  const joined = parts.join(PART_SEPARATOR);
  const spans = secretSpans(joined);
  if (!spans.length) return { parts: [...parts], kinds: [], spans: parts.map(() => []) };
  const out: string[] = [];
  const local: SecretSpan[][] = [];
  let offset = 0;
  for (const part of parts) {
    const end = offset + part.length;
    const mine = spans
      .filter((s) => s.start < end && s.end > offset)
      .map((s) => ({ start: Math.max(s.start, offset) - offset, end: Math.min(s.end, end) - offset, kind: s.kind }));
    out.push(mine.length ? applySpans(part, mine) : part);
    local.push(mine);
    offset = end + PART_SEPARATOR.length;
  }
  return { parts: out, kinds: kindsOf(spans), spans: local };
}

/**
 * `text` with the secrets of two readings of it replaced (spans from redactParts or secretSpans, in
 * any order, overlapping or not): overlapping ones become one marker, the stronger kind naming it.
 */
export function redactSpans(text: string, spans: readonly SecretSpan[]): Redaction {
  const merged = mergeSpans(spans);
  return merged.length ? { text: applySpans(text, merged), kinds: kindsOf(merged) } : { text, kinds: [] };
}

/** What stands between parts in redactParts: a line break, which detection treats as a gap. */
const PART_SEPARATOR = "\n";

function applySpans(text: string, spans: readonly SecretSpan[]): string {
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + redactionMarker(s.kind);
    at = s.end;
  }
  return out + text.slice(at);
}

function kindsOf(spans: readonly SecretSpan[]): SecretKind[] {
  const found = new Set(spans.map((s) => s.kind));
  return SECRET_KINDS.filter((k) => found.has(k));
}

/** Whether `text` holds any secret. */
export function containsSecret(text: string): boolean {
  return secretSpans(text).length > 0;
}
