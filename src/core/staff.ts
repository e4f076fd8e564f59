/** Staff roles and the authenticated principal of a staff request. */

export const STAFF_ROLES = ["agent", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffPrincipal {
  staffId: string;
  name: string;
  role: StaffRole;
  /** The API token used, or null for the bootstrap secret. */
  tokenId: string | null;
}

export interface StaffUser {
  id: string;
  name: string;
  email: string | null;
  role: StaffRole;
  disabled: boolean;
  createdAt: string;
}

export interface StaffToken {
  id: string;
  staffId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** The token's first characters (`rdk_` and 4 more), to tell tokens apart; null for tokens older than it. */
  prefix: string | null;
}

/** The id of the staff row that stands for STAFF_BOOTSTRAP_TOKEN (seeded by migration 0001). */
export const BOOTSTRAP_STAFF_ID = "stf_bootstrap";
