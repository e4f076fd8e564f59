// Bulk selection and risky-action rules of the inbox (src/staff/ui/client/selection.ts), with generated
// sequences of clicks, shift-clicks, select-alls and list changes checked against a plain model.
import { describe, expect, it } from "vitest";
import {
  allSelected,
  clickRow,
  EMPTY_SELECTION,
  keepShown,
  riskOf,
  type Selection,
  selectedInOrder,
  toggleAll,
} from "../../../src/staff/ui/client/selection";
import { bulkTexts } from "../../../src/staff/ui/i18n-bulk";
import { mulberry32 as rng } from "../../support/random";

const ids = (n: number, prefix = "tkt_") => Array.from({ length: n }, (_, i) => `${prefix}${i.toString(36)}`);

describe("bulk selection", () => {
  it("a click toggles one row; shift-click sets the whole range from the anchor to the clicked row's new state", () => {
    const shown = ids(8);
    let sel = clickRow(EMPTY_SELECTION, shown, "tkt_2", false);
    expect([...sel.ids]).toEqual(["tkt_2"]);
    sel = clickRow(sel, shown, "tkt_5", true);
    expect(selectedInOrder(sel, shown)).toEqual(["tkt_2", "tkt_3", "tkt_4", "tkt_5"]);
    // Shift-click upwards from the new anchor, on a selected row: the range is unselected.
    sel = clickRow(sel, shown, "tkt_3", true);
    expect(selectedInOrder(sel, shown)).toEqual(["tkt_2"]);
    // A shift-click with no anchor is a plain click; a row not shown changes nothing.
    expect([...clickRow(EMPTY_SELECTION, shown, "tkt_6", true).ids]).toEqual(["tkt_6"]);
    expect(clickRow(sel, shown, "tkt_zz", false)).toBe(sel);
  });

  it("select all on this page selects every shown row, and again clears", () => {
    const shown = ids(5);
    const some = clickRow(EMPTY_SELECTION, shown, "tkt_1", false);
    const all = toggleAll(some, shown);
    expect(allSelected(all, shown)).toBe(true);
    expect(toggleAll(all, shown).ids.size).toBe(0);
    expect(allSelected(EMPTY_SELECTION, [])).toBe(false);
  });

  it("generated sequences: the selection matches a plain model and never holds a row that is not shown", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const pool = ids(30);
      let shown = pool.slice(0, 10 + Math.floor(r() * 20));
      let sel: Selection = EMPTY_SELECTION;
      const model = new Set<string>();
      let anchor: string | null = null;
      for (let step = 0; step < 40; step++) {
        const roll = r();
        const pick = shown[Math.floor(r() * shown.length)] ?? "tkt_0";
        if (roll < 0.45) {
          const shift = r() < 0.4;
          sel = clickRow(sel, shown, pick, shift);
          const on = !model.has(pick);
          const from = anchor === null ? -1 : shown.indexOf(anchor);
          const to = shown.indexOf(pick);
          const range = shift && from >= 0 ? shown.slice(Math.min(from, to), Math.max(from, to) + 1) : [pick];
          for (const id of range) on ? model.add(id) : model.delete(id);
          anchor = pick;
        } else if (roll < 0.55) {
          const wasAll = shown.every((id) => model.has(id));
          sel = toggleAll(sel, shown);
          model.clear();
          if (!wasAll) for (const id of shown) model.add(id);
          if (wasAll) anchor = null;
        } else if (roll < 0.8) {
          // A live update: rows come and go (a ticket left the view, another arrived).
          shown = pool.filter(() => r() < 0.7);
          sel = keepShown(sel, shown);
          for (const id of [...model]) if (!shown.includes(id)) model.delete(id);
          if (anchor !== null && !shown.includes(anchor)) anchor = null;
        } else {
          // The view, a filter or the search changed: nothing stays selected.
          sel = EMPTY_SELECTION;
          model.clear();
          anchor = null;
        }
        expect([...sel.ids].sort(), `seed ${seed} step ${step}`).toEqual([...model].sort());
        expect(
          [...sel.ids].every((id) => shown.includes(id)),
          `seed ${seed}`,
        ).toBe(true);
        expect(selectedInOrder(sel, shown)).toEqual(shown.filter((id) => model.has(id)));
      }
    }
  });
});

describe("risky single-ticket actions", () => {
  const me = "stf_me";
  it("asks before resolving unanswered, closing, and taking a colleague's ticket; never for safe changes", () => {
    const fresh = { status: "open", assigneeId: null, firstResponseAt: null };
    const answered = { ...fresh, firstResponseAt: "2026-01-01T00:00:00.000Z" };
    expect(riskOf(fresh, { status: "resolved" }, me)).toEqual({ kind: "resolveUnanswered" });
    expect(riskOf(answered, { status: "resolved" }, me)).toBeNull();
    expect(riskOf({ ...fresh, status: "resolved" }, { status: "resolved" }, me)).toBeNull();
    expect(riskOf(answered, { status: "closed" }, me)).toEqual({ kind: "close" });
    expect(riskOf({ ...answered, assigneeId: "stf_li" }, { assigneeId: me }, me)).toEqual({
      kind: "takeFromColleague",
      colleagueId: "stf_li",
    });
    // Safe: claiming an unassigned ticket, unassigning, pending, reopening, re-claiming one's own.
    for (const p of [{ assigneeId: me }, { assigneeId: null }, { status: "pending" }, { status: "open" }]) {
      expect(riskOf(answered, p, me)).toBeNull();
      expect(riskOf({ ...answered, assigneeId: me }, p, me)).toBeNull();
    }
  });

  it("has every bulk text in both languages, each filled", () => {
    const shape = (o: object): unknown =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "object" ? shape(v) : typeof v]));
    expect(shape(bulkTexts("zh"))).toEqual(shape(bulkTexts("en")));
    for (const lang of ["en", "zh"] as const) {
      for (const [k, v] of Object.entries(bulkTexts(lang))) expect(v, `${lang}.${k}`).toBeTruthy();
    }
  });
});
