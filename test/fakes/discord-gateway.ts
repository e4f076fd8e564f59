/**
 * A fake Discord gateway on 127.0.0.1 for the real discord.js Client: the fake REST API's
 * `GET /gateway/bot` points here; the WebSocket speaks HELLO (op 10), answers heartbeats
 * (op 1 -> op 11), and on IDENTIFY (op 2) dispatches READY; tests then dispatch events.
 * https://discord.com/developers/docs/events/gateway#connection-lifecycle
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { FakeDiscord } from "./discord-api";

export interface FakeGateway {
  url: string;
  /** IDENTIFY payloads received so far (token redacted). */
  identifies: Array<{ intents: number; properties: unknown }>;
  /** Resolves once a client has identified (and got READY). */
  identified(): Promise<void>;
  /** Sends a dispatch (op 0) to every identified client. */
  dispatch(event: string, data: unknown): void;
  close(): Promise<void>;
}

export const FAKE_BOT_USER = {
  id: "1100000000000000001",
  username: "relaydesk-fake",
  discriminator: "0",
  global_name: null,
  avatar: null,
  bot: true,
};

/** Starts the gateway and points `rest`'s `/gateway/bot` at it. */
export async function startFakeGateway(rest: FakeDiscord): Promise<FakeGateway> {
  const server = createServer((_req, res) => {
    res.writeHead(426);
    res.end();
  });
  const wss = new WebSocketServer({ server });
  const ready = new Set<WebSocket>();
  const identifies: FakeGateway["identifies"] = [];
  let seq = 0;
  let onIdentify: Array<() => void> = [];

  const send = (ws: WebSocket, payload: unknown) => ws.send(JSON.stringify(payload));

  wss.on("connection", (ws) => {
    send(ws, { op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    ws.on("message", (raw) => {
      const { op, d } = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (op === 1) send(ws, { op: 11, d: null, s: null, t: null });
      if (op === 2) {
        identifies.push({ intents: Number(d.intents), properties: d.properties });
        send(ws, {
          op: 0,
          t: "READY",
          s: ++seq,
          d: {
            v: 10,
            user: FAKE_BOT_USER,
            guilds: [],
            private_channels: [],
            session_id: `fake-session-${seq}`,
            resume_gateway_url: url,
            application: { id: FAKE_BOT_USER.id, flags: 0 },
          },
        });
        ready.add(ws);
        for (const resolve of onIdentify) resolve();
        onIdentify = [];
      }
    });
    ws.on("close", () => ready.delete(ws));
  });

  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rest.setGatewayUrl(url);

  return {
    url,
    identifies,
    identified: () =>
      ready.size ? Promise.resolve() : new Promise<void>((resolve) => onIdentify.push(() => resolve())),
    dispatch(event, data) {
      seq += 1;
      for (const ws of ready) send(ws, { op: 0, t: event, s: seq, d: data });
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => ok());
      }),
  };
}

/** A MESSAGE_CREATE for a DM (`channel_type: 1`, which discord.js needs to handle an uncached DM channel). */
export function dmMessageCreate(o: { id: string; channelId: string; userId: string; content: string; bot?: boolean }) {
  return {
    id: o.id,
    type: 0,
    channel_id: o.channelId,
    channel_type: 1,
    author: {
      id: o.userId,
      username: `user${o.userId.slice(-4)}`,
      discriminator: "0",
      global_name: "Mei",
      avatar: null,
      ...(o.bot ? { bot: true } : {}),
    },
    content: o.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
    components: [],
  };
}
