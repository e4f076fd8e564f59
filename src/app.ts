/** Builds the Hono app: channel routes, the staff API and UI, public pages. */
import { Hono } from "hono";
import { channelRoutes } from "../channels";
import { devRoutes } from "./dev/sandbox";
import { type AppEnv, loadConfig } from "./env";
import { notFound, onError } from "./http";
import { csatPageRoutes } from "./pages/csat";
import { verifyPageRoutes } from "./pages/verify";
import { createDesk } from "./pipeline/desk";
import { adminPageRoutes } from "./staff/admin-ui";
import { staffApi } from "./staff/api";
import { emailOriginalRoutes } from "./staff/email-original";
import { staffLoginRoutes } from "./staff/login";
import { metricsPageRoutes } from "./staff/metrics-page";
import { noStoreApi, noStorePages } from "./staff/no-store";
import { staffInboxRoutes } from "./staff/ui";
import { detectLanguage } from "./web/language";
import { pageRenderer } from "./web/layout";

/** A fresh app: every channel's webhooks, the staff API and pages, the public pages. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  // Settings parsed once per request; the desk (the port channels talk to) built once from them.
  app.use(async (c, next) => {
    const config = loadConfig(c.env);
    c.set("config", config);
    c.set("desk", createDesk({ env: c.env, config, waitUntil: (p) => c.executionCtx.waitUntil(p) }));
    await next();
  });
  // Every page: one language detector, one document shell (`c.render`).
  app.use(detectLanguage, pageRenderer);

  app.use("/api/staff/*", noStoreApi);
  app.use("/staff/*", noStorePages);

  app.get("/healthz", (c) => c.json({ ok: true, service: "relaydesk" }));
  channelRoutes(app);
  emailOriginalRoutes(app);
  app.route("/api/staff", staffApi());
  // Public: "is this account ours?"; the customer's rating from their ticket page.
  app.route("/verify", verifyPageRoutes());
  app.route("/t", csatPageRoutes());
  app.route("/staff/metrics", metricsPageRoutes());
  app.route("/staff/admin", adminPageRoutes());
  // Sign-in and sign-out; mounted before the /staff pages so their session guard never covers them.
  app.route("/staff", staffLoginRoutes());
  app.route("/staff", staffInboxRoutes());
  app.route("/dev", devRoutes());
  return app;
}
