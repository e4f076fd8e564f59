/**
 * Floor of the chat latency benchmark (bench/chat-latency.mjs): what the same local stack costs
 * with no Relaydesk code in the way. One Durable Object per room, WebSocket hibernation like
 * the ChatRoom:
 *   GET  /socket?room=R   upgrade; the room echoes every frame back to its sender
 *   POST /push?room=R     the body goes out to every socket of the room, then 204
 * `/push` is the bare form of "a staff reply POST reaches the widget's socket" (an HTTP request
 * to the Worker, a DO call, a frame out); the echo is the bare WebSocket round trip.
 */
import { DurableObject } from "cloudflare:workers";

export class EchoRoom extends DurableObject {
  async fetch(request) {
    if (request.headers.get("Upgrade") === "websocket") {
      const { 0: client, 1: server } = new WebSocketPair();
      this.ctx.acceptWebSocket(server);
      return new Response(null, { status: 101, webSocket: client });
    }
    const body = await request.text();
    for (const ws of this.ctx.getWebSockets()) ws.send(body);
    return new Response(null, { status: 204 });
  }

  webSocketMessage(ws, message) {
    ws.send(message);
  }

  webSocketClose(ws, code) {
    ws.close(code === 1005 ? 1000 : code, "bye");
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return new Response("ok");
    const room = url.searchParams.get("room");
    if (!room || room.length > 64) return new Response("room?", { status: 400 });
    const stub = env.ROOMS.get(env.ROOMS.idFromName(room));
    if (url.pathname === "/socket" || (url.pathname === "/push" && request.method === "POST")) {
      return stub.fetch(request);
    }
    return new Response("not found", { status: 404 });
  },
};
