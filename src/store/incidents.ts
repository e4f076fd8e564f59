/** Incidents, the tickets tagged with them, and broadcasts (one outbound message per tagged ticket). */
import { auditStatement } from "./audit";

export interface Incident {
  id: string;
  title: string;
  status: "open" | "resolved";
  ticketCount: number;
  createdAt: string;
  updatedAt: string;
}

interface IncidentRow {
  id: string;
  title: string;
  status: "open" | "resolved";
  ticket_count: number;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: IncidentRow): Incident => ({
  id: r.id,
  title: r.title,
  status: r.status,
  ticketCount: r.ticket_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const SELECT = `SELECT i.id, i.title, i.status, i.created_at, i.updated_at,
    (SELECT COUNT(*) FROM incident_tickets it WHERE it.incident_id = i.id) AS ticket_count FROM incidents i`;

/** Opens an incident, with its audit row in the same batch. */
export async function createIncident(
  db: D1Database,
  args: { id: string; title: string; staffId: string; auditId: string; now: string },
): Promise<Incident> {
  await db.batch([
    db
      .prepare(
        "INSERT INTO incidents (id, title, status, created_by, created_at, updated_at) VALUES (?1, ?2, 'open', ?3, ?4, ?4)",
      )
      .bind(args.id, args.title, args.staffId, args.now),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.staffId,
      action: "incident.create",
      targetType: "incident",
      targetId: args.id,
      detail: { title: args.title },
      now: args.now,
    }),
  ]);
  return (await getIncident(db, args.id)) as Incident;
}

export async function getIncident(db: D1Database, id: string): Promise<Incident | null> {
  const row = await db.prepare(`${SELECT} WHERE i.id = ?1`).bind(id).first<IncidentRow>();
  return row ? fromRow(row) : null;
}

/** The newest incidents first. */
export async function listIncidents(db: D1Database, limit = 100): Promise<Incident[]> {
  const { results } = await db.prepare(`${SELECT} ORDER BY i.created_at DESC LIMIT ?1`).bind(limit).all<IncidentRow>();
  return results.map(fromRow);
}

/** Resolves or reopens an incident, with its audit row. */
export async function setIncidentStatus(
  db: D1Database,
  args: { id: string; status: "open" | "resolved"; actorId: string; auditId: string; now: string },
): Promise<boolean> {
  const [res] = await db.batch([
    db.prepare("UPDATE incidents SET status = ?2, updated_at = ?3 WHERE id = ?1").bind(args.id, args.status, args.now),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: "incident.status",
      targetType: "incident",
      targetId: args.id,
      detail: { status: args.status },
      now: args.now,
    }),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}

export interface Broadcast {
  id: string;
  incidentId: string;
  body: string;
  bodyZh: string | null;
  createdAt: string;
  /** One per reached ticket. */
  messages: Array<{ ticketId: string; messageId: string }>;
}

/**
 * Sends one update to every tagged ticket that can still be answered (not closed): one queued
 * staff message per ticket, all in one batch. The same idempotency key for the same incident
 * returns the first broadcast and writes nothing (`created: false`).
 */
export async function createBroadcast(
  db: D1Database,
  args: {
    id: string;
    incidentId: string;
    idempotencyKey: string;
    body: string;
    bodyZh: string | null;
    staffId: string;
    now: string;
  },
): Promise<{ broadcast: Broadcast; created: boolean }> {
  const a = args;
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO incident_broadcasts (id, incident_id, idempotency_key, body, body_zh, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (incident_id, idempotency_key) DO NOTHING RETURNING id`,
      )
      .bind(a.id, a.incidentId, a.idempotencyKey, a.body, a.bodyZh, a.staffId, a.now),
    db
      .prepare(
        `INSERT INTO broadcast_messages (broadcast_id, ticket_id, message_id)
         SELECT ?1, it.ticket_id, 'msg_' || lower(hex(randomblob(12)))
           FROM incident_tickets it JOIN tickets t ON t.id = it.ticket_id
          WHERE it.incident_id = ?2 AND t.status <> 'closed'
            AND EXISTS (SELECT 1 FROM incident_broadcasts WHERE id = ?1)`,
      )
      .bind(a.id, a.incidentId),
    db
      .prepare(
        `INSERT INTO messages (id, ticket_id, direction, author, author_staff_id, channel, body, delivery_status,
            next_attempt_at, created_at)
         SELECT bm.message_id, bm.ticket_id, 'out', 'staff', ?2, t.channel,
            CASE WHEN t.language = 'zh' AND ?4 IS NOT NULL THEN ?4 ELSE ?3 END, 'queued', ?5, ?5
           FROM broadcast_messages bm JOIN tickets t ON t.id = bm.ticket_id
          WHERE bm.broadcast_id = ?1 AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = bm.message_id)`,
      )
      .bind(a.id, a.staffId, a.body, a.bodyZh, a.now),
    db
      .prepare(
        `UPDATE tickets SET updated_at = ?2
          WHERE id IN (SELECT ticket_id FROM broadcast_messages WHERE broadcast_id = ?1)
            AND EXISTS (SELECT 1 FROM incident_broadcasts WHERE id = ?1 AND created_at = ?2)`,
      )
      .bind(a.id, a.now),
  ]);
  const broadcast = await getBroadcastByKey(db, a.incidentId, a.idempotencyKey);
  if (!broadcast) throw new Error("broadcast not found after insert");
  return { broadcast, created: Boolean(inserted?.results.length) };
}

async function getBroadcastByKey(db: D1Database, incidentId: string, key: string): Promise<Broadcast | null> {
  const [b, m] = await db.batch([
    db
      .prepare(
        `SELECT id, incident_id, body, body_zh, created_at FROM incident_broadcasts
          WHERE incident_id = ?1 AND idempotency_key = ?2`,
      )
      .bind(incidentId, key),
    db
      .prepare(
        `SELECT bm.ticket_id, bm.message_id FROM broadcast_messages bm
           JOIN incident_broadcasts b ON b.id = bm.broadcast_id
          WHERE b.incident_id = ?1 AND b.idempotency_key = ?2 ORDER BY bm.ticket_id`,
      )
      .bind(incidentId, key),
  ]);
  const row = b?.results[0] as
    | { id: string; incident_id: string; body: string; body_zh: string | null; created_at: string }
    | undefined;
  if (!row) return null;
  return {
    id: row.id,
    incidentId: row.incident_id,
    body: row.body,
    bodyZh: row.body_zh,
    createdAt: row.created_at,
    messages: ((m?.results ?? []) as Array<{ ticket_id: string; message_id: string }>).map((r) => ({
      ticketId: r.ticket_id,
      messageId: r.message_id,
    })),
  };
}
