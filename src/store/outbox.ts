/** Outbound delivery state: claiming, receipts, retries and failures of `out` messages. */
import type { ChannelName, Language } from "../core/inbound";
import { formatTicketNumber } from "../core/ticket";

/** How long one send may hold its claim before another consumer may take the message over. */
export const DELIVERY_LEASE_MS = 2 * 60_000;

/** What the delivery pipeline needs to hand a message to its channel. */
export interface OutboundRecord {
  messageId: string;
  /** The ticket the message is stored on (what staff see; feed events name it). */
  ticketId: string;
  /**
   * The ticket whose conversation the message is sent into (its origin): channel, conversation,
   * recipient, language and email thread all come from it, so after a merge of two customers'
   * tickets every message still reaches the person it answers.
   */
  conversationTicketId: string;
  /** The number and `/t/` token that customer knows (the merged ticket's when it is theirs too). */
  ticketNumber: string;
  ticketSubject: string;
  ticketAccessToken: string;
  channel: ChannelName;
  conversationKey: string;
  author: "staff" | "bot";
  body: string;
  language: Language;
  recipient: { externalId: string; displayName: string | null; email: string | null };
  replyToProviderMessageId: string | null;
  attachments: Array<{ filename: string; contentType: string; size: number; r2Key: string }>;
  attempts: number;
  /** The message is a ticket's satisfaction question (csat_surveys). */
  csat: boolean;
}

/** SQL: ticket `t` was opened by email whose From was not proven (channels/email/decide.ts). */
export const unprovenSenderSql = (t: string) =>
  `(${t}.channel = 'email' AND json_extract(${t}.metadata, '$.emailSender') = 'unverified')`;
/** The conversation ticket `o` of a claimed message was. */
const UNPROVEN_SENDER = unprovenSenderSql("o");

/** What a claimed message is sent with (`?1` the message, `?2` the lease its claim holds). */
const CLAIMED_SQL = `SELECT m.id, m.ticket_id, o.id AS conversation_ticket_id, m.channel, m.author, m.body, m.delivery_attempts,
            CASE WHEN h.contact_id = o.contact_id THEN h.number ELSE o.number END AS number,
            -- Our mail to an address nobody proved (a From that failed SPF/DKIM/DMARC) carries none of the
            -- sender's words: a forger must not get our official mail, in their words, sent to the owner.
            CASE WHEN ${UNPROVEN_SENDER} THEN '' WHEN h.contact_id = o.contact_id THEN h.subject ELSE o.subject END
              AS subject,
            CASE WHEN h.contact_id = o.contact_id THEN h.access_token ELSE o.access_token END AS access_token,
            o.conversation_key, o.language,
            -- only a proven address is written to: a typed one is a claim until confirmed. An email
            -- conversation's address is the mailbox it came from, forged or not: mail there reaches
            -- its owner, never whoever forged the From.
            CASE WHEN c.email_verified_at IS NOT NULL OR o.channel = 'email' THEN c.email END AS contact_email,
            i.external_id, CASE WHEN ${UNPROVEN_SENDER} THEN NULL ELSE i.display_name END AS display_name,
            r.provider_message_id AS reply_to_provider_id,
            (SELECT json_group_array(json_object('filename', a.filename, 'contentType', a.content_type,
                'size', a.size, 'r2Key', a.r2_key)) FROM attachments a WHERE a.message_id = m.id) AS attachments_json,
            EXISTS (SELECT 1 FROM csat_surveys s WHERE s.message_id = m.id) AS is_csat
           FROM messages m
           JOIN tickets h ON h.id = m.ticket_id
           JOIN tickets o ON o.id = COALESCE(m.origin_ticket_id, m.ticket_id)
           JOIN contacts c ON c.id = o.contact_id
           LEFT JOIN channel_identities i ON i.contact_id = o.contact_id AND i.channel = o.channel
           LEFT JOIN messages r ON r.id = COALESCE(m.reply_to_message_id, m.quote_message_id)
          WHERE m.id = ?1 AND m.delivery_status = 'sending' AND m.delivery_lease_until = ?2
          ORDER BY i.last_seen_at DESC LIMIT 1`;

