/** The ticket's composer: the reply and internal-note boxes, canned replies, drafts per ticket, and "typing" presence. */
import { ApiError, api, ok, WRITE } from "./api";
import { T } from "./boot";
import { chatTyping, onReplyInput } from "./chat-live";
import { collisionLine, confirmSend, endDraft, noteDraft, renderCollision } from "./collision-ui";
import { attachBar, clearFiles, readyIds, uploading } from "./compose-files";
import { byId, fail, fill, h, toast } from "./dom";
import { sendPresence } from "./feed";
import { fillTemplate } from "./format";
import { scheduleRefresh } from "./list";
import { replyTargetFields, replyTargetOf } from "./reply-target";
import { state } from "./store";
import { loadDetail } from "./ticket";

type Kind = "reply" | "note";

/** The composer's tabs and both forms, with the open ticket's draft in them. */
export function buildComposer(): HTMLDivElement {
  const replyBox = h("textarea", { id: "rd-reply", rows: "4", placeholder: T.replyPlaceholder, "aria-label": T.reply });
  const noteBox = h("textarea", { id: "rd-note", rows: "4", placeholder: T.notePlaceholder, "aria-label": T.note });
  const canned: HTMLSelectElement = h("select", {
    id: "rd-canned",
    "aria-label": T.canned,
    onchange: (): void => onCanned(canned),
  });
  const replyForm = h(
    "form",
    { id: "rd-reply-form", class: "composer", onsubmit: (ev) => send(ev, "reply", replyBox) },
    h("p", { id: "rd-closed-note", class: "closed-note", role: "note", hidden: true, text: T.closedNoReply }),
    collisionLine(),
    replyBox,
    h(
      "div",
      { class: "composer-bar" },
      canned,
      h("span", { id: "rd-via", class: "meta" }),
      h("button", { type: "submit", id: "rd-send", text: T.send }),
    ),
  );
  const noteForm = h(
    "form",
    { id: "rd-note-form", class: "composer note", hidden: true, onsubmit: (ev) => send(ev, "note", noteBox) },
    noteBox,
    h(
      "div",
      { class: "composer-bar" },
      h("span", { class: "meta", text: T.noteHint }),
      h("button", { type: "submit", id: "rd-add-note", text: T.addNote }),
    ),
  );
  replyForm.insertBefore(attachBar("reply", replyForm, replyBox), replyBox.nextSibling);
  noteForm.insertBefore(attachBar("note", noteForm, noteBox), noteBox.nextSibling);
  for (const [box, kind] of [
    [replyBox, "reply"],
    [noteBox, "note"],
  ] as const) {
    box.addEventListener("input", () => onTyping(kind, box.value));
    // Leaving the box ends "typing" for the others at once (not 4 s later).
    box.addEventListener("blur", () => stopTyping());
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        box.form?.requestSubmit();
      }
    });
  }
  const draft = state.selectedId ? state.drafts.get(state.selectedId) : undefined;
  if (draft) {
    replyBox.value = draft.reply ?? "";
    noteBox.value = draft.note ?? "";
  }
  const tab = (kind: Kind, id: string, text: string) =>
    h("button", {
      type: "button",
      role: "tab",
      id,
      "aria-selected": String(kind === "reply"),
      text,
      onclick: () => showComposer(kind, true),
    });
  const tabs = h(
    "div",
    { class: "tabs", role: "tablist" },
    tab("reply", "rd-tab-reply", T.reply),
    tab("note", "rd-tab-note", T.note),
  );
  return h("div", { class: "compose" }, tabs, replyForm, noteForm);
}

export function showComposer(which: Kind, focus: boolean): void {
  state.composer = which;
  const reply = which === "reply";
  const [replyForm, noteForm] = [byId("rd-reply-form"), byId("rd-note-form")];
  if (!replyForm || !noteForm) return;
  replyForm.hidden = !reply;
  noteForm.hidden = reply;
  byId("rd-tab-reply")?.setAttribute("aria-selected", String(reply));
  byId("rd-tab-note")?.setAttribute("aria-selected", String(!reply));
  if (focus) byId(reply ? "rd-reply" : "rd-note")?.focus();
}

