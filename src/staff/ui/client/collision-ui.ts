/**
 * The composer's collision warning: "Li is typing a reply…" while another agent types on the ticket I
 * have open, "Li replied 20 s ago" when another agent's reply arrived after my draft began; and on
 * Send while either holds, a question first (src/staff/ui/client/collision.ts decides).
 */
import { me, T } from "./boot";
import { type Collision, collisionOf, namesPhrase, typingOn } from "./collision";
import { byId, h } from "./dom";
import { state } from "./store";

/** When my reply draft began on each ticket (ms); cleared when sent or emptied. */
const draftStarted = new Map<string, number>();

/** Notes the reply box's text: the first keystroke starts the draft, an empty box ends it. */
export function noteDraft(ticketId: string, text: string): void {
  if (!text.trim()) draftStarted.delete(ticketId);
  else if (!draftStarted.has(ticketId)) draftStarted.set(ticketId, Date.now());
}

/** The reply was sent: the next one starts a new draft. */
export function endDraft(ticketId: string): void {
  draftStarted.delete(ticketId);
}

function current(): Collision {
  const id = state.selectedId;
  if (!id || state.detail?.ticket.id !== id) return null;
  return collisionOf({
    typing: typingOn(state.presence, id, me.staffId),
    messages: state.detail.messages,
    draftStartedAt: draftStarted.get(id) ?? null,
    meId: me.staffId,
    now: Date.now(),
    nameOf: (staffId) => state.names.get(staffId) ?? T.staff,
  });
}

function text(c: Collision, question: boolean): string {
  if (!c) return "";
  const a = T.assign;
  if (c.kind === "typing") {
    const names = namesPhrase(c.names, a.and, a.comma);
    const template = question ? a.confirmTyping : c.names.length > 1 ? a.typingMany : a.typingOne;
    return template.replace("{names}", names);
  }
  return (question ? a.confirmReplied : a.replied).replace("{name}", c.name).replace("{seconds}", String(c.secondsAgo));
}

/** The warning element of the reply form (a polite live region: screen readers hear it without losing focus). */
export function collisionLine(): HTMLParagraphElement {
  return h("p", { id: "rd-collision", class: "collision", role: "status", "aria-live": "polite" });
}

/** Redraws the warning for the open ticket (on presence changes and each redraw of the ticket). */
export function renderCollision(): void {
  const line = byId("rd-collision");
  if (!line) return;
  const next = text(current(), false);
  if (line.textContent !== next) line.textContent = next;
}

/**
 * Resolves true when the reply may go: at once when nobody else is typing or has replied since my draft
 * began, else when I answer "Send anyway" (false on Cancel).
 */
export function confirmSend(): Promise<boolean> {
  const c = current();
  const line = byId("rd-collision");
  if (!c || !line) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      box.remove();
      renderCollision();
      if (!ok) byId("rd-reply")?.focus();
      resolve(ok);
    };
    const yes = h("button", {
      type: "button",
      id: "rd-send-anyway",
      text: T.assign.sendAnyway,
      onclick: () => done(true),
    });
    const no = h("button", {
      type: "button",
      id: "rd-send-cancel",
      class: "secondary",
      text: T.assign.cancel,
      onclick: () => done(false),
    });
    const question = text(c, true);
    const box = h(
      "div",
      { id: "rd-collision-confirm", class: "collision", role: "alertdialog", "aria-label": question },
      h("span", { text: question }),
      h("div", { class: "row" }, yes, no),
    );
    line.parentNode?.insertBefore(box, line.nextSibling);
    yes.focus();
  });
}
