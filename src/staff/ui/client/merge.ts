/** Merging the open ticket into another one, found by number or id; two customers' tickets only by an admin who confirms. */
import { ApiError, api, ok, WRITE } from "./api";
import { me, T, tr } from "./boot";
import { byId, fail, fill, h, toast } from "./dom";
import { scheduleRefresh } from "./list";
import { state } from "./store";
import { openTicket } from "./ticket";

interface MergeTarget {
  id: string;
  number: string;
  subject: string;
}

export function toggleMerge(): void {
  const box = byId("rd-merge");
  if (!box) return;
  if (!box.hidden) {
    box.hidden = true;
    return;
  }
  const input = h("input", {
    id: "rd-merge-into",
    type: "text",
    placeholder: "RD-1234",
    "aria-label": T.mergeInto,
    autocomplete: "off",
  });
  const confirmArea = h("div", { class: "merge-confirm" });
  const onsubmit = async (ev: SubmitEvent) => {
    ev.preventDefault();
    try {
      const target = await findTicket(input.value.trim());
      if (!target) return toast(T.mergeNotFound, true);
      if (target.id === state.selectedId) return toast(T.mergeSame, true);
      fill(
        confirmArea,
        h("span", {
          text: tr("mergeConfirm", {
            from: state.detail?.ticket.number ?? "",
            into: `${target.number} ${target.subject}`,
          }),
        }),
        " ",
        h("button", {
          type: "button",
          id: "rd-merge-confirm",
          text: T.merge,
          onclick: () => merge(target, confirmArea),
        }),
      );
    } catch (err) {
      fail(err);
    }
  };
  fill(
    box,
    h(
      "form",
      { onsubmit },
      h("label", { for: "rd-merge-into", text: T.mergeInto }),
      input,
      h("button", { type: "submit", class: "secondary", text: T.find }),
    ),
    confirmArea,
  );
  box.hidden = false;
  input.focus();
}

/** A ticket by id (`tkt_…`) or number (`RD-1042`, `#1042`, `1042`); null when there is none. */
async function findTicket(text: string): Promise<MergeTarget | null> {
  if (!text) return null;
  if (/^[a-z]{2,4}_[a-z0-9]+$/.test(text)) return (await ok(api.tickets[":id"].$get({ param: { id: text } }))).ticket;
  const number = text.toUpperCase().startsWith("RD-") ? text.toUpperCase() : `RD-${text.replace(/^#/, "")}`;
  const { tickets } = await ok(api.tickets.$get({ query: { q: number } }));
  return tickets.find((t) => t.number === number) ?? null;
}

/**
 * Merges the open ticket into `target`. Two different customers' tickets are refused (409
 * different_customers), and so are tickets nothing proves are one person's (unproven_sender: 403 for an
 * agent, 409 for an admin): an agent sees why; an admin is asked again and may confirm explicitly.
 */
async function merge(target: MergeTarget, confirmArea: HTMLElement, confirmed?: boolean): Promise<void> {
  const from = state.selectedId;
  const fromNumber = state.detail?.ticket.number ?? "";
  if (!from) return;
  try {
    const json = confirmed ? { intoId: target.id, confirmDifferentCustomers: true } : { intoId: target.id };
    await ok(api.tickets[":id"].merge.$post({ param: { id: from }, json }, WRITE));
    toast(tr("mergedInto", { number: target.number }));
    await openTicket(target.id);
    scheduleRefresh();
  } catch (err) {
    const code = err instanceof ApiError ? err.code : null;
    if ((code !== "different_customers" && code !== "unproven_sender") || confirmed) return fail(err);
    const unproven = code === "unproven_sender";
    if (me.role !== "admin") {
      const text = unproven ? T.mergeUnprovenAgent : T.mergeDifferentAgent;
      fill(confirmArea, h("p", { id: "rd-merge-refused", class: "err", role: "alert", text }));
      return toast(text, true);
    }
    const into = `${target.number} ${target.subject}`;
    fill(
      confirmArea,
      h("p", {
        id: "rd-merge-different",
        role: "alert",
        text: tr(unproven ? "mergeUnprovenAdmin" : "mergeDifferentAdmin", { from: fromNumber, into }),
      }),
      h("button", {
        type: "button",
        id: "rd-merge-confirm-different",
        class: "danger",
        text: unproven ? T.mergeUnprovenAnyway : T.mergeAnyway,
        onclick: () => merge(target, confirmArea, true),
      }),
    );
    byId("rd-merge-confirm-different")?.focus();
  }
}
