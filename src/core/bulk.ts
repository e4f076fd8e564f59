/**
 * Bulk actions on tickets, as pure rules: which of the chosen tickets may take the action (the same
 * rules as the single-ticket routes) and what each one becomes. The store writes the plan; nothing here
 * reads or writes.
 */
import { canTransition, type TicketStatus } from "./ticket";

/** Tickets one bulk request may touch at most. */
export const BULK_MAX_TICKETS = 100;
/** Tags a ticket may carry (as PATCH allows). */
export const MAX_TICKET_TAGS = 20;

export type BulkAction =
  | { type: "assign"; staffId: string | null }
  | { type: "status"; status: TicketStatus }
  | { type: "tag"; add?: string[]; remove?: string[] }
  | { type: "merge"; intoTicketId: string };

/** What a bulk action needs to know about each chosen ticket, as read just before the write. */
export interface BulkTarget {
  id: string;
  number: string;
  status: TicketStatus;
  assigneeId: string | null;
  tags: string[];
  mergedIntoId: string | null;
  updatedAt: string;
  /** When staff first replied; null when nobody on staff has answered the customer yet. */
  firstResponseAt: string | null;
  /** Merge only: whether the ticket is the same customer's as the merge target (src/store/merge.ts's rule). */
  sameCustomerAsTarget?: boolean;
  /** Merge only: nothing proves this ticket or the target is that customer's (an unproven email sender). */
  unprovenWithTarget?: boolean;
}

export type IneligibleReason =
  | "already_merged"
  | "invalid_transition"
  | "too_many_tags"
  | "different_customers"
  | "unproven_sender"
  | "target_closed";

export interface Ineligible {
  id: string;
  number: string;
  reason: IneligibleReason;
}

/** Per ticket: the fields it changes to. */
export interface BulkChange {
  id: string;
  status?: TicketStatus;
  assigneeId?: string | null;
  tags?: string[];
}

export type BulkPlan =
  | { kind: "refused"; ineligible: Ineligible[] }
  /** Resolving tickets nobody on staff has answered sends each customer a rating request: asked first. */
  | { kind: "needs_confirmation"; unanswered: Array<{ id: string; number: string }> }
  | { kind: "update"; changes: BulkChange[] }
  | { kind: "merge"; intoId: string; sourceIds: string[] };

/** Whether resolving a ticket now would ask a customer to rate an answer they never got. */
export function resolvesUnanswered(t: Pick<BulkTarget, "status" | "firstResponseAt">, next: TicketStatus): boolean {
  return next === "resolved" && t.status !== "resolved" && t.firstResponseAt === null;
}

/** A ticket's tags after adding and removing some: existing order kept, additions appended, no duplicates. */
export function editTags(current: readonly string[], add: readonly string[] = [], remove: readonly string[] = []) {
  const removed = new Set(remove);
  const out: string[] = [];
  for (const tag of [...current, ...add]) if (!removed.has(tag) && !out.includes(tag)) out.push(tag);
  return out;
}

/**
 * The plan of a bulk action over `targets` (each chosen ticket, every one found; for a merge also the
 * target, even when it was not chosen). All or nothing: one ineligible ticket refuses the whole request.
 * `differentCustomersAllowed`: an admin confirmed merging different customers' tickets (and tickets nothing proves
 * are one customer's).
 */
export function planBulk(
  action: BulkAction,
  targets: readonly BulkTarget[],
  opts: { confirmed: boolean; differentCustomersAllowed: boolean },
): BulkPlan {
  const ineligible: Ineligible[] = [];
  const refuse = (t: BulkTarget, reason: IneligibleReason) => ineligible.push({ id: t.id, number: t.number, reason });
  if (action.type === "merge") {
    const into = targets.find((t) => t.id === action.intoTicketId);
    const sources = targets.filter((t) => t.id !== action.intoTicketId);
    if (into && (into.mergedIntoId || into.status === "closed")) refuse(into, "target_closed");
    for (const s of sources) {
      if (s.mergedIntoId) refuse(s, "already_merged");
      else if (!s.sameCustomerAsTarget && !opts.differentCustomersAllowed) refuse(s, "different_customers");
      else if (s.unprovenWithTarget && !opts.differentCustomersAllowed) refuse(s, "unproven_sender");
    }
    if (ineligible.length) return { kind: "refused", ineligible };
    return { kind: "merge", intoId: action.intoTicketId, sourceIds: sources.map((s) => s.id) };
  }
  const changes: BulkChange[] = [];
  for (const t of targets) {
    if (t.mergedIntoId) {
      refuse(t, "already_merged");
      continue;
    }
    if (action.type === "assign") changes.push({ id: t.id, assigneeId: action.staffId });
    else if (action.type === "status") {
      if (canTransition(t.status, action.status)) changes.push({ id: t.id, status: action.status });
      else refuse(t, "invalid_transition");
    } else {
      const tags = editTags(t.tags, action.add, action.remove);
      if (tags.length > MAX_TICKET_TAGS) refuse(t, "too_many_tags");
      else changes.push({ id: t.id, tags });
    }
  }
  if (ineligible.length) return { kind: "refused", ineligible };
  if (action.type === "status" && !opts.confirmed) {
    const unanswered = targets.filter((t) => resolvesUnanswered(t, action.status));
    if (unanswered.length)
      return { kind: "needs_confirmation", unanswered: unanswered.map(({ id, number }) => ({ id, number })) };
  }
  return { kind: "update", changes };
}
