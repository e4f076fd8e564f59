/**
 * The ticket behind a customer's secret `/t/:token` link (`tickets.access_token`) and what its
 * holder may see. Tokens are matched exactly (a unique index).
 */
import type { Language } from "../core/inbound";
import type { IngestState } from "../core/ingest";
import type { Message, Ticket, TicketStatus } from "../core/ticket";
import { ingestReadStatements, ingestStateFrom } from "./ingest-read";
import { sameCustomerSql } from "./merge";
import {
  CUSTOMER_TICKET_SELECT,
  MESSAGE_SELECT,
  type MessageRow,
  messageFromRow,
  type TicketRow,
  ticketFromRow,
} from "./rows";

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

/**
 * SQL: the status a customer is shown of ticket `t`, which staff may have merged into `h` (LEFT JOINed). Merged into
 * another ticket of the same customer (sameCustomerSql), the conversation goes on there: that ticket's status. Merged
 * into another customer's, nothing of that ticket: `open` whatever its status (the customer's conversation goes on
 * with staff there; a reply after that ticket closed starts a new ticket of their own, as ingest decides).
 */
export const linkStatusSql = (t: string, h: string) =>
  `CASE WHEN ${h}.id IS NULL THEN ${t}.status WHEN ${sameCustomerSql(`${t}.id`, `${h}.id`)} THEN ${h}.status
    ELSE 'open' END`;

/** The read behind findTicketByAccessToken, for a caller that sends it in a batch with others. */
function ticketByAccessTokenStatement(db: D1Database, accessToken: string): D1PreparedStatement {
  return db
    .prepare(
      // A ticket merged into another of the same customer goes on there: its status is that ticket's.
      `SELECT t.id, t.contact_id, ${linkStatusSql("t", "h")} AS status, t.conversation_key, t.language,
          c.name AS contact_name, c.email AS contact_email,
          (SELECT i.external_id FROM channel_identities i
            WHERE i.contact_id = t.contact_id AND i.channel = 'webform'
            ORDER BY i.created_at LIMIT 1) AS webform_external_id
         FROM tickets t JOIN contacts c ON c.id = t.contact_id LEFT JOIN tickets h ON h.id = t.merged_into_id
        WHERE t.access_token = ?1`,
    )
    .bind(accessToken);
}

