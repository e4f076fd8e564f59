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
import { widgetRoutes } from "./widget";

/**
 * A fresh app: every channel's webhooks, the staff API and pages, the public pages. Chained, in the
 * order requests meet them, so `hc<AppType>` types a client for the JSON routes (the staff API, the
 * web form's API, `/verify`, the rating, `/healthz`).
 */
export function createApp() {
  return (
    new Hono<AppEnv>()
      .onError(onError)
      .notFound(notFound)
      // Settings (parsed once per isolate and reused while the vars are unchanged: loadConfig); the desk (the port channels
      // talk to) built once per request from them.
      .use(async (c, next) => {
        const config = loadConfig(c.env);
        c.set("config", config);
        c.set("desk", createDesk({ env: c.env, config, waitUntil: (p) => c.executionCtx.waitUntil(p) }));
        await next();
      })
      // Every page: one language detector, one document shell (`c.render`).
      .use(detectLanguage, pageRenderer)
      .use("/api/staff/*", noStoreApi)
      .use("/staff/*", noStorePages)
      .get("/healthz", (c) => c.json({ ok: true, service: "relaydesk" as const }))
      .route("/", channelRoutes())
      .route("/", emailOriginalRoutes())
      .route("/api/staff", staffApi())
      // Public: "is this account ours?"; the customer's rating from their ticket page.
      .route("/verify", verifyPageRoutes())
      .route("/t", csatPageRoutes())
      .route("/staff/metrics", metricsPageRoutes())
      .route("/staff/admin", adminPageRoutes())
      // Sign-in and sign-out; mounted before the /staff pages so their session guard never covers them.
      .route("/staff", staffLoginRoutes())
      .route("/staff", staffInboxRoutes())
      // The live-chat widget: /widget.js, /chat, /dev/widget-demo (which checks for development itself).
      .route("/", widgetRoutes())
      .route("/dev", devRoutes())
  );
}

/** The whole app's routes and their types, for `hc<AppType>` (see test/integration/typed-app-client.test.ts). */
export type AppType = ReturnType<typeof createApp>;
