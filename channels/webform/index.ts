/** The web form channel: the public /support form and its API, and the customer's secret ticket page. */
import { type Context, Hono } from "hono";
import type * as z from "zod";
import type { ChannelAdapter } from "../../src/core/channel";
import { securePage, securePageFor } from "../../src/web/headers";
import { languageOf } from "../../src/web/language";
import { accepts } from "../../src/web/validate";
import { submitTicket } from "./api";
import { downloadAttachment, SECRET_LINK_HEADERS, showTicketPage } from "./customer";
import { showPage, webformPolicy } from "./layout";
import { renderSupportPage, renderSupportUnavailablePage } from "./page";
import { submitReply } from "./replies";
import { formGate } from "./request";
import { type WebformEnv, webformOnError } from "./respond";
import type { ReplySubmission, TicketSubmission } from "./schemas";
import { turnstileMode, turnstileWidgetKey } from "./turnstile";
import { mountEmailClaimRoutes } from "./verify-email";

export type { TicketCreatedBody } from "./api";
export { verifyTurnstile } from "./turnstile";

/**
 * The web form's routes, with an error handler that answers browsers with pages. Chained, so the JSON
 * API (a new ticket, a reply from the ticket page) is part of the app's type for `hc` (src/app.ts).
 */
export function webformRoutes() {
  const web = new Hono<WebformEnv>()
    .onError(webformOnError)
    // The form's pages: the shared security headers, with Turnstile allowed only where the widget is.
    .use(
      "/support",
      securePageFor((c) => webformPolicy({ turnstile: Boolean(turnstileWidgetKey(c.get("config"))) })),
    )
    .use("/api/tickets", securePage(webformPolicy()))
    .use("/t/*", securePage(webformPolicy()))
    .use("/verify-email/*", securePage(webformPolicy()))
    .get("/support", showSupportPage)
    // JSON or a multipart form; the gate (type, size, rate limit) runs before anything reads it.
    .post("/api/tickets", accepts<z.input<typeof TicketSubmission>>(), formGate(), (c) => submitTicket(c))
    .use("/t/*", async (c, next) => {
      await next();
      for (const [name, value] of Object.entries(SECRET_LINK_HEADERS)) c.res.headers.set(name, value);
    })
    .get("/t/:token", showTicketPage)
    .get("/t/:token/attachments/:id", downloadAttachment)
    .post("/t/:token/replies", accepts<z.input<typeof ReplySubmission>>(), formGate(), (c) => submitReply(c));
  mountEmailClaimRoutes(web);
  return web;
}

/** GET /support: the form, in the visitor's language. */
function showSupportPage(c: Context<WebformEnv>) {
  const config = c.get("config");
  const lang = languageOf(c);
  // Production without its bot check takes no submissions: say so instead of showing a form that cannot work.
  if (turnstileMode(config) === "not_configured") return showPage(c, lang, renderSupportUnavailablePage(lang), 503);
  // Each render carries its own idempotency key: a shared cached copy would merge strangers' requests.
  return showPage(
    c,
    lang,
    renderSupportPage({
      lang,
      idempotencyKey: crypto.randomUUID(),
      turnstileSiteKey: turnstileWidgetKey(config),
      attachmentMaxCount: config.attachmentMaxCount,
      attachmentMaxBytes: config.attachmentMaxBytes,
    }),
  );
}

/**
 * The web form adapter: its replies are shown on the customer's ticket page (and pushed to the live
 * chat's room), so storing them is delivering them (one step). Staff replies also go out by email when email is configured and the
 * address is proven: the pipeline fans that out through the email adapter.
 */
export function createWebformChannel(live?: WebformLivePort): ChannelAdapter {
  return {
    name: "webform",
    isConfigured: () => true,
    prepare: async (msg) => [
      async () => {
        // The customer's open widget or `/t/` page gets it now (best effort: they also catch up from the page).
        await live?.pushStored(msg.messageId);
        return `webform:${msg.messageId}`;
      },
    ],
  };
}

/** What the desk hands the web adapter so a delivered message reaches open chat sockets (src/channels.ts). */
export interface WebformLivePort {
  /** Pushes the stored message (as stored: redacted) to its conversation's room; never throws. */
  pushStored(messageId: string): Promise<void>;
}
