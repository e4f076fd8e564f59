/** The ticket list: loading a view page by page, live refreshes, and drawing the rows. */

import { ApiError, api, ok } from "./api";
import { me, T, tr } from "./boot";
import { clearSelection, renderBulkBar, rowCheckbox } from "./bulk";
import { liveMarker } from "./chat-live";
import { $, badge, channelBadge, fail, fill, h, timeEl } from "./dom";
import { snippetText } from "./format";
import { NT } from "./notify-texts";
import { presentOn } from "./presence";
import { slaCountdown } from "./sla-timers";
import {
  appendPage,
  applyEvent,
  applyEvents,
  asListRequest,
  documentTitle,
  type ListContext,
  listRequest,
  loadedList,
  unreadCount,
} from "./state";
import { state } from "./store";
import { tagChips } from "./tag-filter";
import { openTicket } from "./ticket";
import type { ListTicket, SequencedFeedEvent } from "./types";
import { scheduleCounts } from "./view-counts";

/** Rows per "Load more"; the API gives at most 100 per request. */
export const PAGE = 50;
/** Events kept for replay onto a load that is on its way (a burst beyond this is covered by the refetch it triggers). */
const SINCE_LOAD_MAX = 200;

/** The context the list is shown in now. */
export function listContext(): ListContext {
  return { query: state.query, meId: me.staffId, selectedId: state.selectedId };
}

let listGeneration = 0;
/**
 * Fetches the first `state.wanted` rows of the current view. Live refreshes refetch as many
 * rows as are shown, so a refresh never drops what "Load more" brought in.
 */
export async function loadList(reset: boolean): Promise<void> {
  if (reset) {
    state.wanted = PAGE;
    // A new view, filter or search starts with nothing selected.
    clearSelection();
  }
  const generation = ++listGeneration;
  const asOf = state.lastSeq;
  state.sinceLoad = [];
  const base = asListRequest(listRequest(state.query, state.viewParamUnsupported));
  let tickets: ListTicket[] = [];
  let cursor: string | null = null;
  do {
    const limit = String(Math.min(100, state.wanted - tickets.length));
    let data: Awaited<ReturnType<typeof fetchPage>>;
    try {
      data = await fetchPage({ ...base, limit, ...(cursor ? { cursor } : {}) });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && base.view && !state.viewParamUnsupported) {
        state.viewParamUnsupported = true;
        return loadList(false);
      }
      throw err;
    }
    if (generation !== listGeneration) return;
    tickets = appendPage(tickets, data.tickets);
    cursor = data.nextCursor;
  } while (cursor && tickets.length < state.wanted);
  // What the feed said while the pages were on their way is applied on top.
  state.list = applyEvents(loadedList(tickets, asOf), state.sinceLoad, listContext());
  state.nextCursor = cursor;
  renderList();
}

function fetchPage(query: ReturnType<typeof asListRequest>) {
  return ok(api.tickets.$get({ query }));
}

/** A feed event changes the list at once; the refetch it also schedules confirms it. */
export function applyFeedEvent(e: SequencedFeedEvent): void {
  state.sinceLoad.push(e);
  if (state.sinceLoad.length > SINCE_LOAD_MAX) state.sinceLoad.shift();
  const next = applyEvent(state.list, e, listContext());
  if (next === state.list) return;
  state.list = next;
  renderList();
}

let refreshTimer = 0;
let refreshing: Promise<void> | null = null;
/** Coalesces bursts of feed events into one list refetch. */
export function scheduleRefresh(): void {
  scheduleCounts();
  clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(async () => {
    if (refreshing) {
      await refreshing;
      return scheduleRefresh();
    }
    refreshing = loadList(false).catch(fail);
    await refreshing;
    refreshing = null;
  }, 60);
}

/** Who a ticket is assigned to, as the list says it; null when nobody. */
export function assigneeName(t: { assigneeId: string | null }): string | null {
  if (!t.assigneeId) return null;
  if (t.assigneeId === me.staffId) return T.me;
  return state.names.get(t.assigneeId) || T.assigned;
}

/** "Li is viewing · Wang is typing" for a ticket, or null when nobody else is on it. */
export function presenceText(ticketId: string): string | null {
  const people = presentOn(state.presence, ticketId);
  if (people.length === 0) return null;
  return people.map((p) => tr(p.state === "typing" ? "isTyping" : "isViewing", { name: p.name })).join(" · ");
}

function row(t: ListTicket): HTMLLIElement {
  const who = assigneeName(t);
  const presence = presenceText(t.id);
  const cls = ["row"];
  if (t.unread) cls.push("unread");
  if (t.mentioned) cls.push("mentioned");
  if (t.id === state.selectedId) cls.push("selected");
  if (state.fresh.has(t.id)) cls.push("fresh");
  return h(
    "li",
    {
      class: cls.join(" "),
      "data-id": t.id,
      "data-status": t.status,
      "aria-current": t.id === state.selectedId ? "true" : null,
      tabindex: "-1",
      onclick: () => openTicket(t.id),
    },
    h(
      "div",
      { class: "row-top" },
      rowCheckbox(t),
      channelBadge(t.channel),
      h("span", { class: "who", text: t.contact?.name || T.customer }),
      liveMarker(t.id),
      t.unread ? h("span", { class: "dot", title: T.unread }, h("span", { class: "sr", text: T.unread })) : null,
      t.mentioned
        ? h("span", {
            class: "mention-mark",
            title: NT.mentioned,
            role: "img",
            "aria-label": NT.mentioned,
            text: "@",
          })
        : null,
      timeEl(t.updatedAt, "when"),
    ),
    h("div", { class: "subject" }, h("span", { class: "num", text: t.number }), " ", t.subject),
    h("div", {
      class: "snippet",
      text: snippetText(t.lastMessage, { note: T.noteShort, bot: T.bot, you: T.youShort }),
    }),
    h(
      "div",
      { class: "badges" },
      badge(`st st-${t.status}`, T.statuses[t.status] ?? t.status),
      t.priority !== "normal" ? badge(`pr pr-${t.priority}`, T.priorities[t.priority] ?? t.priority) : null,
      badge("cat", T.categories[t.category as keyof typeof T.categories] ?? t.category),
      badge(who ? "as" : "as none", who ?? T.unassigned),
      slaCountdown(t),
      tagChips(t.tags),
    ),
    presence ? h("div", { class: "presence", text: presence }) : null,
  );
}

export function renderList(): void {
  const rows = state.list.tickets.map(row);
  fill($("rd-tickets"), ...rows);
  $("rd-empty").hidden = rows.length > 0;
  $("rd-more").hidden = !state.nextCursor;
  document.title = documentTitle(T.title, unreadCount(state.list.tickets));
  renderBulkBar();
}
