/** Row shapes as D1 returns them, and mappers to the domain types. */
import { CLAIM_PREFIX } from "../core/email-claims";
import type { ChannelName, Language } from "../core/inbound";
import {
  type Attachment,
  type ChannelIdentity,
  type DeliveryStatus,
  formatTicketNumber,
  type Message,
  type MessageAuthor,
  type MessageDirection,
  type MessageEdit,
  type Priority,
  type Ticket,
  type TicketStatus,
} from "../core/ticket";

export interface TicketRow {
  id: string;
  number: number;
  channel: ChannelName;
  conversation_key: string;
  access_token: string;
  contact_id: string;
  status: TicketStatus;
  priority: Priority;
  category: string;
  subject: string;
  language: Language;
  assignee_id: string | null;
  tags: string;
  metadata: string;
  created_at: string;
  updated_at: string;
  first_response_due_at: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_email_verified_at: string | null;
  contact_language: Language;
  /** JSON array built by TICKET_SELECT. */
  contact_identities: string;
}

/**
 * Columns of a ticket with its contact and identities, in one row (no extra round trip). Staff see the identities of
 * every contact `/link` joined the ticket's with (`group`); a customer's page only its own contact's (`contact`).
 */
const ticketSelect = (identities: "group" | "contact") => `
  SELECT t.*, c.name AS contact_name, c.email AS contact_email, c.email_verified_at AS contact_email_verified_at,
    c.language AS contact_language,
    (SELECT json_group_array(json_object('channel', i.channel, 'externalId', i.external_id,
        'displayName', i.display_name, 'reachable', i.reachable,
        -- a live-chat identity is verified only when the exchange's signature proved it (verified_at)
        'verified', CASE WHEN i.external_id LIKE 'chat:%' THEN i.verified_at IS NOT NULL
          ELSE substr(i.external_id, 1, ${CLAIM_PREFIX.length}) <> '${CLAIM_PREFIX}' END))
       FROM channel_identities i WHERE i.contact_id = c.id${
         identities === "group"
           ? ` OR i.contact_id = c.linked_to_id
         OR i.contact_id IN (SELECT g.id FROM contacts g WHERE g.linked_to_id = COALESCE(c.linked_to_id, c.id))`
           : ""
       })
      AS contact_identities
  FROM tickets t JOIN contacts c ON c.id = t.contact_id`;

/** A ticket for staff: its contact's identities are its whole `/link` group's. */
export const TICKET_SELECT = ticketSelect("group");

/** A ticket for its customer's `/t/` page: its contact's identities only, never another account of its group. */
export const CUSTOMER_TICKET_SELECT = ticketSelect("contact");

/** Maps a TICKET_SELECT row to the API's Ticket. */
export function ticketFromRow(r: TicketRow): Ticket {
  const identities = (
    JSON.parse(r.contact_identities || "[]") as Array<
      Omit<ChannelIdentity, "reachable" | "verified"> & { reachable: number; verified: number }
    >
  ).map((i) => ({ ...i, reachable: Boolean(i.reachable), verified: Boolean(i.verified) }));
  return {
    id: r.id,
    number: formatTicketNumber(r.number),
    channel: r.channel,
    status: r.status,
    priority: r.priority,
    category: r.category,
    subject: r.subject,
    language: r.language,
    contact: {
      id: r.contact_id,
      name: r.contact_name,
      email: r.contact_email,
      emailVerified: Boolean(r.contact_email && r.contact_email_verified_at),
      language: r.contact_language,
      identities,
    },
    assigneeId: r.assignee_id,
    tags: JSON.parse(r.tags) as string[],
    metadata: JSON.parse(r.metadata) as Record<string, string>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    firstResponseDueAt: r.first_response_due_at,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
  };
}

export interface MessageRow {
  id: string;
  ticket_id: string;
  direction: MessageDirection;
  author: MessageAuthor;
  author_staff_id: string | null;
  channel: ChannelName;
  body: string;
  redacted: number;
  provider_message_id: string | null;
  reply_to_message_id: string | null;
  /** The bot's quote of a customer message (no foreign key, migrations/0031). */
  quote_message_id?: string | null;
  origin_ticket_id: string | null;
  delivery_status: "queued" | "sending" | "sent" | "failed" | null;
  delivery_attempts: number;
  delivery_error: string | null;
  sent_at: string | null;
  created_at: string;
  /** JSON array built by MESSAGE_SELECT. */
  attachments_json: string;
  /** JSON array built by MESSAGE_SELECT, or null when the message was never edited. */
  edits_json: string | null;
}

/** Columns of a message with its attachments, in one row. */
export const MESSAGE_SELECT = `
  SELECT m.*,
    (SELECT json_group_array(json_object('id', a.id, 'filename', a.filename,
        'contentType', a.content_type, 'size', a.size))
       FROM attachments a WHERE a.message_id = m.id) AS attachments_json,
    (SELECT json_group_array(json_object('previousBody', e.previous_body, 'editedAt', e.edited_at))
       FROM (SELECT * FROM message_edits WHERE message_id = m.id ORDER BY edited_at, rowid) e
     HAVING COUNT(*) > 0) AS edits_json
  FROM messages m`;

/** Maps a MESSAGE_SELECT row to the API's Message. */
export function messageFromRow(r: MessageRow): Message {
  const msg: Message = {
    id: r.id,
    ticketId: r.ticket_id,
    direction: r.direction,
    author: r.author,
    authorStaffId: r.author_staff_id,
    channel: r.channel,
    body: r.body,
    redacted: Boolean(r.redacted),
    attachments: JSON.parse(r.attachments_json || "[]") as Attachment[],
    replyToMessageId: r.reply_to_message_id ?? r.quote_message_id ?? null,
    originTicketId: r.origin_ticket_id ?? r.ticket_id,
    createdAt: r.created_at,
  };
  if (r.edits_json) {
    msg.edits = JSON.parse(r.edits_json) as MessageEdit[];
    msg.editedAt = msg.edits[msg.edits.length - 1]?.editedAt;
  }
  if (r.direction === "out" && r.delivery_status) {
    // "sending" is an internal lease state; to readers it is still on its way.
    const status: DeliveryStatus = r.delivery_status === "sending" ? "queued" : r.delivery_status;
    msg.delivery = {
      status,
      attempts: r.delivery_attempts,
      error: r.delivery_error,
      providerMessageId: r.delivery_status === "sent" ? r.provider_message_id : null,
      sentAt: r.sent_at,
    };
  }
  return msg;
}
