/** The two D1 round trips of an inbound message: one batch of reads, one batch of writes. */
import type { ChannelName, Language } from "../core/inbound";
import { THREAD_WINDOW_MS, type ThreadRedaction } from "../core/redact-thread";
import { type ThreadCandidate, TICKET_NUMBER_PREFIX, type TicketStatus } from "../core/ticket";
import { conversationOfLink } from "./customer";
import {
  conversationByNumberForSender,
  conversationByReplyToken,
  type InboundEmailRecord,
  inboundEmailRecordStatement,
} from "./email";
import { insertConfirmationStatements, type NewConfirmation } from "./email-claims";
import { conversationOfActiveTicket, flagMessageRedactedStatement } from "./email-trust";
import {
  type ThreadState,
  threadGuardStatement,
  threadReadStatement,
  threadStateFrom,
  threadWriteStatements,
} from "./thread";
import { type IntelState, type IntelWrite, intelReadStatements, intelStateFrom, intelStatements } from "./triage";

export interface IngestState {
  /**
   * Set when this (channel, provider id) is already stored: the ticket holding the message, its
   * conversation's own ticket, and the number and link its customer knows (see CustomerFacing).
   */
  duplicate: ({ messageId: string; ticketId: string; conversationTicketId: string } & CustomerFacing) | null;
  /**
   * The latest ticket on the conversation, or the ticket it was merged into (`id`, where a message
   * is written); `conversationTicketId` is the conversation's own ticket (a new message's origin).
   */
  latest: (ThreadCandidate & { conversationTicketId: string; language: Language } & CustomerFacing) | null;
  /** The contact behind the sender's identity, when known. */
  contactId: string | null;
  /** The language that contact chose explicitly, if ever. */
  preferredLanguage: Language | null;
  /** Triage rules, KB articles and whether the bot may still answer (src/store/intel.ts). */
  intel: IntelState;
  /** The sender's recent messages on the latest ticket, for secrets split over messages (src/store/thread.ts). */
  thread: ThreadState | null;
}

/**
 * The number and `/t/` token a conversation's customer is shown: the ticket the conversation was
 * merged into when that ticket is the same customer's, else the conversation's own ticket.
 */
export interface CustomerFacing {
  ticketNumber: number;
  accessToken: string;
}

/** SQL choosing between holder `h` and conversation ticket `o` as in CustomerFacing. */
const FACING = (col: string) => `CASE WHEN h.contact_id = o.contact_id THEN h.${col} ELSE o.${col} END`;

/** What ingest reads are keyed by: the message's provider id, its conversation and its sender. */
export interface IngestKeys {
  channel: ChannelName;
  providerMessageId: string;
  conversationKey: string;
  externalId: string;
}

/** SQL that yields a conversation key, over its own binds `?1`..`?n` (the store's own; it never leaves it). */
export interface ConversationSql {
  sql: string;
  binds: unknown[];
}

/**
 * How a caller that knows the conversation only by a lookup names it: the ticket behind a `/t/`
 * link, behind an email's plus-address, a ticket number quoted by that ticket's own contact, or the
 * active ticket of an address. The store resolves it inside the same batch of reads.
 */
export type ConversationLookup =
  | { byAccessToken: string }
  | { byReplyToken: string }
  | { byNumberForSender: { number: number; senderEmail: string } }
  | { activeOfAddress: string };

function conversationSqlOf(lookup: ConversationLookup): ConversationSql {
  if ("byAccessToken" in lookup) return conversationOfLink(lookup.byAccessToken);
  if ("byReplyToken" in lookup) return conversationByReplyToken(lookup.byReplyToken);
  if ("byNumberForSender" in lookup) return conversationByNumberForSender(lookup.byNumberForSender);
  return conversationOfActiveTicket(lookup.activeOfAddress);
}

/**
 * What a channel's use case writes in ingest's batch, in the message's own transaction, once the
 * stored ids are known: typed records, turned into statements here.
 */
export type IngestExtra =
  | { kind: "inbound_email"; record: InboundEmailRecord; now: string }
  | { kind: "flag_redacted"; messageId: string }
  | { kind: "email_confirmation"; confirmation: NewConfirmation };

