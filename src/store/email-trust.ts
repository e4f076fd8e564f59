/** What the email channel's trust rules store: signatures seen once, held-mail notes, withheld originals. */
import type { InboundEmailSource } from "./email";
import type { ConversationSql } from "./ingest";

const ACTIVE_OF_ADDRESS = `FROM channel_identities i JOIN tickets t ON t.contact_id = i.contact_id
  WHERE i.channel = 'email' AND i.external_id = ?1 AND t.channel = 'email'
    AND t.status IN ('new', 'open', 'pending') AND t.merged_into_id IS NULL
  ORDER BY t.updated_at DESC LIMIT 1`;

/** The latest active email ticket of the contact behind an address (its verified email identity). */
export function activeTicketOfAddressStatement(db: D1Database, address: string): D1PreparedStatement {
  return db.prepare(`SELECT t.id, t.conversation_key, t.status ${ACTIVE_OF_ADDRESS}`).bind(address);
}

/** That ticket's conversation, as SQL for ingest's reads in the same batch (src/store/ingest.ts). */
export function conversationOfActiveTicket(address: string): ConversationSql {
  return { sql: `(SELECT t.conversation_key ${ACTIVE_OF_ADDRESS})`, binds: [address] };
}

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

/** A note only staff see on a ticket (an email held back, an unverified sender...). */
export function ticketNoteStatement(
  db: D1Database,
  args: { id: string; ticketId: string; body: string; now: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at)
       VALUES (?1, ?2, 'note', 'bot', 'email', ?3, ?4)`,
    )
    .bind(args.id, args.ticketId, args.body, args.now);
}

/** Marks a stored message as redacted (a secret was in a part of its email that is not its body). */
export function flagMessageRedactedStatement(db: D1Database, messageId: string): D1PreparedStatement {
  return db.prepare("UPDATE messages SET redacted = 1 WHERE id = ?1").bind(messageId);
}

/** Where the full original of a stored inbound message is, for staff who want to see it. */
export async function findOriginalOfMessage(
  db: D1Database,
  messageId: string,
): Promise<{
  rawR2Key: string | null;
  messageIdHeader: string;
  source: InboundEmailSource;
  originalWithheld: string | null;
} | null> {
  const row = await db
    .prepare("SELECT raw_r2_key, message_id_header, source, original_withheld FROM email_inbound WHERE message_id = ?1")
    .bind(messageId)
    .first<{
      raw_r2_key: string | null;
      message_id_header: string;
      source: InboundEmailSource;
      original_withheld: string | null;
    }>();
  return row
    ? {
        rawR2Key: row.raw_r2_key,
        messageIdHeader: row.message_id_header,
        source: row.source,
        originalWithheld: row.original_withheld,
      }
    : null;
}
