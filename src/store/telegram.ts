/** What the Telegram channel reads and writes beyond ingest: preferences, command claims, /new and categories. */
import type { ChannelName, Language } from "../core/inbound";
import { formatTicketNumber } from "../core/ticket";

const ACTIVE = "('new', 'open', 'pending')";

/** Telegram gives up redelivering an update within a day; claims older than this can go. */
const UPDATE_CLAIM_TTL_MS = 2 * 86_400_000;

/**
 * Records that an update's bot-only side effects ran (and forgets claims too old to matter).
 * False when another delivery of the same update got there first.
 */
export async function claimUpdate(db: D1Database, key: string, now: Date): Promise<boolean> {
  const [, claimed] = await db.batch([
    db
      .prepare("DELETE FROM telegram_updates WHERE created_at < ?1")
      .bind(new Date(now.getTime() - UPDATE_CLAIM_TTL_MS).toISOString()),
    db
      .prepare(
        `INSERT INTO telegram_updates (update_key, created_at) VALUES (?1, ?2)
         ON CONFLICT (update_key) DO NOTHING RETURNING update_key`,
      )
      .bind(key, now.toISOString()),
  ]);
  return Boolean(claimed?.results.length);
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

/** Sets the category of an active ticket the sender owns. False when it is not theirs or no longer active. */
export async function setCategoryBySender(
  db: D1Database,
  args: { ticketId: string; channel: ChannelName; externalId: string; category: string; now: string },
): Promise<string | null> {
  const row = await db
    .prepare(
      `UPDATE tickets SET category = ?4, updated_at = ?5
        WHERE id = ?1 AND status IN ${ACTIVE}
          AND contact_id = (SELECT contact_id FROM channel_identities WHERE channel = ?2 AND external_id = ?3)
        RETURNING number`,
    )
    .bind(args.ticketId, args.channel, args.externalId, args.category, args.now)
    .first<{ number: number }>();
  return row ? formatTicketNumber(row.number) : null;
}

/**
 * Resolves the conversation's active ticket on the customer's behalf (Telegram /new), with a
 * bot note saying so, in one batch. Guarded by the command's own provider id: a redelivered
 * /new, whose new ticket already exists, resolves nothing. Returns the resolved ticket's number.
 */
export async function resolveActiveForNewTicket(
  db: D1Database,
  args: {
    channel: ChannelName;
    conversationKey: string;
    commandProviderId: string;
    noteId: string;
    noteBody: string;
    now: string;
  },
): Promise<string | null> {
  const notHandled = `NOT EXISTS (SELECT 1 FROM messages
      WHERE channel = ?1 AND provider_message_id = ?3 AND direction = 'in')`;
  const [, resolved] = await db.batch([
    // The note first: once resolved, the ticket is no longer found as active.
    db
      .prepare(
        `INSERT INTO messages (id, ticket_id, direction, author, channel, body, created_at)
         SELECT ?4, id, 'note', 'bot', ?1, ?5, ?6 FROM tickets
          WHERE conversation_key = ?2 AND status IN ${ACTIVE} AND ${notHandled}`,
      )
      .bind(args.channel, args.conversationKey, args.commandProviderId, args.noteId, args.noteBody, args.now),
    db
      .prepare(
        `UPDATE tickets SET status = 'resolved', resolved_at = ?4, updated_at = ?4
          WHERE conversation_key = ?2 AND status IN ${ACTIVE} AND ${notHandled}
          RETURNING number`,
      )
      .bind(args.channel, args.conversationKey, args.commandProviderId, args.now),
  ]);
  const row = resolved?.results[0] as { number: number } | undefined;
  return row ? formatTicketNumber(row.number) : null;
}
