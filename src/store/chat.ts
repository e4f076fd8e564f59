/**
 * Live chat's data: widget sessions (only the token's SHA-256 is stored), the desk's chat settings
 * (one row, audited), and the conversation as its visitor sees it (ChatMessage, ChatTicket).
 */
import type { OutboundButton } from "../core/channel";
import { CHAT_MESSAGE_PAGE, type ChatMessage, chatConversationKey, chatSessionBounds, clientIdOf } from "../core/chat";
import type { Language } from "../core/inbound";

export * from "./chat-settings";
export * from "./chat-tickets";

export interface ChatSession {
  id: string;
  visitorId: string;
  externalId: string;
  verified: boolean;
  userId: string | null;
  email: string | null;
  name: string | null;
  language: Language;
  turnstilePassedAt: string | null;
  /** When the session started and was last used (ISO 8601): its expiry (chatSessionExpired, src/core/chat.ts). */
  createdAt?: string;
  lastSeenAt?: string;
}

export interface ChatSessionRow {
  id: string;
  token_hash: string;
  visitor_id: string;
  external_id: string;
  verified: number;
  user_id: string | null;
  email: string | null;
  name: string | null;
  language: Language;
  turnstile_passed_at: string | null;
  created_at?: string;
  last_seen_at?: string;
}

export function sessionFromRow(r: ChatSessionRow | undefined | null): ChatSession | null {
  if (!r) return null;
  return {
    id: r.id,
    visitorId: r.visitor_id,
    externalId: r.external_id,
    verified: r.verified === 1,
    userId: r.user_id,
    email: r.email,
    name: r.name,
    language: r.language,
    turnstilePassedAt: r.turnstile_passed_at,
    ...(r.created_at ? { createdAt: r.created_at } : {}),
    ...(r.last_seen_at ? { lastSeenAt: r.last_seen_at } : {}),
  };
}

/**
 * Renews a live session on a read (catch-up, socket, resume) at most hourly: only when its last use is older
 * than `renewBefore`, and never an expired one (idle since before `idleSince`, or started before `startedSince`).
 */
export function renewSessionStatement(
  db: D1Database,
  by: { tokenHash: string } | { sessionId: string },
  now: Date,
): D1PreparedStatement {
  const b = chatSessionBounds(now);
  return db
    .prepare(
      `UPDATE chat_sessions SET last_seen_at = ?2
        WHERE ${"tokenHash" in by ? "token_hash" : "id"} = ?1
          AND last_seen_at < ?3 AND last_seen_at > ?4 AND created_at > ?5`,
    )
    .bind(
      "tokenHash" in by ? by.tokenHash : by.sessionId,
      now.toISOString(),
      b.renewBefore,
      b.idleSince,
      b.startedSince,
    );
}

/** The session behind a token hash. */
export function sessionStatement(db: D1Database, tokenHash: string): D1PreparedStatement {
  return db.prepare("SELECT * FROM chat_sessions WHERE token_hash = ?1").bind(tokenHash);
}

/** SQL yielding the external id of the session `?n` names (for reads batched with the lookup). */
export function sessionExternalSql(n: number): string {
  return `(SELECT external_id FROM chat_sessions WHERE token_hash = ?${n})`;
}

/** SQL yielding the conversation key of the session `?n` names. */
export function sessionConversationSql(n: number): string {
  return `(SELECT 'webform:' || external_id FROM chat_sessions WHERE token_hash = ?${n})`;
}

export async function findSession(db: D1Database, tokenHash: string): Promise<ChatSession | null> {
  return sessionFromRow(await sessionStatement(db, tokenHash).first<ChatSessionRow>());
}

