import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Development-only routes (placeholder until the sandbox page lands). */
export function devRoutes() {
  return new Hono<AppEnv>();
}
