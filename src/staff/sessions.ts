/** Admin-only: the staff browser sessions that are live, and ending one (its open feed sockets close with it). */
import { Hono } from "hono";
import * as z from "zod";
import { NotFoundError } from "../core/errors";
import { newId } from "../core/ids";
import type { AppEnv } from "../env";
import { closeFeedSockets } from "../pipeline/feed";
import { listSessions, revokeSession } from "../store/sessions";
import { query } from "../web/validate";
import { requireAdmin } from "./auth";
import { IdParam } from "./schemas";

/** The most sessions one list shows (newest first). */
const SESSION_LIST_MAX = 500;

const SessionListQuery = z.object({ staffId: IdParam.optional() }).strict();

export function sessionsApi() {
  return (
    new Hono<AppEnv>()
      .use("/sessions", requireAdmin)
      .use("/sessions/*", requireAdmin)
      /** `{ sessions: [{ id, staffId, staffName, via, tokenId, createdAt, expiresAt, lastUsedAt }] }`: never a secret. */
      .get("/sessions", query(SessionListQuery), async (c) => {
        const q = c.req.valid("query");
        const sessions = await listSessions(c.env.DB, {
          now: new Date().toISOString(),
          staffId: q.staffId,
          limit: SESSION_LIST_MAX,
        });
        return c.json({ sessions });
      })
      /** Ends a session at once: its cookie stops working and its open feed sockets are closed. */
      .delete("/sessions/:id", async (c) => {
        const id = c.req.param("id");
        if (!IdParam.safeParse(id).success) throw new NotFoundError("Session");
        const revoked = await revokeSession(c.env.DB, {
          id,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        if (!revoked) throw new NotFoundError("Session");
        const closedSockets = await closeFeedSockets(c.env, { sessionId: id }, "session revoked");
        return c.json({ session: { id, staffId: revoked.staffId }, closedSockets });
      })
  );
}
