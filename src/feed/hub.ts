/**
 * FeedHub: one Durable Object that fans staff-feed events out to every open staff tab over
 * hibernatable WebSockets, keeps recent events so a reconnecting tab can catch up, and relays
 * presence ("Li is viewing / typing on RD-1042") between tabs.
 */
import { DurableObject } from "cloudflare:workers";
import type { FeedEvent } from "../core/channel";
import type { Env } from "../env";
import * as assign from "./auto-assign";
import {
  BOOTSTRAP_EPOCH_HEADER,
  CREDENTIALS_ENDED,
  type HelloEvent,
  isFor,
  presenceOf,
  type SequencedFeedEvent,
  type SocketMatch,
  type SocketStaff,
  STAFF_ID_HEADER,
  STAFF_NAME_HEADER,
  STAFF_SESSION_HEADER,
  STAFF_TOKEN_HEADER,
  VIA_BOOTSTRAP_HEADER,
} from "./protocol";
import { broadcast, closeWhere, leave, relayPresence, sendTo, socketStaff } from "./sockets";

export * from "./protocol";

/** How many recent events a reconnecting client can catch up on. */
const BACKLOG = 500;

/** How long ended credentials are remembered, so a socket authenticated just before they ended is refused too. */
const ENDED_MEMORY_MS = 60_000;

/** Close codes a peer reports but an endpoint must never send (RFC 6455, section 7.4.1). */
const RESERVED_CLOSE_CODES = new Set([1005, 1006, 1015]);

export class FeedHub extends DurableObject<Env> {
  /** Credentials that ended in the last minute (in memory: the race it closes lasts milliseconds). */
  private ended: Array<{ test: (s: SocketStaff) => boolean; reason: string; until: number }> = [];
  /** New tickets are auto-assigned one after another (src/feed/auto-assign.ts). */
  private assigning = new assign.AssignQueue();

  /** Accepts a staff WebSocket (the Worker has authenticated it). `?since=<seq>` replays missed events. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return Response.json(
        { error: { code: "upgrade_required", message: "Expected a WebSocket upgrade" } },
        { status: 426 },
      );
    }
    const h = request.headers;
    // Sockets opened with a bootstrap secret that is no longer the current one end here, at the latest.
    const epoch = h.get(BOOTSTRAP_EPOCH_HEADER) ?? "";
    this.closeStaleBootstrap(epoch);
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    const staff: SocketStaff = {
      staffId: h.get(STAFF_ID_HEADER) ?? "",
      name: decodeURIComponent(h.get(STAFF_NAME_HEADER) ?? ""),
      tokenId: h.get(STAFF_TOKEN_HEADER) || null,
      sessionId: h.get(STAFF_SESSION_HEADER) || null,
      bootstrapEpoch: h.get(VIA_BOOTSTRAP_HEADER) === "1" ? epoch : null,
      ticketId: null,
      state: "idle",
    };
    server.serializeAttachment(staff);
    // Authenticated by the Worker just before its credentials ended: refuse it like the others.
    const now = Date.now();
    this.ended = this.ended.filter((e) => e.until > now);
    const ended = this.ended.find((e) => e.test(staff));
    if (ended) {
      server.close(CREDENTIALS_ENDED, ended.reason);
      return new Response(null, { status: 101, webSocket: client });
    }
    const since = Number(new URL(request.url).searchParams.get("since") ?? "NaN");
    if (Number.isFinite(since)) {
      for (const event of await this.eventsSince(since)) {
        if (isFor(event, staff.staffId)) server.send(JSON.stringify(event));
      }
    }
    const away = (await assign.awayStaff(this.ctx.storage)).has(staff.staffId);
    const hello: HelloEvent = { type: "hello", seq: await this.lastSeq(), away };
    server.send(JSON.stringify(hello));
    // Who is already looking at what, so a fresh tab shows presence at once.
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === server) continue;
      const other = socketStaff(ws);
      if (other?.ticketId && other.state !== "idle") server.send(JSON.stringify(presenceOf(other)));
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Publishes run one after another: two at once (a note and its mentions) would otherwise take the same seq. */
  private publishing: Promise<unknown> = Promise.resolve();
  /** The last stored seq, read once per object: only record() writes it (one at a time) and keeps this in step. */
  private seq: number | null = null;

  /** Records an event and sends it to every connected tab. */
  async publish(event: FeedEvent): Promise<SequencedFeedEvent> {
    const run = this.publishing.then(() => this.record(event));
    this.publishing = run.catch(() => {});
    const sequenced = await run;
    // After the event is out (and outside the one-at-a-time chain, which the assignment's own publish joins).
    if (event.type === "ticket.created") await this.assigning.run(() => this.autoAssign(event.ticketId));
    return sequenced;
  }

