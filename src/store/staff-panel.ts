/** Reads behind the staff ticket page: an attachment's object, and the customer panel. */
import { isClaim } from "../core/email-claims";
import type { ChannelIdentity } from "../core/ticket";
import { listSelect, type StaffTicket, type StaffTicketRow, staffTicketFromRow } from "./ticket-list";

/** Past tickets shown in the customer panel. */
export const CONTACT_TICKETS_LIMIT = 20;

export interface AttachmentObject {
  id: string;
  r2Key: string;
  filename: string;
  contentType: string;
  size: number;
}

/** An attachment's R2 key and metadata, or null. */
export async function getAttachment(db: D1Database, id: string): Promise<AttachmentObject | null> {
  const row = await db
    .prepare("SELECT id, r2_key, filename, content_type, size FROM attachments WHERE id = ?1")
    .bind(id)
    .first<{ id: string; r2_key: string; filename: string; content_type: string; size: number }>();
  return row
    ? { id: row.id, r2Key: row.r2_key, filename: row.filename, contentType: row.content_type, size: row.size }
    : null;
}

export interface ContactPanel {
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    /** Proven (a confirmation link, or the customer writes from it); a typed web-form address is not. */
    emailVerified: boolean;
    language: string;
    identities: ChannelIdentity[];
  };
  tickets: StaffTicket[];
}

/** A contact with its channel identities and its tickets, newest first (merged-away tickets left out). */
export async function getContactPanel(
  db: D1Database,
  args: { contactId: string; viewerId: string },
): Promise<ContactPanel | null> {
  const [c, i, t] = await db.batch([
    db.prepare("SELECT id, name, email, email_verified_at, language FROM contacts WHERE id = ?1").bind(args.contactId),
    db
      .prepare(
        `SELECT channel, external_id, display_name, reachable FROM channel_identities
          WHERE contact_id = ?1 ORDER BY last_seen_at DESC`,
      )
      .bind(args.contactId),
    db
      .prepare(
        `${listSelect("?2")} WHERE t.contact_id = ?1 AND t.merged_into_id IS NULL
          ORDER BY t.created_at DESC, t.id DESC LIMIT ${CONTACT_TICKETS_LIMIT}`,
      )
      .bind(args.contactId, args.viewerId),
  ]);
  const row = c?.results[0] as
    | { id: string; name: string | null; email: string | null; email_verified_at: string | null; language: string }
    | undefined;
  if (!row) return null;
  const contact = {
    id: row.id,
    name: row.name,
    email: row.email,
    emailVerified: Boolean(row.email && row.email_verified_at),
    language: row.language,
  };
  const identities = (
    (i?.results ?? []) as Array<{
      channel: ChannelIdentity["channel"];
      external_id: string;
      display_name: string | null;
      reachable: number;
    }>
  ).map((r) => ({
    channel: r.channel,
    externalId: r.external_id,
    displayName: r.display_name,
    reachable: Boolean(r.reachable),
    verified: !isClaim(r.external_id),
  }));
  return {
    contact: { ...contact, identities },
    tickets: ((t?.results ?? []) as StaffTicketRow[]).map(staffTicketFromRow),
  };
}
