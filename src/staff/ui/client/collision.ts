/**
 * Collision between agents on one ticket (pure, unit-tested): someone else typing a reply on the ticket
 * I have open, or someone else's reply sent since my draft began. The compose box shows the warning,
 * and Send asks first while there is one.
 */
import type { PresenceMap } from "./presence";

/** What the composer warns about: others typing now, or another agent's reply since my draft began. */
export type Collision =
  | { kind: "typing"; names: string[] }
  | { kind: "replied"; name: string; secondsAgo: number; messageId: string }
  | null;

/** The fields of a thread message that tell whose reply it was and when. */
export interface ReplyLike {
  id: string;
  direction: string;
  author: string;
  authorStaffId: string | null;
  createdAt: string;
}

/** Others typing on the ticket (never me), in the order they started. */
export function typingOn(presence: PresenceMap, ticketId: string, meId: string): string[] {
  const people = presence.get(ticketId);
  if (!people) return [];
  return [...people].filter(([id, p]) => id !== meId && p.state === "typing").map(([, p]) => p.name);
}

/** The newest reply to the customer by another agent sent after `since` (ms), or null. */
export function replySince(messages: readonly ReplyLike[], since: number, meId: string): ReplyLike | null {
  let newest: ReplyLike | null = null;
  for (const m of messages) {
    if (m.direction !== "out" || m.author !== "staff" || !m.authorStaffId || m.authorStaffId === meId) continue;
    const at = Date.parse(m.createdAt);
    if (!(at > since)) continue;
    if (!newest || at > Date.parse(newest.createdAt)) newest = m;
  }
  return newest;
}

/**
 * The collision to show or confirm: someone typing comes first (it is happening now); else a reply by
 * another agent since my draft began (`draftStartedAt`, ms; null when I have no draft), with its author's
 * name and how long ago. Null when the way is clear.
 */
export function collisionOf(args: {
  typing: readonly string[];
  messages: readonly ReplyLike[];
  draftStartedAt: number | null;
  meId: string;
  now: number;
  nameOf: (staffId: string) => string;
}): Collision {
  if (args.typing.length) return { kind: "typing", names: [...args.typing] };
  if (args.draftStartedAt === null) return null;
  const reply = replySince(args.messages, args.draftStartedAt, args.meId);
  if (!reply?.authorStaffId) return null;
  const secondsAgo = Math.max(0, Math.round((args.now - Date.parse(reply.createdAt)) / 1000));
  return { kind: "replied", name: args.nameOf(reply.authorStaffId), secondsAgo, messageId: reply.id };
}

/** Names as one phrase in the language: "Li", "Li and Wang", "Li, Wang and Chen" / "李、王和陈". */
export function namesPhrase(names: readonly string[], and: string, comma: string): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(comma)}${and}${names[names.length - 1]}`;
}