type ClaimedRow = {
  id: string;
  ticket_id: string;
  conversation_ticket_id: string;
  channel: ChannelName;
  author: "staff" | "bot";
  body: string;
  delivery_attempts: number;
  number: number;
  subject: string;
  access_token: string;
  conversation_key: string;
  language: Language;
  contact_email: string | null;
  external_id: string | null;
  display_name: string | null;
  reply_to_provider_id: string | null;
  attachments_json: string;
  is_csat: number;
};

function recordOf(r: ClaimedRow): OutboundRecord {
  return {
    messageId: r.id,
    ticketId: r.ticket_id,
    conversationTicketId: r.conversation_ticket_id,
    ticketNumber: formatTicketNumber(r.number),
    ticketSubject: r.subject,
    ticketAccessToken: r.access_token,
    channel: r.channel,
    conversationKey: r.conversation_key,
    author: r.author,
    body: r.body,
    language: r.language,
    recipient: { externalId: r.external_id ?? "", displayName: r.display_name, email: r.contact_email },
    replyToProviderMessageId: r.reply_to_provider_id,
    attachments: JSON.parse(r.attachments_json || "[]"),
    attempts: r.delivery_attempts,
    csat: r.is_csat === 1,
  };
}

/**
 * Claims a queued message for sending (or one whose earlier claim expired) and counts the
 * attempt. Returns null when it is sent, failed, unknown, or being sent by someone else.
 */
export async function claimDelivery(db: D1Database, messageId: string, now: Date): Promise<OutboundRecord | null> {
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + DELIVERY_LEASE_MS).toISOString();
  const [claimed, read] = await db.batch([
    db
      .prepare(
        `UPDATE messages SET delivery_status = 'sending', delivery_attempts = delivery_attempts + 1,
            delivery_lease_until = ?3
          WHERE id = ?1 AND direction = 'out'
            AND (delivery_status = 'queued' OR (delivery_status = 'sending' AND delivery_lease_until < ?2))
          RETURNING id`,
      )
      .bind(messageId, nowIso, leaseUntil),
    db.prepare(CLAIMED_SQL).bind(messageId, leaseUntil),
  ]);
  if (!claimed?.results.length) return null;
  const r = read?.results[0] as ClaimedRow | undefined;
  return r ? recordOf(r) : null;
}

/**
 * A message stored already claimed (ingest's batch wrote it `sending` with this lease, for the eager send that
 * follows: no claim statement, no second written row): read, if the lease is still the one given. Null when
 * another sender took it over after the lease ran out.
 */
export async function readClaimedDelivery(
  db: D1Database,
  messageId: string,
  leaseUntil: string,
): Promise<OutboundRecord | null> {
  const r = await db.prepare(CLAIMED_SQL).bind(messageId, leaseUntil).first<ClaimedRow>();
  return r ? recordOf(r) : null;
}

/**
 * readClaimedDelivery's statements, for the batch that stores the rows claimed (src/store/ingest.ts): the eager
 * send that follows has its records without a round trip of its own. claimedRecordsFrom reads their results.
 */
export function claimedReadStatements(
  db: D1Database,
  messages: ReadonlyArray<{ id: string }>,
  leaseUntil: string,
): D1PreparedStatement[] {
  return messages.map((m) => db.prepare(CLAIMED_SQL).bind(m.id, leaseUntil));
}

/** The records claimedReadStatements found (a row not claimed with that lease has none). */
export function claimedRecordsFrom(results: ReadonlyArray<D1Result | undefined>): OutboundRecord[] {
  return results.flatMap((res) => (res?.results[0] ? [recordOf(res.results[0] as ClaimedRow)] : []));
}

/**
 * The delivery-state updates of an outbox table: `messages` (outbound rows of tickets) and
 * `bot_messages` (the bot's own texts, src/store/bot-outbox.ts) have the same delivery columns.
 */
