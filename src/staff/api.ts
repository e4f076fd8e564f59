import { Hono } from "hono";
import type { ChannelRegistry } from "../../channels/types";
import type { AppEnv } from "../env";

/** The staff API (placeholder). */
export function staffApi(_channels: ChannelRegistry) {
  return new Hono<AppEnv>();
}
