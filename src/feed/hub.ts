/**
 * FeedHub: one Durable Object that fans staff-feed events out to every open staff tab over
 * hibernatable WebSockets, keeps recent events so a reconnecting tab can catch up, and relays
 * presence ("Li is viewing / typing on RD-1042") between tabs.
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

/** Who is on a socket, and what they are doing; kept with `serializeAttachment` so it survives hibernation. */
export interface SocketStaff {
  staffId: string;
  name: string;
  /** The ticket this tab is viewing or typing on, and which of the two. */
  ticketId: string | null;
  state: PresenceState;
}

export const PRESENCE_STATES = ["viewing", "typing", "idle"] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** A presence update as tabs receive it (never stored, no seq). */
export interface PresenceEvent {
  type: "presence";
  ticketId: string;
  staffId: string;
  name: string;
  state: PresenceState;
}

/** Internal headers the Worker sets (after authenticating) when it hands a socket to the hub. */
export const STAFF_ID_HEADER = "X-Relaydesk-Staff-Id";
export const STAFF_NAME_HEADER = "X-Relaydesk-Staff-Name";

/** How many recent events a reconnecting client can catch up on. */
const BACKLOG = 500;
const TICKET_ID = /^[a-z]{2,4}_[a-z0-9]{1,60}$/;

/** Close codes a peer reports but an endpoint must never send (RFC 6455, section 7.4.1). */
const RESERVED_CLOSE_CODES = new Set([1005, 1006, 1015]);

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
    const staff: SocketStaff = {
      staffId: request.headers.get(STAFF_ID_HEADER) ?? "",
      name: decodeURIComponent(request.headers.get(STAFF_NAME_HEADER) ?? ""),
      ticketId: null,
      state: "idle",
    };
    server.serializeAttachment(staff);
    const since = Number(new URL(request.url).searchParams.get("since") ?? "NaN");
    if (Number.isFinite(since)) {
      for (const event of await this.eventsSince(since)) server.send(JSON.stringify(event));
    }
    server.send(JSON.stringify({ type: "hello", seq: await this.lastSeq() }));
    // Who is already looking at what, so a fresh tab shows presence at once.
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === server) continue;
      const other = socketStaff(ws);
      if (other?.ticketId && other.state !== "idle") server.send(JSON.stringify(presenceOf(other)));
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Records an event and sends it to every connected tab. */
  async publish(event: FeedEvent): Promise<SequencedFeedEvent> {
    const seq = (await this.lastSeq()) + 1;
    const sequenced: SequencedFeedEvent = { ...event, seq, at: new Date().toISOString() };
    await this.ctx.storage.put({ seq, [`e:${seq.toString().padStart(12, "0")}`]: sequenced });
    if (seq > BACKLOG) await this.ctx.storage.delete(`e:${(seq - BACKLOG).toString().padStart(12, "0")}`);
    this.broadcast(JSON.stringify(sequenced));
    return sequenced;
  }

  /** Events after `since`, oldest first. */
  async eventsSince(since: number): Promise<SequencedFeedEvent[]> {
    const start = `e:${(Math.max(0, since) + 1).toString().padStart(12, "0")}`;
    const map = await this.ctx.storage.list<SequencedFeedEvent>({ prefix: "e:", start, limit: BACKLOG });
    return [...map.values()];
  }

  /** `ping` -> `pong`; `{"type":"presence","ticketId","state"}` is relayed to the other tabs. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (message === "ping") {
      ws.send("pong");
      return;
    }
    if (typeof message !== "string" || message.length > 1_000) return;
    let data: unknown;
    try {
      data = JSON.parse(message);
    } catch {
      return;
    }
    const msg = data as { type?: unknown; ticketId?: unknown; state?: unknown };
    if (msg?.type !== "presence") return;
    const staff = socketStaff(ws);
    if (!staff) return;
    const state = (PRESENCE_STATES as readonly unknown[]).includes(msg.state) ? (msg.state as PresenceState) : null;
    const ticketId = typeof msg.ticketId === "string" && TICKET_ID.test(msg.ticketId) ? msg.ticketId : null;
    if (!state || !ticketId) {
      ws.send(JSON.stringify({ type: "error", code: "bad_presence", message: "Send {type, ticketId, state}" }));
      return;
    }
    // Moving to another ticket ends presence on the previous one.
    if (staff.ticketId && staff.ticketId !== ticketId && staff.state !== "idle") {
      this.broadcast(JSON.stringify(presenceOf({ ...staff, state: "idle" })), ws);
    }
    const next: SocketStaff = { ...staff, ticketId: state === "idle" ? null : ticketId, state };
    ws.serializeAttachment(next);
    this.broadcast(JSON.stringify(presenceOf({ ...next, ticketId })), ws);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.leave(ws);
    // 1005, 1006 and 1015 only report what happened; they may not be sent in a close frame.
    ws.close(RESERVED_CLOSE_CODES.has(code) ? 1000 : code, "closing");
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.leave(ws);
  }

  /** A closing tab is no longer viewing anything: tell the others once. */
  private leave(ws: WebSocket): void {
    const staff = socketStaff(ws);
    if (!staff?.ticketId || staff.state === "idle") return;
    ws.serializeAttachment({ ...staff, ticketId: null, state: "idle" });
    this.broadcast(JSON.stringify(presenceOf({ ...staff, state: "idle" })), ws);
  }

  private broadcast(data: string, except?: WebSocket): void {
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except) continue;
      try {
        ws.send(data);
      } catch {
        // A socket closing under us is fine; its tab catches up on reconnect.
      }
    }
  }

  private async lastSeq(): Promise<number> {
    return (await this.ctx.storage.get<number>("seq")) ?? 0;
  }
}

function socketStaff(ws: WebSocket): SocketStaff | null {
  try {
    return (ws.deserializeAttachment() as SocketStaff | null) ?? null;
  } catch {
    return null;
  }
}

function presenceOf(s: SocketStaff): PresenceEvent {
  return { type: "presence", ticketId: s.ticketId ?? "", staffId: s.staffId, name: s.name, state: s.state };
}