export function deliveryStateOf(table: "messages" | "bot_messages") {
  return {
    /** Records the provider's receipt: sent, and never sent again. */
    async markSent(db: D1Database, id: string, providerMessageId: string, now: Date): Promise<void> {
      await db
        .prepare(
          `UPDATE ${table} SET delivery_status = 'sent', provider_message_id = ?2, sent_at = ?3,
              delivery_error = NULL, delivery_lease_until = NULL, next_attempt_at = NULL
            WHERE id = ?1`,
        )
        .bind(id, providerMessageId, now.toISOString())
        .run();
    },
    /** Back to the queue state after a retryable failure, due again at `nextAttemptAt`. */
    async markRetrying(db: D1Database, id: string, error: string, nextAttemptAt: Date): Promise<void> {
      await db
        .prepare(
          `UPDATE ${table} SET delivery_status = 'queued', delivery_error = ?2, delivery_lease_until = NULL,
              next_attempt_at = ?3
            WHERE id = ?1 AND delivery_status = 'sending'`,
        )
        .bind(id, error, nextAttemptAt.toISOString())
        .run();
    },
    /** Failed with a readable reason (staff see a message's and may retry it). */
    async markFailed(db: D1Database, id: string, error: string): Promise<void> {
      await db
        .prepare(
          `UPDATE ${table} SET delivery_status = 'failed', delivery_error = ?2, delivery_lease_until = NULL,
              next_attempt_at = NULL
            WHERE id = ?1 AND delivery_status IN ('sending', 'queued')`,
        )
        .bind(id, error)
        .run();
    },
  };
}

export const { markSent, markRetrying, markFailed } = deliveryStateOf("messages");

/** Staff retry of a failed message: back to queued, with an audit row. False if it was not failed. */
export async function requeueFailed(
  db: D1Database,
  args: { messageId: string; actorId: string; auditId: string; now: string },
): Promise<boolean> {
  // The audit row goes first, guarded by the same condition, so both happen or neither.
  const [, updated] = await db.batch([
    db
      .prepare(
        `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
         SELECT ?1, ?2, 'message.retry', 'message', ?3, '{}', ?4
          WHERE EXISTS (SELECT 1 FROM messages WHERE id = ?3 AND direction = 'out' AND delivery_status = 'failed')`,
      )
      .bind(args.auditId, args.actorId, args.messageId, args.now),
    db
      .prepare(
        `UPDATE messages SET delivery_status = 'queued', delivery_error = NULL, next_attempt_at = ?2
          WHERE id = ?1 AND direction = 'out' AND delivery_status = 'failed' RETURNING id`,
      )
      .bind(args.messageId, args.now),
  ]);
  return Boolean(updated?.results.length);
}

/** Outbound messages whose queue hand-off looks lost: due long ago and still not sent. */
export async function listOverdueDeliveries(db: D1Database, olderThan: Date, limit = 100): Promise<string[]> {
  const cutoff = olderThan.toISOString();
  const { results } = await db
    .prepare(
      `SELECT id FROM messages
        WHERE delivery_status IN ('queued', 'sending') AND next_attempt_at < ?1
          AND (delivery_lease_until IS NULL OR delivery_lease_until < ?1)
        ORDER BY next_attempt_at LIMIT ?2`,
    )
    .bind(cutoff, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Pushes the due time of re-enqueued messages forward so the next sweep does not take them again. */
export async function touchNextAttempt(db: D1Database, ids: string[], at: Date): Promise<void> {
  if (!ids.length) return;
  await db.batch(
    ids.map((id) =>
      db
        .prepare("UPDATE messages SET next_attempt_at = ?2 WHERE id = ?1 AND delivery_status = 'queued'")
        .bind(id, at.toISOString()),
    ),
  );
}

/**
 * The provider ids of the parts of a multi-part outbound message already accepted by the
 * provider, in the order they were sent: a retry after a part-way failure resumes after them.
 */
export async function listSentParts(db: D1Database, channel: ChannelName, messageId: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT provider_part_id FROM message_parts WHERE message_id = ?1 AND channel = ?2 ORDER BY rowid")
    .bind(messageId, channel)
    .all<{ provider_part_id: string }>();
  return results.map((r) => r.provider_part_id);
}

/** Records one accepted part of an outbound message (a reply to that part then finds the message). */
export async function recordSentPart(
  db: D1Database,
  args: { channel: ChannelName; providerPartId: string; messageId: string; now: Date },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO message_parts (channel, provider_part_id, message_id, created_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (channel, provider_part_id) DO NOTHING`,
    )
    .bind(args.channel, args.providerPartId, args.messageId, args.now.toISOString())
    .run();
}
