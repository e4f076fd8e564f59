/**
 * Staff API for SLA policies: everyone reads, admins write. Mounted under /api/staff.
 */
import { Hono } from "hono";
import * as z from "zod";
import { ConflictError, NotFoundError } from "../core/errors";
import { newId } from "../core/ids";
import { CHANNELS } from "../core/inbound";
import { isValidBusinessHours } from "../core/sla";
import { PRIORITIES } from "../core/ticket";
import type { AppEnv } from "../env";
import { deleteSlaPolicy, listSlaPolicies, upsertSlaPolicy } from "../store/sla";
import { jsonBody, params } from "../web/validate";
import { requireAdmin } from "./auth";

/** A resource id (`sla_…`, `inc_…`, `ofh_…`). */
const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z]{2,4}_[a-z0-9_]+$/, "not a valid id");

const BusinessHoursBody = z
  .object({
    utcOffsetMinutes: z.number().int().min(-840).max(840),
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    end: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/),
  })
  .strict()
  .refine(isValidBusinessHours, { message: "start must be before end" });
const SlaPolicyBody = z
  .object({
    priority: z.enum(PRIORITIES),
    channel: z.enum(["*", ...CHANNELS]).default("*"),
    firstResponseMinutes: z.number().int().min(1).max(525_600),
    /** Omitted: the first-response target. */
    nextResponseMinutes: z.number().int().min(1).max(525_600).optional(),
    resolutionMinutes: z.number().int().min(1).max(525_600),
    businessHours: BusinessHoursBody.nullish(),
  })
  .strict()
  .refine((p) => p.resolutionMinutes >= p.firstResponseMinutes, {
    message: "resolutionMinutes must not be shorter than firstResponseMinutes",
    path: ["resolutionMinutes"],
  })
  .refine((p) => p.nextResponseMinutes === undefined || p.nextResponseMinutes <= p.resolutionMinutes, {
    message: "nextResponseMinutes must not be longer than resolutionMinutes",
    path: ["nextResponseMinutes"],
  });
export function slaApi() {
  return new Hono<AppEnv>()
    .on(["POST", "PUT", "PATCH", "DELETE"], ["/sla-policies", "/sla-policies/*"], requireAdmin)
    .get("/sla-policies", async (c) => c.json({ policies: await listSlaPolicies(c.env.DB) }))
    .put("/sla-policies", jsonBody(SlaPolicyBody), async (c) => {
      const body = c.req.valid("json");
      const policy = await upsertSlaPolicy(c.env.DB, {
        id: newId("sla"),
        priority: body.priority,
        channel: body.channel,
        firstResponseMinutes: body.firstResponseMinutes,
        nextResponseMinutes: body.nextResponseMinutes ?? body.firstResponseMinutes,
        resolutionMinutes: body.resolutionMinutes,
        businessHours: body.businessHours ?? null,
        now: new Date().toISOString(),
      });
      return c.json({ policy });
    })
    .delete("/sla-policies/:id", params({ id: Id }), async (c) => {
      const id = c.req.valid("param").id;
      const result = await deleteSlaPolicy(c.env.DB, id);
      if (result === "missing") throw new NotFoundError("SLA policy");
      if (result === "fallback") {
        throw new ConflictError(
          "fallback_policy",
          "The policy for all channels is every priority's fallback: edit it instead",
        );
      }
      return c.body(null, 204);
    });
}
