/**
 * Bulk selection in the list: a checkbox per row (Space toggles, shift-click selects a range), the
 * page's select-all, and the toolbar (assign, status, add tag, merge, clear) shown while tickets are
 * selected. Every bulk action on more than one ticket asks first, saying how many.
 */
import { ApiError, api, ok, WRITE } from "./api";
import { boot, me, T } from "./boot";
import { askConfirm, confirmRisk } from "./confirm";
import { $, fail, fill, h, toast } from "./dom";
import { listContext, renderList, scheduleRefresh } from "./list";
import {
  allSelected,
  clickRow,
  EMPTY_SELECTION,
  keepShown,
  riskOf,
  type Selection,
  selectedInOrder,
  toggleAll,
} from "./selection";
import { patchRow } from "./state";
import { state } from "./store";
import type { ListTicket } from "./types";

let selection: Selection = EMPTY_SELECTION;
const B = T.bulk;
const fmt = (s: string, vars: Record<string, string | number>) =>
  Object.entries(vars).reduce((out, [k, v]) => out.split(`{${k}}`).join(String(v)), s);

const shownIds = () => state.list.tickets.map((t) => t.id);

/** Forgets the selection (a new view, filter or search). */
export function clearSelection(): void {
  selection = EMPTY_SELECTION;
}

/** A row's checkbox; clicking it selects, never opens the ticket. */
export function rowCheckbox(t: ListTicket): HTMLInputElement {
  const box = h("input", {
    type: "checkbox",
    class: "pick",
    "data-pick": t.id,
    "aria-label": fmt(B.selectTicket, { number: t.number }),
    checked: selection.ids.has(t.id),
  });
  box.addEventListener("click", (ev) => {
    ev.stopPropagation();
    selection = clickRow(selection, shownIds(), t.id, ev.shiftKey);
    redraw(t.id);
  });
  box.addEventListener("keydown", (ev) => ev.stopPropagation());
  return box;
}

/** Draws the list again, keeping the keyboard on the checkbox that was used. */
function redraw(focusId?: string): void {
  renderList();
  if (focusId) $("rd-tickets").querySelector<HTMLInputElement>(`input[data-pick="${focusId}"]`)?.focus();
}

/** The select-all box and the toolbar, after each list render (rows that left the list leave the selection). */
export function renderBulkBar(): void {
  const shown = shownIds();
  selection = keepShown(selection, shown);
  const all = $<HTMLInputElement>("rd-select-all");
  all.checked = allSelected(selection, shown);
  all.indeterminate = selection.ids.size > 0 && !all.checked;
  all.disabled = shown.length === 0;
  const bar = $("rd-bulk-bar");
  const count = selection.ids.size;
  bar.hidden = count === 0;
  document.body.classList.toggle("has-selection", count > 0);
  if (count === 0) {
    bar.dataset.count = "0";
    fill(bar);
    return;
  }
  if (bar.contains(document.activeElement) && bar.dataset.count === String(count)) return;
  bar.dataset.count = String(count);
  const assign = h(
    "select",
    { id: "rd-bulk-assign", "aria-label": B.assignTo },
    h("option", { value: "", text: B.assignTo }),
    h("option", { value: me.staffId, text: B.assignMe }),
    h("option", { value: "none", text: B.unassign }),
    // Everyone in the staff directory (the API lets any role assign; the ticket header keeps agents to claiming).
    [...state.names]
      .filter(([id]) => id !== me.staffId)
      .sort((a, b) => a[1].localeCompare(b[1]))
      .map(([id, name]) => h("option", { value: id, text: name })),
  );
  assign.addEventListener("change", () => {
    const v = assign.value;
    assign.value = "";
    if (v) run({ type: "assign", staffId: v === "none" ? null : v });
  });
  const status = h(
    "select",
    { id: "rd-bulk-status", "aria-label": B.setStatus },
    h("option", { value: "", text: B.setStatus }),
    boot.statuses.filter((s) => s !== "new").map((s) => h("option", { value: s, text: T.statuses[s] ?? s })),
  );
  status.addEventListener("change", () => {
    const v = status.value as (typeof boot.statuses)[number] | "";
    status.value = "";
    if (v) run({ type: "status", status: v });
  });
  const tag = h("input", { id: "rd-bulk-tag", type: "text", placeholder: B.addTagPlaceholder, "aria-label": B.addTag });
  const tagForm = h(
    "form",
    { class: "bulk-tag" },
    tag,
    h("button", { type: "submit", class: "secondary", id: "rd-bulk-tag-add", text: B.add }),
  );
  tagForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const add = tag.value
      .split(/[,，]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (add.length) run({ type: "tag", add });
  });
  fill(
    bar,
    h("span", { class: "bulk-count", id: "rd-bulk-count", role: "status", text: fmt(B.selected, { count }) }),
    assign,
    status,
    tagForm,
    h("button", {
      type: "button",
      class: "secondary",
      id: "rd-bulk-merge",
      text: B.merge,
      disabled: count < 2,
      onclick: () => mergeSelected(),
    }),
    h("button", {
      type: "button",
      class: "secondary",
      id: "rd-bulk-clear",
      text: B.clear,
      onclick: () => {
        clearSelection();
        renderList();
        all.focus();
      },
    }),
  );
}

