/**
 * The ticket's crypto panel (the `crypto` field of GET /api/staff/tickets/:id): TxIDs and
 * addresses with chain badges and explorer links, UIDs, order ids and amounts with copy buttons,
 * tickets sharing a value, the rating, edit history, incidents, and the kinds of secret removed.
 * Built with createElement and textContent only: customer text never becomes markup.
 * `panelSections` is the pure part (data to sections); `cryptoPanel` turns it into DOM.
 */
import type { CryptoPanel } from "../../../core/crypto-panel";
import type { TicketStatus } from "../../../core/ticket";
import type { CryptoTexts } from "../i18n-crypto";

/** What the panel needs of the inbox's boot texts: its own, and the ticket statuses. */
export interface CryptoPanelTexts {
  crypto: CryptoTexts;
  statuses: Record<TicketStatus, string>;
}

/** One line of a section: a label, a value, and what goes with it. */
export interface PanelRow {
  label: string;
  /** Customer-provided or stored text: always rendered as text. */
  value: string;
  /** Chain badges (names), and whether the chain is only a guess. */
  badges?: string[];
  unsure?: boolean;
  /** The value to put on the clipboard. */
  copy?: string;
  links?: Array<{ text: string; href: string }>;
  /** Another ticket to open (the inbox wires the click on `data-ticket-id`). */
  ticketId?: string;
  /** Rendered as a preformatted block (an earlier version of a message). */
  block?: boolean;
}

export interface PanelSection {
  id: "values" | "identifiers" | "linked" | "csat" | "edits" | "incidents" | "redacted";
  title: string;
  rows: PanelRow[];
}

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

/** Only https links leave the panel, whatever the data says. */
function safeHref(url: string): string | null {
  try {
    return new URL(url).protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** The panel's sections in display order; empty sections are left out. Pure. */
export function panelSections(data: CryptoPanel, texts: CryptoPanelTexts): PanelSection[] {
  const t = texts.crypto;
  const time = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(t.locale);
  };
  const sections: PanelSection[] = [
    {
      id: "values",
      title: t.values,
      rows: data.values.map((v) => ({
        label: t.kinds[v.kind],
        value: v.value,
        badges: v.chains.map((c) => t.chains[c]),
        unsure: v.chain === null,
        copy: v.value,
        links: v.links.flatMap((l) => {
          const href = safeHref(l.url);
          const name = v.chains.length > 1 ? `${l.name} (${t.chains[l.chain]})` : l.name;
          return href ? [{ text: fill(t.openIn, { name }), href }] : [];
        }),
      })),
    },
    {
      id: "identifiers",
      title: t.identifiers,
      rows: data.identifiers.map((i) => ({ label: t.kinds[i.kind], value: i.value, copy: i.value })),
    },
    {
      id: "linked",
      title: t.linked,
      rows: data.linkedTickets.map((l) => ({
        label: `${l.number} · ${texts.statuses[l.status] ?? l.status}`,
        value: l.subject,
        ticketId: l.id,
      })),
    },
    {
      id: "csat",
      title: t.csat,
      rows: data.csat
        ? [
            {
              label: t.csat,
              value: data.csat.rating === null ? t.csatAsked : fill(t.csatRated, { rating: String(data.csat.rating) }),
            },
          ]
        : [],
    },
    {
      id: "edits",
      title: t.edits,
      rows: data.edits.map((e) => ({
        label: fill(t.editedAt, { time: time(e.editedAt) }),
        value: e.previousBody,
        block: true,
      })),
    },
    {
      id: "incidents",
      title: t.incidents,
      rows: data.incidents.map((i) => ({ label: t.incidentStatus[i.status], value: i.title })),
    },
    {
      id: "redacted",
      title: t.redacted,
      rows: data.redactions.map((r) => ({
        label: t.redacted,
        value: fill(t.redactedNote, {
          time: time(r.createdAt),
          kinds: r.kinds.map((k) => t.secretKinds[k] ?? k).join(", "),
        }),
      })),
    },
  ];
  return sections.filter((s) => s.rows.length > 0);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function copyButton(value: string, t: CryptoTexts): HTMLButtonElement {
  const b = el("button", "copy", t.copy);
  b.type = "button";
  b.dataset.copy = value;
  b.setAttribute("aria-label", `${t.copy}: ${value}`);
  b.addEventListener("click", () => {
    void navigator.clipboard?.writeText(value).then(() => {
      b.textContent = t.copied;
      setTimeout(() => {
        b.textContent = t.copy;
      }, 1500);
    });
  });
  return b;
}

function rowElement(r: PanelRow, t: CryptoTexts): HTMLElement {
  const li = el("li", "crypto-row");
  li.appendChild(el("span", "crypto-label", r.label));
  for (const badge of r.badges ?? []) li.appendChild(el("span", "chain-badge", badge));
  if (r.unsure) li.appendChild(el("span", "chain-unsure", t.chainUnsure));
  if (r.ticketId) {
    const open = el("button", "crypto-ticket", r.value);
    open.type = "button";
    open.dataset.ticketId = r.ticketId;
    li.appendChild(open);
  } else li.appendChild(el(r.block ? "pre" : "code", "crypto-value", r.value));
  if (r.copy !== undefined) li.appendChild(copyButton(r.copy, t));
  for (const l of r.links ?? []) {
    const a = el("a", "explorer", l.text);
    a.href = l.href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    li.appendChild(a);
  }
  return li;
}

/** The panel as a `<section>`: one heading and list per non-empty part, or a line saying there is nothing. */
export function cryptoPanel(data: CryptoPanel, texts: CryptoPanelTexts): HTMLElement {
  const t = texts.crypto;
  const root = el("section", "crypto-panel");
  root.setAttribute("aria-label", t.title);
  root.appendChild(el("h4", undefined, t.title));
  const sections = panelSections(data, texts);
  if (!sections.length) root.appendChild(el("p", "crypto-empty", t.empty));
  for (const s of sections) {
    const part = el("div", `crypto-${s.id}`);
    part.appendChild(el("h5", undefined, s.title));
    const list = el("ul");
    for (const r of s.rows) list.appendChild(rowElement(r, t));
    part.appendChild(list);
    root.appendChild(part);
  }
  return root;
}
