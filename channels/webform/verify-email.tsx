/**
 * Proving a web-form address: GET /verify-email/:token shows what confirming does and a button;
 * only the button's POST confirms (mail scanners open links, they do not press buttons).
 * POST /t/:token/verify-email mails a new link. Bad, used or expired links are a 4xx and write nothing.
 */
import type { Context, Hono } from "hono";
import { maskEmail } from "../../src/core/email-claims";
import { absoluteUrl } from "./api";
import { claimTexts } from "./email-claim-texts";
import { parseLanguage } from "./i18n";
import { showPage } from "./layout";
import { accessTokenParam } from "./replies";
import { formGate, wantsHtml } from "./request";
import type { WebformEnv } from "./respond";

/** The link in these URLs is a secret: never cached, leaked through Referer, or indexed. */
const PRIVATE_PAGE_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex",
};

function pageLanguage(c: Context<WebformEnv>, fallback: "en" | "zh") {
  const lang = parseLanguage(c.req.query("lang")) ?? fallback;
  c.set("lang", lang);
  return lang;
}

/** Mounts the confirmation routes on the web form's app. */
export function mountEmailClaimRoutes(web: Hono<WebformEnv>): void {
  web.use("/verify-email/*", async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(PRIVATE_PAGE_HEADERS)) c.res.headers.set(name, value);
  });

  web.get("/verify-email/:token", async (c) => {
    const token = c.req.param("token");
    const found = await c.get("desk").webform.inspectConfirmation(token);
    const lang = pageLanguage(c, found.language);
    if (!wantsHtml(c)) {
      return c.json({ confirmation: { ticket: { number: found.ticketNumber }, email: maskEmail(found.email) } });
    }
    const tx = claimTexts(lang);
    return showPage(c, lang, {
      title: tx.confirmTitle,
      body: (
        <>
          <h1>{tx.confirmTitle}</h1>
          <p>
            <strong>{tx.confirmIntro(found.ticketNumber, maskEmail(found.email))}</strong>
          </p>
          <p>{tx.confirmWhat}</p>
          <p class="notice warn">{tx.confirmNotYou}</p>
          <form method="post" action={`/verify-email/${encodeURIComponent(token)}?lang=${lang}`}>
            <button type="submit" id="confirm-email">
              {tx.confirmButton}
            </button>
          </form>
        </>
      ),
    });
  });

  web.post("/verify-email/:token", async (c) => {
    const done = await c.get("desk").webform.confirmEmail(c.req.param("token"));
    const lang = pageLanguage(c, done.language);
    if (!wantsHtml(c)) {
      return c.json({ verified: true, ticket: { number: done.ticketNumber }, joinedExistingContact: done.joined });
    }
    const tx = claimTexts(lang);
    return showPage(c, lang, {
      title: tx.confirmedTitle,
      body: (
        <>
          <h1>{tx.confirmedTitle}</h1>
          <p class="notice ok" role="status">
            {tx.confirmedText(done.ticketNumber)}
          </p>
        </>
      ),
    });
  });

  web.post("/t/:token/verify-email", formGate({ bodyOptional: true }), async (c) => {
    const token = accessTokenParam(c);
    const { language } = await c.get("desk").webform.resendConfirmation({
      accessToken: token,
      linkBase: absoluteUrl(c, ""),
    });
    c.set("lang", language);
    if (wantsHtml(c)) return c.redirect(`/t/${token}?confirmation=sent`, 303);
    return c.json({ confirmationSent: true }, 202);
  });
}
