/** Staff reads around a ticket: attachments (authorised, never a public R2 URL), the customer panel, canned replies, the staff directory. */
import { Hono } from "hono";
import { NotFoundError } from "../core/errors";
import type { AppEnv } from "../env";
import { listCanned } from "../store/canned";
import { getContactPanel } from "../store/contacts";
import { getAttachment } from "../store/messages";
import { listStaffDirectory } from "../store/staff";
import { query } from "../web/validate";
import { CannedListQuery, IdParam } from "./schemas";

/** Types a browser may show inline; anything else (HTML, SVG, scripts, unknown) is a download. */
const INLINE_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "application/pdf",
  "text/plain",
  "audio/mpeg",
  "audio/ogg",
  "video/mp4",
  "video/webm",
]);

/** `Content-Disposition` with an ASCII fallback and the RFC 5987 UTF-8 name (Chinese file names survive). */
export function contentDisposition(kind: "inline" | "attachment", filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_") || "attachment";
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function safeContentType(raw: string): string {
  const type = raw.split(";")[0]?.trim().toLowerCase() ?? "";
  return /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(type) ? type : "application/octet-stream";
}

export function staffResources() {
  return (
    new Hono<AppEnv>()
      .get("/attachments/:id", async (c) => {
        const id = c.req.param("id");
        if (!IdParam.safeParse(id).success) throw new NotFoundError("Attachment");
        const meta = await getAttachment(c.env.DB, id);
        if (!meta) throw new NotFoundError("Attachment");
        const object = await c.env.ATTACHMENTS.get(meta.r2Key);
        if (!object) throw new NotFoundError("Attachment");
        const type = safeContentType(meta.contentType);
        return new Response(object.body, {
          headers: {
            "Content-Type": type,
            "Content-Length": String(object.size),
            "Content-Disposition": contentDisposition(INLINE_TYPES.has(type) ? "inline" : "attachment", meta.filename),
            "X-Content-Type-Options": "nosniff",
            // Even if a browser rendered it, nothing in it may run or load.
            "Content-Security-Policy":
              "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
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
