/** The customer panel beside the open ticket: who the customer is, their proven addresses and identities, their other tickets. */
import { api, ok } from "./api";
import { T } from "./boot";
import { chatIdentityBadge } from "./chat-live";
import { $, badge, channelBadge, fill, h } from "./dom";
import { state } from "./store";
import { openTicket } from "./ticket";
import { panelSlot } from "./ticket-panels";
import type { ContactPanel } from "./types";

let contactGeneration = 0;
export async function loadContact(): Promise<void> {
  const t = state.detail?.ticket;
  const panel = $("rd-contact");
  if (!t?.contact?.id) return fill(panel, panelSlot());
  const contactId = t.contact.id;
  const generation = ++contactGeneration;
  let data: ContactPanel;
  try {
    data = await ok(api.contacts[":id"].$get({ param: { id: contactId } }));
  } catch {
    data = { contact: t.contact, tickets: [] };
  }
  // Only the newest answer draws (an older one may arrive last), and only for the customer still shown.
  const open = state.detail?.ticket;
  if (generation !== contactGeneration || !open || open.contact?.id !== contactId) return;
  // The open ticket as this view has it (just patched or pushed by the feed) wins over a list read a moment earlier.
  data = { ...data, tickets: data.tickets.map((pt) => (pt.id === open.id ? { ...pt, status: open.status } : pt)) };
  state.contact = data;
  fill(panel, ...customerPanel(data), panelSlot());
}

function customerPanel(data: ContactPanel): Array<Node | null> {
  const c = data.contact;
  // Why the address is not proven: mail nothing vouched for (merges need an admin), or an address typed into the web form.
  const hint = (c.identities ?? []).some((i) => i.unproven) ? T.unprovenSenderHint : T.emailUnverifiedHint;
  return [
    h("h3", { text: T.customerPanel }),
    h("p", { class: "contact-name", text: c.name || T.customer }),
    c.email
      ? h(
          "p",
          { class: "meta contact-email", title: c.emailVerified ? null : hint },
          h("span", { text: c.email }),
          " ",
          h("span", {
            class: `badge ${c.emailVerified ? "verified" : "late"}`,
            "data-verified": String(Boolean(c.emailVerified)),
            text: c.emailVerified ? T.emailVerified : T.emailUnverified,
          }),
        )
      : null,
    c.email && !c.emailVerified ? h("p", { class: "meta hint", text: hint }) : null,
    c.language ? h("p", { class: "meta", text: `${T.language}: ${c.language}` }) : null,
    h("h4", { text: T.identities }),
    h(
      "ul",
      { class: "identities" },
      (c.identities ?? []).map((i) =>
        h(
          "li",
          null,
          channelBadge(i.channel),
          " ",
          i.displayName ? `${i.displayName} ` : "",
          chatIdentityBadge(i) ??
            (i.verified === false
              ? h("span", { class: "badge late", "data-verified": "false", text: T.unverifiedClaim })
              : h("code", { text: i.externalId })),
          i.unproven
            ? h("span", {
                class: "badge late",
                "data-unproven": "true",
                title: T.unprovenSenderHint,
                text: T.unprovenSender,
              })
            : null,
          i.reachable === false ? h("span", { class: "badge late", text: T.unreachable }) : null,
        ),
      ),
    ),
    h("h4", { text: T.pastTickets }),
    data.tickets.length
      ? h(
          "ul",
          { class: "past" },
          data.tickets.map((pt) =>
            h(
              "li",
              { "data-id": pt.id, "data-status": pt.status },
              h(
                "a",
                {
                  href: `#t=${pt.id}`,
                  onclick: (ev) => {
                    ev.preventDefault();
                    openTicket(pt.id);
                  },
                },
                h("span", { class: "num", text: pt.number }),
                ` ${pt.subject}`,
              ),
              " ",
              badge(`st st-${pt.status}`, T.statuses[pt.status] ?? pt.status),
            ),
          ),
        )
      : h("p", { class: "meta", text: T.none }),
  ];
}

let contactTimer = 0;
export function scheduleContact(): void {
  clearTimeout(contactTimer);
  contactTimer = window.setTimeout(() => loadContact().catch(() => {}), 60);
}
