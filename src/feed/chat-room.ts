/**
 * ChatRoom: one Durable Object per live-chat conversation (idFromName(conversation key)). It holds the
 * visitor's widget sockets and the `/t/` page's sockets (hibernatable), fans out what the Worker
 * pushes (messages, staff typing, staff read receipts, ticket changes), and tells the staff feed when
 * the visitor comes or goes, types, or reads (`chat.activity`).
 */
import { DurableObject } from "cloudflare:workers";
import { CHAT_FRAME_MAX_BYTES, CHAT_SOCKET_PROTOCOL, type ChatPresence, type ChatPush } from "../core/chat";
import type { Env } from "../env";
import { publishFeedEvent } from "../pipeline/feed";

/** Internal headers the Worker sets (after authenticating) when it hands a socket to the room. */
export const CHAT_ROLE_HEADER = "X-Relaydesk-Chat-Role";
export const CHAT_TICKET_HEADER = "X-Relaydesk-Chat-Ticket";
export const CHAT_SESSION_HEADER = "X-Relaydesk-Chat-Session";

/** A widget socket (the visitor: typing and read count) or a `/t/` page socket (read-only, one ticket). */
export type ChatSocketRole = "customer" | "link";

interface SocketState {
  role: ChatSocketRole;
  /** The ticket a `/t/` socket belongs to: it receives nothing about another. */
  ticketId: string | null;
  typing: boolean;
  /** Frames it sent that were too big or not JSON. */
  strikes: number;
}

/** Bad frames a socket may send before it is closed. */
const MAX_STRIKES = 10;
/** A read receipt reaches the staff feed at most this often per room. */
const READ_THROTTLE_MS = 2_000;

export class ChatRoom extends DurableObject<Env> {
  private lastReadPublish = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Accepts a socket the Worker has authenticated (role and ticket in internal headers). */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return Response.json(
        { error: { code: "upgrade_required", message: "Expected a WebSocket upgrade" } },
        { status: 426 },
      );
    }
    const role: ChatSocketRole = request.headers.get(CHAT_ROLE_HEADER) === "customer" ? "customer" : "link";
    const ticketId = request.headers.get(CHAT_TICKET_HEADER) || null;
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    const wasOnline = this.customerSockets().length > 0;
    const sessionId = role === "customer" ? request.headers.get(CHAT_SESSION_HEADER) : null;
    this.ctx.acceptWebSocket(server, sessionId ? [role, `session:${sessionId}`] : [role]);
    const state: SocketState = { role, ticketId, typing: false, strikes: 0 };
    server.serializeAttachment(state);
    if (ticketId && role === "customer") await this.ctx.storage.put("ticketId", ticketId);
    if (role === "customer" && !wasOnline) await this.tellStaff();
    const headers = role === "customer" ? { "Sec-WebSocket-Protocol": CHAT_SOCKET_PROTOCOL } : undefined;
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  /** Sends a frame to every socket of the conversation (a `/t/` socket only when it is about its ticket). */
  async push(p: ChatPush): Promise<number> {
    if (p.ticketId && (p.frame.type === "message" || p.frame.type === "ticket")) {
      await this.ctx.storage.put("ticketId", p.ticketId);
    }
    const data = JSON.stringify(p.frame);
    let sent = 0;
    for (const ws of this.ctx.getWebSockets()) {
      const s = stateOf(ws);
      if (s?.role === "link" && (!p.ticketId || s.ticketId !== p.ticketId)) continue;
      try {
        ws.send(data);
        sent++;
      } catch {
        // Closing: it catches up on reconnect (GET /api/chat/messages?after=).
      }
    }
    return sent;
  }

  /** Closes the sockets a widget session opened (its token was revoked); returns how many. */
  async endSession(sessionId: string): Promise<number> {
    const sockets = this.ctx.getWebSockets(`session:${sessionId}`);
    for (const ws of sockets) {
      await this.leave(ws);
      this.closeQuietly(ws, 1008, "session ended");
    }
    return sockets.length;
  }

  /** Whether the visitor is here, typing, and when they last read. */
  async presence(): Promise<ChatPresence> {
    const customers = this.customerSockets();
    return {
      online: customers.length > 0,
      typing: customers.some((ws) => stateOf(ws)?.typing === true),
      customerReadAt: (await this.ctx.storage.get<string>("customerReadAt")) ?? null,
    };
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const s = stateOf(ws);
    if (!s) return;
    const size = typeof message === "string" ? message.length : message.byteLength;
    type ClientFrame = { type?: unknown; typing?: unknown; upTo?: unknown };
    let data: ClientFrame | null = null;
    if (typeof message === "string" && size <= CHAT_FRAME_MAX_BYTES) {
      try {
        const parsed: unknown = JSON.parse(message);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) data = parsed as ClientFrame;
      } catch {
        data = null;
      }
    }
    if (!data) {
      s.strikes++;
      ws.serializeAttachment(s);
      if (s.strikes >= MAX_STRIKES) this.closeQuietly(ws, 1008, "too many bad frames");
      return;
    }
    if (data.type === "ping") {
      ws.send('{"type":"pong"}');
      return;
    }
    if (data.type === "read" && typeof data.upTo === "string" && data.upTo.length <= 100) {
      const at = new Date().toISOString();
      await this.ctx.storage.put("customerReadAt", at);
      if (Date.now() - this.lastReadPublish >= READ_THROTTLE_MS) {
        this.lastReadPublish = Date.now();
        await this.tellStaff();
      }
      return;
    }
    // Only the visitor's widget types; a `/t/` page socket is read-only.
    if (data.type === "typing" && s.role === "customer" && typeof data.typing === "boolean") {
      if (s.typing === data.typing) return;
      s.typing = data.typing;
      ws.serializeAttachment(s);
      await this.tellStaff();
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    await this.leave(ws);
    this.closeQuietly(ws, code === 1005 || code === 1006 || code === 1015 ? 1000 : code, "closing");
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.leave(ws);
  }

  private async leave(ws: WebSocket): Promise<void> {
    const s = stateOf(ws);
    if (s?.role !== "customer") return;
    s.role = "link";
    s.ticketId = null;
    s.typing = false;
    ws.serializeAttachment(s);
    if (this.customerSockets().length === 0) await this.tellStaff();
  }

  private customerSockets(): WebSocket[] {
    return this.ctx.getWebSockets("customer").filter((ws) => stateOf(ws)?.role === "customer");
  }

  /** `chat.activity` on the staff feed, for the conversation's current ticket. */
  private async tellStaff(): Promise<void> {
    const ticketId = await this.ctx.storage.get<string>("ticketId");
    if (!ticketId) return;
    const p = await this.presence();
    await publishFeedEvent(this.env, {
      type: "chat.activity",
      ticketId,
      online: p.online,
      typing: p.typing,
      ...(p.customerReadAt ? { customerReadAt: p.customerReadAt } : {}),
    });
  }

  private closeQuietly(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code, reason);
    } catch {
      // Already closed.
    }
  }
}

function stateOf(ws: WebSocket): SocketState | null {
  try {
    return (ws.deserializeAttachment() as SocketState | null) ?? null;
  } catch {
    return null;
  }
}
