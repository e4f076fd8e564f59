/**
 * Auto-assign inside the FeedHub: the hub knows who has a live staff socket and who said "away", so it
 * chooses when it receives a new ticket's publish (after ingest's write, never on the webhook's path),
 * keeps the round-robin pointer in its own storage, and writes the assignment to D1 conditionally.
 * Tickets that arrive while nobody is available stay unassigned, for people to take from the
 * "Unassigned" view.
 */
import { roundRobinOrder } from "../core/auto-assign";
import { newId } from "../core/ids";
import type { Env } from "../env";
import { logError } from "../log";
import { assignIfUnassigned, readAutoAssignContext } from "../store/auto-assign";

/** Sent to every tab of a staff member when they turn "away" on or off (`{"type":"availability","away"}` sets it). */
export interface AvailabilityEvent {
  type: "availability";
  away: boolean;
}

/** Who has the feed open right now, as the admin screens list them. */
export interface OnlineStaff {
  staffId: string;
  name: string;
  away: boolean;
}

/** Storage keys: the last agent given a ticket (the pointer) and who is away. */
const POINTER_KEY = "assign:last";
const AWAY_KEY = "assign:away";

/** What the hub hands over: its storage, and the staff ids on its open sockets right now. */
export interface AssignHost {
  storage: DurableObjectStorage;
  env: Env;
  connectedStaffIds(): string[];
}

/** Who is away (a set of staff ids, kept across reconnects and hibernation). */
export async function awayStaff(storage: DurableObjectStorage): Promise<Set<string>> {
  return new Set((await storage.get<string[]>(AWAY_KEY)) ?? []);
}

/** Marks a staff member away or available; returns whether they are away now. */
export async function setAway(storage: DurableObjectStorage, staffId: string, away: boolean): Promise<boolean> {
  const set = await awayStaff(storage);
  if (away) set.add(staffId);
  else set.delete(staffId);
  await storage.put(AWAY_KEY, [...set]);
  return away;
}

/** The staff who count as online: a live socket, and not away. */
export async function availableStaff(host: AssignHost): Promise<string[]> {
  const away = await awayStaff(host.storage);
  return [...new Set(host.connectedStaffIds())].filter((id) => id && !away.has(id));
}

/**
 * Offers a new ticket round the ring until one agent takes it: returns who got it, or null (off, nobody
 * available, everyone at the cap, or someone took the ticket first).
 */
export async function autoAssign(host: AssignHost, ticketId: string): Promise<string | null> {
  const online = await availableStaff(host);
  if (!online.length) return null;
  const db = host.env.DB;
  const ctx = await readAutoAssignContext(db, { ticketId, onlineIds: online });
  if (!ctx.settings.enabled || !ctx.ticket?.active || ctx.ticket.assigneeId) return null;
  const cap = ctx.settings.maxOpenPerAgent;
  const last = (await host.storage.get<string>(POINTER_KEY)) ?? null;
  for (const staffId of roundRobinOrder(ctx.candidates, { last, cap })) {
    const outcome = await assignIfUnassigned(db, {
      ticketId,
      staffId,
      cap,
      auditId: newId("aud"),
      now: new Date().toISOString(),
    });
    if (outcome === "taken") return null;
    if (outcome === "assigned") {
      await host.storage.put(POINTER_KEY, staffId);
      return staffId;
    }
  }
  return null;
}

/** Runs one assignment after another (so two new tickets never read the same pointer); never throws. */
export class AssignQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run(task: () => Promise<void>): Promise<void> {
    const next = this.tail.then(task).catch((err) => logError("auto-assign failed", { error: String(err) }));
    this.tail = next;
    return next;
  }
}
