/**
 * Staff API for auto-assign (admins only): the desk's setting and who is online for it right now.
 * Mounted under /api/staff. The assigning itself happens in the FeedHub (src/feed/auto-assign.ts).
 */
import { Hono } from "hono";
import * as z from "zod";
import { MAX_OPEN_CAP } from "../core/auto-assign";
import { newId } from "../core/ids";
import { BOOTSTRAP_STAFF_ID } from "../core/staff";
import type { AppEnv } from "../env";
import type { OnlineStaff } from "../feed/hub";
import { logError } from "../log";
import { feedHub } from "../pipeline/feed";
import { getAutoAssignSettings, putAutoAssignSettings } from "../store/auto-assign";
import { jsonBody } from "../web/validate";
import { requireAdmin } from "./auth";

const AutoAssignBody = z
  .object({
    enabled: z.boolean(),
    /** Active tickets an agent may hold before auto-assign skips them; null (or absent) for no cap. */
    maxOpenPerAgent: z.number().int().min(1).max(MAX_OPEN_CAP).nullish(),
  })
  .strict();

/** Who has the feed open (and who said "away"); null when the hub cannot be asked (the setting still shows). */
async function onlineNow(env: AppEnv["Bindings"]): Promise<OnlineStaff[] | null> {
  try {
    // The bootstrap admin's sockets are setup, not a person who takes tickets.
    return (await feedHub(env).onlineStaff()).filter((o) => o.staffId !== BOOTSTRAP_STAFF_ID);
  } catch (err) {
    logError("auto-assign: online staff unavailable", { error: String(err) });
    return null;
  }
}

export function autoAssignApi() {
  return new Hono<AppEnv>()
    .use("/auto-assign", requireAdmin)
    .get("/auto-assign", async (c) =>
      c.json({ autoAssign: await getAutoAssignSettings(c.env.DB), online: await onlineNow(c.env) }),
    )
    .put("/auto-assign", jsonBody(AutoAssignBody), async (c) => {
      const body = c.req.valid("json");
      const autoAssign = await putAutoAssignSettings(c.env.DB, {
        enabled: body.enabled,
        maxOpenPerAgent: body.maxOpenPerAgent ?? null,
        actorId: c.get("staff").staffId,
        auditId: newId("aud"),
        now: new Date().toISOString(),
      });
      return c.json({ autoAssign, online: await onlineNow(c.env) });
    });
}
