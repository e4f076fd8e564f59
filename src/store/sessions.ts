/** Staff browser sessions (hashes only), and staff lookups by email for Cloudflare Access. */
import type { StaffPrincipal, StaffRole } from "../core/staff";

/** A live session: its principal and CSRF token. */
export interface StaffSession {
  principal: StaffPrincipal;
  csrfToken: string;
  expiresAt: string;
}

/** Stores a new session (the cookie secret's SHA-256), dropping expired ones of the same user. */
export async function createSession(
  db: D1Database,
  s: {
    idHash: string;
    staffId: string;
    tokenId: string | null;
    via: "token" | "access";
    csrfToken: string;
    now: string;
    expiresAt: string;
  },
): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM staff_sessions WHERE staff_id = ?1 AND expires_at <= ?2").bind(s.staffId, s.now),
    db
      .prepare(
        `INSERT INTO staff_sessions (id_hash, staff_id, token_id, via, csrf_token, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
      )
      .bind(s.idHash, s.staffId, s.tokenId, s.via, s.csrfToken, s.now, s.expiresAt),
  ]);
}

/**
 * The session behind a cookie hash: not expired, its user not disabled, and the token it was
 * opened with (if any) not revoked.
 */
export async function findSession(db: D1Database, idHash: string, now: string): Promise<StaffSession | null> {
  const row = await db
    .prepare(
      `SELECT s.csrf_token, s.expires_at, s.token_id, u.id AS staff_id, u.name, u.role
         FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id
         LEFT JOIN staff_tokens t ON t.id = s.token_id
        WHERE s.id_hash = ?1 AND s.expires_at > ?2 AND u.disabled_at IS NULL
          AND (s.token_id IS NULL OR t.revoked_at IS NULL)`,
    )
    .bind(idHash, now)
    .first<{
      csrf_token: string;
      expires_at: string;
      token_id: string | null;
      staff_id: string;
      name: string;
      role: StaffRole;
    }>();
  if (!row) return null;
  return {
    principal: { staffId: row.staff_id, name: row.name, role: row.role, tokenId: row.token_id },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

/** Ends a session (sign-out). */
export async function deleteSession(db: D1Database, idHash: string): Promise<void> {
  await db.prepare("DELETE FROM staff_sessions WHERE id_hash = ?1").bind(idHash).run();
}

/** The active staff principal with this email (case-insensitive), or null when unknown or disabled. */
export async function findStaffByEmail(db: D1Database, email: string): Promise<StaffPrincipal | null> {
  const row = await db
    .prepare("SELECT id, name, role FROM staff_users WHERE email = ?1 AND disabled_at IS NULL")
    .bind(email.trim().toLowerCase())
    .first<{ id: string; name: string; role: StaffRole }>();
  return row ? { staffId: row.id, name: row.name, role: row.role, tokenId: null } : null;
}

/** Forgets sessions that have expired (the cron's housekeeping); returns how many went. */
export async function deleteExpiredSessions(db: D1Database, now: string): Promise<number> {
  const { meta } = await db.prepare("DELETE FROM staff_sessions WHERE expires_at <= ?1").bind(now).run();
  return meta.changes;
}
