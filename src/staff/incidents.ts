/**
 * Staff API for incidents: one outage, its tickets, and the updates broadcast to their customers (admins broadcast). Mounted under /api/staff.
 */
import { Hono } from "hono";
import * as z from "zod";
import { AppError, NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import type { AppEnv } from "../env";
import { broadcastIncidentUpdate } from "../pipeline/broadcast";
import {
  createIncident,
  getIncident,
  listIncidents,
  listIncidentTicketIds,
  setIncidentStatus,
  tagIncidentTickets,
  untagIncidentTicket,
} from "../store/incidents";
import { check, jsonBody, jsonOf } from "../web/validate";
import { requireAdmin } from "./auth";

/** A resource id (`sla_…`, `inc_…`, `ofh_…`). */
const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z]{2,4}_[a-z0-9_]+$/, "not a valid id");

const IncidentBody = z
  .object({ title: z.string().trim().min(1).max(200), ticketIds: z.array(Id).max(1000).optional() })
  .strict();
const IncidentPatchBody = z.object({ status: z.enum(["open", "resolved"]) }).strict();
const TagBody = z.object({ ticketIds: z.array(Id).min(1).max(1000) }).strict();
const BroadcastBody = z
  .object({
    body: z.string().trim().min(1).max(4000),
    bodyZh: z.string().trim().min(1).max(4000).nullish(),
    idempotencyKey: z.string().trim().min(8).max(200).optional(),
  })
  .strict();

export function incidentsApi() {
  return (
    new Hono<AppEnv>()
      .get("/incidents", async (c) => c.json({ incidents: await listIncidents(c.env.DB) }))
      .post("/incidents", jsonBody(IncidentBody), async (c) => {
        const body = c.req.valid("json");
        const now = new Date().toISOString();
        const incident = await createIncident(c.env.DB, {
          id: newId("inc"),
          title: body.title,
          staffId: c.get("staff").staffId,
          now,
        });
        const ticketIds = await tagIncidentTickets(c.env.DB, {
          incidentId: incident.id,
          ticketIds: body.ticketIds ?? [],
          now,
        });
        return c.json({ incident: { ...incident, ticketCount: ticketIds.length }, ticketIds }, 201);
      })
      .get("/incidents/:id", async (c) => {
        const incident = await incidentOr404(c.env.DB, c.req.param("id"));
        return c.json({ incident, ticketIds: await listIncidentTicketIds(c.env.DB, incident.id) });
      })
      .patch("/incidents/:id", async (c) => {
        const incident = await incidentOr404(c.env.DB, c.req.param("id"));
        const body = check(IncidentPatchBody, await jsonOf(c));
        await setIncidentStatus(c.env.DB, { id: incident.id, status: body.status, now: new Date().toISOString() });
        return c.json({ incident: await getIncident(c.env.DB, incident.id) });
      })
      .post("/incidents/:id/tickets", async (c) => {
        const incident = await incidentOr404(c.env.DB, c.req.param("id"));
        const body = check(TagBody, await jsonOf(c));
        const tagged = await tagIncidentTickets(c.env.DB, {
          incidentId: incident.id,
          ticketIds: body.ticketIds,
          now: new Date().toISOString(),
        });
        const unknown = body.ticketIds.filter((id) => !tagged.includes(id));
        if (unknown.length) {
          throw new ValidationError(
            "Unknown tickets",
            unknown.map((id) => ({ path: "ticketIds", message: `no ticket ${id}` })),
          );
        }
        return c.json({ ticketIds: await listIncidentTicketIds(c.env.DB, incident.id) });
      })
      .delete("/incidents/:id/tickets/:ticketId", async (c) => {
        const incident = await incidentOr404(c.env.DB, c.req.param("id"));
        const ticketId = check(Id, c.req.param("ticketId"));
        if (!(await untagIncidentTicket(c.env.DB, { incidentId: incident.id, ticketId }))) {
          throw new NotFoundError("Tagged ticket");
        }
        return c.body(null, 204);
      })
      // One update to every tagged ticket through its own channel: admins only (it speaks to many customers at once).
      // Idempotency-Key (header or body) is required: a retried request returns the first broadcast (200) instead of
      // sending again.
      .post("/incidents/:id/broadcasts", requireAdmin, async (c) => {
        const incident = await incidentOr404(c.env.DB, c.req.param("id"));
        const body = check(BroadcastBody, await jsonOf(c));
        const key = (c.req.header("Idempotency-Key") ?? body.idempotencyKey ?? "").trim();
        if (key.length < 8 || key.length > 200) {
          throw new AppError(400, "idempotency_key_required", "Send an Idempotency-Key header (8-200 characters)");
        }
        const { broadcast, created } = await broadcastIncidentUpdate(
          { env: c.env, waitUntil: (p) => c.executionCtx.waitUntil(p) },
          {
            incidentId: incident.id,
            idempotencyKey: key,
            body: body.body,
            bodyZh: body.bodyZh ?? null,
            staffId: c.get("staff").staffId,
          },
        );
        return c.json({ broadcast }, created ? 201 : 200);
      })
  );
}

async function incidentOr404(db: D1Database, raw: string | undefined) {
  if (!raw || !Id.safeParse(raw).success) throw new NotFoundError("Incident");
  const incident = await getIncident(db, raw);
  if (!incident) throw new NotFoundError("Incident");
  return incident;
}
