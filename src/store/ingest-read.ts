/**
 * Ingest's first round trip: everything an inbound message's plan depends on (src/core/ingest-plan.ts),
 * read in one batch. A use case with reads of its own (a `/t/` reply, an email, a web-form claim)
 * sends these statements in its own batch (src/store/ticket-access.ts, inbound-emails.ts, email-claims.ts).
 */
import type { ChannelName, Language } from "../core/inbound";
import type { ConversationLookup, IngestKeys, IngestState } from "../core/ingest";
import type { SecretKind } from "../core/redact";
import { MAX_PRINTS_READ } from "../core/redact-prints";
import { THREAD_WINDOW_MS } from "../core/redact-thread";
import type { TicketStatus } from "../core/ticket";
import { type ConversationSql, conversationSqlOf } from "./conversation-lookups";
import { sameCustomerSql } from "./merge";
import { threadReadStatement, threadStateFrom } from "./thread";
import { triageReadStatements, triageStateFrom } from "./triage";

/**
 * SQL choosing between holder `h` and conversation ticket `o` as in CustomerFacing (src/core/ingest.ts):
 * the ticket the conversation was merged into when it is the same customer's, else its own.
 */
/** Whose prints of secrets a message reads: its conversation's latest tickets (a closed one's next ticket too). */
const PRINT_TICKETS = 3;

export const FACING = (col: string) => `CASE WHEN h.contact_id = o.contact_id THEN h.${col} ELSE o.${col} END`;

/**
 * Ingest's reads for a caller that knows the conversation only as a lookup it has not made yet:
 * `conversation` finds it inside the same batch (e.g. the ticket behind a `/t/` link or an email's
 * plus-address), and the sender is either an identity as usual or, for a `/t/` link, the contact
 * of the link's ticket.
 */
export interface IngestReadsVia {
  channel: ChannelName;
  /**
   * The provider id; (live chat) the session's external id joined with the widget's client id; or (a `/t/`
   * reply) the link's ticket joined with the client's key, as linkReplyProviderId (src/core/inbound.ts) builds it.
   */
  providerMessageId: string | { chatSession: string; clientId: string } | { linkToken: string; key: string };
  conversation: ConversationLookup;
  /** The sender's identity; the contact of a `/t/` link's ticket; or the identity of a live-chat session. */
  sender: { externalId: string } | { ticketAccessToken: string } | { chatSession: string };
}

/** Reads everything ingest needs to decide, in one round trip. */
export async function readIngestState(db: D1Database, args: IngestKeys, now?: Date): Promise<IngestState> {
  return ingestStateFrom(await db.batch(ingestReadStatements(db, args, now)));
}

/**
 * The statements behind IngestState, for a store function that sends them in its own batch of
 * reads (one round trip for its reads and ingest's); ingestStateFrom turns their results, in
 * order, into the state.
 */
