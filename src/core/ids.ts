/** Random identifiers and secrets (Web Crypto only, so this stays portable and pure of I/O). */

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** A prefixed, sortable-enough random id such as `tkt_lq2k3a9x0f4e8h1m7c2b`. */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = Date.now().toString(36);
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
}

/** A URL-safe secret with `bytes` bytes of entropy, e.g. for `/t/:token` links and API tokens. */
export function newSecret(bytes = 24): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Hex SHA-256 of a string: how tokens are stored and compared. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Hex HMAC-SHA256 of `data` with `key` (webhook signatures; compare the result with timingSafeEqual). */
export async function hmacSha256Hex(key: string, data: string): Promise<string> {
  const k = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toHex(await crypto.subtle.sign("HMAC", k, new TextEncoder().encode(data)));
}

/** Where a pure planner gets its ids and secrets from: random ones in production, a sequence in tests. */
export interface IdSource {
  newId(prefix: string): string;
  newSecret(bytes?: number): string;
}

/** The random ids and secrets of this module. */
export const RANDOM_IDS: IdSource = { newId, newSecret };
