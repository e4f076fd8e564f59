/**
 * Which staff-feed event notifies whom: the four kinds an agent can turn on (as a desktop notification and/or a
 * sound), and the decision for one event, one agent and their settings. Pure; the inbox runs it in each tab.
 */
import type { FeedEvent } from "./channel";

export const NOTIFY_KINDS = ["new_ticket", "customer_reply", "mention", "sla_breach"] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

/** Per kind, whether to show a desktop notification and whether to play the tone. */
export interface NotifySettings {
  desktop: Record<NotifyKind, boolean>;
  sound: Record<NotifyKind, boolean>;
}

const allOff = (): Record<NotifyKind, boolean> =>
  Object.fromEntries(NOTIFY_KINDS.map((k) => [k, false])) as Record<NotifyKind, boolean>;

/** Nothing pops up or plays until the agent turns it on. */
export function defaultNotifySettings(): NotifySettings {
  return { desktop: allOff(), sound: allOff() };
}

/** What a tab knows besides the event: the ticket's assignee from its list, when the event does not say. */
export interface NotifyContext {
  assigneeOf?: (ticketId: string) => string | null | undefined;
}

/** A feed event as tabs receive it (numbered), or just the event. */
type AnyEvent = FeedEvent & { seq?: number };

/** The kind of notification `event` is for staff member `meId`, or null when it is not for them. */
export function notifyKindFor(event: AnyEvent, meId: string, ctx: NotifyContext = {}): NotifyKind | null {
  switch (event.type) {
    case "ticket.created":
      // A customer opened a ticket (staff-created tickets, if any, carry an actor).
      if (event.direction !== "in" || (event.actorId && event.actorId === meId)) return null;
      return "new_ticket";
    case "message.created": {
      if (event.direction !== "in" || event.author === "staff" || event.author === "bot") return null;
      const assignee = event.assigneeId !== undefined ? event.assigneeId : ctx.assigneeOf?.(event.ticketId);
      return assignee === meId ? "customer_reply" : null;
    }
    case "mention.created":
      return event.toStaffId === meId && event.actorId !== meId ? "mention" : null;
    case "sla.breached":
      return "sla_breach";
    default:
      return null;
  }
}

export interface NotifyDecision {
  kind: NotifyKind;
  desktop: boolean;
  sound: boolean;
  /** The same event seen twice (a replay, a second tab) has the same key: notify once per key. */
  key: string;
}

/** Whether and how `event` notifies `meId` under `settings`; null when it does not notify at all. */
export function decideNotification(
  event: AnyEvent,
  meId: string,
  settings: NotifySettings,
  ctx: NotifyContext = {},
): NotifyDecision | null {
  const kind = notifyKindFor(event, meId, ctx);
  if (!kind) return null;
  const desktop = settings.desktop[kind] === true;
  const sound = settings.sound[kind] === true;
  if (!desktop && !sound) return null;
  return { kind, desktop, sound, key: notificationKey(event, kind) };
}

/** A stable id of what an event tells (not of its delivery): the message, or the ticket's breach. */
export function notificationKey(event: AnyEvent, kind: NotifyKind): string {
  if ("messageId" in event && event.messageId) return `${kind}:${event.messageId}`;
  if (event.type === "sla.breached") return `${kind}:${event.ticketId}:${event.breach}`;
  return `${kind}:${event.ticketId ?? ""}:${event.seq ?? ""}`;
}

/** Cuts a (redacted) text to a one-line snippet for a notification. */
export function notificationSnippet(text: string, max = 80): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}
