/** The admin screens at /staff/admin: the page (admins only, behind the session), its stylesheet; the script is a static asset. */
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../../env";
import { securePage } from "../../web/headers";
import { LANG_COOKIE, languageOf } from "../../web/language";
import { requireStaffPage } from "../session";
import { clientAssetUrl } from "../ui/assets";
import { renderAdminPage, renderForbiddenPage } from "./page";
import { ADMIN_CSS } from "./styles";

/** FNV-1a of a text, as a short cache-busting version for the stylesheet's URL. */
function version(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

const CSS_URL = `/staff/admin/admin.css?v=${version(ADMIN_CSS)}`;

/** Like the inbox: only its own script and stylesheet, and fetches to its own origin. */
const adminSecurity = securePage({
  scripts: ["'self'"],
  styles: "self",
  images: ["'self'", "data:"],
  connect: ["'self'"],
});

/** Routes mounted at /staff/admin (before the /staff pages). */
export function adminPageRoutes(): Hono<AppEnv> {
  const ui = new Hono<AppEnv>();

  ui.get("/", adminSecurity, requireStaffPage, async (c) => {
    const lang = languageOf(c);
    // The same remembered choice as the inbox's switch (the cookie's path is /staff).
    if (c.req.query("lang") === lang) {
      setCookie(c, LANG_COOKIE, lang, { path: "/staff", maxAge: 365 * 86_400, sameSite: "Lax", httpOnly: true });
    }
    const staff = c.get("staff");
    const csrfToken = c.get("csrfToken") ?? "";
    c.header("Cache-Control", "no-store");
    if (staff.role !== "admin") {
      const page = renderForbiddenPage({ lang, staff, csrfToken, styleUrl: CSS_URL });
      c.status(403);
      return c.render(page.body, { lang, title: page.title, head: page.head, referrer: "no-referrer", main: false });
    }
    const page = renderAdminPage({
      lang,
      staff,
      csrfToken,
      scriptUrl: await clientAssetUrl(c.env, "admin.js"),
      styleUrl: CSS_URL,
    });
    return c.render(page.body, { lang, title: page.title, head: page.head, referrer: "no-referrer", main: false });
  });

  ui.get("/admin.css", (c) =>
    c.body(ADMIN_CSS, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    }),
  );
  return ui;
}
