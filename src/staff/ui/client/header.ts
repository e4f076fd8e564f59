/** The open ticket's header: title, meta line, presence, and the controls (claim, assignee, status, priority, category, tags, resolve, merge). */
import { boot, me, T } from "./boot";
import { chatLiveLine } from "./chat-live";
import { renderComposerState } from "./compose";
import { byId, channelBadge, fill, h, timeEl } from "./dom";
import { assigneeName, presenceText } from "./list";
import { toggleMerge } from "./merge";
import { slaTimersLine } from "./sla-timers";
import { state } from "./store";
import { renderVia } from "./thread";
import { closeTicket, patch } from "./ticket";

function select(
  id: string,
  label: string,
  options: Array<[string, string]>,
  current: string,
  onchange: (value: string) => void,
  disabled?: boolean,
): HTMLLabelElement {
  const sel: HTMLSelectElement = h(
    "select",
    { id, disabled, onchange: (): void => onchange(sel.value) },
    options.map(([value, text]) => h("option", { value, selected: value === current, text })),
  );
  return h("label", { class: "ctl" }, h("span", { text: label }), sel);
}

let headStale = false;
/** Someone else's change must not wipe a field being edited here: the header redraws when focus leaves it. */
export function onHeadFocusOut(ev: FocusEvent): void {
  const head = ev.currentTarget as HTMLElement;
  if (headStale && !head.contains(ev.relatedTarget as Node | null)) setTimeout(renderTicketHeader, 0);
}

export function renderTicketHeader(): void {
  const head = byId("rd-ticket-head");
  const d = state.detail;
  if (!head || !d) return;
  const active = document.activeElement;
  if (active && head.contains(active) && /^(INPUT|SELECT)$/.test(active.tagName)) {
    headStale = true;
    return;
  }
  headStale = false;
  const t = d.ticket;
  const mine = t.assigneeId === me.staffId;
  const assignCtl = state.staff?.length
    ? select(
        "rd-assignee",
        T.assignee,
        [
          ["", T.unassigned],
          ...state.staff.map((s): [string, string] => [s.id, s.id === me.staffId ? `${s.name} (${T.me})` : s.name]),
        ],
        t.assigneeId ?? "",
        (v) => patch({ assigneeId: v || null }),
      )
    : h("span", { class: "ctl", text: `${T.assignee}: ${assigneeName(t) ?? T.unassigned}` });
  const resolved = t.status === "resolved" || t.status === "closed";
  const tagsInput: HTMLInputElement = h("input", {
    id: "rd-tags",
    type: "text",
    value: (t.tags ?? []).join(", "),
    placeholder: T.tagsPlaceholder,
    "aria-label": T.tags,
    onchange: (): Promise<void> =>
      patch({
        tags: tagsInput.value
          .split(/[,，]/)
          .map((s) => s.trim())
          .filter(Boolean),
      }),
  });
  const presence = presenceText(t.id);
  const summary = [
    T.statuses[t.status] ?? t.status,
    T.priorities[t.priority] ?? t.priority,
    assigneeName(t) ?? T.unassigned,
  ];
  head.classList.toggle("controls-collapsed", !state.controlsOpen);
  fill(
    head,
    h(
      "div",
      { class: "title-row" },
      h(
        "button",
        { type: "button", class: "back secondary", id: "rd-back", title: T.back, onclick: closeTicket },
        h("span", { "aria-hidden": "true", text: "←" }),
        h("span", { class: "sr", text: T.back }),
      ),
      channelBadge(t.channel),
      h("h2", { id: "rd-ticket-title" }, h("span", { class: "num", text: t.number }), " ", t.subject),
    ),
    h(
      "p",
      { class: "meta" },
      `${t.contact?.name || T.customer} · ${T.channels[t.channel] ?? t.channel} · ${T.opened} `,
      timeEl(t.createdAt),
    ),
    slaTimersLine(t),
    h("p", { id: "rd-presence", class: "presence", "aria-live": "polite", text: presence ?? "" }),
    chatLiveLine(),
    h(
      "button",
      {
        type: "button",
        id: "rd-controls-toggle",
        class: "secondary controls-toggle",
        "aria-expanded": String(state.controlsOpen),
        "aria-controls": "rd-controls",
        onclick: () => {
          state.controlsOpen = !state.controlsOpen;
          renderTicketHeader();
        },
      },
      h("span", { text: T.ticketControls }),
      h("span", { class: "meta", text: ` · ${summary.join(" · ")}` }),
      h("span", { "aria-hidden": "true", text: state.controlsOpen ? " ▴" : " ▾" }),
    ),
    h(
      "div",
      { class: "controls", id: "rd-controls" },
      h("button", {
        type: "button",
        id: "rd-claim",
        class: "secondary",
        text: mine ? T.unassign : T.claim,
        onclick: () => patch({ assigneeId: mine ? null : me.staffId }),
      }),
      assignCtl,
      select(
        "rd-status",
        T.status,
        boot.statuses.map((s): [string, string] => [s, T.statuses[s] ?? s]),
        t.status,
        (v) => patch({ status: v as (typeof boot.statuses)[number] }),
        t.status === "closed", // closed is final (src/core/ticket.ts)
      ),
      select(
        "rd-priority",
        T.priority,
        boot.priorities.map((s): [string, string] => [s, T.priorities[s] ?? s]),
        t.priority,
        (v) => patch({ priority: v as (typeof boot.priorities)[number] }),
      ),
      select(
        "rd-category",
        T.category,
        boot.categories.map((s): [string, string] => [s, T.categories[s] ?? s]),
        t.category,
        (v) => patch({ category: v as (typeof boot.categories)[number] }),
      ),
      h("label", { class: "ctl tags" }, h("span", { text: T.tags }), tagsInput),
      // Closed is final (no reopen in the API): no button that could only fail.
      t.status === "closed"
        ? null
        : h("button", {
            type: "button",
            id: "rd-resolve",
            text: resolved ? T.reopen : T.resolve,
            onclick: () => patch({ status: resolved ? "open" : "resolved" }),
          }),
      h("button", { type: "button", id: "rd-merge-open", class: "secondary", text: T.merge, onclick: toggleMerge }),
    ),
  );
  renderVia();
  renderComposerState();
}