function extraStatements(db: D1Database, extra: IngestExtra): D1PreparedStatement[] {
  switch (extra.kind) {
    case "inbound_email":
      return [inboundEmailRecordStatement(db, extra.record, extra.now)];
    case "flag_redacted":
      return [flagMessageRedactedStatement(db, extra.messageId)];
    case "email_confirmation":
      return insertConfirmationStatements(db, extra.confirmation);
  }
}

/**
 * Ingest's reads for a caller that knows the conversation only as a lookup it has not made yet:
 * `conversation` finds it inside the same batch (e.g. the ticket behind a `/t/` link or an email's
 * plus-address), and the sender is either an identity as usual or, for a `/t/` link, the contact
 * of the link's ticket.
 */
export interface IngestReadsVia {
  channel: ChannelName;
  providerMessageId: string;
  conversation: ConversationLookup;
  sender: { externalId: string } | { ticketAccessToken: string };
}

/** Reads everything ingest needs to decide, in one round trip. */
export async function readIngestState(db: D1Database, args: IngestKeys, now?: Date): Promise<IngestState> {
  return ingestStateFrom(await db.batch(ingestReadStatements(db, args, now)));
}

/**
 * The statements behind IngestState, for a caller that sends them in its own batch of reads (one
 * round trip for its reads and ingest's); ingestStateFrom turns their results, in order, into the state.
 */
export function ingestReadStatements(
  db: D1Database,
  args: IngestKeys | IngestReadsVia,
  now: Date = new Date(),
): D1PreparedStatement[] {
  const conversation: ConversationSql =
    "conversation" in args ? conversationSqlOf(args.conversation) : { sql: "?1", binds: [args.conversationKey] };
  const sender = "sender" in args ? args.sender : { externalId: args.externalId };
  const latestTicket = `(SELECT COALESCE(l.merged_into_id, l.id) FROM (SELECT id, merged_into_id FROM tickets
      WHERE conversation_key = ${conversation.sql} ORDER BY created_at DESC, number DESC LIMIT 1) l)`;
  return [
    db
      .prepare(
        `SELECT m.id AS message_id, h.id AS ticket_id, o.id AS conversation_ticket_id,
            ${FACING("number")} AS number, ${FACING("access_token")} AS access_token
           FROM messages m JOIN tickets h ON h.id = m.ticket_id
           JOIN tickets o ON o.id = COALESCE(m.origin_ticket_id, m.ticket_id)
          WHERE m.channel = ?1 AND m.provider_message_id = ?2 AND m.direction = 'in'`,
      )
      .bind(args.channel, args.providerMessageId),
    db
      .prepare(
        // A ticket staff merged into another stands for that one: the customer's next message joins the result.
        `SELECT h.id, h.status, h.resolved_at, h.language, o.id AS conversation_ticket_id,
            ${FACING("number")} AS number, ${FACING("access_token")} AS access_token
           FROM (SELECT id FROM tickets
                  WHERE conversation_key = ${conversation.sql} ORDER BY created_at DESC, number DESC LIMIT 1) l
           JOIN tickets o ON o.id = l.id
           JOIN tickets h ON h.id = COALESCE(o.merged_into_id, o.id)`,
      )
      .bind(...conversation.binds),
    "ticketAccessToken" in sender
      ? db
          .prepare(
            `SELECT t.contact_id, c.preferred_language FROM tickets t JOIN contacts c ON c.id = t.contact_id
              WHERE t.access_token = ?1`,
          )
          .bind(sender.ticketAccessToken)
      : db
          .prepare(
            `SELECT i.contact_id, c.preferred_language FROM channel_identities i JOIN contacts c ON c.id = i.contact_id
              WHERE i.channel = ?1 AND i.external_id = ?2`,
          )
          .bind(args.channel, sender.externalId),
    threadReadStatement(db, {
      ticket: latestTicket,
      binds: conversation.binds,
      sender: "ticketAccessToken" in sender ? sender : { channel: args.channel, externalId: sender.externalId },
      since: new Date(now.getTime() - THREAD_WINDOW_MS).toISOString(),
    }),
    ...intelReadStatements(db, conversation),
  ];
}

