/**
 * Pure logic of bulk selection and of risky actions (no DOM, no fetch), unit-tested: which tickets
 * are selected (click, shift-click ranges, the page's select-all), what survives a list change, and
 * which single-ticket changes ask first.
 */

/** The selected ticket ids and the row a shift-click ranges from. */
export interface Selection {
  ids: ReadonlySet<string>;
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

/**
 * A row's checkbox clicked: it toggles, or with shift every row from the anchor to it (in the list's
 * order) takes the clicked row's new state. The clicked row becomes the anchor.
 */
export function clickRow(sel: Selection, shown: readonly string[], id: string, shift: boolean): Selection {
  if (!shown.includes(id)) return sel;
  const on = !sel.ids.has(id);
  const ids = new Set(sel.ids);
  const from = sel.anchor === null ? -1 : shown.indexOf(sel.anchor);
  const to = shown.indexOf(id);
  const range = shift && from >= 0 ? shown.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
  for (const r of range) {
    if (on) ids.add(r);
    else ids.delete(r);
  }
  return { ids, anchor: id };
}

/** "Select all on this page": every shown row, or none when all of them already are. */
export function toggleAll(sel: Selection, shown: readonly string[]): Selection {
  if (shown.length > 0 && allSelected(sel, shown)) return EMPTY_SELECTION;
  return { ids: new Set(shown), anchor: sel.anchor };
}

export function allSelected(sel: Selection, shown: readonly string[]): boolean {
  return shown.length > 0 && shown.every((id) => sel.ids.has(id));
}

/**
 * The selection after the list changed under it (a live update, "Load more"): rows no longer shown
 * leave it, so an action never reaches a ticket the agent cannot see. Changing the view, a filter or
 * the search clears it (the caller passes EMPTY_SELECTION then).
 */
export function keepShown(sel: Selection, shown: readonly string[]): Selection {
  const visible = new Set(shown);
  const ids = [...sel.ids].filter((id) => visible.has(id));
  if (ids.length === sel.ids.size && (sel.anchor === null || visible.has(sel.anchor))) return sel;
  return { ids: new Set(ids), anchor: sel.anchor !== null && visible.has(sel.anchor) ? sel.anchor : null };
}

/** The selected ids in the list's order (what the bulk request sends). */
export function selectedInOrder(sel: Selection, shown: readonly string[]): string[] {
  return shown.filter((id) => sel.ids.has(id));
}

/** Why a single-ticket change asks first; null for an ordinary, safe change. */
export type Risk =
  | { kind: "resolveUnanswered" }
  | { kind: "close" }
  | { kind: "takeFromColleague"; colleagueId: string };

/** The risk of changing ticket `t` by `patch`, done by `meId`. */
export function riskOf(
  t: { status: string; assigneeId: string | null; firstResponseAt?: string | null },
  patch: { status?: string; assigneeId?: string | null },
  meId: string,
): Risk | null {
  if (patch.status === "resolved" && t.status !== "resolved" && !t.firstResponseAt)
    return { kind: "resolveUnanswered" };
  if (patch.status === "closed" && t.status !== "closed") return { kind: "close" };
  if (patch.assigneeId === meId && t.assigneeId && t.assigneeId !== meId) {
    return { kind: "takeFromColleague", colleagueId: t.assigneeId };
  }
  return null;
}
