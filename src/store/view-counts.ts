/**
 * How many open tickets (new, open, pending) each inbox view holds, for the views bar: one
 * statement, each count a walk of one covering partial index (tickets_active, migrations/0026) that stops at
 * VIEW_COUNT_LIMIT.
 */
import { CHANNELS, type ChannelName } from "../core/inbound";

/** Counts stop here: the bar shows "999+" rather than make one request read a whole busy desk. */
export const VIEW_COUNT_LIMIT = 1000;

/** Active, as the partial indexes of migrations/0026 say it (the same words, or SQLite will not use them). */
const ACTIVE = "status IN ('new', 'open', 'pending')";

/**
 * The "Needs a human" condition on `t`: the customer asked for a person (requestHumanStatement), the ticket is
 * active, and no staff reply was written since. Matches the partial index tickets_needs_human.
 */
export const NEEDS_HUMAN = `t.human_requested_at IS NOT NULL AND t.${ACTIVE}
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND m.direction = 'out'
    AND m.author = 'staff' AND m.created_at >= t.human_requested_at)`;

export interface ViewCounts {
  all: number;
  mine: number;
  unassigned: number;
  urgent: number;
  needs_human: number;
  /** Per channel, keyed like the inbox's channel views (`ch:telegram`). */
  [channelView: `ch:${string}`]: number;
}

const count = (from: string) => `(SELECT COUNT(*) FROM (SELECT 1 FROM ${from} LIMIT ${VIEW_COUNT_LIMIT}))`;

/** The open tickets per view for `viewerId` (`mine` is theirs), each at most VIEW_COUNT_LIMIT. One statement. */
export async function countViews(db: D1Database, viewerId: string): Promise<ViewCounts> {
  const channelCounts = CHANNELS.map(
    (_ch, i) => `${count(`tickets INDEXED BY tickets_active WHERE channel = ?${i + 2} AND ${ACTIVE}`)} AS c${i}`,
  );
  const row = await db
    .prepare(
      `SELECT ${count(`tickets INDEXED BY tickets_active WHERE ${ACTIVE}`)} AS all_open,
          ${count(`tickets INDEXED BY tickets_active WHERE assignee_id = ?1 AND ${ACTIVE}`)} AS mine,
          ${count(`tickets INDEXED BY tickets_active WHERE assignee_id IS NULL AND ${ACTIVE}`)} AS unassigned,
          ${count(`tickets INDEXED BY tickets_active WHERE priority = 'urgent' AND ${ACTIVE}`)} AS urgent,
          ${count(`tickets t INDEXED BY tickets_needs_human WHERE ${NEEDS_HUMAN}`)} AS needs_human,
          ${channelCounts.join(",\n          ")}`,
    )
    .bind(viewerId, ...CHANNELS)
    .first<Record<string, number>>();
  const counts: ViewCounts = {
    all: row?.all_open ?? 0,
    mine: row?.mine ?? 0,
    unassigned: row?.unassigned ?? 0,
    urgent: row?.urgent ?? 0,
    needs_human: row?.needs_human ?? 0,
  };
  CHANNELS.forEach((ch: ChannelName, i) => {
    counts[`ch:${ch}`] = row?.[`c${i}`] ?? 0;
  });
  return counts;
}
