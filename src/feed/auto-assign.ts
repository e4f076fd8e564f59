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

/** A staff member's open socket, as the hub knows it. */
export interface StaffSocket {
  ws: WebSocket;
  staffId: string;
  name: string;
}

/** What the hub hands over: its storage, its env, and the staff sockets open right now. */
export interface AssignHost {
  storage: DurableObjectStorage;
  env: Env;
  staff: StaffSocket[];
}

/** Who is away (a set of staff ids, kept across reconnects and hibernation). */
export async function awayStaff(storage: DurableObjectStorage): Promise<Set<string>> {
  return new Set((await storage.get<string[]>(AWAY_KEY)) ?? []);
}

/** Marks a staff member away or available, and tells every tab of theirs (`sockets`: all open ones). */
export async function setAway(
  storage: DurableObjectStorage,
  staffId: string,
  away: boolean,
  sockets: StaffSocket[],
): Promise<void> {
  const set = await awayStaff(storage);
  if (away) set.add(staffId);
  else set.delete(staffId);
  await storage.put(AWAY_KEY, [...set]);
  const event: AvailabilityEvent = { type: "availability", away };
  for (const s of sockets) {
    if (s.staffId !== staffId) continue;
    try {
      s.ws.send(JSON.stringify(event));
    } catch {
      // A tab closing under us learns it from the next hello.
    }
  }
}

/** Who has a socket open (once each), and whether they said "away". */
export async function onlineStaff(storage: DurableObjectStorage, sockets: StaffSocket[]): Promise<OnlineStaff[]> {
  const away = await awayStaff(storage);
  const byId = new Map<string, OnlineStaff>();
  for (const s of sockets) byId.set(s.staffId, { staffId: s.staffId, name: s.name, away: away.has(s.staffId) });
  return [...byId.values()];
}

/** The staff who count as online: a live socket, and not away. */
export async function availableStaff(host: AssignHost): Promise<string[]> {
  const away = await awayStaff(host.storage);
  return [...new Set(host.staff.map((s) => s.staffId))].filter((id) => id && !away.has(id));
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
