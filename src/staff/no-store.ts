/** `Cache-Control: no-store` on staff answers: what staff see (and errors about it) never sits in a cache. */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

const NO_STORE = "no-store";

function setNoStore(c: Context, always: boolean): void {
  // A WebSocket upgrade carries no body to cache (and the hub's 101 answer has immutable headers).
  if (c.res.status === 101) return;
  if (!always && c.res.headers.has("Cache-Control")) return;
  try {
    c.res.headers.set("Cache-Control", NO_STORE);
  } catch {
    // Headers of a fetched response are immutable: copy it (Hono merges the old headers in).
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set("Cache-Control", NO_STORE);
  }
}

/** Every answer under /api/staff, errors included, whatever the route set. */
export const noStoreApi = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  setNoStore(c, true);
});

/** Staff pages, redirects and errors under /staff; a route that chose its own policy (the immutable assets) keeps it. */
export const noStorePages = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  setNoStore(c, false);
});
