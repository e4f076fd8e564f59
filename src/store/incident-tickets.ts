/**
 * The tickets of an incident as admins handle them: finding tickets by id or number, listing an
 * incident's tickets with their numbers, and tagging / untagging with an audit row in the same batch.
 */
import { formatTicketNumber, type TicketStatus } from "../core/ticket";
import { auditStatement } from "./audit";

export interface IncidentTicket {
  id: string;
  /** `RD-1042` */
  number: string;
  status: TicketStatus;
}

/** The tickets that exist among the ids and numbers given (one query). */
export async function findTicketsByRef(
  db: D1Database,
  refs: { ids: readonly string[]; numbers: readonly number[] },
): Promise<Array<{ id: string; number: number }>> {
  if (!refs.ids.length && !refs.numbers.length) return [];
  const { results } = await db
    .prepare(
      `SELECT id, number FROM tickets
        WHERE id IN (SELECT value FROM json_each(?1)) OR number IN (SELECT value FROM json_each(?2))`,
    )
    .bind(JSON.stringify(refs.ids), JSON.stringify(refs.numbers))
    .all<{ id: string; number: number }>();
  return results;
}

/** An incident's tickets, in the order they were added, with their numbers and statuses. */
export async function listIncidentTickets(db: D1Database, incidentId: string): Promise<IncidentTicket[]> {
  const { results } = await db
    .prepare(
      `SELECT t.id, t.number, t.status FROM incident_tickets it JOIN tickets t ON t.id = it.ticket_id
        WHERE it.incident_id = ?1 ORDER BY it.added_at, t.number`,
    )
    .bind(incidentId)
    .all<{ id: string; number: number; status: TicketStatus }>();
  return results.map((r) => ({ id: r.id, number: formatTicketNumber(r.number), status: r.status }));
}

interface Actor {
  actorId: string;
  auditId: string;
  now: string;
}

/**
 * Tags existing tickets (already checked by the caller) with the incident, in one batch with its
 * audit row; tagging a ticket twice is harmless.
 */
export async function tagTicketsAudited(
  db: D1Database,
  args: Actor & { incidentId: string; ticketIds: readonly string[] },
): Promise<void> {
  if (!args.ticketIds.length) return;
  await db.batch([
    db
      .prepare(
        `INSERT INTO incident_tickets (incident_id, ticket_id, added_at)
         SELECT ?1, t.id, ?3 FROM tickets t WHERE t.id IN (SELECT value FROM json_each(?2))
         ON CONFLICT (incident_id, ticket_id) DO NOTHING`,
      )
      .bind(args.incidentId, JSON.stringify(args.ticketIds), args.now),
    db.prepare("UPDATE incidents SET updated_at = ?2 WHERE id = ?1").bind(args.incidentId, args.now),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: "incident.tag",
      targetType: "incident",
      targetId: args.incidentId,
      detail: { ticketIds: args.ticketIds },
      now: args.now,
    }),
  ]);
}

/** Removes a ticket from an incident, with its audit row; false (and nothing written) when it was not tagged. */
export async function untagTicketAudited(
  db: D1Database,
  args: Actor & { incidentId: string; ticketId: string },
): Promise<boolean> {
  const [, del] = await db.batch([
    db
      .prepare(
        `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
         SELECT ?1, ?2, 'incident.untag', 'incident', ?3, json_object('ticketId', ?4), ?5
          WHERE EXISTS (SELECT 1 FROM incident_tickets WHERE incident_id = ?3 AND ticket_id = ?4)`,
      )
      .bind(args.auditId, args.actorId, args.incidentId, args.ticketId, args.now),
    db
      .prepare("DELETE FROM incident_tickets WHERE incident_id = ?1 AND ticket_id = ?2")
      .bind(args.incidentId, args.ticketId),
    db.prepare("UPDATE incidents SET updated_at = ?2 WHERE id = ?1 AND changes() > 0").bind(args.incidentId, args.now),
  ]);
  return (del?.meta.changes ?? 0) > 0;
}
