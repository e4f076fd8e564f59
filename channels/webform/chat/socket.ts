/**
 * The live sockets: GET /api/chat/socket (the widget; its token rides in Sec-WebSocket-Protocol as
 * `relaydesk-chat, <token>`, never in the URL) and GET /t/:token/live (the `/t/` page: the link is
 * the credential; read-only, that ticket only). Both authenticate before upgrading (401/404).
 */
import type { Context } from "hono";
import { CHAT_SOCKET_PROTOCOL, CHAT_TOKEN } from "../../../src/core/chat";
import { AppError, NotFoundError } from "../../../src/core/errors";
import { sha256Hex } from "../../../src/core/ids";
import type { AppEnv } from "../../../src/env";
import { ACCESS_TOKEN } from "../schemas";
import { clientNetworkOf, overLimit } from "./limits";

function requireUpgrade(c: Context<AppEnv>): void {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new AppError(400, "upgrade_required", "Expected a WebSocket upgrade");
  }
}

/** The token among the offered subprotocols (`relaydesk-chat, <token>`), or null. */
export function socketToken(header: string | undefined): string | null {
  const offered = (header ?? "").split(",").map((p) => p.trim());
  if (!offered.includes(CHAT_SOCKET_PROTOCOL)) return null;
  return offered.find((p) => p !== CHAT_SOCKET_PROTOCOL && CHAT_TOKEN.test(p)) ?? null;
}

export async function visitorSocket(c: Context<AppEnv>): Promise<Response> {
  const token = socketToken(c.req.header("Sec-WebSocket-Protocol"));
  if (!token)
    throw new AppError(401, "chat_session_invalid", "Offer the subprotocols relaydesk-chat and the chat token");
  const limited = await overLimit(c, `socket:ip:${clientNetworkOf(c)}`);
  if (limited) return limited;
  requireUpgrade(c);
  const res = await c.get("desk").chat.joinAsVisitor(await sha256Hex(token));
  if (!res) throw new AppError(401, "chat_session_invalid", "The chat session is unknown or has ended");
  return res;
}

export async function linkSocket(c: Context<AppEnv>): Promise<Response> {
  const token = c.req.param("token") ?? "";
  if (!ACCESS_TOKEN.test(token)) throw new NotFoundError("Ticket");
  // Counted like the widget's sockets: guessing links costs a D1 read each, so it is limited per IP too.
  const limited = await overLimit(c, `socket:ip:${clientNetworkOf(c)}`);
  if (limited) return limited;
  requireUpgrade(c);
  const res = await c.get("desk").chat.joinAsLink(token);
  if (!res) throw new NotFoundError("Ticket");
  return res;
}
