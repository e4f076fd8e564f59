/** One-time link codes and the merge of two contacts they cause (`/link`). */
import type { ChannelName } from "../core/inbound";

export interface LinkCodeRow {
  id: string;
  contactId: string;
  channel: ChannelName;
  externalId: string;
  expiresAt: string;
  usedAt: string | null;
}

/**
 * Issues a code for the identity (creating its contact when the identity is new) and retires
 * the identity's earlier unused codes: only the newest one works.
 */
export async function issueLinkCode(
  db: D1Database,
  args: {
    id: string;
    codeHash: string;
    channel: ChannelName;
    externalId: string;
    displayName: string | null;
    contactId: string;
    identityId: string;
    now: string;
    expiresAt: string;
  },
): Promise<void> {
  const a = args;
  await db.batch([
    db
      .prepare(
        `INSERT INTO contacts (id, name, language, created_at, updated_at)
         SELECT ?1, ?2, 'en', ?3, ?3
          WHERE NOT EXISTS (SELECT 1 FROM channel_identities WHERE channel = ?4 AND external_id = ?5)`,
      )
      .bind(a.contactId, a.displayName, a.now, a.channel, a.externalId),
    db
      .prepare(
        `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (channel, external_id) DO NOTHING`,
      )
      .bind(a.identityId, a.contactId, a.channel, a.externalId, a.displayName, a.now),
    db
      .prepare(
        `UPDATE link_codes SET used_at = ?3, used_by = 'superseded'
          WHERE channel = ?1 AND external_id = ?2 AND used_at IS NULL`,
      )
      .bind(a.channel, a.externalId, a.now),
    db
      .prepare(
        `INSERT INTO link_codes (id, code_hash, contact_id, channel, external_id, expires_at, created_at)
         SELECT ?1, ?2, contact_id, ?3, ?4, ?5, ?6 FROM channel_identities WHERE channel = ?3 AND external_id = ?4`,
      )
      .bind(a.id, a.codeHash, a.channel, a.externalId, a.expiresAt, a.now),
  ]);
}

/** The group a contact belongs to, named by its first contact (`contacts.linked_to_id`, one level deep). */
const groupOf = (contact: string) => `(SELECT COALESCE(linked_to_id, id) FROM contacts WHERE id = ${contact})`;

/**
 * What redeeming needs, in one round trip: the code with the account that asked for it, the redeemer's contact
 * and both contacts' groups, the redeemer's failed attempts.
 */
export async function readLinkState(
  db: D1Database,
  args: { codeHash: string | null; channel: ChannelName; externalId: string },
): Promise<{
  code: (LinkCodeRow & { group: string; displayName: string | null }) | null;
  redeemer: { contactId: string; group: string } | null;
  attempts: { failures: number; windowStart: string } | null;
}> {
  const [code, identity, attempts] = await db.batch([
    db
      .prepare(
        `SELECT l.id, l.contact_id, l.channel, l.external_id, l.expires_at, l.used_at,
            ${groupOf("l.contact_id")} AS grp, i.display_name
           FROM link_codes l LEFT JOIN channel_identities i ON i.channel = l.channel AND i.external_id = l.external_id
          WHERE l.code_hash = ?1`,
      )
      .bind(args.codeHash ?? ""),
    db
      .prepare(
        `SELECT contact_id, ${groupOf("contact_id")} AS grp FROM channel_identities WHERE channel = ?1 AND external_id = ?2`,
      )
      .bind(args.channel, args.externalId),
    db
      .prepare("SELECT failures, window_start FROM link_attempts WHERE channel = ?1 AND external_id = ?2")
      .bind(args.channel, args.externalId),
  ]);
  const c = code?.results[0] as
    | {
        id: string;
        contact_id: string;
        channel: ChannelName;
        external_id: string;
        expires_at: string;
        used_at: string | null;
        grp: string | null;
        display_name: string | null;
      }
    | undefined;
  const i = identity?.results[0] as { contact_id: string; grp: string | null } | undefined;
  const a = attempts?.results[0] as { failures: number; window_start: string } | undefined;
  return {
    code: c
      ? {
          id: c.id,
          contactId: c.contact_id,
          channel: c.channel,
          externalId: c.external_id,
          expiresAt: c.expires_at,
          usedAt: c.used_at,
          group: c.grp ?? c.contact_id,
          displayName: c.display_name,
        }
      : null,
    redeemer: i ? { contactId: i.contact_id, group: i.grp ?? i.contact_id } : null,
    attempts: a ? { failures: a.failures, windowStart: a.window_start } : null,
  };
}