async function send(ev: SubmitEvent, kind: Kind, box: HTMLTextAreaElement): Promise<void> {
  ev.preventDefault();
  const body = box.value.trim();
  const id = state.selectedId;
  const files = readyIds(kind);
  if ((!body && !files.length) || !id) return;
  if (uploading(kind)) {
    toast(T.attach.waitForUploads, true);
    return;
  }
  // Another agent typing on this ticket, or replied since this draft began: ask before sending.
  if (kind === "reply" && !(await confirmSend())) return;
  if (state.selectedId !== id) return;
  const attached = files.length ? { attachmentIds: files } : {};
  const button = box.form?.querySelector<HTMLButtonElement>("button[type=submit]");
  if (button) button.disabled = true;
  try {
    if (kind === "reply") {
      const target = replyTargetFields(state.detail, { replyTo: state.replyTo, pinned: state.replyPinned });
      await ok(api.tickets[":id"].replies.$post({ param: { id }, json: { body, ...target, ...attached } }, WRITE));
    } else {
      await ok(api.tickets[":id"].notes.$post({ param: { id }, json: { body, ...attached } }, WRITE));
    }
    box.value = "";
    clearFiles(kind);
    state.drafts.delete(id);
    if (kind === "reply") endDraft(id);
    // The typing stop goes to the conversation just answered; then the next draft picks its own target.
    stopTyping();
    if (kind === "reply") {
      state.replyTo = null;
      state.replyPinned = null;
    }
    await loadDetail();
    scheduleRefresh();
  } catch (err) {
    if (err instanceof ApiError && err.status === 409 && err.code === "ticket_closed") {
      // Closed by someone else since this view was drawn: say so, keep the text, and show the ticket as it is now.
      toast(T.closedMeanwhile, true);
      await loadDetail().catch(() => {});
    } else fail(err);
  } finally {
    if (button) button.disabled = false;
    renderComposerState();
  }
}

/** A closed ticket takes no replies (the API answers 409): the reply box says why instead of failing on send. */
export function renderComposerState(): void {
  const t = state.detail?.ticket;
  const box = byId<HTMLTextAreaElement>("rd-reply");
  if (!box || !t) return;
  const closed = t.status === "closed";
  box.disabled = closed;
  for (const id of ["rd-send", "rd-canned", "rd-reply-attach"]) {
    const el = byId<HTMLButtonElement | HTMLSelectElement>(id);
    if (el) el.disabled = closed;
  }
  const note = byId("rd-closed-note");
  if (note) note.hidden = !closed;
  byId("rd-reply-form")?.classList.toggle("closed", closed);
  renderCollision();
}

// ---------- canned replies ----------

export async function loadCanned(): Promise<void> {
  try {
    state.canned = (await ok(api.canned.$get({ query: {} }))).canned ?? [];
  } catch {
    state.canned = [];
  }
  fillCanned();
}

/** The canned-reply menu, the ticket's language first. */
export function fillCanned(): void {
  const sel = byId<HTMLSelectElement>("rd-canned");
  if (!sel) return;
  const list = state.canned ?? [];
  const lang = state.detail?.ticket.language;
  const sorted = [...list].sort((a, b) => Number(b.language === lang) - Number(a.language === lang));
  fill(
    sel,
    h("option", { value: "", text: T.canned }),
    ...sorted.map((c) => h("option", { value: c.id, text: c.language ? `${c.title} (${c.language})` : c.title })),
  );
  sel.hidden = list.length === 0;
}

function onCanned(sel: HTMLSelectElement): void {
  const c = (state.canned ?? []).find((x) => x.id === sel.value);
  sel.value = "";
  const box = byId<HTMLTextAreaElement>("rd-reply");
  if (!c || !state.detail || !box) return;
  const t = state.detail.ticket;
  const text = fillTemplate(c.body, { customer_name: t.contact?.name || T.customer, ticket_number: t.number });
  box.value = box.value.trim() ? `${box.value.replace(/\s+$/, "")}\n\n${text}` : text;
  showComposer("reply", true);
  box.dispatchEvent(new Event("input"));
}

// ---------- typing ----------

let typingTimer = 0;
/** Keeps the draft, and tells the others "typing" at most every 3 s, then "viewing" after 4 s without keys. */
function onTyping(kind: Kind, value: string): void {
  const id = state.selectedId;
  if (!id) return;
  const draft = state.drafts.get(id) ?? {};
  draft[kind] = value;
  state.drafts.set(id, draft);
  if (kind === "reply") {
    // The draft answers the conversation shown when it began (reply-target.ts); an emptied box lets go of it.
    if (!value.trim()) state.replyPinned = null;
    else if (!state.replyPinned) {
      state.replyPinned = replyTargetOf(state.detail, { replyTo: state.replyTo, pinned: null })?.ticketId ?? null;
    }
    noteDraft(id, value);
    onReplyInput(id, value);
  }
  if (Date.now() - state.typingSince > 3000) {
    state.typingSince = Date.now();
    sendPresence(id, "typing");
  }
  clearTimeout(typingTimer);
  typingTimer = window.setTimeout(stopTyping, 4000);
}

/** Ends this tab's "typing" (sent, left the box, or 4 s without keys): the others see "viewing" again. */
function stopTyping(): void {
  clearTimeout(typingTimer);
  chatTyping.stop();
  if (!state.typingSince) return;
  state.typingSince = 0;
  if (state.selectedId) sendPresence(state.selectedId, "viewing");
}
