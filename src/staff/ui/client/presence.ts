/** Who else is on which ticket (pure: a map in, the changes made to it out), fed by the live feed's presence events. */
import type { PresenceEvent, PresenceState } from "./types";

export interface Present {
  name: string;
  state: PresenceState;
  /** When we last heard of it (ms). */
  at: number;
}
/** ticketId -> staffId -> what they are doing there. */
export type PresenceMap = Map<string, Map<string, Present>>;

/** Presence is dropped when nothing was heard of it for a minute (tabs repeat theirs every 25 s). */
export const PRESENCE_TTL_MS = 60_000;

/**
 * Applies a presence event from another staff member: one person is in one place, so they leave
 * every other ticket; `idle` removes them. Returns false for an event that is ours or incomplete.
 */
export function applyPresence(
  presence: PresenceMap,
  e: PresenceEvent,
  opts: { meId: string; name: string; now: number },
): boolean {
  if (!e.ticketId || !e.staffId || e.staffId === opts.meId) return false;
  for (const [tid, people] of presence) {
    if (tid !== e.ticketId && people.delete(e.staffId) && people.size === 0) presence.delete(tid);
  }
  let people = presence.get(e.ticketId);
  if (e.state === "idle") people?.delete(e.staffId);
  else {
    if (!people) {
      people = new Map();
      presence.set(e.ticketId, people);
    }
    people.set(e.staffId, { name: opts.name, state: e.state, at: opts.now });
  }
  if (people && people.size === 0) presence.delete(e.ticketId);
  return true;
}

/** Drops what was not heard of for PRESENCE_TTL_MS; true when something went. */
export function expirePresence(presence: PresenceMap, now: number): boolean {
  let changed = false;
  for (const [tid, people] of presence) {
    for (const [sid, p] of people) {
      if (now - p.at > PRESENCE_TTL_MS) {
        people.delete(sid);
        changed = true;
      }
    }
    if (people.size === 0) presence.delete(tid);
  }
  return changed;
}

/** Who is on a ticket, in the order they arrived. */
export function presentOn(presence: PresenceMap, ticketId: string): Present[] {
  return [...(presence.get(ticketId)?.values() ?? [])];
}
