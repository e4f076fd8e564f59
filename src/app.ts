/** Builds the Hono app: channel routes, the staff API and UI, public pages. */
import { Hono } from "hono";
import type { ChannelRegistry } from "../channels/types";
import { devRoutes } from "./dev/sandbox";
import { type AppEnv, loadConfig } from "./env";
import { notFound, onError } from "./http";
import { csatPageRoutes } from "./pages/csat";
import { verifyPageRoutes } from "./pages/verify";
import { staffApi } from "./staff/api";
import { staffLoginRoutes } from "./staff/login";
import { metricsPageRoutes } from "./staff/metrics-page";
import { noStoreApi, noStorePages } from "./staff/no-store";
import { staffInboxRoutes } from "./staff/ui";
import { detectLanguage } from "./web/language";
import { pageRenderer } from "./web/layout";

/** A fresh app with the given channels mounted. */
export function createApp(channels: ChannelRegistry): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use(async (c, next) => {
    c.set("config", loadConfig(c.env));
    await next();
  });
  // Every page: one language detector, one document shell (`c.render`).
  app.use(detectLanguage, pageRenderer);

  app.use("/api/staff/*", noStoreApi);
  app.use("/staff/*", noStorePages);

  app.get("/healthz", (c) => c.json({ ok: true, service: "relaydesk" }));
  for (const channel of Object.values(channels)) channel?.routes(app);
  app.route("/api/staff", staffApi());
  // Public: "is this account ours?"; the customer's rating from their ticket page.
  app.route("/verify", verifyPageRoutes());
  app.route("/t", csatPageRoutes());
  app.route("/staff/metrics", metricsPageRoutes());
  // Sign-in and sign-out; mounted before the /staff pages so their session guard never covers them.
  app.route("/staff", staffLoginRoutes());
  app.route("/staff", staffInboxRoutes());
  app.route("/dev", devRoutes(channels));
  return app;
}
