/**
 * Live chat's reads, each in ONE round trip: a message from the widget (the session behind the token,
 * the settings, the duplicate, the queue, and ingest's reads through the session, so the message costs
 * two in all), a catch-up, a session's conversation, a socket's room.
 */
import type { ChatMessage, ChatTicket } from "../core/chat";
import { parseBusinessHours } from "../core/chat-handoff";
import type { IngestState } from "../core/ingest";
import type { BusinessHours } from "../core/sla";
import {
  type ChatMessageRow,
  type ChatSession,
  type ChatSessionRow,
  type ChatSettings,
  type ChatTicketRow,
  chatHistoryStatement,
  chatMessageFromRow,
  chatMessagesFrom,
  chatSettingsFrom,
  chatSettingsStatement,
  chatTicketFromRow,
  conversationMessagesStatement,
  latestChatTicketStatement,
  renewSessionStatement,
  sessionConversationSql,
  sessionExternalSql,
  sessionFromRow,
  sessionStatement,
} from "./chat";
import { ingestReadStatements, ingestStateFrom } from "./ingest-read";
import { updatedSince } from "./metrics";
import { linkStatusSql } from "./ticket-access";

const CHAT_MESSAGE_BY_PROVIDER = (db: D1Database, tokenHash: string, clientId: string) =>
  db
    .prepare(
      `SELECT m.id, m.author, m.body, m.created_at, m.provider_message_id, m.buttons, m.rowid AS seq,
          NULL AS agent_name,
          (SELECT access_token FROM tickets WHERE id = COALESCE(m.origin_ticket_id, m.ticket_id)) AS link_token,
          (SELECT json_group_array(json_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type,
              'size', a.size)) FROM attachments a WHERE a.message_id = m.id) AS attachments_json,
          0 AS is_csat, COALESCE(m.origin_ticket_id, m.ticket_id) AS origin_id
         FROM messages m
        WHERE m.channel = 'webform' AND m.direction = 'in'
          AND m.provider_message_id = ${sessionExternalSql(1)} || ':' || ?2`,
    )
    .bind(tokenHash, clientId);

/**
 * Who waits for a person ahead of the conversation's ticket, how long answers took lately (the week's tickets, found
 * among those updated since: src/store/metrics.ts `updatedSince`), the business hours.
 */
function queueStatement(db: D1Database, tokenHash: string, now: Date): D1PreparedStatement {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  return db
    .prepare(
      `SELECT
          (SELECT COUNT(*) FROM tickets w
            WHERE w.status IN ('new', 'open', 'pending') AND w.status <> 'pending'
              AND w.first_response_at IS NULL AND w.merged_into_id IS NULL
              AND w.conversation_key <> ${sessionConversationSql(1)}
              AND w.created_at < COALESCE((SELECT MAX(created_at) FROM tickets
                    WHERE conversation_key = ${sessionConversationSql(1)}), ?2)) AS ahead,
          (SELECT AVG((julianday(first_response_at) - julianday(created_at)) * 1440) FROM tickets
            WHERE updated_at >= ?4 AND created_at >= ?3 AND first_response_at IS NOT NULL) AS avg_minutes,
          ${BUSINESS_HOURS_SQL} AS business_hours`,
    )
    .bind(tokenHash, now.toISOString(), weekAgo, updatedSince(weekAgo));
}

/** The hours of the policy a normal web ticket falls under. */
const BUSINESS_HOURS_SQL = `(SELECT business_hours FROM sla_policies WHERE priority = 'normal'
    AND channel IN ('webform', '*') ORDER BY channel = '*' LIMIT 1)`;

export interface ChatPostRead {
  session: ChatSession | null;
  settings: ChatSettings;
  /** The conversation's latest ticket before this message. */
  latest: ChatTicket | null;
  /** This client id's message, when already stored. */
  duplicate: ChatMessage | null;
  queue: { ahead: number; avgMinutes: number | null; businessHours: BusinessHours | null } | null;
  ingest: IngestState;
}

