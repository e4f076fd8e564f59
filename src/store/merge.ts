/** Merging one ticket into another: messages move, the source closes and points at the target. */
import { FAILED_IDENTITY_PREFIX, UNVERIFIED_IDENTITY_PREFIX } from "../core/ticket";
import type { auditStatement } from "./audit";

export type MergeOutcome =
  | "merged"
  | "source_missing"
  | "target_missing"
  | "source_merged"
  | "target_closed"
  | "different_customers"
  | "unproven_sender";

/**
 * Moves every message of `sourceId` into `intoId`, closes the source with `merged_into_id`,
 * re-points tickets merged into the source earlier, and records an audit row on both, in one
 * batch. Every statement repeats the guard, so a concurrent merge or close makes it a no-op.
 * Tickets of two different contacts merge only with `differentCustomers` (an admin's explicit
 * confirmation); messages keep their origin either way, so each customer still sees and receives
 * only their own conversation. So do one contact's tickets when nothing proves a ticket is that
 * customer's (`unprovenTicketSql`): then a forger and the customer are one contact for us.
 */
export async function mergeTickets(
  db: D1Database,
  args: {
    sourceId: string;
    intoId: string;
    actorId: string;
    auditIds: [string, string];
    now: string;
    differentCustomers?: boolean;
  },
): Promise<MergeOutcome> {
  const { sourceId, intoId, now } = args;
  const allowDifferent = args.differentCustomers ? 1 : 0;
  const state = await readMergeState(db, sourceId, intoId);
  const refused = refusal(state, allowDifferent === 1);
  if (refused) return refused;

  // ?1 source, ?2 target, ?3 now, ?4 whether different contacts may merge
  const guard = `EXISTS (SELECT 1 FROM tickets WHERE id = ?1 AND merged_into_id IS NULL)
    AND EXISTS (SELECT 1 FROM tickets WHERE id = ?2 AND status <> 'closed' AND merged_into_id IS NULL)
    AND (?4 OR (${SAME_CUSTOMER} AND NOT ${UNPROVEN}))`;
  const done = "EXISTS (SELECT 1 FROM tickets WHERE id = ?1 AND merged_into_id = ?2)";
  const results = await db.batch([
    // The messages move; their origin (the conversation they belong to) stays.
    db
      .prepare(
        `UPDATE messages SET ticket_id = ?2, origin_ticket_id = COALESCE(origin_ticket_id, ticket_id)
          WHERE ticket_id = ?1 AND ${guard}`,
      )
      .bind(sourceId, intoId, now, allowDifferent),
    db
      .prepare(`UPDATE tickets SET merged_into_id = ?2 WHERE merged_into_id = ?1 AND ${guard}`)
      .bind(sourceId, intoId, now, allowDifferent),
    db
      .prepare(
        `UPDATE tickets SET status = 'closed', closed_at = COALESCE(closed_at, ?3), merged_into_id = ?2, updated_at = ?3
          WHERE id = ?1 AND ${guard}`,
      )
      .bind(sourceId, intoId, now, allowDifferent),
    // The target's activity time and its oldest still-unanswered customer message move with the merge.
    db
      .prepare(
        `UPDATE tickets SET updated_at = ?3,
            last_customer_at = (SELECT MAX(created_at) FROM messages WHERE ticket_id = ?2 AND direction = 'in')
          WHERE id = ?2 AND ${done}`,
      )
      .bind(sourceId, intoId, now),
    guardedAudit(db, done, sourceId, intoId, {
      id: args.auditIds[0],
      actorId: args.actorId,
      action: "ticket.merge",
      targetType: "ticket",
      targetId: sourceId,
      detail: { intoId, ...confirmed(state) },
      now,
    }),
    guardedAudit(db, done, sourceId, intoId, {
      id: args.auditIds[1],
      actorId: args.actorId,
      action: "ticket.merged_into",
      targetType: "ticket",
      targetId: intoId,
      detail: { fromId: sourceId, ...confirmed(state) },
      now,
    }),
  ]);
  if ((results[2]?.meta.changes ?? 0) > 0) return "merged";
  // Nothing moved: a concurrent merge or close won, or a contact changed in between; say which.
  return refusal(await readMergeState(db, sourceId, intoId), allowDifferent === 1) ?? "source_merged";
}

/**
 * A conversation others read along (a Telegram group, whose chat ids are negative; a Discord server
 * thread): its ticket's contact is only whoever wrote first, not the group.
 */
const SHARED_CONVERSATION = "(conversation_key LIKE 'telegram:-%' OR conversation_key LIKE 'discord:thread:%')";

