/**
 * The staff inbox in the browser (built by scripts/build-client.mjs): one live list of every
 * channel's tickets, the ticket view, and the live feed. Reads the page's `rd-boot` data
 * (./boot.ts); everything that comes from data reaches the DOM through textContent or
 * attributes, never as markup.
 */

import { api, ok } from "./api";
import { initAvailability } from "./availability";
import { me, T } from "./boot";
import { loadCanned } from "./compose";
import { cryptoPanel } from "./crypto-panel";
import { $, fail, relative } from "./dom";
import { connect, expireStalePresence, feed, sendPresence } from "./feed";
import { renderTicketHeader } from "./header";
import { onKey, toggleHelp } from "./keyboard";
import { loadList, PAGE, renderList } from "./list";
import { initMentionComplete } from "./mention-complete";
import { initNotifications } from "./notifications";
import { startSlaTicker } from "./sla-timers";
import type { Filters } from "./state";
import { state } from "./store";
import { initTagFilter } from "./tag-filter";
import { closeTicket, openTicket } from "./ticket";
import { TICKET_PANELS } from "./ticket-panels";
import { loadCounts } from "./view-counts";

// The crypto panel under the customer's: values with explorer links, linked tickets (a click opens one), ratings, edits.
TICKET_PANELS.push((detail) => {
  if (!detail.crypto) return null;
  const panel = cryptoPanel(detail.crypto, T);
  panel.addEventListener("click", (e) => {
    const id = (e.target as Element | null)?.closest("[data-ticket-id]")?.getAttribute("data-ticket-id");
    if (id) openTicket(id).catch(fail);
  });
  return panel;
});

function setView(view: string): void {
  state.query.view = view;
  for (const b of document.querySelectorAll<HTMLElement>("#rd-views [data-view]")) {
    b.setAttribute("aria-pressed", String(b.dataset.view === view));
  }
  $<HTMLSelectElement>("rd-view-select").value = view;
  loadList(true).catch(fail);
}

function fromHash(): void {
  const m = /^#t=([a-z]{2,4}_[a-z0-9]+)$/.exec(location.hash);
  if (m?.[1] && m[1] !== state.selectedId) openTicket(m[1], { keepFocus: true });
  else if (!m && state.selectedId) closeTicket();
}

/** Staff names for everyone; admins may also assign to anyone. */
async function loadStaff(): Promise<void> {
  try {
    const { staff } = await ok(api.directory.$get());
    for (const u of staff) state.names.set(u.id, u.name);
    state.staff = me.role === "admin" ? staff : null;
    renderList();
    renderTicketHeader();
  } catch {
    state.staff = null;
  }
}

for (const b of document.querySelectorAll<HTMLElement>("#rd-views [data-view]")) {
  b.addEventListener("click", () => setView(b.dataset.view ?? "all"));
}
const viewSelect = $<HTMLSelectElement>("rd-view-select");
viewSelect.addEventListener("change", () => setView(viewSelect.value));
for (const name of ["status", "priority", "category"] as const satisfies ReadonlyArray<keyof Filters>) {
  const sel = $<HTMLSelectElement>(`rd-filter-${name}`);
  sel.addEventListener("change", () => {
    state.query.filters[name] = sel.value;
    loadList(true).catch(fail);
  });
}
const search = $<HTMLInputElement>("rd-search");
let searchTimer = 0;
$("rd-search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  clearTimeout(searchTimer);
  state.query.q = search.value.trim();
  loadList(true).catch(fail);
});
search.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => {
    state.query.q = search.value.trim();
    loadList(true).catch(fail);
  }, 250);
});
$("rd-more").addEventListener("click", () => {
  state.wanted += PAGE;
  loadList(false).catch(fail);
});
$("rd-help-close").addEventListener("click", () => toggleHelp(false));
document.addEventListener("keydown", onKey);
window.addEventListener("hashchange", fromHash);
window.addEventListener("popstate", fromHash);
window.addEventListener("pagehide", () => state.selectedId && sendPresence(state.selectedId, "idle"));
window.addEventListener("online", () => {
  if (!feed.ws) connect();
});
setInterval(expireStalePresence, 10_000);
// Keep presence fresh for others (it expires after a minute without news) and times relative.
setInterval(() => {
  if (state.selectedId && document.visibilityState === "visible") {
    sendPresence(state.selectedId, state.typingSince ? "typing" : "viewing");
  }
  for (const el of document.querySelectorAll("time[datetime]")) {
    el.textContent = relative(el.getAttribute("datetime") ?? "");
  }
}, 25_000);

declare global {
  interface Window {
    /** A hook for tests and debugging: drop the live connection as a network failure would. */
    relaydeskInbox: { dropFeed(holdMs?: number): void; lastSeq(): number | null };
  }
}
window.relaydeskInbox = {
  dropFeed(holdMs = 0) {
    feed.holdUntil = Date.now() + holdMs;
    feed.ws?.close(4000, "dropped");
  },
  lastSeq: () => state.lastSeq,
};

// The tag filter reads `?tag=` before the first load; the SLA countdowns tick on one shared interval.
initTagFilter(() => loadList(true).catch(fail));
startSlaTicker();
loadList(false).catch(fail);
loadCounts();
loadCanned();
loadStaff();
initAvailability();
initNotifications();
initMentionComplete();
connect();
fromHash();
