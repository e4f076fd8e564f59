/**
 * FeedHub: one Durable Object that fans staff-feed events out to every open staff tab over
 * hibernatable WebSockets, and keeps recent events so a reconnecting tab can catch up.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

export interface FeedEvent {
  type: string;
  ticketId?: string;
  messageId?: string;
  [key: string]: unknown;
}

export interface SequencedFeedEvent extends FeedEvent {
  seq: number;
  at: string;
}

/** How many recent events a reconnecting client can catch up on. */
const BACKLOG = 500;

export class FeedHub extends DurableObject<Env> {
  /** Accepts a staff WebSocket (the Worker has authenticated it). `?since=<seq>` replays missed events. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return Response.json(
        { error: { code: "upgrade_required", message: "Expected a WebSocket upgrade" } },
        { status: 426 },
      );
    }
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    const since = Number(new URL(request.url).searchParams.get("since") ?? "NaN");
    if (Number.isFinite(since)) {
      for (const event of await this.eventsSince(since)) server.send(JSON.stringify(event));
    }
    server.send(JSON.stringify({ type: "hello", seq: await this.lastSeq() }));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Records an event and sends it to every connected tab. */
  async publish(event: FeedEvent): Promise<SequencedFeedEvent> {
    const seq = (await this.lastSeq()) + 1;
    const sequenced: SequencedFeedEvent = { ...event, seq, at: new Date().toISOString() };
    await this.ctx.storage.put({ seq, [`e:${seq.toString().padStart(12, "0")}`]: sequenced });
    if (seq > BACKLOG) await this.ctx.storage.delete(`e:${(seq - BACKLOG).toString().padStart(12, "0")}`);
    const data = JSON.stringify(sequenced);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(data);
      } catch {
        // A socket closing under us is fine; its tab catches up on reconnect.
      }
    }
    return sequenced;
  }

  /** Events after `since`, oldest first. */
  async eventsSince(since: number): Promise<SequencedFeedEvent[]> {
    const start = `e:${(Math.max(0, since) + 1).toString().padStart(12, "0")}`;
    const map = await this.ctx.storage.list<SequencedFeedEvent>({ prefix: "e:", start, limit: BACKLOG });
    return [...map.values()];
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (message === "ping") ws.send("pong");
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    ws.close(code === 1005 ? 1000 : code, "closing");
  }

  private async lastSeq(): Promise<number> {
    return (await this.ctx.storage.get<number>("seq")) ?? 0;
  }
}
