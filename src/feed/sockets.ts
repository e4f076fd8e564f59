/**
 * The FeedHub's sockets (src/feed/hub.ts): who each staff tab is (its hibernation attachment), sending to all tabs or
 * to one colleague's, presence relayed between tabs, and closing the tabs whose credentials ended.
 */
import { CREDENTIALS_ENDED, PRESENCE_STATES, type PresenceState, presenceOf, type SocketStaff } from "./protocol";

const TICKET_ID = /^[a-z]{2,4}_[a-z0-9]{1,60}$/;

/** The staff member behind a socket, from its attachment (null when it has none or it cannot be read). */
export function socketStaff(ws: WebSocket): SocketStaff | null {
  try {
    const s = ws.deserializeAttachment() as Partial<SocketStaff> | null;
    if (!s) return null;
    return {
      staffId: s.staffId ?? "",
      name: s.name ?? "",
      tokenId: s.tokenId ?? null,
      sessionId: s.sessionId ?? null,
      bootstrapEpoch: s.bootstrapEpoch ?? null,
      ticketId: s.ticketId ?? null,
      state: s.state ?? "idle",
    };
  } catch {
    return null;
  }
}

/** Sends `data` to every socket but `except`. A socket closing under us is fine: its tab catches up on reconnect. */
export function broadcast(sockets: WebSocket[], data: string, except?: WebSocket): void {
  for (const ws of sockets) {
    if (ws !== except) trySend(ws, data);
  }
}

/** Sends `data` to one colleague's tabs only (a mention). */
export function sendTo(sockets: WebSocket[], staffId: string, data: string): void {
  if (!staffId) return;
  for (const ws of sockets) {
    if (socketStaff(ws)?.staffId === staffId) trySend(ws, data);
  }
}

function trySend(ws: WebSocket, data: string): void {
  try {
    ws.send(data);
  } catch {
    // Closing: the tab catches up on reconnect.
  }
}

/** A closing tab is no longer viewing anything: tell the others once. */
export function leave(sockets: WebSocket[], ws: WebSocket): void {
  const staff = socketStaff(ws);
  if (!staff?.ticketId || staff.state === "idle") return;
  ws.serializeAttachment({ ...staff, ticketId: null, state: "idle" });
  broadcast(sockets, JSON.stringify(presenceOf({ ...staff, state: "idle" })), ws);
}

/** Closes the sockets whose staff `test` matches (CREDENTIALS_ENDED, with `reason`); returns how many. */
export function closeWhere(sockets: WebSocket[], test: (s: SocketStaff) => boolean, reason: string): number {
  let closed = 0;
  for (const ws of sockets) {
    const staff = socketStaff(ws);
    if (!staff || !test(staff)) continue;
    leave(sockets, ws);
    // Never matched (nor shown as present) again, whatever happens to the close handshake.
    const ended: SocketStaff = {
      ...staff,
      staffId: "",
      tokenId: null,
      sessionId: null,
      bootstrapEpoch: null,
      ticketId: null,
      state: "idle",
    };
    ws.serializeAttachment(ended);
    try {
      ws.close(CREDENTIALS_ENDED, reason);
    } catch {
      // Already closing.
    }
    closed++;
  }
  return closed;
}

/** `{"type":"presence","ticketId","state"}` from a tab: its new presence is stored and relayed to the other tabs. */
export function relayPresence(
  sockets: WebSocket[],
  ws: WebSocket,
  staff: SocketStaff,
  msg: Record<string, unknown>,
): void {
  const state = (PRESENCE_STATES as readonly unknown[]).includes(msg.state) ? (msg.state as PresenceState) : null;
  const ticketId = typeof msg.ticketId === "string" && TICKET_ID.test(msg.ticketId) ? msg.ticketId : null;
  if (!state || !ticketId) {
    ws.send(JSON.stringify({ type: "error", code: "bad_presence", message: "Send {type, ticketId, state}" }));
    return;
  }
  // Moving to another ticket ends presence on the previous one.
  if (staff.ticketId && staff.ticketId !== ticketId && staff.state !== "idle") {
    broadcast(sockets, JSON.stringify(presenceOf({ ...staff, state: "idle" })), ws);
  }
  const next: SocketStaff = { ...staff, ticketId: state === "idle" ? null : ticketId, state };
  ws.serializeAttachment(next);
  broadcast(sockets, JSON.stringify(presenceOf({ ...next, ticketId })), ws);
}
