/**
 * The open ticket's extra panels, drawn in the side column under the customer panel each time the
 * ticket is (re)loaded. A panel is a pure function of the ticket's detail returning a DOM node (or
 * null to show nothing); adding one is one import and one entry in TICKET_PANELS.
 */
import { byId, fill, h } from "./dom";
import type { TicketDetail } from "./types";

export type TicketPanel = (detail: TicketDetail) => Node | null;

export const TICKET_PANELS: TicketPanel[] = [];

let slot: HTMLElement | null = null;
/** The panels' place in the side column (one element, kept across redraws): the customer panel keeps it as its last child. */
export function panelSlot(): HTMLElement {
  slot ??= h("div", { id: "rd-ticket-panels", class: "ticket-panels", hidden: true });
  return slot;
}

/** Draws every panel for the ticket shown (nothing when there are none). */
export function renderPanels(detail: TicketDetail | null): void {
  const nodes = detail ? TICKET_PANELS.map((panel) => panel(detail)).filter((n): n is Node => n !== null) : [];
  const slot = panelSlot();
  fill(slot, ...nodes);
  slot.hidden = nodes.length === 0;
  const aside = byId("rd-contact");
  if (aside && slot.parentNode !== aside && nodes.length) aside.appendChild(slot);
}