/** Counts one wrong code for an identity (a new window starts once the old one is over). */
export async function recordLinkFailure(
  db: D1Database,
  args: { channel: ChannelName; externalId: string; now: string; windowCutoff: string },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO link_attempts (channel, external_id, window_start, failures) VALUES (?1, ?2, ?3, 1)
       ON CONFLICT (channel, external_id) DO UPDATE SET
         failures = CASE WHEN window_start < ?4 THEN 1 ELSE failures + 1 END,
         window_start = CASE WHEN window_start < ?4 THEN ?3 ELSE window_start END`,
    )
    .bind(args.channel, args.externalId, args.now, args.windowCutoff)
    .run();
}

/**
 * Uses the code (once: a concurrent second use changes nothing) and joins the redeemer's group of contacts to the
 * code owner's, for staff. Nothing moves: each account keeps its own contact, tickets and language, which is all a
 * customer-facing read sees. A redeemer new to us gets a contact of their own first.
 * Both groups are read inside the batch, not before it: another code redeemed in between (A types B's code while C
 * types A's, or B types A's) would otherwise chain a group under another or link a contact to itself.
 * Returns false when the code was used (or expired) in the meantime.
 */
export async function redeemLinkCode(
  db: D1Database,
  args: {
    codeId: string;
    channel: ChannelName;
    externalId: string;
    displayName: string | null;
    contactId: string;
    identityId: string;
    now: string;
  },
): Promise<boolean> {
  const a = args;
  const usedBy = `${a.channel}:${a.externalId}`;
  // Every later statement runs only if this batch is the one that used the code.
  const guard = "EXISTS (SELECT 1 FROM link_codes WHERE id = ?1 AND used_at = ?2 AND used_by = ?3)";
  const target = groupOf("(SELECT contact_id FROM link_codes WHERE id = ?1)");
  const from = groupOf("(SELECT contact_id FROM channel_identities WHERE channel = ?4 AND external_id = ?5)");
  const [used] = await db.batch([
    db
      .prepare(
        `UPDATE link_codes SET used_at = ?2, used_by = ?3
          WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING id`,
      )
      .bind(a.codeId, a.now, usedBy),
    db
      .prepare(
        `INSERT INTO contacts (id, name, language, created_at, updated_at)
         SELECT ?4, ?5, 'en', ?2, ?2
          WHERE ${guard} AND NOT EXISTS (SELECT 1 FROM channel_identities WHERE channel = ?6 AND external_id = ?7)`,
      )
      .bind(a.codeId, a.now, usedBy, a.contactId, a.displayName, a.channel, a.externalId),
    db
      .prepare(
        `INSERT INTO channel_identities (id, contact_id, channel, external_id, display_name, created_at, last_seen_at)
         SELECT ?4, ?5, ?6, ?7, ?8, ?2, ?2 WHERE ${guard} ON CONFLICT (channel, external_id) DO NOTHING`,
      )
      .bind(a.codeId, a.now, usedBy, a.identityId, a.contactId, a.channel, a.externalId, a.displayName),
    db
      .prepare(
        `UPDATE contacts SET linked_to_id = ${target}, updated_at = ?2
          WHERE (id = ${from} OR linked_to_id = ${from}) AND ${target} <> ${from} AND ${guard}`,
      )
      .bind(a.codeId, a.now, usedBy, a.channel, a.externalId),
  ]);
  return Boolean(used?.results.length);
}

/**
 * Retires an unused code that was posted where others can read it (a group chat, a server
 * thread): nobody may redeem it any more. Returns whether a live code was retired.
 */
export async function retireLinkCode(db: D1Database, args: { codeHash: string; now: string }): Promise<boolean> {
  const row = await db
    .prepare(
      `UPDATE link_codes SET used_at = ?2, used_by = 'exposed'
        WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING id`,
    )
    .bind(args.codeHash, args.now)
    .first<{ id: string }>();
  return row !== null;
}

/** Deletes codes that expired before `before` and attempt windows that ended then (the cron's housekeeping). */
export async function purgeLinkCodes(db: D1Database, before: string): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM link_codes WHERE expires_at < ?1").bind(before),
    db.prepare("DELETE FROM link_attempts WHERE window_start < ?1").bind(before),
  ]);
}
