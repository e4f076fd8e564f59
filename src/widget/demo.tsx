/**
 * /dev/widget-demo (development only, 404 elsewhere): a fake exchange page that embeds the loader from the
 * OTHER loopback name (opened at http://localhost:P it loads http://127.0.0.1:P/widget.js, and the reverse),
 * so the widget's iframe is cross-origin exactly as on a real host. A "log in" switch signs a demo user's
 * identity with the development secret and hands it over with `Relaydesk("identify", …)`.
 */
import { Hono } from "hono";
import { NotFoundError } from "../core/errors";
import { type AppEnv, isDevelopment } from "../env";
import { securePageFor } from "../web/headers";
import { DEMO_CSS, DEMO_SCRIPT, renderDemoPage } from "./demo-page";

/** The other loopback name for `url`'s host (same port and scheme), or null on any other host. */
export function otherLoopbackOrigin(url: string): string | null {
  const u = new URL(url);
  const other = u.hostname === "localhost" ? "127.0.0.1" : u.hostname === "127.0.0.1" ? "localhost" : null;
  return other ? `${u.protocol}//${other}${u.port ? `:${u.port}` : ""}` : null;
}

/** hex(HMAC-SHA256(secret, userId \n email \n name)): what an exchange's backend computes (docs/widget.md). */
export async function signIdentity(
  secret: string,
  id: { userId: string; email?: string; name?: string },
): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const payload = `${id.userId}\n${id.email ?? ""}\n${id.name ?? ""}`;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(payload)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The demo user the switch logs in as. */
export const DEMO_USER = { userId: "demo-user-1001", email: "demo.user@example.com", name: "Demo User" };

export function widgetDemoRoutes() {
  return (
    new Hono<AppEnv>()
      // Outside development these routes do not exist at all.
      .use(async (c, next) => {
        if (!isDevelopment(c.get("config"))) throw new NotFoundError("Page");
        await next();
      })
      .use(
        "/",
        securePageFor((c) => {
          const desk = otherLoopbackOrigin(c.req.url);
          return {
            scripts: ["'self'", ...(desk ? [`${desk}/widget.js`] : [])],
            frames: desk ? [desk] : [],
            connect: ["'self'"],
          };
        }),
      )
      .get("/", (c) => {
        const desk = otherLoopbackOrigin(c.req.url);
        if (!desk) throw new NotFoundError("Page");
        const lang = c.req.query("lang") === "zh" ? "zh" : "en";
        c.header("Cache-Control", "no-store");
        return c.render(renderDemoPage({ lang, desk }), {
          lang,
          title: "CoinHarbor (widget demo)",
          css: DEMO_CSS,
          main: false,
        });
      })
      .get("/host.js", (c) =>
        c.body(DEMO_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" }),
      )
      // The exchange's backend, played by the desk in development: signs the demo user with the dev secret.
      .post("/identity", async (c) => {
        const secret = c.get("config").chatIdentitySecret;
        if (!secret)
          return c.json({ error: { code: "not_configured", message: "CHAT_IDENTITY_SECRET is not set" } }, 409);
        return c.json({ identity: { ...DEMO_USER, userHash: await signIdentity(secret, DEMO_USER) } });
      })
  );
}
