/** Authenticity checks: Discord's Ed25519 interaction signatures and the relay's HMAC-SHA256. */

/** Signed requests older (or further in the future) than this are refused: a replayed capture stops working. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

/** Relay headers: unix seconds, and hex HMAC-SHA256 of `<timestamp>.<body>`. */
export const RELAY_TIMESTAMP_HEADER = "X-Relay-Timestamp";
export const RELAY_SIGNATURE_HEADER = "X-Relay-Signature";

const encoder = new TextEncoder();

/** Bytes of an even-length hex string; null when it is not one. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Whether a unix-seconds timestamp header is a number within the allowed age of now. */
export function isFreshTimestamp(value: string | undefined, now: Date): boolean {
  if (!value || !/^\d{1,12}$/.test(value)) return false;
  return Math.abs(now.getTime() / 1000 - Number(value)) <= MAX_SIGNATURE_AGE_SECONDS;
}

let cachedKey: { hex: string; key: Promise<CryptoKey | null> } | null = null;

/** The public key, imported once per isolate. workerd names the algorithm `Ed25519`; older runtimes `NODE-ED25519`. */
function publicKey(hex: string): Promise<CryptoKey | null> {
  if (cachedKey?.hex === hex) return cachedKey.key;
  const raw = hexToBytes(hex);
  const key =
    raw?.length === 32
      ? crypto.subtle
          .importKey("raw", raw, { name: "Ed25519" }, false, ["verify"])
          .catch(() =>
            crypto.subtle.importKey("raw", raw, { name: "NODE-ED25519", namedCurve: "NODE-ED25519" }, false, [
              "verify",
            ]),
          )
          .catch(() => null)
      : Promise.resolve(null);
  cachedKey = { hex, key };
  return key;
}

/**
 * Verifies `X-Signature-Ed25519` over `X-Signature-Timestamp` + the raw body, and that the
 * timestamp is recent. https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 */
export async function verifyInteraction(args: {
  publicKeyHex: string;
  signature: string | undefined;
  timestamp: string | undefined;
  body: Uint8Array;
  now: Date;
}): Promise<boolean> {
  const { signature, timestamp } = args;
  if (!args.publicKeyHex || !signature || !timestamp || !isFreshTimestamp(timestamp, args.now)) return false;
  const sig = hexToBytes(signature);
  const key = await publicKey(args.publicKeyHex);
  if (sig?.length !== 64 || !key) return false;
  const ts = encoder.encode(timestamp);
  const message = new Uint8Array(ts.length + args.body.length);
  message.set(ts);
  message.set(args.body, ts.length);
  return crypto.subtle.verify(key.algorithm.name, key, sig, message).catch(() => false);
}

/** HMAC-SHA256 key from the shared relay secret. */
function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

/** Verifies the relay's signature in constant time (WebCrypto's HMAC verify), and that it is recent. */
export async function verifyRelay(args: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  body: Uint8Array;
  now: Date;
}): Promise<boolean> {
  const { secret, signature, timestamp } = args;
  if (!secret || !signature || !timestamp || !isFreshTimestamp(timestamp, args.now)) return false;
  const sig = hexToBytes(signature);
  if (sig?.length !== 32) return false;
  const ts = encoder.encode(`${timestamp}.`);
  const data = new Uint8Array(ts.length + args.body.length);
  data.set(ts);
  data.set(args.body, ts.length);
  return crypto.subtle.verify("HMAC", await hmacKey(secret, "verify"), sig, data);
}

/** Hex HMAC-SHA256 of `<timestamp>.<body>`: what the relay sends (exported for tests and tools). */
export async function signRelay(secret: string, timestamp: string, body: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), encoder.encode(`${timestamp}.${body}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
