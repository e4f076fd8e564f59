/** The web form channel: the public /support form and its API, and the customer's secret ticket page. */
import { Hono, type Hono as HonoApp } from "hono";
import type { ChannelAdapter } from "../../src/core/channel";
import type { AppEnv } from "../../src/env";
import { securePage, securePageFor } from "../../src/web/headers";
import { languageOf } from "../../src/web/language";
import { submitTicket } from "./api";
import { downloadAttachment, SECRET_LINK_HEADERS, showTicketPage } from "./customer";
import { showPage, webformPolicy } from "./layout";
import { renderSupportPage, renderSupportUnavailablePage } from "./page";
import { submitReply } from "./replies";
import { formGate } from "./request";
import { type WebformEnv, webformOnError } from "./respond";
import { turnstileMode, turnstileWidgetKey } from "./turnstile";
import { mountEmailClaimRoutes } from "./verify-email";

export type { TicketCreatedBody } from "./api";
export { verifyTurnstile } from "./turnstile";

/** The web form's routes, with an error handler that answers browsers with pages. */
export function webformRoutes(): Hono<WebformEnv> {
  const web = new Hono<WebformEnv>();
  web.onError(webformOnError);

  // The form's pages: the shared security headers, with Turnstile allowed only where the widget is.
  web.use(
    "/support",
    securePageFor((c) => webformPolicy({ turnstile: Boolean(turnstileWidgetKey(c.get("config"))) })),
  );
  for (const path of ["/api/tickets", "/t/*", "/verify-email/*"]) web.use(path, securePage(webformPolicy()));

  web.get("/support", (c) => {
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
  });
  web.post("/api/tickets", formGate(), submitTicket);

  web.use("/t/*", async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECRET_LINK_HEADERS)) c.res.headers.set(name, value);
  });
  web.get("/t/:token", showTicketPage);
  web.get("/t/:token/attachments/:id", downloadAttachment);
  web.post("/t/:token/replies", formGate(), submitReply);
  mountEmailClaimRoutes(web);
  return web;
}

/** Mounts the form, its API and the customer's ticket page. */
export function webformChannelRoutes(app: HonoApp<AppEnv>): void {
  app.route("/", webformRoutes());
}

/**
 * The web form adapter: its replies are shown on the customer's ticket page, so storing them is
 * delivering them (one step). Staff replies also go out by email when email is configured and the
 * address is proven: the pipeline fans that out through the email adapter.
 */
export function createWebformChannel(): ChannelAdapter {
  return {
    name: "webform",
    isConfigured: () => true,
    prepare: async (msg) => [async () => `webform:${msg.messageId}`],
  };
}
