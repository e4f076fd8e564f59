/**
 * How a ticket or its conversation is found other than by its key: behind a `/t/` link, behind an
 * email's plus-address (reply token), by a ticket number its own contact quotes, as an address's
 * active ticket, or by one of our sent Message-IDs. Each lookup is here once, as the ticket it
 * finds (EmailThreadTarget) and as SQL yielding its conversation for ingest's reads in the same
 * batch (ConversationSql, which never leaves the store).
 */

import { normalizeEmail } from "../core/email-claims";
import type { EmailThreadTarget } from "../core/inbound-email";
import type { ConversationLookup } from "../core/ingest";
import type { TicketStatus } from "../core/ticket";

/** SQL that yields a conversation key, over its own binds `?1`..`?n` (the store's own; it never leaves it). */
export interface ConversationSql {
  sql: string;
  binds: unknown[];
}

const BY_ACCESS_TOKEN = "FROM tickets t WHERE t.access_token = ?1";

/**
 * Mail that carries one of our secrets (the plus-address's token, a Message-ID we sent) joins that ticket only
 * when it comes from the ticket's own customer: an address of its contact's email identities (proven or not:
 * the secret was mailed there), or the contact's proven address. Anyone else who has the secret (copied in,
 * forwarded) writes on a ticket of their own. `?n` is the sender's address, lowercased.
 */
function FROM_TICKET_CUSTOMER(n: number): string {
  return `(EXISTS (SELECT 1 FROM channel_identities i
            WHERE i.contact_id = t.contact_id AND i.channel = 'email'
              AND lower(i.external_id) IN (?${n}, 'unverified:' || ?${n}))
      OR EXISTS (SELECT 1 FROM contacts c
            WHERE c.id = t.contact_id AND c.email_verified_at IS NOT NULL AND lower(c.email) = ?${n}))`;
}

/**
 * Whether the ticket's contact proved the address `?n` before: an email identity of it that is not an
 * `unverified:` one (mail from it passed SPF/DKIM/DMARC), or a confirmed address. Unproven mail that
 * carries a secret after that is a downgrade (channels/email/apart.ts).
 */
function PROVEN_FOR_TICKET(n: number): string {
  return `(EXISTS (SELECT 1 FROM channel_identities i
            WHERE i.contact_id = t.contact_id AND i.channel = 'email' AND lower(i.external_id) = ?${n})
      OR EXISTS (SELECT 1 FROM contacts c
            WHERE c.id = t.contact_id AND c.email_verified_at IS NOT NULL AND lower(c.email) = ?${n}))`;
}

const BY_REPLY_TOKEN = `FROM email_threads e JOIN tickets t ON t.id = e.ticket_id
  WHERE e.reply_token = ?1 AND ${FROM_TICKET_CUSTOMER(2)}`;

// Web-form identities keyed by an address exist only once it was proven (unproven ones are `claim:`s).
const BY_NUMBER_FOR_SENDER = `FROM tickets t JOIN contacts c ON c.id = t.contact_id
  WHERE t.number = ?1
    AND ((c.email_verified_at IS NOT NULL AND lower(c.email) = ?2) OR EXISTS (
          SELECT 1 FROM channel_identities i
           WHERE i.contact_id = t.contact_id AND i.channel IN ('email', 'webform') AND i.external_id = ?2))`;

const ACTIVE_OF_ADDRESS = `FROM channel_identities i JOIN tickets t ON t.contact_id = i.contact_id
  WHERE i.channel = 'email' AND i.external_id = ?1 AND t.channel = 'email'
    AND t.status IN ('new', 'open', 'pending') AND t.merged_into_id IS NULL
  ORDER BY t.updated_at DESC LIMIT 1`;

// The conversation's latest ticket (a chat session's conversation may have none yet: conversationSqlOf does not need one).
const BY_CHAT_SESSION = `FROM tickets t
  WHERE t.conversation_key = (SELECT 'webform:' || external_id FROM chat_sessions WHERE token_hash = ?1)
  ORDER BY t.created_at DESC LIMIT 1`;

