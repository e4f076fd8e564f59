/**
 * Staff API for the official accounts customers can check at /verify (admins change the list). Mounted under /api/staff.
 */
import { Hono } from "hono";
import * as z from "zod";
import { ConflictError, NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import { normalizeOfficialValue, OFFICIAL_KINDS } from "../core/verify";
import type { AppEnv } from "../env";
import {
  deleteOfficialHandle,
  listOfficialHandles,
  OFFICIAL_LIST_MAX,
  upsertOfficialHandle,
} from "../store/official-handles";
import { jsonBody, params } from "../web/validate";
import { requireAdmin } from "./auth";

/** A resource id (`sla_…`, `inc_…`, `ofh_…`). */
const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z]{2,4}_[a-z0-9_]+$/, "not a valid id");

const OfficialHandleBody = z
  .object({
    kind: z.enum(OFFICIAL_KINDS),
    value: z.string().trim().min(1).max(300),
    label: z.string().trim().min(1).max(100).nullish(),
  })
  .strict();
export function verificationApi() {
  return new Hono<AppEnv>()
    .on(["POST", "PUT", "PATCH", "DELETE"], ["/official-handles", "/official-handles/*"], requireAdmin)
    .get("/official-handles", async (c) => c.json({ handles: await listOfficialHandles(c.env.DB) }))
    .post("/official-handles", jsonBody(OfficialHandleBody), async (c) => {
      const body = c.req.valid("json");
      const value = normalizeOfficialValue(body.kind, body.value);
      if (!value) {
        throw new ValidationError(`Not a valid ${body.kind}`, [
          { path: "value", message: `cannot be read as a ${body.kind}` },
        ]);
      }
      const existing = await listOfficialHandles(c.env.DB);
      if (existing.length >= OFFICIAL_LIST_MAX && !existing.some((e) => e.kind === body.kind && e.value === value)) {
        throw new ConflictError("list_full", `The official list holds at most ${OFFICIAL_LIST_MAX} entries`);
      }
      const { record, created } = await upsertOfficialHandle(c.env.DB, {
        id: newId("ofh"),
        kind: body.kind,
        value,
        label: body.label ?? null,
        staffId: c.get("staff").staffId,
        now: new Date().toISOString(),
      });
      return c.json({ handle: record }, created ? 201 : 200);
    })
    .delete("/official-handles/:id", params({ id: Id }), async (c) => {
      const id = c.req.valid("param").id;
      if (!(await deleteOfficialHandle(c.env.DB, id))) throw new NotFoundError("Official handle");
      return c.body(null, 204);
    });
}
