/**
 * Confirmation links of web-form addresses (email_verifications) and what proving an address does:
 * the ticket's contact joins the contact that owns the address, or becomes it.
 */
import type { NewConfirmation } from "../core/email-claims";
import type { Language } from "../core/inbound";
import type { IngestKeys, IngestState } from "../core/ingest";
import { formatTicketNumber } from "../core/ticket";
import { ingestReadStatements, ingestStateFrom } from "./ingest-read";

/** How many confirmation emails went to `email` since `since` (the per-address cap). */
function recentConfirmationsStatement(db: D1Database, email: string, since: string): D1PreparedStatement {
  return db
    .prepare("SELECT COUNT(*) AS n FROM email_verifications WHERE email = ?1 AND created_at >= ?2")
    .bind(email, since);
}

/** The count of a recentConfirmationsStatement result. */
function countFrom(result: D1Result | undefined): number {
  return (result?.results[0] as { n: number } | undefined)?.n ?? 0;
}

/**
 * A web-form submission with a typed address, read in ONE round trip: ingest's reads for the
 * message and how many confirmation emails the address got since `since` (the per-address cap).
 */
export async function readClaimSubmission(
  db: D1Database,
  args: { keys: IngestKeys; email: string; since: string },
): Promise<{ ingest: IngestState; recentConfirmations: number }> {
  const results = await db.batch([
    ...ingestReadStatements(db, args.keys),
    recentConfirmationsStatement(db, args.email, args.since),
  ]);
  return { ingest: ingestStateFrom(results.slice(0, -1)), recentConfirmations: countFrom(results.at(-1)) };
}

/** Stores a confirmation link (its hash) for a ticket; earlier unused links of the ticket stop working. */
export async function insertConfirmation(db: D1Database, c: NewConfirmation): Promise<void> {
  await db.batch(insertConfirmationStatements(db, c));
}

/** insertConfirmation as statements, for ingest's batch of writes (the link in the ticket's own transaction). */
export function insertConfirmationStatements(db: D1Database, c: NewConfirmation): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE email_verifications SET used_at = ?2, outcome = 'superseded'
          WHERE ticket_id = ?1 AND used_at IS NULL`,
      )
      .bind(c.ticketId, c.now),
    db
      .prepare(
        `INSERT INTO email_verifications (id, token_hash, ticket_id, email, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
      )
      .bind(c.id, c.tokenHash, c.ticketId, c.email, c.now, c.expiresAt),
  ];
}

/** A confirmation link as stored, with what its page and its use need to know. */
export interface ConfirmationRecord {
  id: string;
  ticketId: string;
  ticketNumber: string;
  language: Language;
  email: string;
  expiresAt: string;
  usedAt: string | null;
  outcome: "confirmed" | "superseded" | null;
  /** The ticket's contact now. */
  contactId: string;
}

/** The link with this token hash, or null. */
export async function findConfirmation(db: D1Database, tokenHash: string): Promise<ConfirmationRecord | null> {
  const r = await db
    .prepare(
      `SELECT v.id, v.ticket_id, v.email, v.expires_at, v.used_at, v.outcome, t.number, t.language, t.contact_id
         FROM email_verifications v JOIN tickets t ON t.id = v.ticket_id
        WHERE v.token_hash = ?1`,
    )
    .bind(tokenHash)
    .first<{
      id: string;
      ticket_id: string;
      email: string;
      expires_at: string;
      used_at: string | null;
      outcome: "confirmed" | "superseded" | null;
      number: number;
      language: Language;
      contact_id: string;
    }>();
  return r
    ? {
        id: r.id,
        ticketId: r.ticket_id,
        ticketNumber: formatTicketNumber(r.number),
        language: r.language,
        email: r.email,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
        outcome: r.outcome,
        contactId: r.contact_id,
      }
    : null;
}

