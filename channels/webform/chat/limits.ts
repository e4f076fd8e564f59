/** The live chat's abuse limits: per client IP and per visitor, through the CHAT_RATE_LIMITER binding. */
import type { Context } from "hono";
import { clientNetwork } from "../../../src/core/client-network";
import type { AppEnv } from "../../../src/env";
import { errorResponse } from "../../../src/http";

/** How long a limited client should wait (the binding's window). */
const RETRY_AFTER_SECONDS = 60;

/** A 429 with Retry-After when `key` is over its limit, else null. */
export async function overLimit(c: Context<AppEnv>, key: string): Promise<Response | null> {
  const { success } = await c.env.CHAT_RATE_LIMITER.limit({ key });
  if (success) return null;
  const res = errorResponse(429, "rate_limited", "Too many messages; wait a minute and try again");
  res.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  return res;
}

/** The client's IP (Cloudflare sets CF-Connecting-IP on every request that reaches a Worker). */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("CF-Connecting-IP") ?? "unknown";
}

/** What the per-IP limits count the client under: its IPv4 address, or its IPv6 /64 (src/core/client-network.ts). */
export function clientNetworkOf(c: Context<AppEnv>): string {
  return clientNetwork(clientIp(c));
}

/** The bearer token of a chat request, or null. */
export function bearerToken(c: Context<AppEnv>): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("Authorization") ?? "");
  return m?.[1] ?? null;
}
