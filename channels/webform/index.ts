/** The web form channel: the public /support form and its API, and the customer's secret ticket page. */
import { Hono } from "hono";
import { loadConfig } from "../../src/env";
import { mailSenderFor, sendTicketEmail } from "../../src/mail/ticket-mail";
import { securePage, securePageFor } from "../../src/web/headers";
import { languageOf } from "../../src/web/language";
import type { ChannelAdapter } from "../types";
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

/** The web form adapter. Its replies are shown on the customer's ticket page, so storing them is delivering them. */
export function createWebformChannel() {
  return {
    name: "webform",
    routes(app) {
      app.route("/", webformRoutes());
    },
    isConfigured: () => true,
    async deliver(msg, env) {
      // Staff replies also reach the customer by email, with their /t/ link, when email is configured
      // and the address is proven (the outbox gives a recipient email only then: a typed one is a claim).
      if (msg.author === "staff" && msg.recipient.email) {
        const config = loadConfig(env);
        const sender = await mailSenderFor(env, config);
        if (sender) await sendTicketEmail(env, config, msg, { sender, includeLink: true });
      }
      return { providerMessageId: `webform:${msg.messageId}` };
    },
  } satisfies ChannelAdapter;
}
