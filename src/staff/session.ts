/**
 * Staff browser sessions: the `rd_session` cookie (HttpOnly, Secure, SameSite=Strict; only its
 * SHA-256 is stored), CSRF tokens, Cloudflare Access, and the one resolver every staff route
 * uses: Bearer token, else session cookie, else Access.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { timingSafeEqual } from "hono/utils/buffer";
import { AppError, AuthenticationError, ForbiddenError } from "../core/errors";
import { hmacSha256Hex, newId, newSecret, sha256Hex } from "../core/ids";
import { BOOTSTRAP_STAFF_ID, type StaffPrincipal } from "../core/staff";
import type { AppEnv } from "../env";
import { closeFeedSockets, closeStaleBootstrapSockets } from "../pipeline/feed";
import {
  createSession,
  deleteSession,
  findSession,
  findStaffByEmail,
  forgetSession,
  type StaffSession,
  touchSession,
} from "../store/sessions";
import { findTokenPrincipal, touchToken } from "../store/staff";
import { accessEnabled, accessToken, verifyAccessJwt } from "./access";

export const SESSION_COOKIE = "rd_session";
/** Header that cookie-authenticated writes must carry. */
export const CSRF_HEADER = "X-CSRF-Token";
/** How long a sign-in lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** How stale a token's `last_used_at` may get before a request refreshes it (saves a write per request). */
const TOUCH_INTERVAL_MS = 5 * 60_000;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** How a request proved who it is. */
export type StaffAuth =
  | { kind: "bearer"; principal: StaffPrincipal }
  | { kind: "session"; principal: StaffPrincipal; csrfToken: string; sessionId: string; viaBootstrap: boolean }
  /** Access JWT without a session: reads only (there is no CSRF token to check writes against). */
  | { kind: "access"; principal: StaffPrincipal };

function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S{8,512})\s*$/i.exec(header ?? "");
  return m?.[1] ?? null;
}

/** Resolves the staff principal of an API token (or the bootstrap secret), or null. */
export async function authenticateStaff(
  token: string | null,
  args: { db: D1Database; bootstrapToken: string; waitUntil: (p: Promise<unknown>) => void },
): Promise<StaffPrincipal | null> {
  if (!token) return null;
  const hash = await sha256Hex(token);
  if (args.bootstrapToken && (await timingSafeEqual(hash, await sha256Hex(args.bootstrapToken)))) {
    return { staffId: BOOTSTRAP_STAFF_ID, name: "Bootstrap admin", role: "admin", tokenId: null };
  }
  // Only the hash reaches D1; the index lookup on it leaks nothing about the token itself.
  const found = await findTokenPrincipal(args.db, hash);
  if (!found) return null;
  const { lastUsedAt, ...principal } = found;
  if (!lastUsedAt || Date.now() - Date.parse(lastUsedAt) > TOUCH_INTERVAL_MS) {
    args.waitUntil(touchToken(args.db, principal.tokenId as string, new Date().toISOString()).catch(() => {}));
  }
  return principal;
}

/** The token's principal for a sign-in form or a Bearer header. */
export function tokenPrincipal(c: Context<AppEnv>, token: string | null): Promise<StaffPrincipal | null> {
  return authenticateStaff(token, {
    db: c.env.DB,
    bootstrapToken: c.get("config").staffBootstrapToken,
    waitUntil: (p) => c.executionCtx.waitUntil(p),
  });
}

/**
 * Secure cookies are kept by browsers on https and on loopback hosts (Chromium, Firefox and
 * Safari treat http://localhost and http://127.0.0.1 as secure contexts); on any other plain-http
 * host a Secure cookie would be dropped, so only there is the attribute left off.
 */
function secureCookie(c: Context): boolean {
  const url = new URL(c.req.url);
  if (url.protocol === "https:") return true;
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(url.hostname) || url.hostname.endsWith(".localhost");
}

/** True for the principal of the bootstrap secret itself (not an Access sign-in of the same user). */
function isBootstrapPrincipal(principal: StaffPrincipal): boolean {
  return principal.staffId === BOOTSTRAP_STAFF_ID && principal.tokenId === null;
}