/**
 * Uses the link (once: a concurrent second use changes nothing) and proves its address for the
 * link's ticket. The address's owner is the contact with a proven web-form identity for it, else
 * the contact that writes to us from it by email, else the ticket's own contact, which then
 * becomes it (or, when that contact holds other tickets, as contacts from before per-submission
 * claims can, a new contact does: proving one request never vouches for others). Only the link's
 * ticket moves to the owner; a claim contact left without tickets folds into it. One batch, every
 * write guarded by the link's use. Returns the ticket's contact afterwards, or null when the link
 * was already used, expired, or the ticket changed hands meanwhile.
 */
export async function confirmAddress(
  db: D1Database,
  args: {
    verificationId: string;
    ticketId: string;
    fromContactId: string;
    email: string;
    identityId: string;
    newContactId: string;
    now: string;
  },
): Promise<{ contactId: string; joined: boolean } | null> {
  const a = args;
  // ?1 verification, ?2 now, ?3 the ticket's contact as read, ?4 address, ?5 ticket, ?6 identity, ?7 new contact
  const values = [a.verificationId, a.now, a.fromContactId, a.email, a.ticketId, a.identityId, a.newContactId];
  const stmt = (sql: string) => {
    const used = Math.max(...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
    return db.prepare(sql).bind(...values.slice(0, used));
  };
  // A link is keyed by its token's hash (migrations/0034): found by id among its ticket's links.
  const guard =
    "EXISTS (SELECT 1 FROM email_verifications WHERE ticket_id = ?5 AND id = ?1 AND used_at = ?2 AND outcome = 'confirmed')";
  const byEmail = "(SELECT contact_id FROM channel_identities WHERE channel = 'email' AND external_id = ?4)";
  const owner = "(SELECT contact_id FROM channel_identities WHERE channel = 'webform' AND external_id = ?4)";
  const otherTickets = "EXISTS (SELECT 1 FROM tickets WHERE contact_id = ?3 AND id <> ?5)";
  const moving = `${guard} AND ${owner} <> ?3`;
  const emptied = `${moving} AND NOT EXISTS (SELECT 1 FROM tickets WHERE contact_id = ?3)`;
  const results = await db.batch([
    stmt(
      `UPDATE email_verifications SET used_at = ?2, outcome = 'confirmed'
        WHERE ticket_id = ?5 AND id = ?1 AND used_at IS NULL AND expires_at > ?2
          AND EXISTS (SELECT 1 FROM tickets WHERE id = ?5 AND contact_id = ?3)
        RETURNING id`,
    ),
    stmt(
      `INSERT INTO contacts (id, name, language, created_at, updated_at)
       SELECT ?7, name, language, ?2, ?2 FROM contacts
        WHERE id = ?3 AND ${guard} AND ${byEmail} IS NULL AND ${owner} IS NULL AND ${otherTickets}`,
    ),
    stmt(
      `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
       SELECT ?6, COALESCE(${byEmail}, (SELECT id FROM contacts WHERE id = ?7), ?3),
          'webform', ?4, (SELECT name FROM contacts WHERE id = ?3), ?2, ?2
        WHERE ${guard}
       ON CONFLICT (channel, external_id) DO NOTHING`,
    ),
    stmt(`UPDATE tickets SET contact_id = ${owner} WHERE id = ?5 AND contact_id = ?3 AND ${moving}`),
    stmt(
      `UPDATE contacts SET name = COALESCE(name, (SELECT name FROM contacts WHERE id = ?3)), updated_at = ?2
        WHERE id = ${owner} AND ${moving}`,
    ),
    // A claim contact whose one ticket moved folds into the owner (history kept, pointing there).
    stmt(`UPDATE channel_identities SET contact_id = ${owner} WHERE contact_id = ?3 AND ${emptied}`),
    stmt(`UPDATE link_codes SET contact_id = ${owner} WHERE contact_id = ?3 AND ${emptied}`),
    stmt(`UPDATE contacts SET merged_into_id = ${owner} WHERE merged_into_id = ?3 AND ${emptied}`),
    stmt(`UPDATE contacts SET merged_into_id = ${owner}, updated_at = ?2 WHERE id = ?3 AND ${emptied}`),
    // The owner's address is this one, now proven (an owner known by another address keeps it).
    stmt(
      `UPDATE contacts SET
          email_verified_at = CASE WHEN email IS NULL OR lower(email) = ?4 THEN COALESCE(email_verified_at, ?2)
                                   ELSE email_verified_at END,
          email = CASE WHEN email IS NULL OR lower(email) = ?4 THEN ?4 ELSE email END,
          updated_at = ?2
        WHERE id = ${owner} AND ${guard}`,
    ),
    db.prepare("SELECT contact_id FROM tickets WHERE id = ?1").bind(a.ticketId),
  ]);
  if (!results[0]?.results.length) return null;
  const after = results.at(-1)?.results[0] as { contact_id: string } | undefined;
  if (!after) return null;
  return { contactId: after.contact_id, joined: after.contact_id !== a.fromContactId };
}

/** What a new confirmation link for the ticket behind `accessToken` needs, read in one round trip. */
export async function readClaimForResend(
  db: D1Database,
  args: { accessToken: string; since: string },
): Promise<{
  ticketId: string;
  ticketNumber: string;
  language: Language;
  email: string | null;
  verified: boolean;
  claimed: boolean;
  /** Confirmation emails to the ticket's address since `since`, whoever asked. */
  recent: number;
  /** Those this ticket asked for (the per-link cap). */
  recentForTicket: number;
} | null> {
  const address = `(SELECT lower(c.email) FROM tickets t JOIN contacts c ON c.id = t.contact_id WHERE t.access_token = ?1)`;
  const [t, n, mine] = await db.batch([
    db
      .prepare(
        `SELECT t.id, t.number, t.language, c.email, c.email_verified_at,
            EXISTS (SELECT 1 FROM channel_identities i WHERE i.contact_id = t.contact_id AND i.channel = 'webform'
                     AND i.external_id LIKE 'claim:%') AS claimed
           FROM tickets t JOIN contacts c ON c.id = t.contact_id WHERE t.access_token = ?1`,
      )
      .bind(args.accessToken),
    db
      .prepare(`SELECT COUNT(*) AS n FROM email_verifications WHERE email = ${address} AND created_at >= ?2`)
      .bind(args.accessToken, args.since),
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM email_verifications
          WHERE ticket_id = (SELECT id FROM tickets WHERE access_token = ?1) AND created_at >= ?2`,
      )
      .bind(args.accessToken, args.since),
  ]);
  const r = t?.results[0] as
    | {
        id: string;
        number: number;
        language: Language;
        email: string | null;
        email_verified_at: string | null;
        claimed: number;
      }
    | undefined;
  if (!r) return null;
  return {
    ticketId: r.id,
    ticketNumber: formatTicketNumber(r.number),
    language: r.language,
    email: r.email,
    verified: Boolean(r.email && r.email_verified_at),
    claimed: r.claimed === 1,
    recent: countFrom(n),
    recentForTicket: countFrom(mine),
  };
}

/**
 * Whether a repeated submission is the one that opened ticket `ticketId` (stored as `messageId`):
 * the same address (the one the contact gave or proved) and the same words, as stored (redacted), first
 * sent at or after `since` (a late replay of a leaked key gets no link). A typed address alone proves
 * nothing, so it alone never answers with the ticket's link.
 * Null when it is not; else whether the address is proven.
 */
export async function ticketClaimedBy(
  db: D1Database,
  args: { ticketId: string; messageId: string; email: string; subject: string; body: string; since: string },
): Promise<{ verified: boolean } | null> {
  const row = await db
    .prepare(
      `SELECT c.email_verified_at IS NOT NULL AS verified FROM tickets t JOIN contacts c ON c.id = t.contact_id
         JOIN messages m ON m.id = ?3 AND COALESCE(m.origin_ticket_id, m.ticket_id) = t.id
        WHERE t.id = ?1 AND (lower(c.email) = ?2 OR EXISTS (SELECT 1 FROM channel_identities i
              WHERE i.contact_id = t.contact_id AND i.channel = 'webform' AND i.external_id = ?2))
          AND t.subject = ?4 AND m.body = ?5 AND m.created_at >= ?6`,
    )
    .bind(args.ticketId, args.email, args.messageId, args.subject, args.body, args.since)
    .first<{ verified: number }>();
  return row ? { verified: row.verified === 1 } : null;
}
