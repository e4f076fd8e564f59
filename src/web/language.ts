/**
 * One language detector for every page: `?lang=` wins, then the staff's remembered choice (the
 * `rd_lang` cookie, which only /staff pages receive), then Accept-Language; English otherwise.
 * Hono's `languageDetector` reads the query and the cookie (exact `en` / `zh`); the header goes through
 * `languageFromAcceptLanguage`, whose rules (q=0 refused, a malformed q ignored, any `zh-*` is Chinese)
 * are tested in the core. Nothing is remembered by detecting: only the inbox's switch sets the cookie.
 */
import type { Context, MiddlewareHandler } from "hono";
import { languageDetector } from "hono/language";
import type { Language } from "../core/inbound";
import { languageFromAcceptLanguage } from "../core/language";

/** The cookie the staff inbox's language switch sets (path /staff). */
export const LANG_COOKIE = "rd_lang";

/** What the query and cookie step answers when neither names a language. */
const UNDECIDED = "und";

const fromQueryOrCookie = languageDetector({
  supportedLanguages: ["en", "zh", UNDECIDED],
  fallbackLanguage: UNDECIDED,
  order: ["querystring", "cookie"],
  lookupQueryString: "lang",
  lookupCookie: LANG_COOKIE,
  ignoreCase: false,
  caches: false,
});

/** Sets `c.var.language` (`en` or `zh`) on every request. */
export const detectLanguage: MiddlewareHandler = (c, next) =>
  fromQueryOrCookie(c, async () => {
    if (c.get("language") === UNDECIDED) {
      c.set("language", languageFromAcceptLanguage(c.req.header("Accept-Language")) ?? "en");
    }
    await next();
  });

/** The language the detector chose for this request. */
export function languageOf(c: Context): Language {
  return c.get("language") === "zh" ? "zh" : "en";
}
