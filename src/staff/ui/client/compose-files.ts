/**
 * Files in the composer: an Attach button, files dropped on the form or images pasted into the box.
 * Each is uploaded at once (`POST /tickets/:id/uploads`, checked there like a customer's upload) and
 * shown as a removable chip; sending passes the ready ones' ids with the reply or note.
 */
import { ok, WRITE } from "./api";
import { boot, T } from "./boot";
import { fail, h, toast } from "./dom";
import { formatSize } from "./format";
import { state } from "./store";

type Kind = "reply" | "note";

interface Pending {
  key: number;
  name: string;
  size: number;
  /** Set once the server has it. */
  id?: string;
}

let nextKey = 1;
/** Per ticket and composer: the files picked so far (they survive redraws of the same ticket). */
const pending = new Map<string, Pending[]>();
const slot = (ticketId: string, kind: Kind) => `${ticketId}:${kind}`;

function listOf(kind: Kind): Pending[] {
  const id = state.selectedId ?? "";
  const key = slot(id, kind);
  const list = pending.get(key) ?? [];
  pending.set(key, list);
  return list;
}

/** The ids of the uploaded files to send with `kind`. */
export function readyIds(kind: Kind): string[] {
  return listOf(kind).flatMap((p) => (p.id ? [p.id] : []));
}

/** Whether a file of `kind` is still on its way up (sending waits for it). */
export function uploading(kind: Kind): boolean {
  return listOf(kind).some((p) => !p.id);
}

/** After a send: the files went with the message. */
export function clearFiles(kind: Kind): void {
  listOf(kind).length = 0;
  render(kind);
}

/** The Attach button, the hidden picker, the chips; drop and paste wired onto the form and its box. */
export function attachBar(kind: Kind, form: HTMLFormElement, box: HTMLTextAreaElement): HTMLDivElement {
  const limits = boot.attachLimits;
  const input = h("input", {
    type: "file",
    multiple: true,
    accept: limits.accept,
    hidden: true,
    id: `rd-${kind}-file`,
    onchange: () => {
      add(kind, [...(input.files ?? [])]);
      input.value = "";
    },
  });
  const hint = T.attach.limits
    .replace("{count}", String(limits.maxCount))
    .replace("{size}", formatSize(limits.maxBytes));
  const button = h("button", {
    type: "button",
    class: "secondary small attach",
    id: `rd-${kind}-attach`,
    text: T.attach.attach,
    title: hint,
    onclick: () => input.click(),
  });
  form.addEventListener("dragover", (ev) => {
    if (!ev.dataTransfer?.types.includes("Files")) return;
    ev.preventDefault();
    form.classList.add("dropping");
  });
  form.addEventListener("dragleave", () => form.classList.remove("dropping"));
  form.addEventListener("drop", (ev) => {
    form.classList.remove("dropping");
    const files = [...(ev.dataTransfer?.files ?? [])];
    if (!files.length) return;
    ev.preventDefault();
    add(kind, files);
  });
  box.addEventListener("paste", (ev) => {
    const files = [...(ev.clipboardData?.files ?? [])];
    if (!files.length) return;
    ev.preventDefault();
    add(kind, files);
  });
  const chips = h("ul", { class: "upload-chips", id: `rd-${kind}-files`, "aria-live": "polite" });
  const bar = h("div", { class: "attach-bar", "data-drop": T.attach.dropHere }, button, input, chips);
  queueMicrotask(() => render(kind));
  return bar;
}

function render(kind: Kind): void {
  const ul = document.getElementById(`rd-${kind}-files`);
  if (!ul) return;
  ul.replaceChildren(
    ...listOf(kind).map((p) =>
      h(
        "li",
        { class: `upload-chip${p.id ? "" : " busy"}`, "data-upload": p.id ?? "" },
        h("span", { class: "file-name", text: p.id ? p.name : T.attach.uploading.replace("{name}", p.name) }),
        h("span", { class: "meta", text: formatSize(p.size) }),
        h("button", {
          type: "button",
          class: "chip-remove",
          text: "×",
          "aria-label": T.attach.remove.replace("{name}", p.name),
          disabled: !p.id,
          onclick: () => remove(kind, p),
        }),
      ),
    ),
  );
}

function add(kind: Kind, files: File[]): void {
  const ticketId = state.selectedId;
  if (!ticketId) return;
  const list = listOf(kind);
  const { maxCount, maxBytes } = boot.attachLimits;
  for (const file of files) {
    // The server checks again; this only spares an upload that would be refused.
    if (list.length >= maxCount || file.size > maxBytes) {
      toast(T.attach.limits.replace("{count}", String(maxCount)).replace("{size}", formatSize(maxBytes)), true);
      continue;
    }
    const p: Pending = { key: nextKey++, name: file.name || "image.png", size: file.size };
    list.push(p);
    void upload(ticketId, kind, p, file);
  }
  render(kind);
}

async function upload(ticketId: string, kind: Kind, p: Pending, file: File): Promise<void> {
  const form = new FormData();
  form.append("file", file, p.name);
  try {
    const res = await ok(
      fetch(`/api/staff/tickets/${encodeURIComponent(ticketId)}/uploads`, {
        method: "POST",
        headers: WRITE.headers,
        credentials: "same-origin",
        body: form,
      }),
    );
    const [uploaded] = (res as { uploads: Array<{ id: string; filename: string }> }).uploads;
    if (!uploaded) throw new Error(T.attach.limits);
    p.id = uploaded.id;
    p.name = uploaded.filename;
  } catch (err) {
    fail(err);
    const list = pending.get(slot(ticketId, kind));
    list?.splice(list.indexOf(p), 1);
  }
  if (state.selectedId === ticketId) render(kind);
}

async function remove(kind: Kind, p: Pending): Promise<void> {
  const ticketId = state.selectedId;
  const list = listOf(kind);
  list.splice(list.indexOf(p), 1);
  render(kind);
  if (!ticketId || !p.id) return;
  // Best effort: an unsent upload left behind is never sent (it is only ever attached by id).
  await fetch(`/api/staff/tickets/${encodeURIComponent(ticketId)}/uploads/${encodeURIComponent(p.id)}`, {
    method: "DELETE",
    headers: WRITE.headers,
    credentials: "same-origin",
  }).catch(() => {});
}