export function ingestReadStatements(
  db: D1Database,
  args: IngestKeys | IngestReadsVia,
  now: Date = new Date(),
): D1PreparedStatement[] {
  const conversation: ConversationSql =
    "conversation" in args ? conversationSqlOf(args.conversation) : { sql: "?1", binds: [args.conversationKey] };
  const sender = "sender" in args ? args.sender : { externalId: args.externalId };
  const pid = args.providerMessageId;
  // A chat message's provider id is its session's identity and the widget's client id (src/core/chat.ts).
  // An email's Message-ID is the sender's to choose: it dedupes only that sender's own mail (migrations/0027).
  const bySender = typeof pid === "string" && args.channel === "email" && "externalId" in sender;
  const dupWhere =
    typeof pid === "string"
      ? bySender
        ? "m.provider_message_id = ?2 AND m.sender_identity_id = (SELECT id FROM channel_identities WHERE channel = ?1 AND external_id = ?3)"
        : "m.provider_message_id = ?2"
      : "chatSession" in pid
        ? "m.provider_message_id = (SELECT external_id FROM chat_sessions WHERE token_hash = ?2) || ':' || ?3"
        : "m.provider_message_id = 'reply:' || (SELECT id FROM tickets WHERE access_token = ?2) || ':' || ?3";
  const dupBinds =
    typeof pid === "string"
      ? bySender && "externalId" in sender
        ? [pid, sender.externalId]
        : [pid]
      : "chatSession" in pid
        ? [pid.chatSession, pid.clientId]
        : [pid.linkToken, pid.key];
  const latestTicket = `(SELECT COALESCE(l.merged_into_id, l.id) FROM (SELECT id, merged_into_id FROM tickets
      WHERE conversation_key = ${conversation.sql} ORDER BY created_at DESC, number DESC LIMIT 1) l)`;
  return [
    db
      .prepare(
        `SELECT m.id AS message_id, h.id AS ticket_id, o.id AS conversation_ticket_id,
            ${FACING("number")} AS number, ${FACING("access_token")} AS access_token
           FROM messages m JOIN tickets h ON h.id = m.ticket_id
           JOIN tickets o ON o.id = COALESCE(m.origin_ticket_id, m.ticket_id)
          WHERE m.channel = ?1 AND ${dupWhere} AND m.direction = 'in'`,
      )
      .bind(args.channel, ...dupBinds),
    db
      .prepare(
        // A ticket staff merged into another stands for that one: the customer's next message joins the result.
        `SELECT h.id, h.status, h.resolved_at, h.language, h.assignee_id, o.id AS conversation_ticket_id,
            ${FACING("number")} AS number, ${FACING("access_token")} AS access_token,
            -- Archived (so ingest restores it first) only for its own customer: a conversation merged into another
            -- customer's ticket never brings that one back; it is closed, so the writer gets a ticket of their own.
            EXISTS (SELECT 1 FROM archived_tickets a WHERE a.ticket_id = h.id AND a.state = 'archived')
              AND ${sameCustomerSql("o.id", "h.id")} AS archived
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
      : "chatSession" in sender
        ? db
            .prepare(
              `SELECT i.contact_id, c.preferred_language FROM channel_identities i JOIN contacts c ON c.id = i.contact_id
                WHERE i.channel = ?1
                  AND i.external_id = (SELECT external_id FROM chat_sessions WHERE token_hash = ?2)`,
            )
            .bind(args.channel, sender.chatSession)
        : db
            .prepare(
              `SELECT i.contact_id, c.preferred_language FROM channel_identities i JOIN contacts c ON c.id = i.contact_id
              WHERE i.channel = ?1 AND i.external_id = ?2`,
            )
            .bind(args.channel, sender.externalId),
    threadReadStatement(db, {
      ticket: latestTicket,
      binds: conversation.binds,
      sender:
        "ticketAccessToken" in sender
          ? sender
          : "chatSession" in sender
            ? { channel: args.channel, chatSession: sender.chatSession }
            : { channel: args.channel, externalId: sender.externalId },
      since: new Date(now.getTime() - THREAD_WINDOW_MS).toISOString(),
    }),
    db
      .prepare(
        // The conversation's latest tickets' prints of secrets (src/core/redact-prints.ts): usually none.
        `SELECT p.ticket_id, p.print, p.kind FROM secret_prints p
          WHERE p.ticket_id IN (SELECT id FROM tickets WHERE conversation_key = ${conversation.sql}
                                 ORDER BY created_at DESC, number DESC LIMIT ${PRINT_TICKETS})
          LIMIT ${MAX_PRINTS_READ}`,
      )
      .bind(...conversation.binds),
    ...triageReadStatements(db, conversation),
  ];
}

/** IngestState from the results of ingestReadStatements, in order. */
export function ingestStateFrom(results: ReadonlyArray<D1Result | undefined>): IngestState {
  const [dup, latest, identity, thread, prints, ...triageReads] = results;
  const d = dup?.results[0] as
    | { message_id: string; ticket_id: string; conversation_ticket_id: string; number: number; access_token: string }
    | undefined;
  const l = latest?.results[0] as
    | {
        id: string;
        status: TicketStatus;
        resolved_at: string | null;
        language: Language;
        assignee_id?: string | null;
        conversation_ticket_id: string;
        number: number;
        access_token: string;
        archived?: number;
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
          assigneeId: l.assignee_id ?? null,
          conversationTicketId: l.conversation_ticket_id,
          ticketNumber: l.number,
          accessToken: l.access_token,
          ...(l.archived ? { archived: true } : {}),
        }
      : null,
    contactId: i?.contact_id ?? null,
    preferredLanguage: i?.preferred_language ?? null,
    triage: triageStateFrom(triageReads),
    thread: threadStateFrom(thread),
    prints: ((prints?.results ?? []) as Array<{ ticket_id: string; print: string; kind: SecretKind }>).map((p) => ({
      ticketId: p.ticket_id,
      print: p.print,
      kind: p.kind,
    })),
  };
}
