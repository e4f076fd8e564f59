/**
 * The views bar's counts (GET /api/staff/views/counts: open tickets per view, capped) and the tab
 * title: "(3) Inbox" while tickets wait for someone (unassigned, or asking for a person). Refreshed
 * at start and, coalesced, after feed events.
 */
import { api, ok } from "./api";
import { NT } from "./notify-texts";

type Counts = Record<string, number>;

const baseTitle = document.title;
let timer = 0;

/** "999+" once a count reaches the server's cap. */
export function countLabel(n: number, limit: number): string {
  return n >= limit ? `${limit - 1}+` : String(n);
}

/** How many tickets wait for someone: unassigned, and those whose customer asked for a person. */
export function waiting(counts: Counts): number {
  return (counts.unassigned ?? 0) + (counts.needs_human ?? 0);
}

function render(counts: Counts, limit: number, unread: Counts = {}): void {
  for (const b of document.querySelectorAll<HTMLElement>("#rd-views [data-view]")) {
    const view = b.dataset.view ?? "";
    renderUnread(b, view === "resolved" ? 0 : (unread[view] ?? 0), limit);
    const n = view === "resolved" ? undefined : counts[view];
    let badge = b.querySelector<HTMLElement>(".count");
    if (n === undefined || n === 0) {
      badge?.remove();
      continue;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "count";
      b.appendChild(badge);
    }
    badge.textContent = countLabel(n, limit);
  }
  for (const o of document.querySelectorAll<HTMLOptionElement>("#rd-view-select option")) {
    o.dataset.label ??= o.textContent ?? "";
    const n = counts[o.value];
    o.textContent = n ? `${o.dataset.label} (${countLabel(n, limit)})` : o.dataset.label;
  }
  const w = waiting(counts);
  document.title = w ? `(${countLabel(w, limit)}) ${baseTitle}` : baseTitle;
}

/** The view's unread tickets for me (customer activity since I last opened them), beside its open count. */
function renderUnread(b: HTMLElement, n: number, limit: number): void {
  let mark = b.querySelector<HTMLElement>(".unread-count");
  if (!n) {
    mark?.remove();
    return;
  }
  if (!mark) {
    mark = document.createElement("span");
    mark.className = "unread-count";
    b.appendChild(mark);
  }
  const text = NT.unreadInView.replace("{n}", countLabel(n, limit));
  mark.textContent = countLabel(n, limit);
  mark.title = text;
  mark.setAttribute("aria-label", text);
}

export async function loadCounts(): Promise<void> {
  try {
    const { counts, unread, limit } = await ok(api.views.counts.$get());
    render(counts as Counts, limit, unread as Counts);
  } catch {
    // The counts are a hint: the list itself still works.
  }
}

/** Coalesces a burst of feed events into one count refresh. */
export function scheduleCounts(): void {
  clearTimeout(timer);
  timer = window.setTimeout(loadCounts, 500);
}
