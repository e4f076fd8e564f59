/** The staff inbox at /staff: the page (behind the session) and its stylesheet; the script is a static asset (./assets.ts). */
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { FILE_INPUT_ACCEPT } from "../../core/uploads";
import type { AppEnv } from "../../env";
import { securePage } from "../../web/headers";
import { LANG_COOKIE, languageOf } from "../../web/language";
import { requireStaffPage } from "../session";
import { clientAssetUrl } from "./assets";
import { renderInboxPage } from "./page";
import { INBOX_CSS } from "./styles";

/** FNV-1a of a text, as a short cache-busting version for asset URLs. */
function version(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

const CSS_URL = `/staff/inbox.css?v=${version(INBOX_CSS)}`;

/** The page may load only its own script and stylesheet, and talk only to its own origin (ws included). */
const inboxSecurity = securePage({
  scripts: ["'self'"],
  styles: "self",
  images: ["'self'", "data:"],
  connect: ["'self'"],
  // The first page of a PDF attachment, from the staff attachment route (src/staff/resources.ts).
  frames: ["'self'"],
});

const ASSET_CACHE = "public, max-age=31536000, immutable";

/** Routes mounted at /staff (after the sign-in routes). */
export function staffInboxRoutes(): Hono<AppEnv> {
  const ui = new Hono<AppEnv>();

  ui.get("/", inboxSecurity, requireStaffPage, async (c) => {
    const query = c.req.query("lang");
    // ?lang=, then the remembered choice (cookie), then Accept-Language (the shared detector's order).
    const lang = languageOf(c);
    if (query === lang) {
      setCookie(c, LANG_COOKIE, lang, { path: "/staff", maxAge: 365 * 86_400, sameSite: "Lax", httpOnly: true });
    }
    const page = renderInboxPage({
      lang,
      staff: c.get("staff"),
      csrfToken: c.get("csrfToken") ?? "",
      scriptUrl: await clientAssetUrl(c.env, "inbox.js"),
      styleUrl: CSS_URL,
      attachLimits: {
        maxBytes: c.get("config").attachmentMaxBytes,
        maxCount: c.get("config").attachmentMaxCount,
        accept: FILE_INPUT_ACCEPT,
      },
    });
    c.header("Cache-Control", "no-store");
    return c.render(page.body, { lang, title: page.title, head: page.head, referrer: "no-referrer", main: false });
  });

  ui.get("/inbox.css", (c) =>
    c.body(INBOX_CSS, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": ASSET_CACHE,
      "X-Content-Type-Options": "nosniff",
    }),
  );
  return ui;
}