type Action =
  | { type: "assign"; staffId: string | null }
  | { type: "status"; status: (typeof boot.statuses)[number] }
  | { type: "tag"; add: string[] };

function rowsOf(ids: readonly string[]): ListTicket[] {
  return state.list.tickets.filter((t) => ids.includes(t.id));
}

/** What the dialog says an action does to `count` tickets. */
function describe(action: Action, count: number): string {
  if (action.type === "assign") {
    if (!action.staffId) return fmt(B.bulkUnassign, { count });
    const name = action.staffId === me.staffId ? T.me : state.names.get(action.staffId) || T.assigned;
    return fmt(B.bulkAssign, { count, name });
  }
  if (action.type === "status") return fmt(B.bulkStatus, { count, status: T.statuses[action.status] ?? action.status });
  return fmt(B.bulkTag, { count, tags: action.add.join(", ") });
}

/** Asks (with the count, or the single ticket's own risk), then sends one bulk request for the selection. */
async function run(action: Action): Promise<void> {
  const ids = selectedInOrder(selection, shownIds());
  const rows = rowsOf(ids);
  let confirm = false;
  if (ids.length > 1) {
    const unanswered =
      action.type === "status" ? rows.filter((t) => riskOf(t, action, "")?.kind === "resolveUnanswered") : [];
    const body = [describe(action, ids.length)];
    if (unanswered.length) body.push(fmt(B.bulkUnanswered, { count: unanswered.length }));
    const closing = action.type === "status" && action.status === "closed";
    if (!(await askConfirm({ title: fmt(B.bulkTitle, { count: ids.length }), body, danger: closing })))
      return renderList();
    confirm = unanswered.length > 0;
  } else if (rows[0]) {
    const risk = riskOf(
      rows[0],
      action.type === "assign" ? { assigneeId: action.staffId } : action.type === "status" ? action : {},
      me.staffId,
    );
    if (risk && !(await confirmRisk(risk, state.names))) return renderList();
    confirm = risk?.kind === "resolveUnanswered";
  }
  await send({ ticketIds: ids, action, ...(confirm ? { confirm: true } : {}) });
}

async function mergeSelected(): Promise<void> {
  const ids = selectedInOrder(selection, shownIds());
  const rows = rowsOf(ids);
  const keep = h(
    "select",
    { id: "rd-bulk-merge-into" },
    rows.map((t) => h("option", { value: t.id, text: `${t.number} ${t.subject}` })),
  );
  const extra = h("label", { class: "ctl merge-keep" }, h("span", { text: B.mergeKeep }), keep);
  const yes = await askConfirm({
    title: fmt(B.bulkTitle, { count: ids.length }),
    body: [fmt(B.bulkMerge, { count: ids.length })],
    extra,
    danger: true,
  });
  if (!yes) return renderList();
  await send({ ticketIds: ids, action: { type: "merge", intoTicketId: keep.value } });
}

type BulkJson = Parameters<(typeof api.tickets.bulk)["$post"]>[0]["json"];

async function send(json: BulkJson): Promise<void> {
  try {
    let res: Awaited<ReturnType<typeof post>>;
    try {
      res = await post(json);
    } catch (err) {
      // The list did not know some had no staff reply: say so, and send again on yes.
      if (!(err instanceof ApiError && err.code === "needs_confirmation")) throw err;
      const n = (err.details as { tickets?: unknown[] } | undefined)?.tickets?.length ?? 1;
      const yes = await askConfirm({ title: B.resolveTitle, body: [fmt(B.bulkUnanswered, { count: n })] });
      if (!yes) return renderList();
      res = await post({ ...json, confirm: true });
    }
    for (const t of res.tickets) state.list = patchRow(state.list, t, listContext());
    clearSelection();
    toast(fmt(B.done, { count: res.tickets.length }));
    renderList();
    scheduleRefresh();
  } catch (err) {
    // unproven_sender: an agent's merge of tickets nothing proves are one person's (403), named the same way.
    if (err instanceof ApiError && (err.code === "ineligible" || err.code === "unproven_sender")) {
      const refused =
        (err.details as { tickets?: Array<{ number: string; reason: string }> } | undefined)?.tickets ?? [];
      const list = refused.map((t) => `${t.number} (${B.reasons[t.reason] ?? t.reason})`).join(", ");
      toast(`${fmt(B.ineligible, { count: refused.length })}: ${list}`, true);
      return renderList();
    }
    fail(err);
    renderList();
  }
}

function post(json: BulkJson) {
  return ok(api.tickets.bulk.$post({ json }, WRITE));
}

// The page's select-all: every row shown, or none when all already are.
const selectAll = $<HTMLInputElement>("rd-select-all");
selectAll.addEventListener("change", () => {
  selection = toggleAll(selection, shownIds());
  renderList();
  selectAll.focus();
});
