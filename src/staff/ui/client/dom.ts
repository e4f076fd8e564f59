/**
 * Building the inbox's DOM: `h()` makes an element from attributes and children. Data only ever
 * reaches the page as text (`text`, string children) or attribute values, never as markup.
 */
import { boot, T } from "./boot";
import { relativeTime } from "./format";

type Handlers = { [K in keyof HTMLElementEventMap as `on${K}`]?: (ev: HTMLElementEventMap[K]) => unknown };
type AttrValue = string | number | boolean | null | undefined;
/** `class`, `text` (textContent), `value`, `on<event>` listeners; anything else is an attribute (true: present, false/null: absent). */
export type Attrs = Handlers & { [name: string]: AttrValue | ((ev: never) => unknown) };
export type Child = Node | string | null | undefined | false;

/** Creates an element: attrs (class, text, on*, value, others as attributes), then children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[K] {
  // The Workers types also declare an `Element` (HTMLRewriter's), merged with the DOM's: appendChild, never append.
  const el = document.createElement(tag) as unknown as HTMLElement;
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2), v as EventListener);
    else if (k === "class") el.className = String(v);
    else if (k === "text") el.textContent = String(v);
    else if (k === "value") (el as HTMLInputElement).value = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el as unknown as HTMLElementTagNameMap[K];
}

/** Replaces an element's children, skipping empty slots (replaceChildren would print "null"). */
export function fill(el: Pick<ParentNode, "replaceChildren">, ...children: Array<Child | Child[]>): void {
  el.replaceChildren(
    ...children.flat().filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
}

/** An element of the page (or of the open ticket's view), or null when it is not there. */
export function byId<E = HTMLElement>(id: string): E | null {
  // No `extends HTMLElement`: the Workers types' `Element` (merged with the DOM's) makes <select> not one.
  return document.getElementById(id) as E | null;
}

/** An element the page shell always has (src/staff/ui/page.tsx). */
export function $<E = HTMLElement>(id: string): E {
  const el = byId<E>(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el;
}

const locale = boot.lang === "zh" ? "zh-CN" : "en";
const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "narrow" });
export const dtf = new Intl.DateTimeFormat(locale, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** "5 min ago" / "in 3 hr" for an ISO time, in the page's language. */
export function relative(iso: string): string {
  return relativeTime(rtf, iso, Date.now());
}

export function timeEl(iso: string, cls?: string): HTMLTimeElement {
  return h("time", { datetime: iso, title: dtf.format(new Date(iso)), class: cls, text: relative(iso) });
}

const CHANNEL_GLYPHS: Record<string, string> = { telegram: "TG", discord: "DC", email: "@", webform: "Web" };

export function channelBadge(channel: keyof typeof T.channels): HTMLSpanElement {
  return h(
    "span",
    { class: `ch ch-${channel}`, title: T.channels[channel] ?? channel },
    h("span", { "aria-hidden": "true", text: CHANNEL_GLYPHS[channel] ?? channel }),
    h("span", { class: "sr", text: T.channels[channel] ?? channel }),
  );
}

export function badge(cls: string, text: string): HTMLSpanElement {
  return h("span", { class: `badge ${cls}`, text });
}

let toastTimer = 0;
/** Shows a short message; errors stay until the next message. */
export function toast(text: string, isError?: boolean): void {
  const el = $("rd-toast");
  el.textContent = text;
  el.className = isError ? "toast err" : "toast";
  el.hidden = false;
  clearTimeout(toastTimer);
  if (!isError) toastTimer = window.setTimeout(() => (el.hidden = true), 3000);
}

export function fail(err: unknown): void {
  toast((err as Error | null)?.message || String(err), true);
}
