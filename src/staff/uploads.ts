/**
 * Files staff attach to a reply or note: `POST /tickets/:id/uploads` (multipart, field `file`, one or
 * more) checks them with the customers' own rules (src/core/uploads.ts: count, size, type, magic
 * bytes), redacts them as a customer's files are (src/core/redact-files.ts), stores them in R2 and answers their ids for `attachmentIds`; `DELETE` removes an unsent one.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { AppError, NotFoundError } from "../core/errors";
import { newId } from "../core/ids";
import { redactFiles } from "../core/redact-files";
import { acceptAttachments } from "../core/uploads";
import type { AppEnv } from "../env";
import { webhookBodyLimit } from "../http";
import { deleteUnsentUpload, insertStaffUploads } from "../store/staff-uploads";
import { getTicket } from "../store/tickets";
import { params } from "../web/validate";
import { IdParam } from "./schemas";

/** Room for the multipart framing around the files. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** Every other staff API body is JSON: 1 MiB is far above the largest (a whole triage rule set, ~30 KB). */
export const STAFF_BODY_MAX_BYTES = 1024 * 1024;

const UPLOADS_PATH = /^\/api\/staff\/tickets\/[^/]+\/uploads$/;

/**
 * The staff API's body cap (413 `payload_too_large` before anything reads more): 1 MiB on every route
 * but the uploads route, whose cap is the attachments' (set there).
 */
const jsonBodyLimit = webhookBodyLimit(STAFF_BODY_MAX_BYTES);
export const staffBodyLimit: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.method === "POST" && UPLOADS_PATH.test(c.req.path) ? next() : jsonBodyLimit(c, next);

export function staffUploads() {
  return new Hono<AppEnv>()
    .post(
      "/tickets/:id/uploads",
      params({ id: IdParam }, "Ticket"),
      (c, next) => {
        const { attachmentMaxBytes, attachmentMaxCount } = c.get("config");
        const max = attachmentMaxBytes * attachmentMaxCount + FORM_OVERHEAD_BYTES;
        return webhookBodyLimit(max, "The files are larger than attachments may be")(c, next);
      },
      async (c) => {
        const ticketId = c.req.valid("param").id;
        const config = c.get("config");
        if (!(c.req.header("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
          throw new AppError(415, "unsupported_media_type", "Send the files as multipart/form-data, field `file`");
        }
        const form = await c.req.formData().catch(() => {
          throw new AppError(400, "invalid_form", "The multipart body could not be read");
        });
        const files = form.getAll("file").filter((v): v is File => typeof v !== "string");
        if (!files.length) throw new AppError(400, "no_file", "Attach at least one file in the field `file`");
        // Every file is checked before any is stored (413 too many / too large, 415 wrong type or content).
        // Redacted like a customer's files (names, and a text file holding a secret replaced by a notice), as a
        // staff note or reply is: a file quoting what a customer read out stores nothing of the secret.
        const accepted = redactFiles(
          await acceptAttachments(files, {
            maxCount: config.attachmentMaxCount,
            maxBytes: config.attachmentMaxBytes,
          }),
        ).files;
        if (!(await getTicket(c.env.DB, ticketId))) throw new NotFoundError("Ticket");
        const staffId = c.get("staff").staffId;
        const uploads = accepted.map((a) => {
          const id = newId("att");
          return {
            id,
            r2Key: `attachments/staff/${ticketId}/${id}`,
            filename: a.filename,
            contentType: a.contentType,
            size: a.data.byteLength,
            data: a.data,
          };
        });
        await Promise.all(
          uploads.map((u) => c.env.ATTACHMENTS.put(u.r2Key, u.data, { httpMetadata: { contentType: u.contentType } })),
        );
        try {
          await insertStaffUploads(c.env.DB, {
            uploads,
            ticketId,
            staffId,
            auditId: newId("aud"),
            now: new Date().toISOString(),
          });
        } catch (err) {
          // No row, no object: what was put is taken away again.
          await c.env.ATTACHMENTS.delete(uploads.map((u) => u.r2Key)).catch(() => {});
          throw err;
        }
        return c.json(
          {
            uploads: uploads.map((u) => ({
              id: u.id,
              filename: u.filename,
              contentType: u.contentType,
              size: u.size,
            })),
          },
          201,
        );
      },
    )
    .delete("/tickets/:id/uploads/:uploadId", params({ id: IdParam, uploadId: IdParam }, "Upload"), async (c) => {
      const { id, uploadId } = c.req.valid("param");
      const r2Key = await deleteUnsentUpload(c.env.DB, { id: uploadId, ticketId: id, staffId: c.get("staff").staffId });
      if (!r2Key) throw new NotFoundError("Upload");
      await c.env.ATTACHMENTS.delete(r2Key);
      return c.body(null, 204);
    });
}
