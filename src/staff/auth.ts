/** Staff authentication for the API: `Authorization: Bearer <token>`, the session cookie, or Cloudflare Access; roles. */
import { createMiddleware } from "hono/factory";
import { AuthenticationError, ForbiddenError } from "../core/errors";
import type { AppEnv } from "../env";
import { applyAuth, assertCsrf, staffSessionOrToken } from "./session";

export { authenticateStaff } from "./session";

/**
 * Rejects requests without valid staff credentials (401), and cookie-authenticated writes
 * without the session's `X-CSRF-Token` (403). Sets `c.var.staff` and, for sessions, `c.var.csrfToken`.
 */
export const requireStaff = createMiddleware<AppEnv>(async (c, next) => {
  const auth = await staffSessionOrToken(c);
  if (!auth) {
    throw new AuthenticationError("A valid staff token (Authorization: Bearer <token>) or staff session is required");
  }
  await assertCsrf(c, auth);
  applyAuth(c, auth);
  await next();
});

/** Rejects non-admins (403). Use after requireStaff. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("staff").role !== "admin") throw new ForbiddenError("This needs an admin");
  await next();
});
