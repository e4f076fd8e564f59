/** Reads behind the customer's secret `/t/:token` link. Tokens are matched exactly (a unique index). */
import type { ChannelName, Language } from "../core/inbound";
import type { TicketStatus } from "../core/ticket";

/** What a customer reply needs to know about the ticket behind a link. */
export interface CustomerTicketRef {
  id: string;
  contactId: string;
  status: TicketStatus;
  conversationKey: string;
  language: Language;
  contactName: string | null;
  contactEmail: string | null;
  /** The contact's web-form identity (their lowercased email), when they have one. */
  webformExternalId: string | null;
}

interface CustomerTicketRow {
  id: string;
  contact_id: string;
  status: TicketStatus;
  conversation_key: string;
  language: Language;
  contact_name: string | null;
  contact_email: string | null;
  webform_external_id: string | null;
}

/** The read behind findTicketByAccessToken, for a caller that sends it in a batch with others. */
export function ticketByAccessTokenStatement(db: D1Database, accessToken: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT t.id, t.contact_id, t.status, t.conversation_key, t.language, c.name AS contact_name,
          c.email AS contact_email,
          (SELECT i.external_id FROM channel_identities i
            WHERE i.contact_id = t.contact_id AND i.channel = 'webform'
            ORDER BY i.created_at LIMIT 1) AS webform_external_id
         FROM tickets t JOIN contacts c ON c.id = t.contact_id
        WHERE t.access_token = ?1`,
    )
    .bind(accessToken);
}

/** The conversation of the ticket behind a link token, as SQL for ingest's reads. */
export function conversationOfLink(accessToken: string): { sql: string; binds: unknown[] } {
  return { sql: "(SELECT conversation_key FROM tickets WHERE access_token = ?1)", binds: [accessToken] };
}

/** The ticket of a ticketByAccessTokenStatement result, or null when the token matched none. */
export function customerTicketFrom(result: D1Result | undefined): CustomerTicketRef | null {
  const row = result?.results[0] as CustomerTicketRow | undefined;
  if (!row) return null;
  return {
    id: row.id,
    contactId: row.contact_id,
    status: row.status,
    conversationKey: row.conversation_key,
    language: row.language,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    webformExternalId: row.webform_external_id,
  };
}

/** The ticket behind an access token, with the contact's web-form identity, or null. */
export async function findTicketByAccessToken(db: D1Database, accessToken: string): Promise<CustomerTicketRef | null> {
  return customerTicketFrom(await ticketByAccessTokenStatement(db, accessToken).all());
}

/** An attachment the link's holder may download: on that ticket, and never on an internal note. */
export async function findCustomerAttachment(
  db: D1Database,
  args: { accessToken: string; attachmentId: string },
): Promise<{ r2Key: string; filename: string; contentType: string; size: number } | null> {
  const row = await db
    .prepare(
      `SELECT a.r2_key, a.filename, a.content_type, a.size
         FROM attachments a
         JOIN messages m ON m.id = a.message_id
         JOIN tickets t ON t.id = m.ticket_id
        WHERE a.id = ?2 AND t.access_token = ?1 AND m.direction <> 'note'`,
    )
    .bind(args.accessToken, args.attachmentId)
    .first<{ r2_key: string; filename: string; content_type: string; size: number }>();
  return row ? { r2Key: row.r2_key, filename: row.filename, contentType: row.content_type, size: row.size } : null;
}

/** Whether the sender `externalId` on `channel` belongs to the contact of ticket `ticketId`. */
export async function ticketBelongsToSender(
  db: D1Database,
  args: { ticketId: string; channel: ChannelName; externalId: string },
): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS ok FROM tickets t
         JOIN channel_identities i ON i.contact_id = t.contact_id
        WHERE t.id = ?1 AND i.channel = ?2 AND i.external_id = ?3`,
    )
    .bind(args.ticketId, args.channel, args.externalId)
    .first<{ ok: number }>();
  return row !== null;
}

/**
 * The link token of the ticket a closed ticket was merged into, when both belong to the same
 * contact: the customer's old link then leads to the merged conversation. Null otherwise.
 */
export async function mergedTicketToken(db: D1Database, accessToken: string): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT t.access_token FROM tickets s JOIN tickets t ON t.id = s.merged_into_id
        WHERE s.access_token = ?1 AND t.contact_id = s.contact_id`,
    )
    .bind(accessToken)
    .first<{ access_token: string }>();
  return row?.access_token ?? null;
}
