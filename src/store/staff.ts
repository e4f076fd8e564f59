/** Staff users, API tokens (hashes only) and the principal behind a token. */
import type { StaffPrincipal, StaffRole, StaffToken, StaffUser } from "../core/staff";
import { auditStatement } from "./audit";

interface StaffUserRow {
  id: string;
  name: string;
  email: string | null;
  role: StaffRole;
  disabled_at: string | null;
  created_at: string;
}

interface StaffTokenRow {
  id: string;
  staff_id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  prefix: string | null;
}

const userFromRow = (r: StaffUserRow): StaffUser => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
});

const tokenFromRow = (r: StaffTokenRow): StaffToken => ({
  id: r.id,
  staffId: r.staff_id,
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  prefix: r.prefix,
});

/** The active principal behind a token hash: token not revoked, user not disabled. */
export async function findTokenPrincipal(
  db: D1Database,
  tokenHash: string,
): Promise<(StaffPrincipal & { lastUsedAt: string | null }) | null> {
  const row = await db
    .prepare(
      `SELECT t.id AS token_id, t.last_used_at, u.id AS staff_id, u.name, u.role
         FROM staff_tokens t JOIN staff_users u ON u.id = t.staff_id
        WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL`,
    )
    .bind(tokenHash)
    .first<{ token_id: string; last_used_at: string | null; staff_id: string; name: string; role: StaffRole }>();
  return row
    ? { staffId: row.staff_id, name: row.name, role: row.role, tokenId: row.token_id, lastUsedAt: row.last_used_at }
    : null;
}

/** Notes when a token was last used (callers throttle this). */
export async function touchToken(db: D1Database, tokenId: string, now: string): Promise<void> {
  await db.prepare("UPDATE staff_tokens SET last_used_at = ?2 WHERE id = ?1").bind(tokenId, now).run();
}

export async function listStaffUsers(db: D1Database): Promise<StaffUser[]> {
  const { results } = await db.prepare("SELECT * FROM staff_users ORDER BY created_at, id").all<StaffUserRow>();
  return results.map(userFromRow);
}

/** Active staff members (id, name, role) for assignee pickers; no emails. */
export async function listStaffDirectory(
  db: D1Database,
): Promise<Array<{ id: string; name: string; role: StaffRole }>> {
  const { results } = await db
    .prepare("SELECT id, name, role FROM staff_users WHERE disabled_at IS NULL ORDER BY name, id")
    .all<{ id: string; name: string; role: StaffRole }>();
  return results;
}

export async function getStaffUser(db: D1Database, id: string): Promise<StaffUser | null> {
  const row = await db.prepare("SELECT * FROM staff_users WHERE id = ?1").bind(id).first<StaffUserRow>();
  return row ? userFromRow(row) : null;
}

/** Creates a staff user with its audit row. Throws a unique violation when the email is taken. */
export async function createStaffUser(
  db: D1Database,
  u: { id: string; name: string; email: string | null; role: StaffRole; actorId: string; auditId: string; now: string },
): Promise<StaffUser> {
  const [, , read] = await db.batch([
    db
      .prepare("INSERT INTO staff_users (id, name, email, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(u.id, u.name, u.email, u.role, u.now),
    auditStatement(db, {
      id: u.auditId,
      actorId: u.actorId,
      action: "staff.create",
      targetType: "staff",
      targetId: u.id,
      detail: { role: u.role },
      now: u.now,
    }),
    db.prepare("SELECT * FROM staff_users WHERE id = ?1").bind(u.id),
  ]);
  return userFromRow(read?.results[0] as StaffUserRow);
}

/** Changes a user's name, role or disabled state, with its audit row. Disabling ends the user's sessions for good. */
export async function updateStaffUser(
  db: D1Database,
  args: {
    id: string;
    patch: { name?: string; role?: StaffRole; disabled?: boolean };
    actorId: string;
    auditId: string;
    now: string;
  },
): Promise<StaffUser | null> {
  const { patch } = args;
  const [, , , read] = await db.batch([
    // Gone, not just refused: enabling the user again must not bring a stolen session back.
    db
      .prepare("DELETE FROM staff_sessions WHERE staff_id = ?1 AND ?2 = 1")
      .bind(args.id, patch.disabled === true ? 1 : 0),
    db
      .prepare(
        `UPDATE staff_users SET name = COALESCE(?2, name), role = COALESCE(?3, role),
            disabled_at = CASE WHEN ?4 IS NULL THEN disabled_at WHEN ?4 = 1 THEN COALESCE(disabled_at, ?5) ELSE NULL END
          WHERE id = ?1`,
      )
      .bind(
        args.id,
        patch.name ?? null,
        patch.role ?? null,
        patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
        args.now,
      ),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: "staff.update",
      targetType: "staff",
      targetId: args.id,
      detail: patch,
      now: args.now,
    }),
    db.prepare("SELECT * FROM staff_users WHERE id = ?1").bind(args.id),
  ]);
  const row = read?.results[0] as StaffUserRow | undefined;
  return row ? userFromRow(row) : null;
}

/** Stores a new token's hash, with its audit row. */
export async function createStaffToken(
  db: D1Database,
  t: {
    id: string;
    staffId: string;
    name: string;
    tokenHash: string;
    prefix: string;
    actorId: string;
    auditId: string;
    now: string;
  },
): Promise<StaffToken> {
  await db.batch([
    db
      .prepare(
        "INSERT INTO staff_tokens (id, staff_id, name, token_hash, prefix, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      )
      .bind(t.id, t.staffId, t.name, t.tokenHash, t.prefix, t.now),
    auditStatement(db, {
      id: t.auditId,
      actorId: t.actorId,
      action: "token.create",
      targetType: "token",
      targetId: t.id,
      detail: { staffId: t.staffId, name: t.name },
      now: t.now,
    }),
  ]);
  return {
    id: t.id,
    staffId: t.staffId,
    name: t.name,
    createdAt: t.now,
    lastUsedAt: null,
    revokedAt: null,
    prefix: t.prefix,
  };
}

export async function listStaffTokens(db: D1Database, staffId?: string): Promise<StaffToken[]> {
  const { results } = await db
    .prepare("SELECT * FROM staff_tokens WHERE (?1 IS NULL OR staff_id = ?1) ORDER BY created_at, id")
    .bind(staffId ?? null)
    .all<StaffTokenRow>();
  return results.map(tokenFromRow);
}

/** Revokes a token (idempotent) and ends the sessions opened with it, with its audit row. Null when there is no such token. */
export async function revokeStaffToken(
  db: D1Database,
  args: { id: string; actorId: string; auditId: string; now: string },
): Promise<StaffToken | null> {
  const [read] = await db.batch([
    db
      .prepare("UPDATE staff_tokens SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1 RETURNING *")
      .bind(args.id, args.now),
    db.prepare("DELETE FROM staff_sessions WHERE token_id = ?1").bind(args.id),
    db
      .prepare(
        `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, detail, created_at)
         SELECT ?1, ?2, 'token.revoke', 'token', ?3, '{}', ?4 WHERE EXISTS (SELECT 1 FROM staff_tokens WHERE id = ?3)`,
      )
      .bind(args.auditId, args.actorId, args.id, args.now),
  ]);
  const row = read?.results[0] as StaffTokenRow | undefined;
  return row ? tokenFromRow(row) : null;
}
