/**
 * Staff API for operations, mounted under /api/staff: the official-accounts list (admin),
 * SLA policies (admin), metrics, incidents and their broadcasts.
 */
import { Hono } from "hono";
import * as z from "zod";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import { CHANNELS } from "../core/inbound";
import { computeMetrics } from "../core/metrics";
import { isValidBusinessHours } from "../core/sla";
import { PRIORITIES } from "../core/ticket";
import { normalizeOfficialValue, OFFICIAL_KINDS } from "../core/verify";
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
import { listMetricsTickets } from "../store/metrics";
import { deleteSlaPolicy, listSlaPolicies, upsertSlaPolicy } from "../store/sla";
import { deleteOfficialHandle, listOfficialHandles, OFFICIAL_LIST_MAX, upsertOfficialHandle } from "../store/verify";
import { check, jsonBody, jsonOf, params, query } from "../web/validate";
import { requireAdmin } from "./auth";

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
    resolutionMinutes: z.number().int().min(1).max(525_600),
    businessHours: BusinessHoursBody.nullish(),
  })
  .strict()
  .refine((p) => p.resolutionMinutes >= p.firstResponseMinutes, {
    message: "resolutionMinutes must not be shorter than firstResponseMinutes",
    path: ["resolutionMinutes"],
  });

const DAY_MS = 86_400_000;
/** The longest period one metrics request may cover. */
export const METRICS_MAX_DAYS = 366;

const Instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
export const MetricsQuery = z.object({ from: Instant.optional(), to: Instant.optional() }).strict();

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

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period of a metrics request: `from`/`to` as ISO 8601 instants or UTC dates (a `to` date
 * includes that whole day), by default the 30 days up to now. Half-open: [from, to).
 */
export function metricsRange(
  q: { from?: string | undefined; to?: string | undefined },
  now: Date,
): { from: string; to: string } {
  const to = q.to ? new Date(DATE_ONLY.test(q.to) ? Date.parse(`${q.to}T00:00:00Z`) + DAY_MS : Date.parse(q.to)) : now;
  const from = q.from
    ? new Date(DATE_ONLY.test(q.from) ? `${q.from}T00:00:00Z` : q.from)
    : new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new ValidationError("The period is empty", [{ path: "from", message: "from must be before to" }]);
  }
  if (to.getTime() - from.getTime() > METRICS_MAX_DAYS * DAY_MS) {
    throw new ValidationError("The period is too long", [
      { path: "from", message: `at most ${METRICS_MAX_DAYS} days` },
    ]);
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

/** Metrics of a period, as the API and the metrics page show them. */
export async function metricsFor(db: D1Database, range: { from: string; to: string }, now: Date) {
  const { tickets, truncated } = await listMetricsTickets(db, range);
  return { ...computeMetrics(tickets, range, now), truncated };
}

export function opsApi() {
  return (
    new Hono<AppEnv>()
      .on(
        ["POST", "PUT", "PATCH", "DELETE"],
        ["/official-handles", "/official-handles/*", "/sla-policies", "/sla-policies/*"],
        requireAdmin,
      )
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
      })
      .get("/sla-policies", async (c) => c.json({ policies: await listSlaPolicies(c.env.DB) }))
      .put("/sla-policies", jsonBody(SlaPolicyBody), async (c) => {
        const body = c.req.valid("json");
        const policy = await upsertSlaPolicy(c.env.DB, {
          id: newId("sla"),
          priority: body.priority,
          channel: body.channel,
          firstResponseMinutes: body.firstResponseMinutes,
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
      })
      .get("/metrics", query(MetricsQuery), async (c) => {
        const now = new Date();
        const range = metricsRange(c.req.valid("query"), now);
        return c.json({ metrics: await metricsFor(c.env.DB, range, now) });
      })
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
