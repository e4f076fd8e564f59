/**
 * Ids a sender chooses are stored as dedupe and threading keys: a web form's idempotency key, a `/t/` reply's
 * key, a live-chat client id, an email's Message-ID and the ids it quotes (In-Reply-To, References). One that
 * holds a secret (a phrase typed as `word-word-…`, `<word.word.…@host>`) is kept as its SHA-256 instead, the
 * same for the same id, so a retry still dedupes and a reply still threads, and nothing of the secret is stored.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { redactSecrets } from "./redact";

const hashed = (id: string) => `sha256-${bytesToHex(sha256(new TextEncoder().encode(id))).slice(0, 40)}`;

/** A client's key or id as it may be stored: as sent, or its hash when it holds a secret (same alphabet, `[A-Za-z0-9_-]`). */
export function storableId(id: string): string {
  return redactSecrets(id).kinds.length ? hashed(id) : id;
}

/** A `<…>` Message-ID as it may be stored: as sent, or `<sha256-…@message-id.invalid>` when it holds a secret. */
export function storableMessageId(id: string): string {
  return redactSecrets(id).kinds.length ? `<${hashed(id)}@message-id.invalid>` : id;
}
