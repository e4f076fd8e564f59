/**
 * Bounces of our outbound email: a report that proved which message it is about (a DSN returning the message's
 * bounce token, channels/email/bounce-token.ts) or a provider's signed event (Mailgun's `failed`) marks that
 * message failed.
 */
import { normalizeEmail } from "../core/email-claims";
import { replayGuardStatements } from "./webhook-replays";

/** Marks failed (reason ?2) the outbound message `email_sent.<by> = ?1` names, when `guard` (on ?3, ?4) holds. */
function markFailedStatement(
  db: D1Database,
  by: "message_id" | "message_id_header",
  binds: [string, string, ...string[]],
  guard = "",
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE messages SET delivery_status = 'failed', delivery_error = ?2, delivery_lease_until = NULL,
          next_attempt_at = NULL
        WHERE id = (SELECT message_id FROM email_sent WHERE ${by} = ?1 LIMIT 1) AND direction = 'out' ${guard}
        RETURNING id, ticket_id`,
    )
    .bind(...binds);
}
const failedOf = (row: { id: string; ticket_id: string } | null | undefined) =>
  row ? { messageId: row.id, ticketId: row.ticket_id } : null;

/**
 * Marks our outbound message `messageId` (one we sent by email) failed with a proven bounce's reason,
 * even when it was already recorded as sent. Returns the message, or null when it is not one.
 */
export async function markBounced(
  db: D1Database,
  args: { messageId: string; reason: string },
): Promise<{ messageId: string; ticketId: string } | null> {
  const statement = markFailedStatement(db, "message_id", [args.messageId, args.reason]);
  return failedOf(await statement.first<{ id: string; ticket_id: string }>());
}

/**
 * A provider's signed report that our email `messageIdHeader` failed for good (Mailgun's `failed`
 * event) for `recipient`: marks that outbound message failed, once per signature, and only when the
 * message went to that recipient (folded as addresses are: normalizeEmail); a report about another
 * address (a Cc, a forward, another send under the same id) changes nothing. The replay key is claimed
 * in the same batch and the update runs only for its claimer, so a replayed report changes nothing.
 * Returns the message, or null (a replay, another recipient, or not a Message-ID of ours).
 */
export async function markBouncedByHeader(
  db: D1Database,
  args: {
    messageIdHeader: string;
    recipient: string;
    reason: string;
    replay: Parameters<typeof replayGuardStatements>[1];
  },
): Promise<{ messageId: string; ticketId: string } | null> {
  const guard = replayGuardStatements(db, args.replay);
  const recipient = normalizeEmail(args.recipient);
  const results = await db.batch<{ id: string; ticket_id: string }>([
    ...guard.statements,
    markFailedStatement(
      db,
      "message_id_header",
      [args.messageIdHeader, args.reason, args.replay.key, args.replay.nonce, recipient],
      `AND EXISTS (SELECT 1 FROM webhook_replays WHERE key = ?3 AND nonce = ?4)
       AND EXISTS (SELECT 1 FROM email_sent WHERE message_id_header = ?1 AND recipient = ?5 AND ?5 <> '')`,
    ),
  ]);
  return guard.fresh(results) ? failedOf(results.at(-1)?.results[0]) : null;
}
