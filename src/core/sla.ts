/** SLA policy: targets per priority and channel, due times (optionally in business hours), breaches. */
import type { ChannelName } from "./inbound";
import type { Priority } from "./ticket";

/** Hours until a first response is due, by priority, scaled from the configured normal target. */
const PRIORITY_FACTOR: Record<Priority, number> = { urgent: 0.125, high: 0.5, normal: 1, low: 2 };

/** The moment a first response is due for a ticket opened at `openedAt`. */
export function firstResponseDue(openedAt: Date, priority: Priority, normalHours: number): Date {
  return new Date(openedAt.getTime() + normalHours * PRIORITY_FACTOR[priority] * 3_600_000);
}

/** Hours the customer should expect to wait, rounded for display (at least 1). */
export function expectedResponseHours(priority: Priority, normalHours: number): number {
  return Math.max(1, Math.round(normalHours * PRIORITY_FACTOR[priority]));
}

/** Opening hours an SLA clock runs in, at a fixed offset from UTC (e.g. 480 for UTC+8). */
export interface BusinessHours {
  utcOffsetMinutes: number;
  /** Days the desk works, 0 = Sunday ... 6 = Saturday. */
  days: number[];
  /** `HH:MM` local time. */
  start: string;
  end: string;
}

/** First-response, next-response and resolution targets for a priority on a channel (`*` = every channel). */
export interface SlaPolicy {
  id: string;
  priority: Priority;
  channel: ChannelName | "*";
  firstResponseMinutes: number;
  /** For each customer message that follows a staff reply: the next staff reply is due within this. */
  nextResponseMinutes: number;
  resolutionMinutes: number;
  businessHours: BusinessHours | null;
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

function minutesOf(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

/** Whether business hours are usable: at least one day and a start before the end. */
export function isValidBusinessHours(h: BusinessHours): boolean {
  const start = minutesOf(h.start);
  const end = minutesOf(h.end);
  return (
    h.days.length > 0 &&
    h.days.every((d) => Number.isInteger(d) && d >= 0 && d <= 6) &&
    start >= 0 &&
    end <= DAY_MINUTES &&
    start < end &&
    Math.abs(h.utcOffsetMinutes) <= 14 * 60
  );
}

/**
 * The moment `minutes` of working time have passed after `from`. Without business hours
 * (or with unusable ones) the clock runs around the clock.
 */
export function addBusinessMinutes(from: Date, minutes: number, hours: BusinessHours | null): Date {
  if (!hours || !isValidBusinessHours(hours)) return new Date(from.getTime() + minutes * MINUTE);
  const offset = hours.utcOffsetMinutes * MINUTE;
  const open = minutesOf(hours.start);
  const close = minutesOf(hours.end);
  const days = new Set(hours.days);
  // Walk in local time (UTC shifted by the offset), one working window at a time.
  let local = from.getTime() + offset;
  let left = minutes * MINUTE;
  for (let guard = 0; guard < 800; guard++) {
    const d = new Date(local);
    const dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    const windowStart = dayStart + open * MINUTE;
    const windowEnd = dayStart + close * MINUTE;
    if (days.has(d.getUTCDay()) && local < windowEnd) {
      const begin = Math.max(local, windowStart);
      if (begin + left <= windowEnd) return new Date(begin + left - offset);
      left -= windowEnd - begin;
    }
    local = dayStart + DAY_MINUTES * MINUTE; // the next local midnight
  }
  return new Date(local - offset);
}

/** The policy for a ticket: one for its channel wins over the `*` one. */
export function pickPolicy(policies: readonly SlaPolicy[], priority: Priority, channel: ChannelName): SlaPolicy | null {
  return (
    policies.find((p) => p.priority === priority && p.channel === channel) ??
    policies.find((p) => p.priority === priority && p.channel === "*") ??
    null
  );
}

/** When a ticket's first response and resolution are due under `policy`. */
export function slaDueTimes(
  createdAt: string,
  policy: SlaPolicy,
): { firstResponseDueAt: string; resolutionDueAt: string } {
  const opened = new Date(createdAt);
  return {
    firstResponseDueAt: addBusinessMinutes(opened, policy.firstResponseMinutes, policy.businessHours).toISOString(),
    resolutionDueAt: addBusinessMinutes(opened, policy.resolutionMinutes, policy.businessHours).toISOString(),
  };
}

/** What the SLA sweep knows about one ticket. */
export interface SlaTicketState {
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  firstResponseBreachedAt: string | null;
  resolutionBreachedAt: string | null;
}

/**
 * Breaches not yet recorded at `now`: a first response that is overdue (or came late), a
 * resolution that is overdue. Each is stamped with its due time, the moment it was breached.
 */
export function newBreaches(t: SlaTicketState, now: Date): { firstResponse: string | null; resolution: string | null } {
  const at = now.getTime();
  const late = (due: string | null, doneAt: string | null) =>
    due !== null && Date.parse(due) < (doneAt ? Date.parse(doneAt) : at) && Date.parse(due) < at;
  return {
    firstResponse:
      !t.firstResponseBreachedAt && late(t.firstResponseDueAt, t.firstResponseAt) ? t.firstResponseDueAt : null,
    resolution: !t.resolutionBreachedAt && late(t.resolutionDueAt, t.resolvedAt) ? t.resolutionDueAt : null,
  };
}

/**
 * The next-response clock: a customer message after a staff reply starts it (a running clock keeps
 * its start), the next staff reply stops it. Before the first staff reply it never runs: that wait
 * is the first-response target's. src/store/ingest.ts and src/store/messages.ts write the same rule
 * in SQL; this is its reference, unit-tested on generated event sequences.
 */
export interface NextResponseClock {
  /** A staff reply has been sent on the ticket (tickets.first_response_at is set). */
  replied: boolean;
  /** When the running clock started; null when none runs. */
  since: string | null;
}

/** `reopen`: a customer message that reopened a resolved ticket (a fresh cycle starts). */
export type SlaEvent = { kind: "customer" | "reopen" | "staff_reply" | "note"; at: string };

export function nextResponseStep(clock: NextResponseClock, e: SlaEvent): NextResponseClock {
  switch (e.kind) {
    case "customer":
      return clock.replied && clock.since === null ? { ...clock, since: e.at } : clock;
    case "reopen":
      return clock.replied ? { ...clock, since: e.at } : clock;
    case "staff_reply":
      return { replied: true, since: null };
    case "note":
      return clock;
  }
}

/** When the running next-response clock started at `since` is due under `policy` (business hours as the others). */
export function nextResponseDueAt(since: string, policy: SlaPolicy): string {
  return addBusinessMinutes(new Date(since), policy.nextResponseMinutes, policy.businessHours).toISOString();
}

/**
 * A next-response breach not yet recorded at `now`: the running cycle's due time when it has passed
 * and this cycle was not already stamped (each cycle is a breach of its own); null otherwise.
 */
export function newNextResponseBreach(
  t: { nextResponseDueAt: string | null; nextResponseBreachedAt: string | null },
  now: Date,
): string | null {
  const due = t.nextResponseDueAt;
  if (due === null || Date.parse(due) >= now.getTime()) return null;
  return t.nextResponseBreachedAt === due ? null : due;
}
