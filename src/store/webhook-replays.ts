/** Webhook signatures accepted once (webhook_replays): a replayed signed request stores nothing. */

/**
 * A signature accepted once, as statements for the caller's first batch: the insert claims `key`
 * (nothing when it was claimed before: a replay), and only the claimer purges expired keys, so a
 * replay changes no row at all. `fresh` tells from the batch's results whether the key was new.
 */
export function replayGuardStatements(
  db: D1Database,
  args: { key: string; nonce: string; expiresAt: string; now: string },
): { statements: D1PreparedStatement[]; fresh(results: ReadonlyArray<D1Result | undefined>): boolean } {
  return {
    statements: [
      db
        .prepare(
          "INSERT INTO webhook_replays (key, nonce, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING RETURNING key",
        )
        .bind(args.key, args.nonce, args.expiresAt),
      db
        .prepare(
          `DELETE FROM webhook_replays WHERE expires_at < ?1
             AND EXISTS (SELECT 1 FROM webhook_replays WHERE key = ?2 AND nonce = ?3)`,
        )
        .bind(args.now, args.key, args.nonce),
    ],
    fresh: (results) => (results[0]?.results.length ?? 0) > 0,
  };
}

/** Gives a claimed signature back (its email was not stored), so the provider's retry is accepted. */
export async function releaseReplayKey(db: D1Database, args: { key: string; nonce: string }): Promise<void> {
  await db.prepare("DELETE FROM webhook_replays WHERE key = ?1 AND nonce = ?2").bind(args.key, args.nonce).run();
}