/** IngestState from the results of ingestReadStatements, in order. */
export function ingestStateFrom(results: ReadonlyArray<D1Result | undefined>): IngestState {
  const [dup, latest, identity, thread, ...intel] = results;
  const d = dup?.results[0] as
    | { message_id: string; ticket_id: string; conversation_ticket_id: string; number: number; access_token: string }
    | undefined;
  const l = latest?.results[0] as
    | {
        id: string;
        status: TicketStatus;
        resolved_at: string | null;
        language: Language;
        conversation_ticket_id: string;
        number: number;
        access_token: string;
      }
    | undefined;
  const i = identity?.results[0] as { contact_id: string; preferred_language: Language | null } | undefined;
  return {
    duplicate: d
      ? {
          messageId: d.message_id,
          ticketId: d.ticket_id,
          conversationTicketId: d.conversation_ticket_id,
          ticketNumber: d.number,
          accessToken: d.access_token,
        }
      : null,
    latest: l
      ? {
          id: l.id,
          status: l.status,
          resolvedAt: l.resolved_at,
          language: l.language,
          conversationTicketId: l.conversation_ticket_id,
          ticketNumber: l.number,
          accessToken: l.access_token,
        }
      : null,
    contactId: i?.contact_id ?? null,
    preferredLanguage: i?.preferred_language ?? null,
    intel: intelStateFrom(intel),
    thread: threadStateFrom(thread),
  };
}

export interface NewTicketRow {
  id: string;
  channel: ChannelName;
  conversationKey: string;
  accessToken: string;
  subject: string;
  category: string;
  language: Language;
  metadata: Record<string, string>;
  firstResponseDueAt: string;
}

export interface InboundMessageRow {
  id: string;
  /** The conversation's own ticket (the new ticket, or the one a merge folded into the written one). */
  originTicketId: string;
  channel: ChannelName;
  providerMessageId: string;
  body: string;
  redacted: boolean;
  /** Part of the body was redacted only because of the sender's earlier messages (a split secret). */
  redactedInContext?: boolean;
  createdAt: string;
  /** The provider id of the message this one replies to; linked when that message is stored. */
  replyToProviderMessageId?: string | null;
}

export interface AttachmentRow {
  id: string;
  r2Key: string;
  filename: string;
  contentType: string;
  size: number;
}

/** Stands for the ticket number in an acknowledgement body; the batch fills it in. */
export const TICKET_NUMBER_PLACEHOLDER = "{{ticket}}";

export interface BotMessageRow {
  id: string;
  /** May contain TICKET_NUMBER_PLACEHOLDER: a new ticket's number exists only inside the batch. */
  body: string;
}

export type TicketWrite =
  | { kind: "new"; ticket: NewTicketRow }
  | { kind: "append"; ticketId: string; status: TicketStatus }
  | { kind: "reopen"; ticketId: string };

export interface IngestWrite {
  now: string;
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    /** The channel proved the customer receives mail at `email` (not a typed web-form address). */
    emailVerified: boolean;
    language: Language;
    isNew: boolean;
  };
  identity: { id: string; channel: ChannelName; externalId: string; displayName: string | null };
  ticket: TicketWrite;
  message: InboundMessageRow;
  attachments: AttachmentRow[];
  /** The bot's acknowledgement, queued for delivery, when one is due. */
  ack: BotMessageRow | null;
  /** Triage, entities, KB suggestions and hand-off (src/store/intel.ts). */
  intel?: IntelWrite;
  /** More bot messages queued with this one: the secret safety warning, a KB answer, a hand-off note. */
  replies?: BotMessageRow[];
  /**
   * A secret split over the sender's messages: the earlier messages' (and subject's) redaction, and
   * the recent messages the plan was made from, re-checked first (a concurrent change fails the batch).
   */
  thread?: { guard: ThreadState | null } & Pick<ThreadRedaction, "earlier" | "subject">;
}

/**
 * Writes contact, identity, ticket, message, attachments and the outbox row in ONE batch
 * (one transaction), with the caller's `also` statements (a channel's own record of the
 * message) in the same transaction. Returns the ticket's number. Throws on a constraint
 * violation, in which case nothing was written.
 */
