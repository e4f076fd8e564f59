/**
 * GET /api/staff/email/messages/:id/original: the full email as it arrived, for staff (quotes, all
 * parts, headers); `?view=decoded` gives it decoded as JSON. An original that held a secret was
 * never kept: 410 `original_withheld`.
 */
import { Hono } from "hono";
import { parseRawEmail } from "../../channels/email";
import { NotFoundError } from "../core/errors";
import type { AppEnv } from "../env";
import { errorResponse } from "../http";
import { findOriginalOfMessage } from "../store/inbound-emails";
import { requireStaff } from "./auth";

/** The original-email download, to mount at "/". Served as an attachment so a browser never renders its HTML. */
export function emailOriginalRoutes() {
  return new Hono<AppEnv>().get("/api/staff/email/messages/:id/original", requireStaff, async (c) => {
    const id = c.req.param("id");
    if (!/^msg_[a-z0-9]{8,64}$/.test(id)) throw new NotFoundError("Original email");
    const found = await findOriginalOfMessage(c.env.DB, id);
    if (found?.originalWithheld) {
      // Never kept: a part of it held a secret (the message itself is stored redacted).
      return errorResponse(410, "original_withheld", `The original email was not kept: ${found.originalWithheld}`);
    }
    if (!found?.rawR2Key) throw new NotFoundError("Original email");
    const object = await c.env.ATTACHMENTS.get(found.rawR2Key);
    if (!object) throw new NotFoundError("Original email");
    const isMime = found.rawR2Key.endsWith(".eml");
    if (c.req.query("view") === "decoded" && isMime) {
      // The whole message decoded (every charset, quoted history and signature included), as JSON.
      const parsed = await parseRawEmail(new Uint8Array(await object.arrayBuffer()));
      return c.json({
        original: {
          messageId: parsed.messageId,
          from: parsed.from,
          subject: parsed.subject,
          date: parsed.date?.toISOString() ?? null,
          text: parsed.text,
          html: parsed.html,
          attachments: parsed.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            size: a.data.byteLength,
          })),
          headers: parsed.headers,
        },
      });
    }
    return new Response(object.body, {
      headers: {
        "Content-Type": isMime ? "message/rfc822" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${id}.${isMime ? "eml" : "json"}"`,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "X-Email-Source": found.source,
      },
    });
  });
}
