/** The postMessage protocol between the loader (host page) and the chat page (its iframe). */

/** A logged-in user of the host site, signed by the host's backend (docs/widget.md). */
export interface HostIdentity {
  userId: string;
  email?: string;
  name?: string;
  /** Unix seconds, signed with the rest (docs/widget.md). */
  expiresAt?: number;
  userHash: string;
}

/** Loader -> iframe (sent with the desk's origin as target). */
export type ToChatFrame =
  | { type: "rd:init"; identity: HostIdentity | null; visible: boolean }
  | { type: "rd:identity"; identity: HostIdentity | null }
  | { type: "rd:visible"; visible: boolean };

/** Iframe -> loader (no secrets: the host page may read these). */
export type FromChatFrame =
  | { type: "rd:ready" }
  | { type: "rd:unread"; count: number }
  | { type: "rd:close" }
  | { type: "rd:started" };

const USER_ID = /^[A-Za-z0-9_.:@+-]{1,128}$/;

/** A host's identity object reduced to the four fields, or null when it is not one (never throws). */
export function cleanIdentity(value: unknown): HostIdentity | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === "string" && x.length <= 512 && !x.includes("\n") ? x : undefined);
  const userId = str(v.userId);
  const userHash = str(v.userHash);
  if (!userId || !USER_ID.test(userId) || !userHash) return null;
  const out: HostIdentity = { userId, userHash };
  const email = str(v.email);
  const name = str(v.name);
  if (email) out.email = email;
  if (name) out.name = name;
  const expiresAt = typeof v.expiresAt === "string" ? Number(v.expiresAt) : v.expiresAt;
  if (typeof expiresAt === "number" && Number.isSafeInteger(expiresAt) && expiresAt > 0) out.expiresAt = expiresAt;
  return out;
}