export async function writeIngest(
  db: D1Database,
  w: IngestWrite,
  extras: IngestExtra[] = [],
): Promise<{ ticketId: string; ticketNumber: number }> {
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
           SET display_name = COALESCE(excluded.display_name, display_name), last_seen_at = excluded.last_seen_at`,
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
                category, subject, language, metadata, created_at, updated_at, last_customer_at, first_response_due_at)
             VALUES (?1, (SELECT COALESCE(MAX(number), 1000) + 1 FROM tickets), ?2, ?3, ?4,
                -- the contact as the identity row says, whichever concurrent writer created it
                (SELECT contact_id FROM channel_identities WHERE channel = ?11 AND external_id = ?12),
                'new', ?5, ?6, ?7, ?8, ?9, ?9, ?9, ?10)
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
          ),
      );
      break;
    }
    case "append":
      ticketId = w.ticket.ticketId;
      stmts.push(
        db
          .prepare("UPDATE tickets SET status = ?2, updated_at = ?3, last_customer_at = ?3 WHERE id = ?1")
          .bind(ticketId, w.ticket.status, now),
      );
      break;
    case "reopen":
      ticketId = w.ticket.ticketId;
      stmts.push(
        db
          .prepare(
            `UPDATE tickets SET status = 'open', resolved_at = NULL, updated_at = ?2, last_customer_at = ?2
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
            reply_to_message_id, created_at, sender_identity_id, redacted_in_context, origin_ticket_id)
         VALUES (?1, ?2, 'in', 'customer', ?3, ?4, ?5, ?6,
            -- any stored message of the channel with that provider id, or the message a part was merged into
            COALESCE((SELECT id FROM messages WHERE channel = ?3 AND provider_message_id = ?8 LIMIT 1),
                     (SELECT message_id FROM message_parts WHERE channel = ?3 AND provider_part_id = ?8)),
            ?7, (SELECT id FROM channel_identities WHERE channel = ?3 AND external_id = ?9), ?10, ?11)`,
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
      ),
  );
  if (w.thread) stmts.push(...threadWriteStatements(db, w.thread));
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
  if (w.intel)
    stmts.push(
      ...intelStatements(db, { ticketId, messageId: m.id, isNew: w.ticket.kind === "new", now, intel: w.intel }),
    );
  for (const bot of [...(w.replies ?? []), ...(w.ack ? [w.ack] : [])]) {
    stmts.push(
      db
        .prepare(
          // Sent into the customer's message's conversation, with the number that customer knows.
          `INSERT INTO messages (id, ticket_id, direction, author, channel, body, reply_to_message_id,
              delivery_status, next_attempt_at, created_at, origin_ticket_id)
           VALUES (?1, ?2, 'out', 'bot', ?3,
              replace(?4, ?7, ?8 || (SELECT ${FACING("number")} FROM tickets h JOIN tickets o ON o.id = ?9
                                      WHERE h.id = ?2)), ?5, 'queued', ?6, ?6, ?9)`,
        )
        .bind(
          bot.id,
          ticketId,
          m.channel,
          bot.body,
          m.id,
          now,
          TICKET_NUMBER_PLACEHOLDER,
          TICKET_NUMBER_PREFIX,
          m.originTicketId,
        ),
    );
  }
  stmts.push(...also);
  if (w.ticket.kind !== "new") {
    stmts.push(db.prepare("SELECT number FROM tickets WHERE id = ?1").bind(ticketId));
    numberStmtIndex = stmts.length - 1;
  }

  const results = await db.batch(stmts);
  const row = results[numberStmtIndex]?.results[0] as { number: number } | undefined;
  if (!row) throw new Error("ingest batch returned no ticket number");
  return { ticketId, ticketNumber: row.number };
}

/** Whether a D1 error is a uniqueness violation (a concurrent writer got there first). */
export function isUniqueViolation(err: unknown): boolean {
  // Only UNIQUE/PRIMARY KEY: other constraint failures (CHECK, NOT NULL, triggers) are not races.
  return err instanceof Error && /UNIQUE constraint failed|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/i.test(err.message);
}
