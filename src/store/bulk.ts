/**
 * Bulk ticket changes (assign, status, tags, merge) in ONE batch: D1 runs a batch as one transaction,
 * and its first statement fails the batch when any chosen ticket changed since it was read, so a bulk
 * change applies to every ticket or to none.
 */
import type { BulkChange, BulkTarget } from "../core/bulk";
import { formatTicketNumber, type TicketStatus } from "../core/ticket";
import { sameCustomerSql, unprovenTicketSql } from "./merge";

interface TargetRow {
  id: string;
  number: number;
  status: TicketStatus;
  assignee_id: string | null;
  tags: string;
  merged_into_id: string | null;
  updated_at: string;
  first_response_at: string | null;
  same_customer: number | null;
  unproven: number | null;
}

/**
 * The chosen tickets (those that exist) and, for an assignment, whether the assignee is an active staff
 * member, in one read batch. `intoId`: a merge's target (each ticket then says whether it is that
 * target's customer's, and whether nothing proves it or the target is that customer's).
 */
export async function readBulkTargets(
  db: D1Database,
  args: { ids: string[]; intoId?: string; assigneeId?: string | null },
): Promise<{ targets: BulkTarget[]; assigneeActive: boolean }> {
  const same = args.intoId ? sameCustomerSql("t.id", "?2") : "NULL";
  const unproven = args.intoId ? `(${unprovenTicketSql("t.id")} OR ${unprovenTicketSql("?2")})` : "NULL";
  const [tickets, staff] = await db.batch([
    db
      .prepare(
        `SELECT t.id, t.number, t.status, t.assignee_id, t.tags, t.merged_into_id, t.updated_at, t.first_response_at,
                ${same} AS same_customer, ${unproven} AS unproven
           FROM tickets t WHERE t.id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(...(args.intoId ? [JSON.stringify(args.ids), args.intoId] : [JSON.stringify(args.ids)])),
    db
      .prepare("SELECT COUNT(*) AS n FROM staff_users WHERE id = ?1 AND disabled_at IS NULL")
      .bind(args.assigneeId ?? null),
  ]);
  const targets = ((tickets?.results ?? []) as TargetRow[]).map(
    (r): BulkTarget => ({
      id: r.id,
      number: formatTicketNumber(r.number),
      status: r.status,
      assigneeId: r.assignee_id,
      tags: parseTags(r.tags),
      mergedIntoId: r.merged_into_id,
      updatedAt: r.updated_at,
      firstResponseAt: r.first_response_at,
      ...(args.intoId ? { sameCustomerAsTarget: r.same_customer === 1, unprovenWithTarget: r.unproven === 1 } : {}),
    }),
  );
  return { targets, assigneeActive: ((staff?.results[0] as { n: number } | undefined)?.n ?? 0) > 0 };
}

function parseTags(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

/** Thrown (and caught here) when a chosen ticket changed between the read and the write. */
const STALE = "bulk: tickets changed meanwhile";

/**
 * A statement that fails the whole batch unless every ticket in `seen` still has the `updatedAt` it
 * was read with and is not merged. SQLite has no RAISE outside triggers; `json()` of a non-JSON
 * text is an error, which is what makes the batch roll back.
 */
function unchangedSince(
  db: D1Database,
  seen: ReadonlyArray<Pick<BulkTarget, "id" | "updatedAt">>,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT json(CASE WHEN (SELECT COUNT(*) FROM tickets t JOIN json_each(?1) j
                ON t.id = j.value ->> '$[0]' AND t.updated_at = j.value ->> '$[1]' AND t.merged_into_id IS NULL) = ?2
              THEN '1' ELSE '${STALE}' END) AS ok`,
    )
    .bind(JSON.stringify(seen.map((t) => [t.id, t.updatedAt])), seen.length);
}

/** An audit row per entry (`detail` already JSON), in one statement. */
function auditRows(
  db: D1Database,
  actorId: string,
  now: string,
  rows: Array<{ id: string; action: string; targetId: string; detail: unknown }>,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
       SELECT j.value ->> '$.id', ?2, j.value ->> '$.action', 'ticket', j.value ->> '$.targetId', j.value ->> '$.detail', ?3
         FROM json_each(?1) j`,
    )
    .bind(JSON.stringify(rows.map((r) => ({ ...r, detail: JSON.stringify(r.detail) }))), actorId, now);
}

/** Runs a bulk batch; false when a chosen ticket changed meanwhile (nothing was written). */
async function runAllOrNothing(db: D1Database, statements: D1PreparedStatement[]): Promise<boolean> {
  try {
    await db.batch(statements);
    return true;
  } catch (err) {
    if (String((err as Error | null)?.message ?? err).includes("malformed JSON")) return false;
    throw err;
  }
}

/**
 * Applies one kind of change (the same assignee, the same status, or each ticket's new tags) to every
 * ticket of `changes`, with an audit row (`ticket.update`, `bulk: true`) per ticket.
 */
export async function applyBulkUpdate(
  db: D1Database,
  args: {
    seen: BulkTarget[];
    changes: BulkChange[];
    /** The request's action, recorded in each audit row. */
    detail: Record<string, unknown>;
    actorId: string;
    auditIds: string[];
    now: string;
  },
): Promise<boolean> {
  const { changes, now } = args;
  const ids = JSON.stringify(changes.map((c) => c.id));
  const first = changes[0];
  const statements = [unchangedSince(db, args.seen)];
  if (first?.status !== undefined) {
    const sets = ["status = ?2", "updated_at = ?3"];
    if (first.status === "resolved") sets.push("resolved_at = ?3");
    else if (first.status !== "closed") sets.push("resolved_at = NULL");
    if (first.status === "closed") sets.push("closed_at = ?3");
    statements.push(
      db
        .prepare(`UPDATE tickets SET ${sets.join(", ")} WHERE id IN (SELECT value FROM json_each(?1))`)
        .bind(ids, first.status, now),
    );
  } else if (first?.assigneeId !== undefined) {
    statements.push(
      db
        .prepare("UPDATE tickets SET assignee_id = ?2, updated_at = ?3 WHERE id IN (SELECT value FROM json_each(?1))")
        .bind(ids, first.assigneeId, now),
    );
  } else if (first?.tags !== undefined) {
    // Each ticket its own tag list: `{ id: [tags] }`; the ticket_tags triggers (0016) follow.
    const byId = JSON.stringify(Object.fromEntries(changes.map((c) => [c.id, c.tags ?? []])));
    statements.push(
      db
        .prepare(
          `UPDATE tickets SET tags = (SELECT j.value FROM json_each(?1) j WHERE j.key = tickets.id), updated_at = ?2
            WHERE id IN (SELECT key FROM json_each(?1))`,
        )
        .bind(byId, now),
    );
  }
  statements.push(
    auditRows(
      db,
      args.actorId,
      now,
      changes.map((c, i) => ({
        id: args.auditIds[i] ?? "",
        action: "ticket.update",
        targetId: c.id,
        detail: { ...args.detail, ...(c.tags ? { tags: c.tags } : {}), bulk: true },
      })),
    ),
  );
  return runAllOrNothing(db, statements);
}

/**
 * Merges every source into `intoId` the way `mergeTickets` merges one (messages move and keep their
 * origin, earlier merges re-point, sources close), with the two audit rows of a merge per source.
 * `differentCustomers`: the sources that are another customer's, `unprovenSenders`: those nothing proves are the
 * target's customer's (an admin confirmed both).
 */
export async function applyBulkMerge(
  db: D1Database,
  args: {
    seen: BulkTarget[];
    intoId: string;
    sourceIds: string[];
    differentCustomers: ReadonlySet<string>;
    unprovenSenders: ReadonlySet<string>;
    actorId: string;
    auditIds: string[];
    now: string;
  },
): Promise<boolean> {
  const { intoId, now } = args;
  const sources = JSON.stringify(args.sourceIds);
  const mark = (id: string) =>
    args.differentCustomers.has(id)
      ? { differentCustomers: true }
      : args.unprovenSenders.has(id)
        ? { unprovenSender: true }
        : {};
  return runAllOrNothing(db, [
    unchangedSince(db, args.seen),
    db
      .prepare(
        `UPDATE messages SET ticket_id = ?2, origin_ticket_id = COALESCE(origin_ticket_id, ticket_id)
          WHERE ticket_id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(sources, intoId),
    db
      .prepare("UPDATE tickets SET merged_into_id = ?2 WHERE merged_into_id IN (SELECT value FROM json_each(?1))")
      .bind(sources, intoId),
    db
      .prepare(
        `UPDATE tickets SET status = 'closed', closed_at = COALESCE(closed_at, ?3), merged_into_id = ?2, updated_at = ?3
          WHERE id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(sources, intoId, now),
    db
      .prepare(
        `UPDATE tickets SET updated_at = ?2,
            last_customer_at = (SELECT MAX(created_at) FROM messages WHERE ticket_id = ?1 AND direction = 'in')
          WHERE id = ?1`,
      )
      .bind(intoId, now),
    auditRows(
      db,
      args.actorId,
      now,
      args.sourceIds.flatMap((id, i) => [
        {
          id: args.auditIds[2 * i] ?? "",
          action: "ticket.merge",
          targetId: id,
          detail: { intoId, ...mark(id), bulk: true },
        },
        {
          id: args.auditIds[2 * i + 1] ?? "",
          action: "ticket.merged_into",
          targetId: intoId,
          detail: { fromId: id, ...mark(id), bulk: true },
        },
      ]),
    ),
  ]);
}