/** A lookup's FROM/WHERE clause over `t` (the ticket found) and its binds. */
function clauseOf(lookup: ConversationLookup): { from: string; binds: unknown[] } {
  if ("byChatSession" in lookup) return { from: BY_CHAT_SESSION, binds: [lookup.byChatSession] };
  if ("byAccessToken" in lookup) return { from: BY_ACCESS_TOKEN, binds: [lookup.byAccessToken] };
  if ("byReplyToken" in lookup) {
    return { from: BY_REPLY_TOKEN, binds: [lookup.byReplyToken, normalizeEmail(lookup.senderEmail)] };
  }
  if ("byNumberForSender" in lookup) {
    const { number, senderEmail } = lookup.byNumberForSender;
    // Quoting a number never lets a stranger in: only the ticket's contact's proven address counts.
    return { from: BY_NUMBER_FOR_SENDER, binds: [number, normalizeEmail(senderEmail)] };
  }
  return { from: ACTIVE_OF_ADDRESS, binds: [lookup.activeOfAddress] };
}

/** The conversation a lookup finds, as SQL for ingest's reads in the same batch (src/store/ingest-read.ts). */
export function conversationSqlOf(lookup: ConversationLookup): ConversationSql {
  if ("byChatSession" in lookup) {
    return {
      sql: "(SELECT 'webform:' || external_id FROM chat_sessions WHERE token_hash = ?1)",
      binds: [lookup.byChatSession],
    };
  }
  const { from, binds } = clauseOf(lookup);
  return { sql: `(SELECT t.conversation_key ${from})`, binds };
}

/** The ticket a lookup finds, as a statement for a batch of reads (read back with targetFrom). */
export function targetStatement(db: D1Database, lookup: ConversationLookup): D1PreparedStatement {
  const { from, binds } = clauseOf(lookup);
  const proven = "byReplyToken" in lookup ? `, ${PROVEN_FOR_TICKET(2)} AS sender_proven` : "";
  return db.prepare(`SELECT t.id, t.conversation_key, t.status${proven} ${from}`).bind(...binds);
}

/**
 * The ticket that one of `messageIdHeaders` (In-Reply-To/References) belongs to, when we sent it and the
 * mail comes from that ticket's own customer (`senderEmail`): a reply from anyone else opens their own.
 */
export function targetBySentMessageIdsStatement(
  db: D1Database,
  messageIdHeaders: string[],
  senderEmail: string,
): D1PreparedStatement {
  // Newest reference wins: the end of References is the message being answered.
  const ids = messageIdHeaders.slice(-50);
  const placeholders = ids.map((_, i) => `?${i + 2}`).join(", ");
  return db
    .prepare(
      `SELECT t.id, t.conversation_key, t.status, ${PROVEN_FOR_TICKET(1)} AS sender_proven
         FROM email_sent s JOIN tickets t ON t.id = s.ticket_id
        WHERE s.message_id_header IN (${placeholders}) AND ${FROM_TICKET_CUSTOMER(1)}
        ORDER BY s.created_at DESC LIMIT 1`,
    )
    .bind(normalizeEmail(senderEmail), ...ids);
}

type TargetRow = { id: string; conversation_key: string; status: TicketStatus; sender_proven?: number };

/** The ticket of a targetStatement (or targetBySentMessageIdsStatement) result, or null. */
export function targetFrom(result: D1Result | undefined): EmailThreadTarget | null {
  const row = result?.results[0] as TargetRow | undefined;
  if (!row) return null;
  const target: EmailThreadTarget = { ticketId: row.id, conversationKey: row.conversation_key, status: row.status };
  return row.sender_proven === undefined ? target : { ...target, senderProven: row.sender_proven === 1 };
}
