/**
 * Contacts and their channel identities (`contacts`, `channel_identities`): reachability, the
 * language a sender chose, what a command needs to know about its sender, the staff's customer panel.
 */
import { isClaim } from "../core/email-claims";
import type { ChannelName, Language } from "../core/inbound";
import { type ChannelIdentity, formatTicketNumber, isUnprovenIdentity } from "../core/ticket";
import { listSelect, type StaffTicket, type StaffTicketRow, staffTicketFromRow } from "./ticket-list";

const ACTIVE = "('new', 'open', 'pending')";

/** Past tickets shown in the customer panel. */
export const CONTACT_TICKETS_LIMIT = 20;

/** Flags a channel identity as (un)reachable, e.g. when a customer blocks or unblocks the bot. */
export async function setIdentityReachable(
  db: D1Database,
  args: { channel: ChannelName; externalId: string; reachable: boolean },
): Promise<boolean> {
  const res = await db
    .prepare("UPDATE channel_identities SET reachable = ?3 WHERE channel = ?1 AND external_id = ?2")
    .bind(args.channel, args.externalId, args.reachable ? 1 : 0)
    .run();
  return res.meta.changes > 0;
}

/** What commands need to know about the sender: their language and active ticket, in one round trip. */
export interface SenderState {
  preferredLanguage: Language | null;
  language: Language | null;
  activeTicket: { id: string; number: string } | null;
}

/** The sender's contact language and the active ticket of the conversation. */
export async function readSenderState(
  db: D1Database,
  args: { channel: ChannelName; externalId: string; conversationKey: string },
): Promise<SenderState> {
  const [contact, ticket] = await db.batch([
    db
      .prepare(
        `SELECT c.language, c.preferred_language FROM channel_identities i JOIN contacts c ON c.id = i.contact_id
          WHERE i.channel = ?1 AND i.external_id = ?2`,
      )
      .bind(args.channel, args.externalId),
    db
      .prepare(`SELECT id, number FROM tickets WHERE conversation_key = ?1 AND status IN ${ACTIVE}`)
      .bind(args.conversationKey),
  ]);
  const c = contact?.results[0] as { language: Language; preferred_language: Language | null } | undefined;
  const t = ticket?.results[0] as { id: string; number: number } | undefined;
  return {
    preferredLanguage: c?.preferred_language ?? null,
    language: c?.language ?? null,
    activeTicket: t ? { id: t.id, number: formatTicketNumber(t.number) } : null,
  };
}

/**
 * Stores an explicit language choice: creates the contact and identity when the sender is
 * new, and switches their active tickets to it, in one batch.
 */
export async function setPreferredLanguage(
  db: D1Database,
  args: {
    channel: ChannelName;
    externalId: string;
    displayName: string | null;
    language: Language;
    contactId: string;
    identityId: string;
    now: string;
  },
): Promise<void> {
  const { channel, externalId, language, now } = args;
  const contactOf = "(SELECT contact_id FROM channel_identities WHERE channel = ?1 AND external_id = ?2)";
  await db.batch([
    db
      .prepare(
        `INSERT INTO contacts (id, name, language, preferred_language, created_at, updated_at)
         SELECT ?3, ?4, ?5, ?5, ?6, ?6
          WHERE NOT EXISTS (SELECT 1 FROM channel_identities WHERE channel = ?1 AND external_id = ?2)`,
      )
      .bind(channel, externalId, args.contactId, args.displayName, language, now),
    db
      .prepare(
        `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
         VALUES (?3, ?4, ?1, ?2, ?5, ?6, ?6) ON CONFLICT (channel, external_id) DO NOTHING`,
      )
      .bind(channel, externalId, args.identityId, args.contactId, args.displayName, now),
    db
      .prepare(`UPDATE contacts SET language = ?3, preferred_language = ?3, updated_at = ?4 WHERE id = ${contactOf}`)
      .bind(channel, externalId, language, now),
    db
      .prepare(`UPDATE tickets SET language = ?3 WHERE contact_id = ${contactOf} AND status IN ${ACTIVE}`)
      .bind(channel, externalId, language),
  ]);
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

/**
 * The contacts `/link` joined with contact `?n` for staff (its group: `contacts.linked_to_id`), itself included.
 * Only staff views read it: everything a customer sees stays within one contact.
 */
export const linkedContactsSql = (n: number) => `(SELECT g.id FROM contacts g
    WHERE g.id = (SELECT COALESCE(linked_to_id, id) FROM contacts WHERE id = ?${n})
       OR g.linked_to_id = (SELECT COALESCE(linked_to_id, id) FROM contacts WHERE id = ?${n}))`;

/**
 * A contact with the channel identities and tickets of every contact `/link` joined it with, newest first
 * (merged-away tickets left out).
 */
export async function getContactPanel(
  db: D1Database,
  args: { contactId: string; viewerId: string },
): Promise<ContactPanel | null> {
  const [c, i, t] = await db.batch([
    db.prepare("SELECT id, name, email, email_verified_at, language FROM contacts WHERE id = ?1").bind(args.contactId),
    db
      .prepare(
        `SELECT channel, external_id, display_name, reachable FROM channel_identities
          WHERE contact_id IN ${linkedContactsSql(1)} ORDER BY last_seen_at DESC`,
      )
      .bind(args.contactId),
    db
      .prepare(
        `${listSelect("?2")} WHERE t.contact_id IN ${linkedContactsSql(1)} AND t.merged_into_id IS NULL
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
    unproven: isUnprovenIdentity(r.external_id),
  }));
  return {
    contact: { ...contact, identities },
    tickets: ((t?.results ?? []) as StaffTicketRow[]).map(staffTicketFromRow),
  };
}