/** Everything a widget message needs before its one batch of writes, in one round trip. */
export async function readChatPost(
  db: D1Database,
  args: { tokenHash: string; clientId: string; withQueue: boolean; now: Date },
): Promise<ChatPostRead> {
  const { tokenHash } = args;
  const conv = { sql: sessionConversationSql(1), binds: [tokenHash] };
  const head = [
    sessionStatement(db, tokenHash),
    chatSettingsStatement(db),
    latestChatTicketStatement(db, conv),
    CHAT_MESSAGE_BY_PROVIDER(db, tokenHash, args.clientId),
    ...(args.withQueue ? [queueStatement(db, tokenHash, args.now)] : []),
  ];
  const results = await db.batch([
    ...head,
    ...ingestReadStatements(
      db,
      {
        channel: "webform",
        providerMessageId: { chatSession: tokenHash, clientId: args.clientId },
        conversation: { byChatSession: tokenHash },
        sender: { chatSession: tokenHash },
      },
      args.now,
    ),
  ]);
  const [s, st, l, d, q] = results;
  const session = sessionFromRow(s?.results[0] as ChatSessionRow | undefined);
  const latestRow = l?.results[0] as ChatTicketRow | undefined;
  const dupRow = d?.results[0] as ChatMessageRow | undefined;
  const queueRow = args.withQueue
    ? (q?.results[0] as { ahead: number; avg_minutes: number | null; business_hours: string | null } | undefined)
    : undefined;
  return {
    session,
    settings: chatSettingsFrom(st?.results[0] as never),
    latest: latestRow ? chatTicketFromRow(latestRow) : null,
    duplicate: dupRow ? chatMessageFromRow(dupRow, session?.externalId ?? null) : null,
    queue: queueRow
      ? {
          ahead: queueRow.ahead ?? 0,
          avgMinutes: queueRow.avg_minutes,
          businessHours: parseBusinessHours(queueRow.business_hours),
        }
      : null,
    ingest: ingestStateFrom(results.slice(head.length)),
  };
}

/** The session behind a token and its conversation (messages after `after`, the latest ticket), in one round trip. */
export async function readChatConversation(
  db: D1Database,
  args: { tokenHash: string; after: string | null; now: Date },
): Promise<{ session: ChatSession | null; ticket: ChatTicket | null; messages: ChatMessage[] }> {
  const conv = { sql: sessionConversationSql(1), binds: [args.tokenHash] };
  const [s, t, m] = await db.batch([
    sessionStatement(db, args.tokenHash),
    latestChatTicketStatement(db, conv),
    conversationMessagesStatement(db, conv, args.after),
    // Reading the conversation is using the session: renewed (after the read above saw it as it was).
    renewSessionStatement(db, { tokenHash: args.tokenHash }, args.now),
  ]);
  const session = sessionFromRow(s?.results[0] as ChatSessionRow | undefined);
  if (!session) return { session: null, ticket: null, messages: [] };
  const row = t?.results[0] as ChatTicketRow | undefined;
  return { session, ticket: row ? chatTicketFromRow(row) : null, messages: chatMessagesFrom(m, session.externalId) };
}

/** A known conversation's view for a new or resumed session: latest ticket, messages, the visitor's tickets. */
export async function readChatOpening(
  db: D1Database,
  externalId: string,
  /** A resumed session, renewed in the same batch. */
  renew?: { sessionId: string; now: Date },
): Promise<{ ticket: ChatTicket | null; messages: ChatMessage[]; history: ChatTicket[]; hours: BusinessHours | null }> {
  const conv = { sql: "?1", binds: [`webform:${externalId}`] };
  const [t, m, h, b] = await db.batch([
    latestChatTicketStatement(db, conv),
    conversationMessagesStatement(db, conv, null),
    chatHistoryStatement(db, conv),
    db.prepare(`SELECT ${BUSINESS_HOURS_SQL} AS business_hours`),
    ...(renew ? [renewSessionStatement(db, { sessionId: renew.sessionId }, renew.now)] : []),
  ]);
  const row = t?.results[0] as ChatTicketRow | undefined;
  const ticket = row ? chatTicketFromRow(row) : null;
  const history = ((h?.results ?? []) as ChatTicketRow[]).map(chatTicketFromRow).filter((x) => x.id !== ticket?.id);
  const hoursRow = b?.results[0] as { business_hours: string | null } | undefined;
  return {
    ticket,
    messages: chatMessagesFrom(m, externalId),
    history,
    hours: parseBusinessHours(hoursRow?.business_hours),
  };
}