/** A new session row. */
export function insertSessionStatement(
  db: D1Database,
  s: ChatSession & { tokenHash: string; now: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO chat_sessions (id, token_hash, visitor_id, external_id, verified, user_id, email, name, language,
          turnstile_passed_at, created_at, last_seen_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, ?10)`,
    )
    .bind(
      s.id,
      s.tokenHash,
      s.visitorId,
      s.externalId,
      s.verified ? 1 : 0,
      s.userId,
      s.email,
      s.name,
      s.language,
      s.now,
    );
}

/**
 * Stores a new session, and in the same batch ends `revokeTokenHash`'s verified session (its token was
 * presented without that user's signature): from then on that token opens nothing.
 */
export async function createChatSession(
  db: D1Database,
  s: ChatSession & { tokenHash: string; now: string },
  revokeTokenHash: string | null,
): Promise<void> {
  const insert = insertSessionStatement(db, s);
  await db.batch(
    revokeTokenHash
      ? [db.prepare("DELETE FROM chat_sessions WHERE token_hash = ?1 AND verified = 1").bind(revokeTokenHash), insert]
      : [insert],
  );
}

/**
 * The session was seen (and, with `turnstile`, passed the bot check). Rows written are billed: like a read's renewal
 * (renewSessionStatement), a message renews the session at most hourly (its expiry counts in days); the first pass of
 * the bot check is always recorded.
 */
export function touchSessionStatement(
  db: D1Database,
  args: { sessionId: string; now: string; turnstile: boolean },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE chat_sessions SET last_seen_at = ?2,
          turnstile_passed_at = CASE WHEN ?3 THEN COALESCE(turnstile_passed_at, ?2) ELSE turnstile_passed_at END
        WHERE id = ?1 AND (last_seen_at < ?4 OR (?3 AND turnstile_passed_at IS NULL))`,
    )
    .bind(args.sessionId, args.now, args.turnstile ? 1 : 0, chatSessionBounds(new Date(args.now)).renewBefore);
}

// ---- the conversation as the visitor sees it ----

/** Customer-visible columns of a message, with what its ChatMessage needs (attachments, agent, the customer's link). */
const CHAT_MESSAGE_COLUMNS = `m.id, m.author, m.body, m.created_at, m.provider_message_id, m.buttons, m.rowid AS seq,
    (SELECT name FROM staff_users WHERE id = m.author_staff_id) AS agent_name,
    (SELECT access_token FROM tickets WHERE id = COALESCE(m.origin_ticket_id, m.ticket_id)) AS link_token,
    (SELECT json_group_array(json_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type,
        'size', a.size)) FROM attachments a WHERE a.message_id = m.id) AS attachments_json,
    EXISTS (SELECT 1 FROM csat_surveys s WHERE s.message_id = m.id) AS is_csat,
    COALESCE(m.origin_ticket_id, m.ticket_id) AS origin_id`;

/**
 * The messages a conversation's visitor sees (`conv` is SQL yielding the conversation key): those on
 * the conversation's tickets (or what they were merged into) whose origin is that visitor's contact,
 * never internal notes.
 */
function visibleWhere(conv: string): string {
  return `m.direction <> 'note'
    AND m.ticket_id IN (SELECT COALESCE(merged_into_id, id) FROM tickets WHERE conversation_key = ${conv})
    AND (SELECT o.contact_id FROM tickets o WHERE o.id = COALESCE(m.origin_ticket_id, m.ticket_id))
        IN (SELECT contact_id FROM tickets WHERE conversation_key = ${conv})`;
}

export interface ChatMessageRow {
  id: string;
  author: "customer" | "staff" | "bot";
  body: string;
  created_at: string;
  provider_message_id: string | null;
  buttons: string | null;
  seq: number;
  agent_name: string | null;
  link_token: string | null;
  attachments_json: string;
  is_csat: number;
  origin_id: string;
}

/**
 * The last CHAT_MESSAGE_PAGE visible messages (newest first in SQL; callers reverse), after message
 * `after` when it is one of them. `conv` is SQL over binds starting at ?1; `after` binds next.
 */
