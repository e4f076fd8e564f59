/**
 * Staff API for incidents: one outage, its tickets, and the updates broadcast to their customers. Every
 * staff member reads, opens, resolves, tags and untags them (by id or by number, `RD-1042`), each change
 * with an audit row; only admins broadcast. Mounted under /api/staff.
 */
import { Hono } from "hono";
import * as z from "zod";
import { AppError, NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import { parseTicketNumber } from "../core/ticket";
import type { AppEnv } from "../env";
import { broadcastIncidentUpdate } from "../pipeline/broadcast";
import {
  findTicketsByRef,
  listIncidentTickets,
  tagTicketsAudited,
  untagTicketAudited,
} from "../store/incident-tickets";
import { createIncident, getIncident, listIncidents, setIncidentStatus } from "../store/incidents";
import { check, jsonBody, jsonOf } from "../web/validate";
import { requireAdmin } from "./auth";

/** A resource id (`sla_…`, `inc_…`, `ofh_…`). */
const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z]{2,4}_[a-z0-9_]+$/, "not a valid id");

/** A ticket number as people write it: `RD-1042`, `rd-1042`, `#1042`, `1042` (or the number itself). */
const TicketNumber = z.union([z.string().max(32), z.number().int().positive().max(999_999_999)]).transform((v, ctx) => {
  const n = typeof v === "number" ? v : parseTicketNumber(v);
  if (n === null || n < 1) {
    ctx.addIssue({ code: "custom", message: "not a ticket number (RD-1042 or 1042)" });
    return z.NEVER;
  }
  return n;
});

/** Tickets named by id, by number, or both. */
const TicketRefs = {
  ticketIds: z.array(Id).max(1000).optional(),
  ticketNumbers: z.array(TicketNumber).max(1000).optional(),
};

const IncidentBody = z.object({ title: z.string().trim().min(1).max(200), ...TicketRefs }).strict();
const IncidentPatchBody = z.object({ status: z.enum(["open", "resolved"]) }).strict();
const TagBody = z
  .object(TicketRefs)
  .strict()
  .refine((b) => (b.ticketIds?.length ?? 0) + (b.ticketNumbers?.length ?? 0) > 0, {
    message: "name at least one ticket (ticketIds or ticketNumbers)",
  });
const BroadcastBody = z
  .object({
    body: z.string().trim().min(1).max(4000),
    bodyZh: z.string().trim().min(1).max(4000).nullish(),
    idempotencyKey: z.string().trim().min(8).max(200).optional(),
  })
  .strict();

/**
 * The ids of the tickets named by id or number, in the order given, once each. Any that do not exist
 * fail the whole request (400 `validation_failed` naming them) before anything is written.
 */
async function resolveTickets(
  db: D1Database,
  refs: { ticketIds?: string[] | undefined; ticketNumbers?: number[] | undefined },
): Promise<string[]> {
  const ids = [...new Set(refs.ticketIds ?? [])];
  const numbers = [...new Set(refs.ticketNumbers ?? [])];
  const found = await findTicketsByRef(db, { ids, numbers });
  const byId = new Set(found.map((t) => t.id));
  const byNumber = new Map(found.map((t) => [t.number, t.id]));
  const missing = [
    ...ids.filter((id) => !byId.has(id)).map((id) => ({ path: "ticketIds", message: `no ticket ${id}` })),
    ...numbers.filter((n) => !byNumber.has(n)).map((n) => ({ path: "ticketNumbers", message: `no ticket RD-${n}` })),
  ];
  if (missing.length) throw new ValidationError("Unknown tickets", missing);
  return [...new Set([...ids, ...numbers.map((n) => byNumber.get(n) as string)])];
}

/** What a ticket's answer carries: the ids (as before) and the tickets with their numbers. */
async function ticketsOf(db: D1Database, incidentId: string) {
  const tickets = await listIncidentTickets(db, incidentId);
  return { ticketIds: tickets.map((t) => t.id), tickets };
}

export function incidentsApi() {
  return (
    new Hono<AppEnv>()
      .get("/incidents", async (c) => c.json({ incidents: await listIncidents(c.env.DB) }))
      .post("/incidents", jsonBody(IncidentBody), async (c) => {
        const body = c.req.valid("json");
        const ticketIds = await resolveTickets(c.env.DB, body);
        const now = new Date().toISOString();
        const staffId = c.get("staff").staffId;
        const incident = await createIncident(c.env.DB, {
          id: newId("inc"),
          title: body.title,
          staffId,
          auditId: newId("aud"),
          now,
        });
        await tagTicketsAudited(c.env.DB, {
          incidentId: incident.id,
          ticketIds,
          actorId: staffId,
          auditId: newId("aud"),
          now,
        });
        const tagged = await ticketsOf(c.env.DB, incident.id);
        return c.json({ incident: { ...incident, ticketCount: tagged.tickets.length }, ...tagged }, 201);
      })
      .get("/incidents/:id", async (c) => {
        const incident = await incidentOr404(c.env.DB, c.req.param("id"));
        return c.json({ incident, ...(await ticketsOf(c.env.DB, incident.id)) });
      })
      .patch("/incidents/:id", async (c) => {
        const incident = await incidentOr404(c.env.DB, c.req.param("id"));
        const body = check(IncidentPatchBody, await jsonOf(c));
        await setIncidentStatus(c.env.DB, {
          id: incident.id,
          status: body.status,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        return c.json({ incident: await getIncident(c.env.DB, incident.id) });
      })
      // Tag tickets by id and/or number (`RD-1042`, `1042`): all of them or, when one is unknown, none.
      .post("/incidents/:id/tickets", async (c) => {
        const incident = await incidentOr404(c.env.DB, c.req.param("id"));
        const body = check(TagBody, await jsonOf(c));
        const ticketIds = await resolveTickets(c.env.DB, body);
        await tagTicketsAudited(c.env.DB, {
          incidentId: incident.id,
          ticketIds,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        return c.json(await ticketsOf(c.env.DB, incident.id));
      })
      // Untag: the ticket named by its id or its number; 404 when it is not tagged with this incident.
      .delete("/incidents/:id/tickets/:ticket", async (c) => {
        const incident = await incidentOr404(c.env.DB, c.req.param("id"));
        const ticketId = await ticketIdOf(c.env.DB, c.req.param("ticket"));
        const removed = await untagTicketAudited(c.env.DB, {
          incidentId: incident.id,
          ticketId,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        if (!removed) throw new NotFoundError("Tagged ticket");
        return c.json(await ticketsOf(c.env.DB, incident.id));
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

/** The id of the ticket a path names by id or by number; 404 when there is no such ticket. */
async function ticketIdOf(db: D1Database, raw: string | undefined): Promise<string> {
  const id = Id.safeParse(raw);
  const number = raw ? parseTicketNumber(raw) : null;
  if (!id.success && number === null) throw new NotFoundError("Ticket");
  const [found] = await findTicketsByRef(db, { ids: id.success ? [id.data] : [], numbers: number ? [number] : [] });
  if (!found) throw new NotFoundError("Ticket");
  return found.id;
}
