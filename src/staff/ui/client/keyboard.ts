/** Keyboard shortcuts: j/k move through the list, r reply, n note, e resolve, / search, ? help, Esc back out. */
import { showComposer } from "./compose";
import { $ } from "./dom";
import { neighbour } from "./state";
import { state } from "./store";
import { closeTicket, openTicket, patch } from "./ticket";

function move(step: number): void {
  const id = neighbour(state.list.tickets, state.selectedId, step);
  if (id) openTicket(id);
}

export function toggleHelp(show?: boolean): void {
  const help = $("rd-help");
  help.hidden = show === undefined ? !help.hidden : !show;
}

export function onKey(ev: KeyboardEvent): void {
  if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const el = ev.target;
  const typing = el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  if (ev.key === "Escape") {
    if (typing) el.blur();
    else if (!$("rd-help").hidden) $("rd-help").hidden = true;
    else if (state.selectedId) closeTicket();
    return;
  }
  if (typing) return;
  const actions: Record<string, () => unknown> = {
    j: () => move(1),
    k: () => move(-1),
    r: () => state.selectedId && showComposer("reply", true),
    n: () => state.selectedId && showComposer("note", true),
    e: () =>
      state.detail && !["resolved", "closed"].includes(state.detail.ticket.status) && patch({ status: "resolved" }),
    "/": () => $("rd-search").focus(),
    "?": () => toggleHelp(),
  };
  const action = actions[ev.key];
  if (!action) return;
  ev.preventDefault();
  action();
}
