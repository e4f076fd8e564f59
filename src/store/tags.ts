/** The tags a desk uses (ticket_tags, kept in step with tickets.tags by triggers: migration 0016). */

/** Most tags the inbox's tag filter offers. */
export const TAGS_IN_USE_LIMIT = 200;

/**
 * Every tag on some ticket with how many tickets carry it, most used first (then by name). One walk
 * of the covering index ticket_tags_tag, grouped in its order: no read of tickets.
 */
export async function listTagsInUse(db: D1Database): Promise<Array<{ tag: string; count: number }>> {
  const { results } = await db
    .prepare(
      `SELECT tag, COUNT(*) AS count FROM ticket_tags GROUP BY tag ORDER BY count DESC, tag LIMIT ${TAGS_IN_USE_LIMIT}`,
    )
    .all<{ tag: string; count: number }>();
  return results.map((r) => ({ tag: r.tag, count: r.count }));
}
