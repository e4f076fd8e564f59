/** Staff reads around a ticket: attachments (authorised, never a public R2 URL), the customer panel, canned replies, the staff directory. */
import { Hono } from "hono";
import { AppError, NotFoundError } from "../core/errors";
import { servingOf } from "../core/uploads";
import type { AppEnv } from "../env";
import { getArchivedAttachment } from "../store/archive-restore";
import { listCanned } from "../store/canned";
import { getContactPanel } from "../store/contacts";
import { getAttachment } from "../store/messages";
import { listStaffDirectory } from "../store/staff";
import { query } from "../web/validate";
import { CannedListQuery, IdParam } from "./schemas";

/** `Content-Disposition` with an ASCII fallback and the RFC 5987 UTF-8 name (Chinese file names survive). */
export function contentDisposition(kind: "inline" | "attachment", filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_") || "attachment";
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Whether a served file is the preview asked for: `image` (a thumbnail) or `pdf` (the first page). */
function isPreviewOf(preview: string, serving: ReturnType<typeof servingOf>): boolean {
  if (!serving.inline) return false;
  return preview === "pdf"
    ? serving.contentType === "application/pdf"
    : preview === "image" && serving.contentType.startsWith("image/");
}

/**
 * Even if a browser rendered a file, nothing in it may run or load, and only the inbox may frame it.
 * A PDF is the exception to `sandbox`: Chromium's viewer refuses to open in a sandboxed document,
 * and its scripts run inside the viewer, never in our origin.
 */
function policyOf(contentType: string): string {
  const base = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
  return contentType === "application/pdf" ? base : `${base}; sandbox`;
}

export function staffResources() {
  return (
    new Hono<AppEnv>()
      .get("/attachments/:id", async (c) => {
        const id = c.req.param("id");
        if (!IdParam.safeParse(id).success) throw new NotFoundError("Attachment");
        // An archived ticket's attachments keep their ids (src/store/archive.ts).
        const meta = (await getAttachment(c.env.DB, id)) ?? (await getArchivedAttachment(c.env.DB, id));
        if (!meta) throw new NotFoundError("Attachment");
        const object = await c.env.ATTACHMENTS.get(meta.r2Key);
        if (!object) throw new NotFoundError("Attachment");
        // What a browser may render is decided by the bytes, never by the customer's name or type:
        // a PNG, JPEG, GIF, WebP or PDF without markup inline as what it is; anything else a download.
        const bytes = new Uint8Array(await object.arrayBuffer());
        const serving = servingOf(bytes);
        // A preview (the thread's thumbnail or PDF frame) of something else is refused, never a surprise download.
        const preview = c.req.query("preview");
        if (preview !== undefined && !isPreviewOf(preview, serving)) {
          throw new AppError(415, "not_previewable", "This file cannot be previewed; download it instead");
        }
        return new Response(bytes, {
          headers: {
            "Content-Type": serving.contentType,
            "Content-Length": String(bytes.byteLength),
            "Content-Disposition": contentDisposition(serving.inline ? "inline" : "attachment", meta.filename),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": policyOf(serving.contentType),
            "Cache-Control": "private, max-age=300",
            "Cross-Origin-Resource-Policy": "same-origin",
          },
        });
      })
      .get("/contacts/:id", async (c) => {
        const id = c.req.param("id");
        if (!IdParam.safeParse(id).success) throw new NotFoundError("Contact");
        const panel = await getContactPanel(c.env.DB, { contactId: id, viewerId: c.get("staff").staffId });
        if (!panel) throw new NotFoundError("Contact");
        return c.json(panel);
      })
      /** Who can be assigned: every active staff member's id, name and role (any role may read it). */
      .get("/directory", async (c) => c.json({ staff: await listStaffDirectory(c.env.DB) }))
      .get("/canned", query(CannedListQuery), async (c) => {
        const q = c.req.valid("query");
        return c.json({ canned: await listCanned(c.env.DB, q.language) });
      })
  );
}
