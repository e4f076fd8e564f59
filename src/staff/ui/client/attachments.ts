/**
 * Attachments in the thread: an image as a lazy thumbnail from our own origin (a click opens it full
 * size in a new tab), a PDF's first page in the browser's own viewer, anything else a file chip with
 * name, size and a download link. The server decides what may render from the file's bytes
 * (src/core/uploads.ts, servingOf): `?preview=` asks it to refuse rather than download when a file
 * is not the kind its type claims, and the thumbnail then falls back to the chip.
 */
import { T } from "./boot";
import { h } from "./dom";
import { formatSize } from "./format";

interface Att {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** The staff route that streams an attachment (authorised; never a public R2 URL). */
export function attachmentUrl(id: string): string {
  return `/api/staff/attachments/${encodeURIComponent(id)}`;
}

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

/** A message's attachments, each previewed when it can be. */
export function attachmentList(atts: readonly Att[]): HTMLUListElement {
  return h("ul", { class: "atts" }, atts.map(attachmentItem));
}

function kindOf(a: Att): "image" | "pdf" | "file" {
  const type = (a.contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (IMAGE_TYPES.has(type)) return "image";
  return type === "application/pdf" ? "pdf" : "file";
}

/**
 * The items drawn so far, by attachment id: the thread is redrawn whenever its ticket changes, and
 * a loaded thumbnail moved into the new list is not fetched again (attachments never change).
 */
const drawn = new Map<string, HTMLLIElement>();
const DRAWN_MAX = 300;

function attachmentItem(a: Att): HTMLLIElement {
  const known = drawn.get(a.id);
  if (known) return known;
  if (drawn.size >= DRAWN_MAX) drawn.clear();
  const li = newItem(a);
  drawn.set(a.id, li);
  return li;
}

function newItem(a: Att): HTMLLIElement {
  const kind = kindOf(a);
  if (kind === "image") return imageItem(a);
  if (kind === "pdf") return pdfItem(a);
  return h("li", { class: "att att-file" }, fileChip(a));
}

/** Name, size and a download link. */
export function fileChip(a: Att): HTMLAnchorElement {
  return h(
    "a",
    { class: "file-chip", href: attachmentUrl(a.id), download: a.filename, title: T.attach.download },
    h("span", { class: "file-name", text: a.filename }),
    h("span", { class: "meta", text: formatSize(a.size) }),
  );
}

function imageItem(a: Att): HTMLLIElement {
  const img = h("img", {
    class: "thumb",
    src: `${attachmentUrl(a.id)}?preview=image`,
    alt: a.filename,
    loading: "lazy",
    decoding: "async",
  });
  const li = h(
    "li",
    { class: "att att-image" },
    h(
      "a",
      {
        class: "thumb-link",
        href: attachmentUrl(a.id),
        target: "_blank",
        rel: "noopener",
        "aria-label": fill(T.attach.openFull, { name: a.filename }),
      },
      img,
    ),
    fileChip(a),
  );
  // Not an image after all (the server refused to preview it): the plain chip instead.
  img.addEventListener("error", () => li.replaceChildren(fileChip(a)), { once: true });
  return li;
}

function pdfItem(a: Att): HTMLLIElement {
  // The browser's own PDF viewer, first page only, without its toolbar; loaded when scrolled into view.
  const frame = h("iframe", {
    class: "pdf-thumb",
    src: `${attachmentUrl(a.id)}?preview=pdf#page=1&toolbar=0&navpanes=0&scrollbar=0&view=FitH`,
    title: fill(T.attach.pdfPreview, { name: a.filename }),
    loading: "lazy",
    referrerpolicy: "no-referrer",
  });
  return h("li", { class: "att att-pdf" }, frame, fileChip(a));
}
