/**
 * Tags in the inbox: chips on list rows (a click filters by the tag), and the tag filter beside the
 * others, fed by the desk's tags in use (`GET /tags`). The chosen tag is in the address (`?tag=`),
 * so a reload or a shared link keeps it; the ticket open stays in the hash.
 */
import { api, ok } from "./api";
import { boot } from "./boot";
import { $, fail, h } from "./dom";
import { state } from "./store";

const S = boot.t.slatags;
/** Chips shown per row; the rest are summed up as "+n". */
const MAX_CHIPS = 4;

/** The tag in the page's address, if any. */
export function tagFromUrl(search: string): string {
  return (new URLSearchParams(search).get("tag") ?? "").trim().slice(0, 40);
}

/** The address with `tag` set (or removed), the rest of it kept. */
export function urlWithTag(href: string, tag: string): string {
  const url = new URL(href);
  if (tag) url.searchParams.set("tag", tag);
  else url.searchParams.delete("tag");
  return url.pathname + url.search + url.hash;
}

let reload: (() => void) | null = null;

/** Shows only tickets tagged `tag` ("" for all): the select, the address and the list follow. */
export function setTagFilter(tag: string): void {
  if ((state.query.filters.tag ?? "") === tag) return;
  state.query.filters.tag = tag;
  const sel = $<HTMLSelectElement>("rd-filter-tag");
  ensureOption(sel, tag);
  sel.value = tag;
  history.replaceState(history.state, "", urlWithTag(location.href, tag));
  reload?.();
}

function ensureOption(sel: HTMLSelectElement, tag: string): void {
  if (tag && ![...sel.options].some((o) => o.value === tag)) sel.appendChild(h("option", { value: tag, text: tag }));
}

/** A row's tags as chips; null when it has none. */
export function tagChips(tags: readonly string[] | undefined): HTMLSpanElement | null {
  if (!tags?.length) return null;
  const shown = tags.slice(0, MAX_CHIPS);
  return h(
    "span",
    { class: "tag-chips" },
    shown.map((tag) =>
      h("button", {
        type: "button",
        class: `tag-chip${tag === state.query.filters.tag ? " on" : ""}`,
        "data-tag": tag,
        text: tag,
        title: S.filterByTag.replace("{tag}", tag),
        "aria-label": S.filterByTag.replace("{tag}", tag),
        onclick: (ev: MouseEvent) => {
          ev.stopPropagation(); // not the row's click (which opens the ticket)
          setTagFilter(tag);
        },
      }),
    ),
    tags.length > MAX_CHIPS ? h("span", { class: "tag-more", text: `+${tags.length - MAX_CHIPS}` }) : null,
  );
}

/** Fills the tag filter with the tags in use (keeping the chosen one even when it is no longer in use). */
export async function loadTags(): Promise<void> {
  const sel = $<HTMLSelectElement>("rd-filter-tag");
  const { tags } = await ok(api.tags.$get());
  const current = state.query.filters.tag ?? "";
  sel.replaceChildren(
    h("option", { value: "", text: S.anyTag }),
    ...tags.map((t) => h("option", { value: t.tag, text: `${t.tag} (${t.count})` })),
  );
  ensureOption(sel, current);
  sel.value = current;
}

/** Wires the filter; `onChange` reloads the list. Reads the address's tag first, before the list's first load. */
export function initTagFilter(onChange: () => void): void {
  reload = onChange;
  const sel = $<HTMLSelectElement>("rd-filter-tag");
  const tag = tagFromUrl(location.search);
  state.query.filters.tag = tag;
  ensureOption(sel, tag);
  sel.value = tag;
  sel.addEventListener("change", () => setTagFilter(sel.value));
  loadTags().catch(fail);
  // Tags added since are offered a little later (not while the menu is in use).
  setInterval(() => {
    if (document.activeElement !== (sel as unknown as Element) && document.visibilityState === "visible")
      loadTags().catch(() => {});
  }, 120_000);
}
