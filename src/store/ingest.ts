/**
 * Ingest's second round trip: the write set a plan made (src/core/ingest-plan.ts) as ONE batch,
 * one transaction. Its reads are src/store/ingest-read.ts.
 */
import type { IngestExtra, IngestWrite } from "../core/ingest";
import { touchSessionStatement } from "./chat";
import { insertConfirmationStatements } from "./email-claims";
import { inboundEmailRecordStatement } from "./inbound-emails";
import { botInsertStatements } from "./ingest-bots";
import { claimedReadStatements, claimedRecordsFrom, type OutboundRecord } from "./outbox";
import { flagRedactedStatement, redactedKindsValue } from "./redactions";
import { threadGuardStatement, threadWriteStatements } from "./thread";
import { triageStatements } from "./triage";

/** SQL: message `r` belongs to the conversation of the message being inserted (?11 its origin, ?2 its ticket). */
const SAME_CONVERSATION = `(SELECT c.conversation_key FROM tickets c WHERE c.id = COALESCE(r.origin_ticket_id, r.ticket_id))
  = (SELECT conversation_key FROM tickets WHERE id = COALESCE(?11, ?2))`;

/**
 * A customer message on an existing ticket starts its next-response clock when a staff reply was
 * sent and none runs, or reopens it (src/core/sla.ts nextResponseStep): SET clauses for ingest's ticket update, `now`
 * being the bind of the message's time. The due time is the policy's minutes around the clock; the
 * SLA sweep (src/pipeline/sla.ts) then puts it in the policy's business hours, as for the other targets.
 */
function nextResponseSet(now: string, reopen = false): string {
  // Reopening starts a fresh cycle: a clock left from before the ticket was resolved does not count that time.
  const starts = reopen
    ? "first_response_at IS NOT NULL"
    : "first_response_at IS NOT NULL AND next_response_since IS NULL";
  const minutes = `(SELECT COALESCE(p.next_response_minutes, p.first_response_minutes) FROM sla_policies p
      WHERE p.priority = tickets.priority AND p.channel IN (tickets.channel, '*') ORDER BY p.channel = '*' LIMIT 1)`;
  return `next_response_since = CASE WHEN ${starts} THEN ${now} ELSE next_response_since END,
    next_response_due_at = CASE WHEN ${starts}
      THEN strftime('%Y-%m-%dT%H:%M:%fZ', ${now}, '+' || ${minutes} || ' minutes') ELSE next_response_due_at END`;
}

function extraStatements(db: D1Database, extra: IngestExtra): D1PreparedStatement[] {
  switch (extra.kind) {
    case "inbound_email":
      return [inboundEmailRecordStatement(db, extra.record, extra.now)];
    case "flag_redacted":
      // A secret was in a part of its email that is not its body.
      return [flagRedactedStatement(db, { messageId: extra.messageId, kinds: extra.kinds })];
    case "email_confirmation":
      return insertConfirmationStatements(db, extra.confirmation);
    case "chat_session":
      return [
        touchSessionStatement(db, { sessionId: extra.sessionId, now: extra.now, turnstile: extra.turnstile }),
        // The identity row was written just before (ingest's upsert); the exchange's signature proved it.
        ...(extra.verifiedExternalId
          ? [
              db
                .prepare(
                  `UPDATE channel_identities SET verified_at = COALESCE(verified_at, ?2)
                    WHERE channel = 'webform' AND external_id = ?1`,
                )
                .bind(extra.verifiedExternalId, extra.now),
            ]
          : []),
      ];
  }
}

/**
 * Writes contact, identity, ticket, message, attachments and the outbox rows in ONE batch (one transaction), with
 * the caller's `also` statements (a channel's own record of the message). Returns the ticket's number and, stored
 * claimed, the outbox rows as their eager send needs them. Throws on a constraint violation: nothing was written.
 */
