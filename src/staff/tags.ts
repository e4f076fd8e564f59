/** Staff API: the tags in use on the desk, for the inbox's tag filter. Every staff member reads. Mounted under /api/staff. */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { listTagsInUse, TAGS_IN_USE_LIMIT } from "../store/tags";

export function tagsApi() {
  return new Hono<AppEnv>().get("/tags", async (c) =>
    c.json({ tags: await listTagsInUse(c.env.DB), limit: TAGS_IN_USE_LIMIT }),
  );
}
