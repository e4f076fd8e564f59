/** Builds the Hono app: channel routes, the staff API and UI, public pages. */
import { Hono } from "hono";
import type { ChannelRegistry } from "../channels/types";
import { devRoutes } from "./dev/sandbox";
import { type AppEnv, loadConfig } from "./env";
import { notFound, onError } from "./http";
import { staffApi } from "./staff/api";

/** A fresh app with the given channels mounted. */
export function createApp(channels: ChannelRegistry): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use(async (c, next) => {
    c.set("config", loadConfig(c.env));
    await next();
  });

  app.get("/healthz", (c) => c.json({ ok: true, service: "relaydesk" }));
  for (const channel of Object.values(channels)) channel?.routes(app);
  app.route("/api/staff", staffApi());
  app.route("/dev", devRoutes(channels));
  return app;
}