export async function writeIngest(
  db: D1Database,
  w: IngestWrite,
  extras: IngestExtra[] = [],
  /** Store the bot's messages claimed with this lease, for the eager send that follows (src/pipeline/outbox.ts). */
  claimedLease?: string,
): Promise<{ ticketId: string; ticketNumber: number; claimed: OutboundRecord[] }> {
  const also = extras.flatMap((e) => extraStatements(db, e));
  const stmts: D1PreparedStatement[] = [];
  const { now, contact, identity } = w;
  if (w.thread?.guard) stmts.push(threadGuardStatement(db, w.thread.guard));

  if (contact.isNew) {
    // Guarded so that two first messages from one new sender cannot make two contacts.
    stmts.push(
      db
        .prepare(
          `INSERT INTO contacts (id, name, email, email_verified_at, language, created_at, updated_at)
           SELECT ?1, ?2, ?3, CASE WHEN ?3 IS NOT NULL AND ?8 THEN ?5 END, ?4, ?5, ?5
            WHERE NOT EXISTS (SELECT 1 FROM channel_identities WHERE channel = ?6 AND external_id = ?7)`,
        )
        .bind(
          contact.id,
          contact.name,
          contact.email,
          contact.language,
          now,
          identity.channel,
          identity.externalId,
          contact.emailVerified ? 1 : 0,
        ),
    );
  }
  stmts.push(
    db
      .prepare(
        `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (channel, external_id) DO UPDATE
           SET display_name = COALESCE(excluded.display_name, display_name), last_seen_at = excluded.last_seen_at
           -- Rows written are billed: a known sender costs nothing unless the name changed or an hour passed.
           WHERE excluded.display_name IS NOT NULL AND excluded.display_name IS NOT display_name
              OR last_seen_at < strftime('%Y-%m-%dT%H:%M:%fZ', excluded.last_seen_at, '-1 hour')`,
      )
      .bind(identity.id, contact.id, identity.channel, identity.externalId, identity.displayName, now),
  );
  let ticketId: string;
  let numberStmtIndex = -1;
  switch (w.ticket.kind) {
    case "new": {
      const t = w.ticket.ticket;
      ticketId = t.id;
      numberStmtIndex = stmts.length;
      stmts.push(
        db
          .prepare(
            `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status,
                category, subject, language, metadata, created_at, updated_at, last_customer_at, first_response_due_at,
                priority, kb_suggested)
             VALUES (?1, (SELECT COALESCE(MAX(number), 1000) + 1 FROM tickets), ?2, ?3, ?4,
                -- the contact as the identity row says, whichever concurrent writer created it
                (SELECT contact_id FROM channel_identities WHERE channel = ?11 AND external_id = ?12),
                'new', ?5, ?6, ?7, ?8, ?9, ?9, ?9, ?10, ?13, ?14)
             RETURNING number`,
          )
          .bind(
            t.id,
            t.channel,
            t.conversationKey,
            t.accessToken,
            t.category,
            t.subject,
            t.language,
            JSON.stringify(t.metadata),
            now,
            t.firstResponseDueAt,
            identity.channel,
            identity.externalId,
            // Triage's priority in the insert itself: a later UPDATE would write the row and its indexes again.
            w.triage?.priority ?? "normal",
            // Its knowledge-base suggestions too (migrations/0026), rather than a kb_suggestions row each.
            w.triage?.suggestedArticleIds.length ? JSON.stringify(w.triage.suggestedArticleIds) : null,
          ),
      );
      break;
    }
    case "append":
      ticketId = w.ticket.ticketId;
      // The status only when it changes (src/core/ticket.ts statusAfterCustomerMessage, decided on the row's own
      // value, so a concurrent staff change is still seen): an UPDATE naming `status` rewrites every index that
      // mentions it (rows written), even when the value stays.
      stmts.push(
        db
          .prepare(
            `UPDATE tickets SET status = CASE status WHEN 'new' THEN 'new' ELSE 'open' END
              WHERE id = ?1 AND status NOT IN ('new', 'open')`,
          )
          .bind(ticketId),
        db
          .prepare(`UPDATE tickets SET updated_at = ?2, last_customer_at = ?2, ${nextResponseSet("?2")} WHERE id = ?1`)
          .bind(ticketId, now),
      );
      break;
    case "reopen":
      ticketId = w.ticket.ticketId;
      stmts.push(
        db
          .prepare(
            `UPDATE tickets SET status = 'open', resolved_at = NULL, updated_at = ?2, last_customer_at = ?2,
                ${nextResponseSet("?2", true)}
              WHERE id = ?1 AND status = 'resolved'`,
          )
          .bind(ticketId, now),
      );
      break;
  }

  const m = w.message;
  stmts.push(
    db
      .prepare(
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, redacted, provider_message_id,
            reply_to_message_id, created_at, sender_identity_id, redacted_in_context, origin_ticket_id, redacted_kinds,
            subject_in_doc)
         VALUES (?1, ?2, 'in', 'customer', ?3, ?4, ?5, ?6,
            -- any stored message of the channel with that provider id (a customer's: messages_inbound_dedupe; staff's:
            -- messages_receipt; the bot's: among this conversation's, migrations/0030), or the message a part was merged into
            -- Only a message of this same conversation: a quoted id (a Discord forward's pointer, an email
            -- someone else was copied on) never links this message to another conversation's.
            COALESCE((SELECT r.id FROM messages r WHERE r.channel = ?3 AND r.provider_message_id = ?8 AND r.direction = 'in'
                        -- an email's In-Reply-To names one of the sender's own emails, never another sender's
                        AND (?3 <> 'email' OR r.sender_identity_id = (SELECT id FROM channel_identities
                              WHERE channel = ?3 AND external_id = ?9))
                        AND ${SAME_CONVERSATION}),
                     (SELECT r.id FROM messages r WHERE r.channel = ?3 AND r.provider_message_id = ?8 AND r.direction <> 'in'
                        AND r.author <> 'bot' AND ${SAME_CONVERSATION} LIMIT 1),
                     -- (?8 IS NOT NULL first: without a quoted id these read nothing)
                     (SELECT id FROM messages WHERE ?8 IS NOT NULL AND ticket_id = ?2 AND provider_message_id = ?8
                        AND author = 'bot' AND channel = ?3 LIMIT 1),
                     (SELECT b.id FROM tickets c JOIN messages b ON b.ticket_id = c.id
                       WHERE ?8 IS NOT NULL
                         AND c.conversation_key = (SELECT conversation_key FROM tickets WHERE id = COALESCE(?11, ?2))
                         AND b.provider_message_id = ?8 AND b.author = 'bot' AND b.channel = ?3 LIMIT 1),
                     (SELECT message_id FROM message_parts WHERE channel = ?3 AND provider_part_id = ?8)),
            ?7, (SELECT id FROM channel_identities WHERE channel = ?3 AND external_id = ?9), ?10, ?11, ?12, ?13)`,
      )
      .bind(
        m.id,
        ticketId,
        m.channel,
        m.body,
        m.redacted ? 1 : 0,
        m.providerMessageId,
        m.createdAt,
        m.replyToProviderMessageId ?? null,
        identity.externalId,
        m.redactedInContext ? 1 : 0,
        m.originTicketId,
        m.redacted ? redactedKindsValue(m.redactedKinds) : null,
        // A subject the customer gave (not the first line of this message) is searched in this message's own
        // document, before its text and a unit separator: the insert trigger writes it so (migrations/0033).
        w.ticket.kind === "new" && !w.ticket.ticket.subjectFromText ? 1 : null,
      ),
  );
  if (w.thread) stmts.push(...threadWriteStatements(db, w.thread));
  if (w.prints?.length) {
    // Prints of the secrets found in it (src/core/redact-prints.ts), under the conversation's own ticket.
    stmts.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO secret_prints (ticket_id, print, kind, created_at)
           SELECT json_extract(value, '$.ticketId'), json_extract(value, '$.print'), json_extract(value, '$.kind'), ?2
             FROM json_each(?1)`,
        )
        .bind(JSON.stringify(w.prints), now),
    );
  }
  for (const a of w.attachments) {
    stmts.push(
      db
        .prepare(
          `INSERT INTO attachments (id, message_id, r2_key, filename, content_type, size, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
        )
        .bind(a.id, m.id, a.r2Key, a.filename, a.contentType, a.size, now),
    );
  }
  if (w.triage)
    stmts.push(
      ...triageStatements(db, { ticketId, messageId: m.id, isNew: w.ticket.kind === "new", now, triage: w.triage }),
    );
  const bots = [...(w.replies ?? []), ...(w.ack ? [w.ack] : [])];
  const delivered = w.botsDelivered === true;
  stmts.push(
    ...botInsertStatements(db, bots, {
      ticketId,
      channel: m.channel,
      messageId: m.id,
      originTicketId: m.originTicketId,
      now,
      claimedLease,
      delivered,
    }),
  );
  stmts.push(...also);
  if (w.ticket.kind !== "new") {
    stmts.push(db.prepare("SELECT number FROM tickets WHERE id = ?1").bind(ticketId));
    numberStmtIndex = stmts.length - 1;
  }
  const claimedAt = stmts.length;
  if (claimedLease && !delivered) stmts.push(...claimedReadStatements(db, bots, claimedLease));

  const results = await db.batch(stmts);
  const row = results[numberStmtIndex]?.results[0] as { number: number } | undefined;
  if (!row) throw new Error("ingest batch returned no ticket number");
  return { ticketId, ticketNumber: row.number, claimed: claimedRecordsFrom(results.slice(claimedAt)) };
}

/** Whether a D1 error is a uniqueness violation (a concurrent writer got there first). */
export function isUniqueViolation(err: unknown): boolean {
  // Only UNIQUE/PRIMARY KEY: other constraint failures (CHECK, NOT NULL, triggers) are not races.
  return err instanceof Error && /UNIQUE constraint failed|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/i.test(err.message);
}