/**
 * A bootstrap session's proof of the bootstrap secret it was opened with: a MAC keyed with the session's own
 * cookie secret, so D1 (which keeps only that secret's hash) holds nothing that tells the bootstrap secret.
 */
function bootstrapMac(cookieSecret: string, bootstrapToken: string): Promise<string> {
  return hmacSha256Hex(cookieSecret, `relaydesk:bootstrap-session:${bootstrapToken}`);
}

/**
 * The current bootstrap secret's epoch as the feed hub compares it: sockets opened with another one are closed.
 * A short one-way fingerprint that lives only in the hub's memory; it is not stored in D1, logged or sent out.
 */
export async function bootstrapEpoch(bootstrapToken: string): Promise<string> {
  return bootstrapToken ? (await sha256Hex(`relaydesk:bootstrap-epoch:${bootstrapToken}`)).slice(0, 16) : "";
}

/** The epoch of the bootstrap secret this request's configuration has. */
export function currentBootstrapEpoch(c: Context<AppEnv>): Promise<string> {
  return bootstrapEpoch(c.get("config").staffBootstrapToken);
}

/** Opens a session for `principal`, sets the cookie, and returns the CSRF token. */
export async function startSession(
  c: Context<AppEnv>,
  principal: StaffPrincipal,
  via: "token" | "access",
): Promise<string> {
  const secret = newSecret(32);
  const csrfToken = newSecret(24);
  const now = new Date();
  const bootstrap = via === "token" && isBootstrapPrincipal(principal);
  await createSession(c.env.DB, {
    id: newId("ses"),
    idHash: await sha256Hex(secret),
    staffId: principal.staffId,
    tokenId: principal.tokenId,
    via,
    bootstrapMac: bootstrap ? await bootstrapMac(secret, c.get("config").staffBootstrapToken) : null,
    csrfToken,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    secure: secureCookie(c),
    sameSite: "Strict",
    path: "/",
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return csrfToken;
}

/** Forgets the session behind the request's cookie (if any) in D1, and closes its feed sockets. */
export async function dropSession(c: Context<AppEnv>): Promise<void> {
  const secret = getCookie(c, SESSION_COOKIE);
  if (!secret || secret.length > 200) return;
  const id = await deleteSession(c.env.DB, await sha256Hex(secret));
  if (id) await closeFeedSockets(c.env, { sessionId: id }, "signed out");
}

/** Ends the request's session (if any) and clears the cookie. */
export async function endSession(c: Context<AppEnv>): Promise<void> {
  await dropSession(c);
  deleteCookie(c, SESSION_COOKIE, { path: "/", httpOnly: true, secure: secureCookie(c), sameSite: "Strict" });
}

/**
 * The live session behind the request's cookie, or null. A session opened with the bootstrap secret must still
 * prove that secret: when STAFF_BOOTSTRAP_TOKEN changed (or is gone), it ends here, with its feed sockets.
 */
export async function readSession(c: Context<AppEnv>): Promise<StaffSession | null> {
  const secret = getCookie(c, SESSION_COOKIE);
  if (!secret || secret.length > 200) return null;
  const now = new Date();
  const session = await findSession(c.env.DB, await sha256Hex(secret), now.toISOString());
  if (!session) return null;
  if (session.viaBootstrap) {
    const bootstrap = c.get("config").staffBootstrapToken;
    const proven =
      bootstrap !== "" &&
      session.bootstrapMac !== null &&
      (await timingSafeEqual(session.bootstrapMac, await bootstrapMac(secret, bootstrap)));
    if (!proven) {
      await forgetSession(c.env.DB, session.id);
      await closeFeedSockets(c.env, { sessionId: session.id }, "bootstrap token changed");
      await closeStaleBootstrapSockets(c.env, await currentBootstrapEpoch(c));
      return null;
    }
  }
  if (!session.lastUsedAt || now.getTime() - Date.parse(session.lastUsedAt) > TOUCH_INTERVAL_MS) {
    c.executionCtx.waitUntil(touchSession(c.env.DB, session.id, now.toISOString()).catch(() => {}));
  }
  return session;
}

/**
 * Who is calling: `Authorization: Bearer` first (an invalid one is 401, never a fallback),
 * then the session cookie, then Cloudflare Access (when configured). Null when none applies.
 * A valid Access identity that matches no active staff user is 403.
 */
export async function staffSessionOrToken(c: Context<AppEnv>): Promise<StaffAuth | null> {
  const header = c.req.header("Authorization");
  if (header !== undefined) {
    const principal = await tokenPrincipal(c, bearerToken(header));
    if (!principal) throw new AuthenticationError("The staff token is not valid (Authorization: Bearer <token>)");
    return { kind: "bearer", principal };
  }
  const session = await readSession(c);
  if (session) {
    return {
      kind: "session",
      principal: session.principal,
      csrfToken: session.csrfToken,
      sessionId: session.id,
      viaBootstrap: session.viaBootstrap,
    };
  }
  const principal = await accessPrincipal(c);
  return principal ? { kind: "access", principal } : null;
}

/** The staff user behind a valid Access JWT; null without one; 403 when its email is unknown or disabled. */
export async function accessPrincipal(c: Context<AppEnv>): Promise<StaffPrincipal | null> {
  const config = c.get("config");
  if (!accessEnabled(config)) return null;
  const token = accessToken(c);
  if (!token) return null;
  const email = await verifyAccessJwt(token, config);
  if (!email) return null;
  const principal = await findStaffByEmail(c.env.DB, email);
  if (!principal) throw new ForbiddenError("Your Cloudflare Access identity is not an active Relaydesk staff user");
  return principal;
}

/** Sets `c.var.staff`, `c.var.staffCredentials` (and `c.var.csrfToken` for sessions) from a resolved auth. */
export function applyAuth(c: Context<AppEnv>, auth: StaffAuth): void {
  c.set("staff", auth.principal);
  c.set("csrfToken", auth.kind === "session" ? auth.csrfToken : undefined);
  c.set("staffCredentials", {
    sessionId: auth.kind === "session" ? auth.sessionId : null,
    viaBootstrap:
      auth.kind === "session" ? auth.viaBootstrap : auth.kind === "bearer" && isBootstrapPrincipal(auth.principal),
  });
}

/** Constant-time check of a submitted CSRF token against the session's. */
export async function csrfMatches(expected: string | undefined, given: string | undefined | null): Promise<boolean> {
  if (!expected || !given) return false;
  return timingSafeEqual(expected, given);
}

/**
 * Cookie-authenticated writes must carry the session's CSRF token in `X-CSRF-Token` (403
 * otherwise); Bearer requests need none (a browser never adds that header on its own).
 */
export async function assertCsrf(c: Context<AppEnv>, auth: StaffAuth, formToken?: string | null): Promise<void> {
  if (auth.kind === "bearer" || SAFE_METHODS.has(c.req.method)) return;
  const expected = auth.kind === "session" ? auth.csrfToken : undefined;
  if (!(await csrfMatches(expected, c.req.header(CSRF_HEADER) ?? formToken))) {
    throw new AppError(403, "csrf_failed", `This request needs the session's ${CSRF_HEADER} header`);
  }
}

/** Path and query to come back to after sign-in: only same-site paths under /staff. */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || raw.length > 500) return "/staff";
  const hasControl = [...raw].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  if (!/^\/staff(?:[/?#]|$)/.test(raw) || raw.includes("\\") || hasControl) return "/staff";
  return raw;
}

/**
 * For HTML pages under /staff: without a session (or a valid Access identity, which then gets a
 * session) the browser is sent to `/staff/login?next=<path>`. Sets `c.var.staff` and `c.var.csrfToken`.
 */
export const requireStaffPage = createMiddleware<AppEnv>(async (c, next) => {
  const session = await readSession(c);
  if (session) {
    c.set("staff", session.principal);
    c.set("csrfToken", session.csrfToken);
    return next();
  }
  const principal = await accessPrincipal(c);
  if (principal) {
    c.set("staff", principal);
    c.set("csrfToken", await startSession(c, principal, "access"));
    return next();
  }
  const url = new URL(c.req.url);
  const nextPath = safeNext(`${url.pathname}${url.search}`);
  return c.redirect(`/staff/login?next=${encodeURIComponent(nextPath)}`, 303);
});
