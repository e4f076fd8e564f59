/**
 * Per inbox view, how many open tickets have customer activity the viewer has not seen (tickets.last_customer_at
 * after their staff_ticket_reads marker), and on how many tickets someone mentioned them since they last looked.
 * Read-only: nothing is written on the customer's path for it. One statement; each count walks the same partial
 * index as the view's open count (./view-counts.ts) with a primary-key probe of the viewer's marker per ticket, and
 * stops at VIEW_COUNT_LIMIT.
 */
import { CHANNELS } from "../core/inbound";
import { NEEDS_HUMAN, VIEW_COUNT_LIMIT } from "./view-counts";

/** Active, in the words of the partial indexes of migrations/0026. */
const ACTIVE = "t.status IN ('new', 'open', 'pending')";

/** "Customer activity after my marker" on `t`; `?1` is the viewer. */
export const UNREAD_BY_VIEWER = `t.last_customer_at > COALESCE((SELECT r.read_at FROM staff_ticket_reads r
    WHERE r.staff_id = ?1 AND r.ticket_id = t.id), '')`;

const count = (from: string) => `(SELECT COUNT(*) FROM (SELECT 1 FROM ${from} LIMIT ${VIEW_COUNT_LIMIT}))`;

/** Unread counts keyed like ViewCounts (`all`, `mine`, ..., `ch:telegram`), plus `mentions` (tickets). */
export type UnreadCounts = Record<string, number>;

/** The viewer's unread open tickets per view (each at most VIEW_COUNT_LIMIT), and tickets with unread mentions. */
export async function countUnread(db: D1Database, viewerId: string): Promise<UnreadCounts> {
  const unread = `${ACTIVE} AND ${UNREAD_BY_VIEWER}`;
  const channelCounts = CHANNELS.map(
    (_ch, i) => `${count(`tickets t INDEXED BY tickets_active WHERE t.channel = ?${i + 2} AND ${unread}`)} AS c${i}`,
  );
  const row = await db
    .prepare(
      `SELECT ${count(`tickets t INDEXED BY tickets_active WHERE ${unread}`)} AS all_open,
          ${count(`tickets t INDEXED BY tickets_active WHERE t.assignee_id = ?1 AND ${unread}`)} AS mine,
          ${count(`tickets t INDEXED BY tickets_active WHERE t.assignee_id IS NULL AND ${unread}`)} AS unassigned,
          ${count(`tickets t INDEXED BY tickets_active WHERE t.priority = 'urgent' AND ${unread}`)} AS urgent,
          ${count(`tickets t INDEXED BY tickets_needs_human WHERE ${NEEDS_HUMAN} AND ${UNREAD_BY_VIEWER}`)} AS needs_human,
          (SELECT COUNT(*) FROM (SELECT DISTINCT nm.ticket_id FROM note_mentions nm
              WHERE nm.staff_id = ?1 AND nm.created_at > COALESCE((SELECT r.read_at FROM staff_ticket_reads r
                  WHERE r.staff_id = ?1 AND r.ticket_id = nm.ticket_id), '')
              LIMIT ${VIEW_COUNT_LIMIT})) AS mentions,
          ${channelCounts.join(",\n          ")}`,
    )
    .bind(viewerId, ...CHANNELS)
    .first<Record<string, number>>();
  const counts: UnreadCounts = {
    all: row?.all_open ?? 0,
    mine: row?.mine ?? 0,
    unassigned: row?.unassigned ?? 0,
    urgent: row?.urgent ?? 0,
    needs_human: row?.needs_human ?? 0,
    mentions: row?.mentions ?? 0,
  };
  CHANNELS.forEach((ch, i) => {
    counts[`ch:${ch}`] = row?.[`c${i}`] ?? 0;
  });
  return counts;
}
