/**
 * Auto-assign's choice, pure: who gets a new ticket among the agents online, in round-robin order,
 * skipping those at the desk's cap of active tickets. The FeedHub knows who is online and keeps the
 * pointer (the last agent given a ticket); D1 knows roles and counts; this decides.
 */

/** The desk-wide setting (admin screens; off by default). */
export interface AutoAssignSettings {
  enabled: boolean;
  /** Active (new, open, pending) tickets an agent may hold before being skipped; null: no cap. */
  maxOpenPerAgent: number | null;
  updatedAt: string;
  updatedBy: string | null;
}

export const AUTO_ASSIGN_OFF: AutoAssignSettings = {
  enabled: false,
  maxOpenPerAgent: null,
  updatedAt: "1970-01-01T00:00:00.000Z",
  updatedBy: null,
};

/** The largest cap an admin may set. */
export const MAX_OPEN_CAP = 1000;

/** An agent who may take the ticket: online, available, with a role that takes tickets; `open` is their active load. */
export interface AssignCandidate {
  staffId: string;
  open: number;
}

/**
 * The order to offer a ticket in: every candidate once, sorted by id (a stable ring), starting after `last`
 * (the previous pick; the ring's start when null or gone) and wrapping round; those at `cap` are left out.
 * The first is the pick; the rest are who to try if the pick filled up meanwhile.
 */
export function roundRobinOrder(
  candidates: readonly AssignCandidate[],
  opts: { last: string | null; cap: number | null },
): string[] {
  const byId = new Map<string, AssignCandidate>();
  for (const c of candidates) if (c.staffId && !byId.has(c.staffId)) byId.set(c.staffId, c);
  const ring = [...byId.keys()].sort();
  const last = opts.last;
  const start = last === null ? 0 : ring.findIndex((id) => id > last);
  const from = start < 0 ? 0 : start;
  const rotated = [...ring.slice(from), ...ring.slice(0, from)];
  const cap = opts.cap;
  return rotated.filter((id) => cap === null || (byId.get(id)?.open ?? 0) < cap);
}
