/**
 * SLA timers on the page: the most urgent running clock of each list row, and the ticket's three
 * clocks with their labels. One shared interval ticks them all (every 30 s): each countdown
 * element carries its timers in `data-sla` and is recomputed in place by the pure functions of
 * src/core/sla-timers.ts. The countdown says its state in text (not by colour alone) and its
 * title names the due time.
 */
import {
  formatRemaining,
  mostUrgent,
  runningSlaTimers,
  type SlaBreachStamps,
  type SlaCountdown,
  type SlaTimer,
  type SlaTimerSource,
  slaActive,
  slaTimerStates,
} from "../../../core/sla-timers";
import { boot } from "./boot";
import { dtf, fill, h } from "./dom";
import type { DetailTicket } from "./types";

const S = boot.t.slatags;
/** How often every countdown on the page is recomputed. */
export const TICK_MS = 30_000;

/** Text, class and title of a countdown at `now`. */
function paint(el: HTMLElement, c: SlaCountdown): void {
  const state = c.urgency === "overdue" ? S.overdue : c.urgency === "soon" ? S.soon : "";
  el.className = `badge sla-timer sla-${c.urgency}`;
  el.dataset.urgency = c.urgency;
  el.dataset.kind = c.kind;
  el.title = S.dueTitle.replace("{kind}", S.timers[c.kind]).replace("{time}", dtf.format(new Date(c.dueAt)));
  fill(
    el,
    h("span", { class: "sla-left", text: formatRemaining(c.remainingMs, S.units) }),
    state ? h("span", { class: "sr", text: ` ${state}` }) : null,
  );
}

/** Recomputes one countdown element from its `data-sla` timers; hides it when none runs. */
function tick(el: HTMLElement, now: number): void {
  const timers = JSON.parse(el.dataset.sla ?? "[]") as SlaTimer[];
  const c = mostUrgent(timers, now);
  el.hidden = !c;
  if (c) paint(el, c);
}

/** A list row's countdown: the most urgent running clock; null when none runs (or the ticket is not active). */
export function slaCountdown(t: { status: string; slaTimers: SlaTimer[] }): HTMLSpanElement | null {
  if (!slaActive(t.status) || !t.slaTimers.length) return null;
  const el = h("span", { "data-sla": JSON.stringify(t.slaTimers) });
  tick(el, Date.now());
  return el;
}

/** The open ticket's three clocks with labels: a countdown for each running one, else met / missed / not running. */
export function slaTimersLine(t: DetailTicket): HTMLElement {
  const sla = ((t as unknown as { sla?: Partial<SlaTimerSource & SlaBreachStamps> | null }).sla ?? {}) as Partial<
    SlaTimerSource & SlaBreachStamps
  >;
  const source: SlaTimerSource = {
    status: t.status,
    createdAt: t.createdAt,
    firstResponseAt: t.firstResponseAt,
    firstResponseDueAt: sla.firstResponseDueAt ?? t.firstResponseDueAt,
    resolvedAt: t.resolvedAt,
    resolutionDueAt: sla.resolutionDueAt ?? null,
    nextResponseSince: sla.nextResponseSince ?? null,
    nextResponseDueAt: sla.nextResponseDueAt ?? null,
  };
  const states = slaTimerStates({ ...sla, ...source }, Date.now());
  return h(
    "p",
    { class: "sla-timers", id: "rd-sla-timers", role: "group", "aria-label": S.timersLabel },
    states.map((s) => {
      const label = h("span", { class: "sla-label", text: S.timers[s.kind] });
      if (s.state === "running") {
        const el = h("span", { "data-sla": JSON.stringify([runningOf(source, s.kind)]) });
        paint(el, s.countdown);
        return h("span", { class: "sla-item", "data-kind": s.kind }, label, " ", el);
      }
      const text = s.state === "met" ? S.met : s.state === "missed" ? S.missed : S.idle;
      return h(
        "span",
        { class: "sla-item", "data-kind": s.kind },
        label,
        " ",
        h("span", { class: `badge sla-${s.state}`, text }),
      );
    }),
  );
}

function runningOf(t: SlaTimerSource, kind: SlaTimer["kind"]): SlaTimer | undefined {
  return runningSlaTimers(t).find((x) => x.kind === kind);
}

let ticker = 0;
/** Starts the page's one interval (idempotent). */
export function startSlaTicker(): void {
  if (ticker) return;
  ticker = window.setInterval(() => {
    const now = Date.now();
    for (const el of document.querySelectorAll<HTMLElement>("[data-sla]")) tick(el, now);
  }, TICK_MS);
}
