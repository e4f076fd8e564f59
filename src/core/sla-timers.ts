/**
 * The SLA timers staff see (list rows and the ticket view): which of a ticket's first-response,
 * next-response and resolution clocks run, and a countdown of each ("12m", "2h 5m", "-3m") with
 * its urgency. Pure (the browser ticks it every 30 s); the rules are the SLA sweep's
 * (src/pipeline/sla.ts): a clock runs while the ticket is new, open or pending (pending does not
 * pause it: the due times do not move), and stops when its target is met or the ticket is resolved.
 */

export const SLA_TIMER_KINDS = ["first_response", "next_response", "resolution"] as const;
export type SlaTimerKind = (typeof SLA_TIMER_KINDS)[number];

/** A running clock: when it started and when its target is due. */
export interface SlaTimer {
  kind: SlaTimerKind;
  startedAt: string;
  dueAt: string;
}

/** What a ticket says about its clocks (the staff API's ticket and its `sla`). */
export interface SlaTimerSource {
  status: string;
  createdAt: string;
  firstResponseAt: string | null;
  firstResponseDueAt: string | null;
  resolvedAt?: string | null;
  resolutionDueAt: string | null;
  nextResponseSince: string | null;
  nextResponseDueAt: string | null;
}

/** Statuses whose clocks run (the sweep's candidates). */
export function slaActive(status: string): boolean {
  return status === "new" || status === "open" || status === "pending";
}

/** The clocks running on a ticket, in SLA_TIMER_KINDS order. */
export function runningSlaTimers(t: SlaTimerSource): SlaTimer[] {
  if (!slaActive(t.status)) return [];
  const out: SlaTimer[] = [];
  if (!t.firstResponseAt && t.firstResponseDueAt) {
    out.push({ kind: "first_response", startedAt: t.createdAt, dueAt: t.firstResponseDueAt });
  }
  if (t.nextResponseSince && t.nextResponseDueAt) {
    out.push({ kind: "next_response", startedAt: t.nextResponseSince, dueAt: t.nextResponseDueAt });
  }
  if (!t.resolvedAt && t.resolutionDueAt) {
    out.push({ kind: "resolution", startedAt: t.createdAt, dueAt: t.resolutionDueAt });
  }
  return out;
}

/** `ok`; `soon`: under SOON_SHARE of its target left; `overdue`: past its due time. */
export type SlaUrgency = "ok" | "soon" | "overdue";
/** The share of a target left under which a timer turns amber. */
export const SOON_SHARE = 0.25;

export interface SlaCountdown extends SlaTimer {
  /** Milliseconds until due (negative: overdue by that much). */
  remainingMs: number;
  urgency: SlaUrgency;
}

export function countdown(timer: SlaTimer, now: number): SlaCountdown {
  const due = Date.parse(timer.dueAt);
  const span = due - Date.parse(timer.startedAt);
  const remainingMs = due - now;
  const urgency: SlaUrgency = remainingMs < 0 ? "overdue" : span > 0 && remainingMs < span * SOON_SHARE ? "soon" : "ok";
  return { ...timer, remainingMs, urgency };
}

/** The timer nearest its due time (the most overdue first); null when none runs. */
export function mostUrgent(timers: readonly SlaTimer[], now: number): SlaCountdown | null {
  let best: SlaCountdown | null = null;
  for (const t of timers) {
    const c = countdown(t, now);
    if (!best || c.remainingMs < best.remainingMs) best = c;
  }
  return best;
}

export interface DurationUnits {
  d: string;
  h: string;
  m: string;
  /** Between the parts ("2h 5m"; "" for "2小时5分"). */
  sep: string;
}
export const EN_UNITS: DurationUnits = { d: "d", h: "h", m: "m", sep: " " };

/**
 * "12m", "2h 5m", "3d 4h", and "-3m" when overdue: whole minutes, rounded toward "due" while time
 * is left (59 s left is "0m") and away from it once overdue (1 s late is "-1m", never "-0m").
 */
export function formatRemaining(ms: number, u: DurationUnits = EN_UNITS): string {
  const late = ms < 0;
  const minutes = late ? Math.ceil(-ms / 60_000) : Math.floor(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts =
    d > 0 ? [`${d}${u.d}`, h ? `${h}${u.h}` : ""] : h > 0 ? [`${h}${u.h}`, m ? `${m}${u.m}` : ""] : [`${m}${u.m}`];
  return (late ? "-" : "") + parts.filter(Boolean).join(u.sep);
}

/** A clock as the ticket view shows it: counting down, met, missed (met late or still late), or not running. */
export type SlaTimerState =
  | { kind: SlaTimerKind; state: "running"; countdown: SlaCountdown }
  | { kind: SlaTimerKind; state: "met" | "missed" | "idle" };

/** Breach stamps of a ticket (the staff API's `sla`), for met-or-missed. */
export interface SlaBreachStamps {
  firstResponseBreachedAt: string | null;
  resolutionBreachedAt: string | null;
  nextResponseBreachedAt: string | null;
}

/** All three clocks of a ticket at `now`, in SLA_TIMER_KINDS order. */
export function slaTimerStates(t: SlaTimerSource & Partial<SlaBreachStamps>, now: number): SlaTimerState[] {
  const running = new Map(runningSlaTimers(t).map((x) => [x.kind, x]));
  return SLA_TIMER_KINDS.map((kind): SlaTimerState => {
    const timer = running.get(kind);
    if (timer) return { kind, state: "running", countdown: countdown(timer, now) };
    const done = kind === "first_response" ? t.firstResponseAt : kind === "resolution" ? (t.resolvedAt ?? null) : null;
    const breached =
      kind === "first_response"
        ? t.firstResponseBreachedAt
        : kind === "resolution"
          ? t.resolutionBreachedAt
          : t.nextResponseBreachedAt;
    if (done) return { kind, state: breached ? "missed" : "met" };
    return { kind, state: "idle" };
  });
}
