/** Staff authentication: `Authorization: Bearer <token>`; roles. */
import { createMiddleware } from "hono/factory";
import { timingSafeEqual } from "hono/utils/buffer";
import { AuthenticationError, ForbiddenError } from "../core/errors";
import { sha256Hex } from "../core/ids";
import { BOOTSTRAP_STAFF_ID, type StaffPrincipal } from "../core/staff";
import type { AppEnv } from "../env";
import { findTokenPrincipal, touchToken } from "../store/staff";

/** How stale `last_used_at` may get before a request refreshes it (saves a write per request). */
const TOUCH_INTERVAL_MS = 5 * 60_000;

function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S{8,512})\s*$/i.exec(header ?? "");
  return m?.[1] ?? null;
}

/** Resolves the staff principal of a request, or null. */
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

/** Rejects requests without a valid staff token (401); sets `c.var.staff`. */
export const requireStaff = createMiddleware<AppEnv>(async (c, next) => {
  const principal = await authenticateStaff(bearerToken(c.req.header("Authorization")), {
    db: c.env.DB,
    bootstrapToken: c.get("config").staffBootstrapToken,
    waitUntil: (p) => c.executionCtx.waitUntil(p),
  });
  if (!principal) throw new AuthenticationError("A valid staff token is required (Authorization: Bearer <token>)");
  c.set("staff", principal);
  await next();
});

/** Rejects non-admins (403). Use after requireStaff. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("staff").role !== "admin") throw new ForbiddenError("This needs an admin");
  await next();
});
