/** Admin-only staff API: staff users, their API tokens, and canned replies (create, edit, delete). */
import { Hono } from "hono";
import { ConflictError, NotFoundError } from "../core/errors";
import { newId, newSecret, sha256Hex } from "../core/ids";
import { BOOTSTRAP_STAFF_ID } from "../core/staff";
import type { AppEnv } from "../env";
import { closeFeedSockets } from "../pipeline/feed";
import { createCanned, deleteCanned, updateCanned } from "../store/canned";
import { isUniqueViolation } from "../store/ingest";
import {
  createStaffToken,
  createStaffUser,
  getStaffUser,
  listStaffTokens,
  listStaffUsers,
  revokeStaffToken,
  updateStaffUser,
} from "../store/staff";
import { jsonBody, params } from "../web/validate";
import { requireAdmin } from "./auth";
import { CannedCreateBody, IdParam, StaffUserCreateBody, StaffUserPatchBody, TokenCreateBody } from "./schemas";

/** Prefix of staff API tokens, so a leaked one is recognisable in logs and scanners. */
const TOKEN_PREFIX = "rdk_";
/** How much of a token the lists keep showing after it was shown once: the prefix and 4 of its ~43 random characters. */
const SHOWN_PREFIX_CHARS = TOKEN_PREFIX.length + 4;

export function adminApi() {
  return (
    new Hono<AppEnv>()
      .use("/users/*", requireAdmin)
      .use("/users", requireAdmin)
      .use("/tokens/*", requireAdmin)
      .use("/tokens", requireAdmin)
      .post("/canned", requireAdmin, jsonBody(CannedCreateBody), async (c) => {
        const body = c.req.valid("json");
        const canned = await createCanned(c.env.DB, {
          id: newId("cnd"),
          title: body.title,
          body: body.body,
          language: body.language,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        return c.json({ canned }, 201);
      })
      .put(
        "/canned/:id",
        requireAdmin,
        params({ id: IdParam }, "Canned reply"),
        jsonBody(CannedCreateBody),
        async (c) => {
          const body = c.req.valid("json");
          const canned = await updateCanned(c.env.DB, {
            id: c.req.valid("param").id,
            title: body.title,
            body: body.body,
            language: body.language,
            actorId: c.get("staff").staffId,
            auditId: newId("aud"),
            now: new Date().toISOString(),
          });
          if (!canned) throw new NotFoundError("Canned reply");
          return c.json({ canned });
        },
      )
      .delete("/canned/:id", requireAdmin, params({ id: IdParam }), async (c) => {
        const id = c.req.valid("param").id;
        const deleted = await deleteCanned(c.env.DB, {
          id,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        if (!deleted) throw new NotFoundError("Canned reply");
        return c.body(null, 204);
      })
      .get("/users", async (c) => c.json({ users: await listStaffUsers(c.env.DB) }))
      .post("/users", jsonBody(StaffUserCreateBody), async (c) => {
        const body = c.req.valid("json");
        try {
          const user = await createStaffUser(c.env.DB, {
            id: newId("stf"),
            name: body.name,
            email: body.email ?? null,
            role: body.role,
            actorId: c.get("staff").staffId,
            auditId: newId("aud"),
            now: new Date().toISOString(),
          });
          return c.json({ user }, 201);
        } catch (err) {
          if (isUniqueViolation(err)) throw new ConflictError("email_taken", "A staff user with this email exists");
          throw err;
        }
      })
      .patch("/users/:id", params({ id: IdParam }), jsonBody(StaffUserPatchBody), async (c) => {
        const id = c.req.valid("param").id;
        const patch = c.req.valid("json");
        if (id === BOOTSTRAP_STAFF_ID)
          throw new ConflictError("immutable_user", "The bootstrap admin is configured by secret");
        if (!(await getStaffUser(c.env.DB, id))) throw new NotFoundError("Staff user");
        const user = await updateStaffUser(c.env.DB, {
          id,
          patch,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        // A disabled user's requests are refused from now on (every request checks); their open feed sockets end too.
        if (patch.disabled === true) await closeFeedSockets(c.env, { staffId: id }, "user disabled");
        return c.json({ user });
      })
      .get("/users/:id/tokens", params({ id: IdParam }), async (c) => {
        const id = c.req.valid("param").id;
        if (!(await getStaffUser(c.env.DB, id))) throw new NotFoundError("Staff user");
        return c.json({ tokens: await listStaffTokens(c.env.DB, id) });
      })
      /** Issues a token. The plain token is in this response only; D1 keeps its SHA-256. */
      .post("/users/:id/tokens", params({ id: IdParam }), jsonBody(TokenCreateBody), async (c) => {
        const id = c.req.valid("param").id;
        const body = c.req.valid("json");
        const user = await getStaffUser(c.env.DB, id);
        if (!user) throw new NotFoundError("Staff user");
        if (id === BOOTSTRAP_STAFF_ID) throw new ConflictError("immutable_user", "The bootstrap admin uses its secret");
        if (user.disabled) throw new ConflictError("user_disabled", "Enable the user before issuing tokens");
        const token = `${TOKEN_PREFIX}${newSecret(32)}`;
        const info = await createStaffToken(c.env.DB, {
          id: newId("tok"),
          staffId: id,
          name: body.name,
          tokenHash: await sha256Hex(token),
          prefix: token.slice(0, SHOWN_PREFIX_CHARS),
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        return c.json({ token, tokenInfo: info }, 201);
      })
      .get("/tokens", async (c) => c.json({ tokens: await listStaffTokens(c.env.DB) }))
      .delete("/tokens/:id", params({ id: IdParam }), async (c) => {
        const id = c.req.valid("param").id;
        const token = await revokeStaffToken(c.env.DB, {
          id,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        if (!token) throw new NotFoundError("Token");
        // Requests with the token, and sessions opened with it, are refused from now on; their feed sockets end too.
        await closeFeedSockets(c.env, { tokenId: id }, "token revoked");
        return c.json({ token });
      })
  );
}
