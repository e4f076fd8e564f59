/**
 * The room socket: the chat token rides in Sec-WebSocket-Protocol (never the URL). Reconnects with
 * backoff; each (re)open calls `onOpen` (the page catches up there); a ping every 20 s, and a socket
 * silent for 45 s is taken for dead (a dropped network does not always close it).
 */
import { backoffDelay } from "./timing";
import type { ClientFrame, ServerFrame } from "./types";

export interface LiveOptions {
  /** Path of the socket, like `/api/chat/socket`. */
  path: string;
  /** The sub-protocols after `relaydesk-chat` (the token), or none. */
  credentials: () => string[];
  onFrame: (frame: ServerFrame) => void;
  onOpen: () => void;
  onDown: (attempt: number) => void;
}

const PING_MS = 20_000;
const SILENT_MS = 45_000;

export function connectLive(opts: LiveOptions) {
  let ws: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  let lastHeard = 0;
  let stopped = false;

  const url = () => `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${opts.path}`;

  const drop = (socket: WebSocket) => {
    if (ws !== socket) return;
    ws = null;
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
    try {
      socket.close();
    } catch {
      // already closed
    }
    if (stopped) return;
    opts.onDown(attempt);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(open, backoffDelay(attempt++));
  };

  function open() {
    retryTimer = null;
    if (stopped || ws) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url(), ["relaydesk-chat", ...opts.credentials()]);
    } catch {
      retryTimer = setTimeout(open, backoffDelay(attempt++));
      return;
    }
    ws = socket;
    socket.onopen = () => {
      attempt = 0;
      lastHeard = Date.now();
      pingTimer = setInterval(() => {
        if (Date.now() - lastHeard > SILENT_MS) return drop(socket);
        send({ type: "ping" });
      }, PING_MS);
      opts.onOpen();
    };
    socket.onmessage = (e) => {
      lastHeard = Date.now();
      if (typeof e.data !== "string" || e.data.length > 1_000_000) return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(e.data) as ServerFrame;
      } catch {
        return;
      }
      if (frame && typeof frame.type === "string") opts.onFrame(frame);
    };
    socket.onclose = () => drop(socket);
    socket.onerror = () => drop(socket);
  }

  function send(frame: ClientFrame): boolean {
    if (ws?.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  const online = () => {
    // The network is back: try at once instead of waiting out the backoff.
    attempt = 0;
    if (ws) return drop(ws); // it may look open yet be dead: a fresh one catches up
    if (retryTimer) clearTimeout(retryTimer);
    open();
  };
  window.addEventListener("online", online);
  open();

  return {
    send,
    get open(): boolean {
      return ws?.readyState === WebSocket.OPEN;
    },
    /** Closes and opens again (new credentials). */
    restart() {
      if (ws) {
        const socket = ws;
        ws = null;
        if (pingTimer) clearInterval(pingTimer);
        socket.onclose = null;
        socket.close();
      }
      attempt = 0;
      if (retryTimer) clearTimeout(retryTimer);
      open();
    },
    stop() {
      stopped = true;
      window.removeEventListener("online", online);
      if (retryTimer) clearTimeout(retryTimer);
      if (pingTimer) clearInterval(pingTimer);
      ws?.close();
      ws = null;
    },
  };
}

export type Live = ReturnType<typeof connectLive>;
