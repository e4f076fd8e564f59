/**
 * @mention autocomplete in the internal-note box: typing `@` and a few letters (or Chinese characters) lists
 * matching colleagues from the staff directory (main.ts loadStaff fills `state.names`); ↑/↓ move, Enter or Tab
 * picks, Escape closes. The server resolves the names when the note is stored (src/core/mentions.ts).
 */
import { mentionQueryAt, mentionSuggestions } from "../../../core/mentions";
import { me } from "./boot";
import { byId, fill, h } from "./dom";
import { NT } from "./notify-texts";
import { state } from "./store";

const LIST_ID = "rd-mention-list";
let options: Array<{ id: string; name: string }> = [];
let active = 0;
/** Set while a pick tells the composer (drafts, typing) about the new text: that input opens no list. */
let picking = false;
/** Escape closed the list: Enter is a new line again until the next keystroke of text. */
let dismissed = false;

function box(): HTMLTextAreaElement | null {
  return byId<HTMLTextAreaElement>("rd-note");
}

function close(): void {
  byId(LIST_ID)?.remove();
  options = [];
  const b = box();
  b?.setAttribute("aria-expanded", "false");
  b?.removeAttribute("aria-activedescendant");
}

function colleagues(): Array<{ id: string; name: string }> {
  return [...state.names.entries()]
    .filter(([id, name]) => id !== me.staffId && name)
    .map(([id, name]) => ({ id, name }));
}

function render(b: HTMLTextAreaElement): void {
  let list = byId<HTMLUListElement>(LIST_ID);
  if (!list) {
    list = h("ul", { id: LIST_ID, class: "mention-list", role: "listbox", "aria-label": NT.mentionList });
    b.insertAdjacentElement("afterend", list);
  }
  list.style.left = `${b.offsetLeft}px`;
  list.style.top = `${b.offsetTop + b.offsetHeight}px`;
  fill(
    list,
    ...options.map((o, i) =>
      h("li", {
        id: `${LIST_ID}-${i}`,
        role: "option",
        "aria-selected": String(i === active),
        text: o.name,
        // mousedown, not click: the textarea keeps its focus and caret.
        onmousedown: (ev: MouseEvent) => {
          ev.preventDefault();
          pick(b, i);
        },
      }),
    ),
  );
  b.setAttribute("aria-expanded", "true");
  b.setAttribute("aria-activedescendant", `${LIST_ID}-${active}`);
}

function update(b: HTMLTextAreaElement): void {
  const at = mentionQueryAt(b.value, b.selectionStart ?? b.value.length);
  options = at ? mentionSuggestions(at.query, colleagues()) : [];
  if (!options.length) {
    close();
    return;
  }
  active = Math.min(active, options.length - 1);
  render(b);
}

/** Replaces the `@query` before the caret by `@Name ` and puts the caret after it. */
function pick(b: HTMLTextAreaElement, i: number): void {
  const o = options[i];
  const caret = b.selectionStart ?? b.value.length;
  const at = mentionQueryAt(b.value, caret);
  if (!o || !at) {
    close();
    return;
  }
  const insert = `@${o.name} `;
  b.value = b.value.slice(0, at.start) + insert + b.value.slice(caret);
  const pos = at.start + insert.length;
  b.setSelectionRange(pos, pos);
  close();
  picking = true;
  b.dispatchEvent(new Event("input", { bubbles: true }));
  picking = false;
}

/** Listens on the document, so every composer the ticket view builds gets it. */
export function initMentionComplete(): void {
  document.addEventListener("input", (ev) => {
    const b = ev.target as HTMLElement | null;
    if (b?.id !== "rd-note" || picking) return;
    dismissed = false;
    b.setAttribute("aria-autocomplete", "list");
    b.setAttribute("aria-controls", LIST_ID);
    active = 0;
    update(b as HTMLTextAreaElement);
  });
  document.addEventListener(
    "keydown",
    (ev) => {
      const b = ev.target as HTMLElement | null;
      if (b?.id !== "rd-note") return;
      const t = b as HTMLTextAreaElement;
      // The list may have been closed under the key (the ticket view redrew): ask again for the text at the caret.
      if (!options.length && !dismissed && (ev.key === "Enter" || ev.key === "Tab") && !ev.ctrlKey && !ev.metaKey) {
        update(t);
      }
      if (!options.length) return;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        active = (active + (ev.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
        render(t);
      } else if ((ev.key === "Enter" && !ev.ctrlKey && !ev.metaKey) || ev.key === "Tab") {
        pick(t, active);
      } else if (ev.key === "Escape") {
        dismissed = true;
        close();
      } else return;
      ev.preventDefault();
      ev.stopPropagation();
    },
    true,
  );
  document.addEventListener("focusout", (ev) => {
    // Closed when the focus really left the note box (a click on an option keeps it there).
    if ((ev.target as HTMLElement | null)?.id !== "rd-note") return;
    setTimeout(() => document.activeElement?.id !== "rd-note" && close(), 150);
  });
}
