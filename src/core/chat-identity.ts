/**
 * Identity verification of a logged-in widget user (like Intercom's and Chatwoot's): the exchange's
 * backend signs `userId \n email \n name` with CHAT_IDENTITY_SECRET; we recompute the HMAC and
 * compare in constant time (Web Crypto's verify). Pure apart from Web Crypto.
 */
import { CHAT_USER_ID } from "./chat";

/** What the host page hands the widget (and the widget the session API). */
export interface ChatIdentityClaim {
  userId: string;
  email?: string | null;
  name?: string | null;
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
  | { ok: false; reason: "not_configured" | "invalid" };

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
/** A plain address (the widget's email); the store lowercases it. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,}$/;
const NAME_MAX = 100;

/** The signed string: `userId + "\n" + (email ?? "") + "\n" + (name ?? "")`; null when a field may not be signed. */
export function identityPayload(claim: Pick<ChatIdentityClaim, "userId" | "email" | "name">): string | null {
  const email = claim.email ?? "";
  const name = claim.name ?? "";
  if ([claim.userId, email, name].some((f) => typeof f !== "string" || /[\r\n]/.test(f))) return null;
  return `${claim.userId}\n${email}\n${name}`;
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
export async function verifyIdentity(secret: string, claim: ChatIdentityClaim): Promise<IdentityCheck> {
  if (!secret) return { ok: false, reason: "not_configured" };
  const email = claim.email?.trim() ? claim.email : null;
  const name = claim.name?.trim() ? claim.name : null;
  if (typeof claim.userId !== "string" || !CHAT_USER_ID.test(claim.userId)) return { ok: false, reason: "invalid" };
  if (email !== null && (email.length > 254 || !EMAIL.test(email))) return { ok: false, reason: "invalid" };
  if (name !== null && name.length > NAME_MAX) return { ok: false, reason: "invalid" };
  if (typeof claim.userHash !== "string" || !HEX_SHA256.test(claim.userHash)) return { ok: false, reason: "invalid" };
  const payload = identityPayload({ userId: claim.userId, email: claim.email, name: claim.name });
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
  return { ok: true, identity: { userId: claim.userId, email: email ? email.toLowerCase() : null, name } };
}