/** The session and settings a new session request starts from. */
export async function readChatSessionStart(
  db: D1Database,
  tokenHash: string | null,
): Promise<{ session: ChatSession | null; settings: ChatSettings }> {
  const [s, st] = await db.batch([
    tokenHash ? sessionStatement(db, tokenHash) : db.prepare("SELECT NULL AS none WHERE 0"),
    chatSettingsStatement(db),
  ]);
  return {
    session: sessionFromRow(s?.results[0] as ChatSessionRow | undefined),
    settings: chatSettingsFrom(st?.results[0] as never),
  };
}

/** The session behind a socket's token and its conversation's latest ticket id. */
export async function readChatSocket(
  db: D1Database,
  tokenHash: string,
  now: Date,
): Promise<{ session: ChatSession | null; ticketId: string | null }> {
  const conv = { sql: sessionConversationSql(1), binds: [tokenHash] };
  const [s, t] = await db.batch([
    sessionStatement(db, tokenHash),
    latestChatTicketStatement(db, conv),
    renewSessionStatement(db, { tokenHash }, now),
  ]);
  const row = t?.results[0] as ChatTicketRow | undefined;
  return { session: sessionFromRow(s?.results[0] as ChatSessionRow | undefined), ticketId: row?.id ?? null };
}

/** A stored message as its visitor sees it, with its ticket and conversation (for a push). */
export async function readChatPushable(
  db: D1Database,
  messageId: string,
): Promise<{ message: ChatMessage; ticket: ChatTicket; conversationKey: string } | null> {
  const row = await db
    .prepare(
      `SELECT m.id, m.author, m.body, m.created_at, m.provider_message_id, m.buttons, m.rowid AS seq,
          (SELECT name FROM staff_users WHERE id = m.author_staff_id) AS agent_name,
          o.access_token AS link_token,
          (SELECT json_group_array(json_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type,
              'size', a.size)) FROM attachments a WHERE a.message_id = m.id) AS attachments_json,
          EXISTS (SELECT 1 FROM csat_surveys s WHERE s.message_id = m.id) AS is_csat, o.id AS origin_id,
          o.number, ${linkStatusSql("o", "oh")} AS status,
          o.subject, o.created_at AS ticket_created_at, o.conversation_key,
          -- identities are keyed by (channel, external_id): the sender's is among its conversation's contact's (0032)
          (SELECT i.external_id FROM channel_identities i
            WHERE i.contact_id IN (o.contact_id, h.contact_id) AND i.id = m.sender_identity_id) AS sender_external_id
         FROM messages m JOIN tickets o ON o.id = COALESCE(m.origin_ticket_id, m.ticket_id)
         JOIN tickets h ON h.id = m.ticket_id LEFT JOIN tickets oh ON oh.id = o.merged_into_id
        WHERE m.id = ?1 AND m.direction <> 'note' AND o.channel = 'webform'`,
    )
    .bind(messageId)
    .first<
      ChatMessageRow & {
        number: number;
        status: ChatTicket["status"];
        subject: string;
        ticket_created_at: string;
        conversation_key: string;
        sender_external_id: string | null;
      }
    >();
  if (!row) return null;
  return {
    message: chatMessageFromRow(row, row.sender_external_id),
    ticket: chatTicketFromRow({
      id: row.origin_id,
      number: row.number,
      status: row.status,
      access_token: row.link_token ?? "",
      subject: row.subject,
      created_at: row.ticket_created_at,
      conversation_key: row.conversation_key,
    }),
    conversationKey: row.conversation_key,
  };
}

/**
 * A web ticket as its visitor sees it (its status as its `/t/` page shows it: linkStatusSql), with its
 * conversation (for a `ticket` frame); null for other channels.
 */
export async function readChatTicketFrame(
  db: D1Database,
  ticketId: string,
): Promise<{ ticket: ChatTicket; conversationKey: string } | null> {
  const row = await db
    .prepare(
      `SELECT t.id, t.number, ${linkStatusSql("t", "h")} AS status, t.access_token, t.subject, t.created_at, t.conversation_key
         FROM tickets t LEFT JOIN tickets h ON h.id = t.merged_into_id WHERE t.id = ?1 AND t.channel = 'webform'`,
    )
    .bind(ticketId)
    .first<ChatTicketRow>();
  return row ? { ticket: chatTicketFromRow(row), conversationKey: row.conversation_key } : null;
}
