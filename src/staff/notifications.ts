/**
 * The caller's own notification settings: `GET /me/notifications` and `PUT /me/notifications` (every switch off
 * until the agent turns it on). Only ever the caller's row: there is no staff id in the path or the body.
 */
import { Hono } from "hono";
import * as z from "zod";
import { newId } from "../core/ids";
import { NOTIFY_KINDS, type NotifyKind } from "../core/notify";
import type { AppEnv } from "../env";
import { getNotificationSettings, saveNotificationSettings } from "../store/notification-settings";
import { jsonBody } from "../web/validate";

const Switches = z
  .object(
    Object.fromEntries(NOTIFY_KINDS.map((k) => [k, z.boolean().optional()])) as Record<
      NotifyKind,
      z.ZodOptional<z.ZodBoolean>
    >,
  )
  .strict();

/** Any of the switches, per channel; the ones left out keep their saved value. */
export const NotificationSettingsBody = z
  .object({ desktop: Switches.optional(), sound: Switches.optional() })
  .strict()
  .refine((b) => b.desktop !== undefined || b.sound !== undefined, { message: "give desktop and/or sound" });

/** Mounted inside the staff API, behind its staff guard. */
export function notificationsApi() {
  return new Hono<AppEnv>()
    .get("/me/notifications", async (c) =>
      c.json({ settings: await getNotificationSettings(c.env.DB, c.get("staff").staffId) }),
    )
    .put("/me/notifications", jsonBody(NotificationSettingsBody), async (c) => {
      const staffId = c.get("staff").staffId;
      const body = c.req.valid("json");
      const current = await getNotificationSettings(c.env.DB, staffId);
      const merged = {
        desktop: { ...current.desktop },
        sound: { ...current.sound },
      };
      for (const ch of ["desktop", "sound"] as const) {
        for (const k of NOTIFY_KINDS) {
          const v = body[ch]?.[k];
          if (typeof v === "boolean") merged[ch][k] = v;
        }
      }
      const settings = await saveNotificationSettings(c.env.DB, {
        staffId,
        settings: merged,
        auditId: newId("aud"),
        now: new Date().toISOString(),
      });
      return c.json({ settings });
    });
}