  private async record(event: FeedEvent): Promise<SequencedFeedEvent> {
    const seq = (await this.lastSeq()) + 1;
    const sequenced: SequencedFeedEvent = { ...event, seq, at: new Date().toISOString() };
    await this.ctx.storage.put({ seq, [`e:${seq.toString().padStart(12, "0")}`]: sequenced });
    this.seq = seq;
    if (seq > BACKLOG) await this.ctx.storage.delete(`e:${(seq - BACKLOG).toString().padStart(12, "0")}`);
    // An event for one staff member (a mention) reaches only their tabs; the others see a gap in seq, nothing more.
    if ("toStaffId" in sequenced) this.sendTo(sequenced.toStaffId, JSON.stringify(sequenced));
    else this.broadcast(JSON.stringify(sequenced));
    return sequenced;
  }

  /** Gives a new ticket to the next available agent when the desk has auto-assign on, and tells the tabs. */
  private async autoAssign(ticketId: string): Promise<void> {
    const assigneeId = await assign.autoAssign(
      { storage: this.ctx.storage, env: this.env, staff: this.onSockets() },
      ticketId,
    );
    if (assigneeId) {
      await this.publish({ type: "ticket.updated", ticketId, changes: ["assigneeId"], assigneeId, autoAssigned: true });
    }
  }

  /** Who has a feed socket open, and whether they said "away". */
  async onlineStaff(): Promise<assign.OnlineStaff[]> {
    return assign.onlineStaff(this.ctx.storage, this.onSockets());
  }

  private onSockets(): Array<{ ws: WebSocket; staffId: string; name: string }> {
    return this.ctx.getWebSockets().flatMap((ws) => {
      const s = socketStaff(ws);
      return s?.staffId ? [{ ws, staffId: s.staffId, name: s.name }] : [];
    });
  }

  /**
   * Closes the sockets opened with credentials that just ended (CREDENTIALS_ENDED, with `reason`); returns how many.
   * The revoke, disable and sign-out routes call it, so a tab loses the feed the moment its credentials do.
   */
  async closeSockets(match: SocketMatch, reason: string): Promise<number> {
    const fields = (["staffId", "tokenId", "sessionId"] as const).filter((k) => typeof match[k] === "string");
    if (!fields.length) return 0;
    const test = (s: SocketStaff) => fields.every((k) => s[k] === match[k]);
    this.ended.push({ test, reason, until: Date.now() + ENDED_MEMORY_MS });
    return this.closeWhere(test, reason);
  }

  /** Closes the sockets opened with a bootstrap secret other than the one of `epoch` (the current one). */
  async closeStaleBootstrapSockets(epoch: string): Promise<number> {
    return this.closeStaleBootstrap(epoch);
  }

  private closeStaleBootstrap(epoch: string): number {
    return this.closeWhere((s) => s.bootstrapEpoch !== null && s.bootstrapEpoch !== epoch, "bootstrap token changed");
  }

  private closeWhere(test: (s: SocketStaff) => boolean, reason: string): number {
    return closeWhere(this.ctx.getWebSockets(), test, reason);
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
    const msg = (data ?? {}) as Record<string, unknown>;
    const staff = socketStaff(ws);
    if (!staff?.staffId) return;
    if (msg.type === "availability" && typeof msg.away === "boolean") {
      await assign.setAway(this.ctx.storage, staff.staffId, msg.away, this.onSockets());
      return;
    }
    if (msg.type === "presence") relayPresence(this.ctx.getWebSockets(), ws, staff, msg);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.leave(ws);
    try {
      // 1005, 1006 and 1015 only report what happened; they may not be sent in a close frame.
      ws.close(RESERVED_CLOSE_CODES.has(code) ? 1000 : code, "closing");
    } catch {
      // We closed it first (credentials ended): the handshake is complete.
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.leave(ws);
  }

  private leave(ws: WebSocket): void {
    leave(this.ctx.getWebSockets(), ws);
  }

  private broadcast(data: string): void {
    broadcast(this.ctx.getWebSockets(), data);
  }

  private sendTo(staffId: string, data: string): void {
    sendTo(this.ctx.getWebSockets(), staffId, data);
  }

  private async lastSeq(): Promise<number> {
    const stored = this.seq ?? (await this.ctx.storage.get<number>("seq")) ?? 0;
    this.seq ??= stored;
    return this.seq;
  }
}
