/**
 * Provider updates already handled (`telegram_updates`): Telegram redelivers an update until it
 * hears 200, so an update's bot-only side effects (a command's answer) are claimed once by its key.
 */

/** Telegram gives up redelivering an update within a day; claims older than this can go. */
const UPDATE_CLAIM_TTL_MS = 2 * 86_400_000;

/**
 * Records that an update's bot-only side effects ran (and forgets claims too old to matter).
 * False when another delivery of the same update got there first.
 */
export async function claimUpdate(db: D1Database, key: string, now: Date): Promise<boolean> {
  const [, claimed] = await db.batch([
    db
      .prepare("DELETE FROM telegram_updates WHERE created_at < ?1")
      .bind(new Date(now.getTime() - UPDATE_CLAIM_TTL_MS).toISOString()),
    db
      .prepare(
        `INSERT INTO telegram_updates (update_key, created_at) VALUES (?1, ?2)
         ON CONFLICT (update_key) DO NOTHING RETURNING update_key`,
      )
      .bind(key, now.toISOString()),
  ]);
  return Boolean(claimed?.results.length);
}