/** SHARED_CONVERSATION for one conversation key, outside SQL (an archived conversation's messages). */
export function isSharedConversation(conversationKey: string): boolean {
  return conversationKey.startsWith("telegram:-") || conversationKey.startsWith("discord:thread:");
}

/**
 * SQL over two ticket ids (source and target, as SQL expressions): one customer's two tickets. The same contact, and not a
 * group's ticket beside a person's (a group ticket's contact is its first writer: merging it
 * with that person's private ticket would put their private conversation beside the group's).
 */
export function sameCustomerSql(a: string, b: string): string {
  return `((SELECT contact_id FROM tickets WHERE id = ${a}) IS (SELECT contact_id FROM tickets WHERE id = ${b})
    AND ((SELECT conversation_key FROM tickets WHERE id = ${a}) = (SELECT conversation_key FROM tickets WHERE id = ${b})
      OR NOT EXISTS (SELECT 1 FROM tickets WHERE id IN (${a}, ${b}) AND ${SHARED_CONVERSATION})))`;
}
const SAME_CUSTOMER = sameCustomerSql("?1", "?2");

/** An email identity nothing proved: mail with no SPF/DKIM/DMARC verdict, or one that failed (channels/email/receive.ts). */
const UNPROVEN_IDENTITY = `(i.external_id LIKE '${UNVERIFIED_IDENTITY_PREFIX}%' OR i.external_id LIKE '${FAILED_IDENTITY_PREFIX}%')`;

/**
 * SQL over a ticket id (an SQL expression): nothing proves the ticket is its contact's. A customer message of it came
 * from an unproven email identity of the contact, or the contact holds unproven identities and no other. A domain
 * that publishes no SPF/DKIM/DMARC gets no verdict for its owner's mail and for a forger's alike: both write as the
 * address's `unverified:` identity, one contact for us, so merging two such tickets (or such a ticket with one the
 * contact's proven identity wrote) could put a forger's words into the customer's conversation.
 */
export function unprovenTicketSql(t: string): string {
  return `EXISTS (SELECT 1 FROM channel_identities i
    WHERE i.contact_id = (SELECT contact_id FROM tickets WHERE id = ${t}) AND i.channel = 'email' AND ${UNPROVEN_IDENTITY}
      AND (i.id IN (SELECT m.sender_identity_id FROM messages m WHERE m.ticket_id = ${t} AND m.direction = 'in')
        OR NOT EXISTS (SELECT 1 FROM channel_identities p WHERE p.contact_id = i.contact_id
              AND p.external_id NOT LIKE '${UNVERIFIED_IDENTITY_PREFIX}%' AND p.external_id NOT LIKE '${FAILED_IDENTITY_PREFIX}%')))`;
}
const UNPROVEN = `(${unprovenTicketSql("?1")} OR ${unprovenTicketSql("?2")})`;

interface MergeState {
  source_merged: number | null;
  target_closed: number | null;
  same_contact: number;
  unproven: number;
}

/** What an admin confirmed by merging, for the audit rows. */
function confirmed(state: MergeState | null): Record<string, true> {
  if (!state?.same_contact) return { differentCustomers: true };
  return state.unproven ? { unprovenSender: true } : {};
}

async function readMergeState(db: D1Database, sourceId: string, intoId: string): Promise<MergeState | null> {
  return db
    .prepare(
      `SELECT
         (SELECT merged_into_id IS NOT NULL FROM tickets WHERE id = ?1) AS source_merged,
         (SELECT status = 'closed' OR merged_into_id IS NOT NULL FROM tickets WHERE id = ?2) AS target_closed,
         ${SAME_CUSTOMER} AS same_contact,
         ${UNPROVEN} AS unproven`,
    )
    .bind(sourceId, intoId)
    .first<MergeState>();
}

/** Why a merge cannot happen in this state, or null when it may. */
function refusal(state: MergeState | null, allowDifferent: boolean): Exclude<MergeOutcome, "merged"> | null {
  if (state?.source_merged === null || state?.source_merged === undefined) return "source_missing";
  if (state.target_closed === null) return "target_missing";
  if (state.source_merged) return "source_merged";
  if (state.target_closed) return "target_closed";
  if (!state.same_contact && !allowDifferent) return "different_customers";
  if (state.unproven && !allowDifferent) return "unproven_sender";
  return null;
}

/** An audit insert that only happens when the merge did. */
function guardedAudit(
  db: D1Database,
  condition: string,
  sourceId: string,
  intoId: string,
  a: Parameters<typeof auditStatement>[1],
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
       SELECT ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE ${condition}`,
    )
    .bind(sourceId, intoId, a.id, a.actorId, a.action, a.targetType, a.targetId, JSON.stringify(a.detail), a.now);
}
