/** Staff browser sessions (hashes only), and staff lookups by email for Cloudflare Access. */
import { normalizeEmail } from "../core/email-claims";
import type { StaffPrincipal, StaffRole } from "../core/staff";

/** A live session: its public id, principal and CSRF token. */
export interface StaffSession {
  id: string;
  principal: StaffPrincipal;
  csrfToken: string;
  expiresAt: string;
  lastUsedAt: string | null;
  /** Opened with the bootstrap secret: valid only while `bootstrapMac` still verifies against it. */
  viaBootstrap: boolean;
  bootstrapMac: string | null;
}

/** How a session was opened, as the admin's list shows it. */
export type SessionVia = "token" | "access" | "bootstrap";

/** A session as an admin sees it: never its cookie secret nor that secret's hash. */
export interface StaffSessionInfo {
  id: string;
  staffId: string;
  staffName: string;
  via: SessionVia;
  tokenId: string | null;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

/** Stores a new session (the cookie secret's SHA-256), dropping expired ones of the same user. */
export async function createSession(
  db: D1Database,
  s: {
    id: string;
    idHash: string;
    staffId: string;
    tokenId: string | null;
    via: "token" | "access";
    bootstrapMac: string | null;
    csrfToken: string;
    now: string;
    expiresAt: string;
  },
): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM staff_sessions WHERE staff_id = ?1 AND expires_at <= ?2").bind(s.staffId, s.now),
    db
      .prepare(
        `INSERT INTO staff_sessions (id_hash, id, staff_id, token_id, via, bootstrap_mac, csrf_token, created_at,
            expires_at, last_used_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8)`,
      )
      .bind(s.idHash, s.id, s.staffId, s.tokenId, s.via, s.bootstrapMac, s.csrfToken, s.now, s.expiresAt),
  ]);
}

/** A bootstrap session: opened with the token form but no API token (the bootstrap secret). */
const VIA_BOOTSTRAP = "s.via = 'token' AND s.token_id IS NULL";

/**
 * The session behind a cookie hash: not expired, its user not disabled, and the token it was
 * opened with (if any) not revoked. (A bootstrap session's MAC is the caller's to check.)
 */
export async function findSession(db: D1Database, idHash: string, now: string): Promise<StaffSession | null> {
  const row = await db
    .prepare(
      `SELECT s.id, s.csrf_token, s.expires_at, s.last_used_at, s.token_id, s.bootstrap_mac,
              (${VIA_BOOTSTRAP}) AS via_bootstrap, u.id AS staff_id, u.name, u.role
         FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id
         LEFT JOIN staff_tokens t ON t.id = s.token_id
        WHERE s.id_hash = ?1 AND s.expires_at > ?2 AND u.disabled_at IS NULL
          AND (s.token_id IS NULL OR t.revoked_at IS NULL)`,
    )
    .bind(idHash, now)
    .first<{
      id: string;
      csrf_token: string;
      expires_at: string;
      last_used_at: string | null;
      token_id: string | null;
      bootstrap_mac: string | null;
      via_bootstrap: number;
      staff_id: string;
      name: string;
      role: StaffRole;
    }>();
  if (!row) return null;
  return {
    id: row.id,
    principal: { staffId: row.staff_id, name: row.name, role: row.role, tokenId: row.token_id },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    viaBootstrap: Boolean(row.via_bootstrap),
    bootstrapMac: row.bootstrap_mac,
  };
}

/** Notes when a session was last used (callers throttle this). */
export async function touchSession(db: D1Database, id: string, now: string): Promise<void> {
  await db.prepare("UPDATE staff_sessions SET last_used_at = ?2 WHERE id = ?1").bind(id, now).run();
}

/** Ends the session behind a cookie hash (sign-out); returns its public id, or null when there was none. */
export async function deleteSession(db: D1Database, idHash: string): Promise<string | null> {
  const row = await db
    .prepare("DELETE FROM staff_sessions WHERE id_hash = ?1 RETURNING id")
    .bind(idHash)
    .first<{ id: string }>();
  return row?.id ?? null;
}

/** Live sessions (not expired), newest first, optionally of one staff member. */
export async function listSessions(
  db: D1Database,
  args: { now: string; staffId?: string; limit: number },
): Promise<StaffSessionInfo[]> {
  const { results } = await db
    .prepare(
      `SELECT s.id, s.staff_id, u.name, s.via, s.token_id, (${VIA_BOOTSTRAP}) AS via_bootstrap, s.created_at,
              s.expires_at, s.last_used_at
         FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id
        WHERE s.expires_at > ?1 AND (?2 IS NULL OR s.staff_id = ?2)
        ORDER BY s.created_at DESC, s.id DESC LIMIT ?3`,
    )
    .bind(args.now, args.staffId ?? null, args.limit)
    .all<{
      id: string;
      staff_id: string;
      name: string;
      via: "token" | "access";
      token_id: string | null;
      via_bootstrap: number;
      created_at: string;
      expires_at: string;
      last_used_at: string | null;
    }>();
  return results.map((r) => ({
    id: r.id,
    staffId: r.staff_id,
    staffName: r.name,
    via: r.via_bootstrap ? "bootstrap" : r.via,
    tokenId: r.token_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** Ends a session by its public id, with an audit row. Returns the staff id it belonged to, or null when unknown. */
export async function revokeSession(
  db: D1Database,
  args: { id: string; actorId: string; auditId: string; now: string },
): Promise<{ staffId: string } | null> {
  const [, deleted] = await db.batch([
    db
      .prepare(
        `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
         SELECT ?1, ?2, 'session.revoke', 'session', ?3, json_object('staffId', staff_id), ?4
           FROM staff_sessions WHERE id = ?3`,
      )
      .bind(args.auditId, args.actorId, args.id, args.now),
    db.prepare("DELETE FROM staff_sessions WHERE id = ?1 RETURNING staff_id").bind(args.id),
  ]);
  const row = deleted?.results[0] as { staff_id: string } | undefined;
  return row ? { staffId: row.staff_id } : null;
}

/** Forgets one session by its public id (a bootstrap session whose secret changed); no audit, nothing returned. */
export async function forgetSession(db: D1Database, id: string): Promise<void> {
  await db.prepare("DELETE FROM staff_sessions WHERE id = ?1").bind(id).run();
}

/** The active staff principal with this email (case-insensitive), or null when unknown or disabled. */
export async function findStaffByEmail(db: D1Database, email: string): Promise<StaffPrincipal | null> {
  const row = await db
    .prepare("SELECT id, name, role FROM staff_users WHERE email = ?1 AND disabled_at IS NULL")
    .bind(normalizeEmail(email))
    .first<{ id: string; name: string; role: StaffRole }>();
  return row ? { staffId: row.id, name: row.name, role: row.role, tokenId: null } : null;
}

/** Forgets sessions that have expired (the cron's housekeeping); returns how many went. */
export async function deleteExpiredSessions(db: D1Database, now: string): Promise<number> {
  const { meta } = await db.prepare("DELETE FROM staff_sessions WHERE expires_at <= ?1").bind(now).run();
  return meta.changes;
}