/** The ticket of a ticketByAccessTokenStatement result, or null when the token matched none. */
function customerTicketFrom(result: D1Result | undefined): CustomerTicketRef | null {
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

/**
 * What a link shows (CUSTOMER_VIEW): the messages of the ticket holding the link's conversation
 * (the link's ticket, or the ticket staff merged it into) whose origin is the same customer's
 * (sameCustomerSql: the same contact, and a group's conversation only on the group's own link, never
 * beside its first writer's private one), never internal notes. After a merge of two customers'
 * tickets, or of a group's with a person's, each link shows only its own conversation's messages and
 * the replies sent there. `s` is the link's ticket, `m` the message.
 */
const CUSTOMER_VIEW = `m.ticket_id = COALESCE(s.merged_into_id, s.id) AND m.direction <> 'note'
  AND ${sameCustomerSql("COALESCE(m.origin_ticket_id, m.ticket_id)", "s.id")}`;

/** What the holder of a `/t/` link sees, read in one round trip. */
export interface CustomerView {
  /** The link's own ticket; `status` as linkStatusSql shows it (never that of another customer's ticket). */
  ticket: Ticket;
  /** Set when staff merged the ticket into another of the same customer: the link leads there. */
  mergedIntoToken: string | null;
  /** Oldest first: only this customer's messages and the replies sent to them (CUSTOMER_VIEW). */
  messages: Message[];
  /** Set when the conversation's ticket is archived: its messages are in R2 (src/pipeline/archive-customer.ts). */
  archived: LinkArchive | null;
}

/** The archive behind a link: the ticket holding its conversation, archived now, and the link's customer. */
export interface LinkArchive {
  ticketId: string;
  sha256: string;
  contactId: string;
  /** The link's own conversation: a group's is shown only on the group's link (isSharedConversation). */
  conversationKey: string;
}

/** The archive of the ticket holding a link's conversation, if it is archived now (for a read batch). */
function linkArchiveStatement(db: D1Database, accessToken: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT a.ticket_id, a.sha256, s.contact_id, s.conversation_key FROM tickets s
         JOIN archived_tickets a ON a.ticket_id = COALESCE(s.merged_into_id, s.id) AND a.state = 'archived'
        WHERE s.access_token = ?1`,
    )
    .bind(accessToken);
}

function linkArchiveFrom(result: D1Result | undefined): LinkArchive | null {
  const row = result?.results[0] as
    | { ticket_id: string; sha256: string; contact_id: string; conversation_key: string }
    | undefined;
  return row
    ? { ticketId: row.ticket_id, sha256: row.sha256, contactId: row.contact_id, conversationKey: row.conversation_key }
    : null;
}

/** The archive behind a link, or null when the link is unknown or its conversation's ticket is not archived. */
export async function findLinkArchive(db: D1Database, accessToken: string): Promise<LinkArchive | null> {
  return linkArchiveFrom(await linkArchiveStatement(db, accessToken).all());
}

/** The customer (contact id) and conversation of each of these tickets: whose an archived message's origin is. */
export async function ticketContacts(
  db: D1Database,
  ticketIds: string[],
): Promise<Map<string, { contactId: string; conversationKey: string }>> {
  const { results } = await db
    .prepare("SELECT id, contact_id, conversation_key FROM tickets WHERE id IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify(ticketIds))
    .all<{ id: string; contact_id: string; conversation_key: string }>();
  return new Map(results.map((r) => [r.id, { contactId: r.contact_id, conversationKey: r.conversation_key }]));
}

/** The ticket behind a link and its messages as its customer sees them, or null for an unknown link. */
export async function getCustomerView(db: D1Database, accessToken: string): Promise<CustomerView | null> {
  const [t, h, m, a] = await db.batch([
    db.prepare(`${CUSTOMER_TICKET_SELECT} WHERE t.access_token = ?1`).bind(accessToken),
    db
      .prepare(
        // Led on only to a ticket of the same customer: a group's link never to its first writer's private ticket.
        // Of another customer's ticket nothing is read out: neither its status nor its link.
        `SELECT ${linkStatusSql("s", "h")} AS status,
            CASE WHEN ${sameCustomerSql("s.id", "h.id")} THEN h.access_token END AS access_token
           FROM tickets s JOIN tickets h ON h.id = s.merged_into_id WHERE s.access_token = ?1`,
      )
      .bind(accessToken),
    db
      .prepare(
        `${MESSAGE_SELECT} JOIN tickets s ON s.access_token = ?1
          WHERE ${CUSTOMER_VIEW} ORDER BY m.created_at, m.rowid`,
      )
      .bind(accessToken),
    linkArchiveStatement(db, accessToken),
  ]);
  const row = t?.results[0] as TicketRow | undefined;
  if (!row) return null;
  const holder = h?.results[0] as { status: TicketStatus; access_token: string | null } | undefined;
  const ticket = ticketFromRow(row);
  return {
    ticket: holder ? { ...ticket, status: holder.status } : ticket,
    mergedIntoToken: holder?.access_token ?? null,
    messages: ((m?.results ?? []) as MessageRow[]).map(messageFromRow),
    archived: linkArchiveFrom(a),
  };
}

/** An attachment the link's holder may download: on a message of their view (CUSTOMER_VIEW). */
export async function findCustomerAttachment(
  db: D1Database,
  args: { accessToken: string; attachmentId: string },
): Promise<{ r2Key: string; filename: string; contentType: string; size: number } | null> {
  const row = await db
    .prepare(
      `SELECT a.r2_key, a.filename, a.content_type, a.size
         FROM attachments a
         JOIN messages m ON m.id = a.message_id
         JOIN tickets s ON s.access_token = ?1
        WHERE a.id = ?2 AND ${CUSTOMER_VIEW}`,
    )
    .bind(args.accessToken, args.attachmentId)
    .first<{ r2_key: string; filename: string; content_type: string; size: number }>();
  return row ? { r2Key: row.r2_key, filename: row.filename, contentType: row.content_type, size: row.size } : null;
}

/**
 * A customer's reply through a `/t/` link, read in ONE round trip: the ticket behind the link and
 * ingest's reads for its conversation, with the link's contact as the sender (the reply then costs
 * two in all). `ingest` is keyed by what the reply will carry (ingestKeysOf of the message).
 */
export async function readLinkReply(
  db: D1Database,
  args: { accessToken: string; replyKey: string },
): Promise<{ ticket: CustomerTicketRef | null; ingest: IngestState }> {
  const [found, ...results] = await db.batch([
    ticketByAccessTokenStatement(db, args.accessToken),
    ...ingestReadStatements(db, {
      channel: "webform",
      providerMessageId: { linkToken: args.accessToken, key: args.replyKey },
      conversation: { byAccessToken: args.accessToken },
      sender: { ticketAccessToken: args.accessToken },
    }),
  ]);
  return { ticket: customerTicketFrom(found), ingest: ingestStateFrom(results) };
}
