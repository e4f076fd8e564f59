/** GET /t/:token and its attachments: what the holder of a ticket's secret link may see. */
import type { Context } from "hono";
import { NotFoundError } from "../../src/core/errors";
import { clientAssetUrl } from "../../src/web/client-assets";
import { renderCustomerPage } from "./customer-page";
import { parseLanguage } from "./i18n";
import { showPage } from "./layout";
import { accessTokenParam } from "./replies";
import type { WebformEnv } from "./respond";

/** Headers every `/t/` response carries: the URL is a secret, so never cache, leak or index it. */
export const SECRET_LINK_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex",
} as const;

/**
 * The customer's ticket page: their conversation without internal notes. After staff merged it
 * into another customer's ticket, still only this customer's messages and the replies to them.
 */
export async function showTicketPage(c: Context<WebformEnv>): Promise<Response> {
  const token = accessTokenParam(c);
  const found = await c.get("desk").webform.customerView(token);
  if (!found) throw new NotFoundError("Ticket");
  // Staff merged this ticket into another of the same customer: the conversation lives there now.
  if (found.mergedIntoToken) return c.redirect(`/t/${found.mergedIntoToken}`, 302);
  const lang = parseLanguage(c.req.query("lang")) ?? found.ticket.language;
  c.set("lang", lang);
  const page = renderCustomerPage({
    lang,
    token,
    ticket: found.ticket,
    messages: found.messages,
    created: c.req.query("created") === "1",
    idempotencyKey: crypto.randomUUID(),
    csat: await c.get("desk").webform.csatOf(found.ticket.id),
    confirmationSent: c.req.query("confirmation") === "sent",
    liveScriptUrl: await clientAssetUrl(c.env, "ticket-live.js"),
  });
  return showPage(c, lang, page);
}

const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Streams one attachment of the ticket, as a download that browsers will not render or sniff. */
export async function downloadAttachment(c: Context<WebformEnv>): Promise<Response> {
  const token = accessTokenParam(c);
  const attachmentId = c.req.param("id") ?? "";
  if (!ATTACHMENT_ID.test(attachmentId)) throw new NotFoundError("Attachment");
  const found = await c.get("desk").webform.customerAttachment({ accessToken: token, attachmentId });
  if (!found) throw new NotFoundError("Attachment");
  const object = await c.env.ATTACHMENTS.get(found.r2Key);
  if (!object) throw new NotFoundError("Attachment");
  return new Response(object.body, {
    headers: {
      "Content-Type": found.contentType,
      "Content-Length": String(object.size),
      "Content-Disposition": contentDisposition(found.filename),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, "_") || "attachment";
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
