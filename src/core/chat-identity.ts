/**
 * Identity verification of a logged-in widget user (like Intercom's and Chatwoot's): the exchange's
 * backend signs `userId \n email \n name` with CHAT_IDENTITY_SECRET; we recompute the HMAC and
 * compare in constant time (Web Crypto's verify). Optionally the signature expires: with `expiresAt`
 * (unix seconds) the signed string is `userId \n email \n name \n expiresAt`, refused once past or
 * when more than CHAT_IDENTITY_MAX_AHEAD_S ahead; CHAT_IDENTITY_EXPIRY=required refuses signatures
 * without one. Pure apart from Web Crypto.
 */
import { CHAT_USER_ID } from "./chat";
import { normalizeEmail } from "./email-claims";

/** What the host page hands the widget (and the widget the session API). */
export interface ChatIdentityClaim {
  userId: string;
  email?: string | null;
  name?: string | null;
  /** Unix seconds after which the signature no longer holds (signed with the rest when present). */
  expiresAt?: number | string | null;
  userHash: string;
}

/** A proven identity: the session is bound to it. */
export interface VerifiedChatIdentity {
  userId: string;
  email: string | null;
  name: string | null;
}

export type IdentityCheck =
  | { ok: true; identity: VerifiedChatIdentity }
  | { ok: false; reason: "not_configured" | "invalid" | "expired" | "expiry_required" };

/** How far ahead a signed expiry may lie: 7 days (a page signs when it renders; a week covers a cached one). */
export const CHAT_IDENTITY_MAX_AHEAD_S = 7 * 24 * 3600;
const UNIX_SECONDS = /^[0-9]{9,11}$/;

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
/** A plain address (the widget's email); folded as every address is (ASCII letters only, `normalizeEmail`). */
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,}$/;
const NAME_MAX = 100;

/**
 * The signed string: `userId + "\n" + (email ?? "") + "\n" + (name ?? "")`, and `+ "\n" + expiresAt` when
 * the claim has one (no field holds a line break, so a signature with an expiry never passes for one
 * without); null when a field may not be signed.
 */
export function identityPayload(
  claim: Pick<ChatIdentityClaim, "userId" | "email" | "name"> & { expiresAt?: string | null },
): string | null {
  const email = claim.email ?? "";
  const name = claim.name ?? "";
  if ([claim.userId, email, name].some((f) => typeof f !== "string" || /[\r\n]/.test(f))) return null;
  const base = `${claim.userId}\n${email}\n${name}`;
  return claim.expiresAt ? `${base}\n${claim.expiresAt}` : base;
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Checks a claim against the secret. Without a secret verification is off (`not_configured`);
 * any malformed field, a missing or wrong hash is `invalid`. Only the whole signed payload proves
 * anything: changing the email or name of a signed user id breaks the signature.
 */
export async function verifyIdentity(
  secret: string,
  claim: ChatIdentityClaim,
  opts: { now: Date; requireExpiry: boolean } = { now: new Date(), requireExpiry: false },
): Promise<IdentityCheck> {
  if (!secret) return { ok: false, reason: "not_configured" };
  const rawExpiry = claim.expiresAt;
  const expiresAt = rawExpiry === undefined || rawExpiry === null || rawExpiry === "" ? null : String(rawExpiry);
  if (expiresAt !== null && !UNIX_SECONDS.test(expiresAt)) return { ok: false, reason: "invalid" };
  const email = claim.email?.trim() ? claim.email : null;
  const name = claim.name?.trim() ? claim.name : null;
  if (typeof claim.userId !== "string" || !CHAT_USER_ID.test(claim.userId)) return { ok: false, reason: "invalid" };
  if (email !== null && (email.length > 254 || !EMAIL.test(email))) return { ok: false, reason: "invalid" };
  if (name !== null && name.length > NAME_MAX) return { ok: false, reason: "invalid" };
  if (typeof claim.userHash !== "string" || !HEX_SHA256.test(claim.userHash)) return { ok: false, reason: "invalid" };
  const payload = identityPayload({ userId: claim.userId, email: claim.email, name: claim.name, expiresAt });
  if (payload === null) return { ok: false, reason: "invalid" };
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  // verify() compares in constant time.
  const ok = await crypto.subtle.verify("HMAC", key, hexBytes(claim.userHash), new TextEncoder().encode(payload));
  if (!ok) return { ok: false, reason: "invalid" };
  // Only a genuine signature learns whether it expired (a forger gets `invalid`, whatever the dates).
  const nowS = Math.floor(opts.now.getTime() / 1000);
  if (expiresAt === null && opts.requireExpiry) return { ok: false, reason: "expiry_required" };
  if (expiresAt !== null && Number(expiresAt) <= nowS) return { ok: false, reason: "expired" };
  if (expiresAt !== null && Number(expiresAt) > nowS + CHAT_IDENTITY_MAX_AHEAD_S)
    return { ok: false, reason: "invalid" };
  // ASCII letters only: toLowerCase() turns the KELVIN SIGN into "k", another mailbox into a customer's.
  return { ok: true, identity: { userId: claim.userId, email: email ? normalizeEmail(email) : null, name } };
}
