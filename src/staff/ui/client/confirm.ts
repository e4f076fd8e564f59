/**
 * The confirmation dialog before risky actions: a modal `<dialog>` (the rest of the page is inert),
 * focus kept inside it (Tab cycles), Esc or Cancel says no, focus goes back where it was.
 */
import { T } from "./boot";
import { h } from "./dom";
import type { Risk } from "./selection";

/** Asks; resolves true only when the agent confirms. `extra`: more controls inside the dialog (read them on true). */
export function askConfirm(opts: {
  title: string;
  body: string[];
  extra?: HTMLElement;
  danger?: boolean;
}): Promise<boolean> {
  const before = document.activeElement as HTMLElement | null;
  return new Promise((resolve) => {
    let answered = false;
    const finish = (yes: boolean) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      before?.focus?.({ preventScroll: true });
      resolve(yes);
    };
    const cancel = h("button", { type: "button", class: "secondary", id: "rd-confirm-cancel", text: T.bulk.cancel });
    const ok = h("button", {
      type: "button",
      id: "rd-confirm-ok",
      class: opts.danger ? "danger" : null,
      text: T.bulk.confirm,
    });
    cancel.addEventListener("click", () => finish(false));
    ok.addEventListener("click", () => finish(true));
    const dialog = h(
      "dialog",
      {
        id: "rd-confirm",
        class: "confirm",
        "aria-labelledby": "rd-confirm-title",
        "aria-describedby": "rd-confirm-body",
      },
      h("h2", { id: "rd-confirm-title", text: opts.title }),
      h(
        "div",
        { id: "rd-confirm-body" },
        opts.body.map((p) => h("p", { text: p })),
      ),
      opts.extra ?? null,
      h("div", { class: "actions" }, cancel, ok),
    );
    // Esc: the dialog's own cancel; kept from the inbox's shortcuts (whose Esc would close the ticket).
    dialog.addEventListener("cancel", (ev) => {
      ev.preventDefault();
      finish(false);
    });
    dialog.addEventListener("keydown", (ev) => {
      ev.stopPropagation();
      if (ev.key === "Escape") {
        ev.preventDefault();
        finish(false);
      } else if (ev.key === "Tab") trapTab(dialog, ev);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    // The safe choice has the focus: Enter alone never confirms a risky action.
    cancel.focus();
  });
}

/** Tab and Shift+Tab cycle through the dialog's controls. */
function trapTab(dialog: HTMLElement, ev: KeyboardEvent): void {
  const items = [...dialog.querySelectorAll<HTMLElement>("button, select, input, textarea, [href]")].filter(
    (el) => !el.hasAttribute("disabled"),
  );
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (ev.shiftKey && document.activeElement === first) {
    ev.preventDefault();
    last.focus();
  } else if (!ev.shiftKey && document.activeElement === last) {
    ev.preventDefault();
    first.focus();
  }
}

/** Asks before a risky single-ticket change (client/selection.ts's riskOf); true to go ahead. */
export function confirmRisk(risk: Risk, names: ReadonlyMap<string, string>): Promise<boolean> {
  const B = T.bulk;
  if (risk.kind === "resolveUnanswered") return askConfirm({ title: B.resolveTitle, body: [B.resolveBody] });
  if (risk.kind === "close") return askConfirm({ title: B.closeTitle, body: [B.closeBody], danger: true });
  const name = names.get(risk.colleagueId) || T.assigned;
  return askConfirm({ title: B.takeTitle, body: [B.takeBody.split("{name}").join(name)] });
}