export function conversationMessagesStatement(
  db: D1Database,
  conv: { sql: string; binds: unknown[] },
  after: string | null,
): D1PreparedStatement {
  const n = conv.binds.length + 1;
  const afterClause = after ? `AND m.rowid > COALESCE((SELECT x.rowid FROM messages x WHERE x.id = ?${n}), -1)` : "";
  return db
    .prepare(
      `SELECT ${CHAT_MESSAGE_COLUMNS} FROM messages m
        WHERE ${visibleWhere(conv.sql)} ${afterClause}
        ORDER BY m.created_at DESC, m.rowid DESC LIMIT ${CHAT_MESSAGE_PAGE}`,
    )
    .bind(...conv.binds, ...(after ? [after] : []));
}

/** One stored message as its visitor sees it, by id (for a push after it is written or delivered). */
export function chatMessageByIdStatement(db: D1Database, messageId: string): D1PreparedStatement {
  return db
    .prepare(`SELECT ${CHAT_MESSAGE_COLUMNS} FROM messages m WHERE m.id = ?1 AND m.direction <> 'note'`)
    .bind(messageId);
}

/** A row of CHAT_MESSAGE_COLUMNS as the widget gets it; `externalId` recognises its own client ids. */
export function chatMessageFromRow(r: ChatMessageRow, externalId: string | null): ChatMessage {
  const attachments = (
    JSON.parse(r.attachments_json || "[]") as Array<{ id: string; filename: string; contentType: string; size: number }>
  ).map((a) => ({ ...a, url: `/t/${r.link_token ?? ""}/attachments/${a.id}` }));
  let buttons: OutboundButton[][] | undefined = r.buttons ? (JSON.parse(r.buttons) as OutboundButton[][]) : undefined;
  if (!buttons && r.is_csat === 1) {
    buttons = [[1, 2, 3, 4, 5].map((n) => ({ text: "★".repeat(n), data: `csat:${r.origin_id}:${n}` }))];
  }
  return {
    id: r.id,
    clientId: r.author === "customer" ? clientIdOf(r.provider_message_id, externalId) : null,
    author: r.author,
    body: r.body,
    createdAt: r.created_at,
    attachments,
    ...(buttons ? { buttons } : {}),
    ...(r.author === "staff" ? { agentName: r.agent_name } : {}),
  };
}

/** A conversation key as SQL binds for the statements above. */
export function knownConversation(externalId: string): { sql: string; binds: unknown[] } {
  return { sql: "?1", binds: [chatConversationKey(externalId)] };
}

/** The messages of a conversationMessagesStatement result, oldest first. */
export function chatMessagesFrom(result: D1Result | undefined, externalId: string | null): ChatMessage[] {
  return ((result?.results ?? []) as ChatMessageRow[]).reverse().map((r) => chatMessageFromRow(r, externalId));
}

/** The web conversations of a ticket: its own and those of the tickets merged into it (two customers' chats, say). */
export async function webConversationsOfTicket(
  db: D1Database,
  ticketId: string,
): Promise<Array<{ id: string; conversationKey: string }>> {
  const { results } = await db
    .prepare(
      `SELECT id, conversation_key FROM tickets WHERE id = ?1 AND channel = 'webform'
       UNION ALL
       SELECT id, conversation_key FROM tickets WHERE merged_into_id = ?1 AND channel = 'webform'`,
    )
    .bind(ticketId)
    .all<{ id: string; conversation_key: string }>();
  return results.map((r) => ({ id: r.id, conversationKey: r.conversation_key }));
}

/** A ticket's conversation, for the staff side's live features (typing, read receipts, presence). */
export async function ticketConversation(
  db: D1Database,
  ticketId: string,
): Promise<{ id: string; conversationKey: string; channel: string; isChat: boolean } | null> {
  const row = await db
    .prepare(
      `SELECT id, conversation_key, channel, json_extract(metadata, '$.source') = 'chat' AS is_chat
         FROM tickets WHERE id = ?1`,
    )
    .bind(ticketId)
    .first<{ id: string; conversation_key: string; channel: string; is_chat: number | null }>();
  return row
    ? { id: row.id, conversationKey: row.conversation_key, channel: row.channel, isChat: row.is_chat === 1 }
    : null;
}
