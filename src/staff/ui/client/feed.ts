/**
 * The live feed: one WebSocket to /api/staff/feed that catches up with `?since=<last seq>` after a
 * drop, reconnects with backoff, applies events to the list and reloads what they touch, and
 * carries presence both ways.
 */
import { api, ok } from "./api";
import { showAvailability } from "./availability";
import { me, T } from "./boot";
import { onChatActivity } from "./chat-live";
import { chatActivityOf } from "./chat-state";
import { renderCollision } from "./collision-ui";
import { $, byId } from "./dom";
import { applyFeedEvent, presenceText, renderList, scheduleRefresh } from "./list";
import { notifyOnEvent } from "./notifications";
import { scheduleContact } from "./panel";
import { applyPresence, expirePresence } from "./presence";
import { eventNames, isNewEvent } from "./state";
import { state } from "./store";
import { scheduleDetail } from "./ticket";
import type { FeedMessage, PresenceEvent, PresenceState } from "./types";

export const feed = {
  ws: null as WebSocket | null,
  attempt: 0,
  timer: 0,
  /** No reconnect before this time (ms; tests drop the feed and hold it down). */
  holdUntil: 0,
  opened: false,
  pingTimer: 0,
};

function setLive(status: keyof typeof T.feed): void {
  const el = $("rd-live");
  el.dataset.state = status;
  el.textContent = T.feed[status] ?? status;
}

export function connect(): void {
  clearTimeout(feed.timer);
  if (feed.ws) return;
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const since = state.lastSeq === null ? "" : `?since=${state.lastSeq}`;
  const ws = new WebSocket(`${proto}//${location.host}/api/staff/feed${since}`);
  feed.ws = ws;
  feed.opened = false;
  setLive("connecting");
  ws.addEventListener("open", () => {
    feed.opened = true;
    feed.attempt = 0;
    clearInterval(feed.pingTimer);
    feed.pingTimer = window.setInterval(() => ws.readyState === WebSocket.OPEN && ws.send("ping"), 25_000);
  });
  ws.addEventListener("message", (ev) => {
    if (typeof ev.data !== "string" || ev.data === "pong") return;
    let event: FeedMessage;
    try {
      event = JSON.parse(ev.data) as FeedMessage;
    } catch {
      return;
    }
    onEvent(event);
  });
  ws.addEventListener("close", (ev) => {
    if (feed.ws !== ws) return;
    feed.ws = null;
    clearInterval(feed.pingTimer);
    setLive("offline");
    // Refused before opening, or closed because the credentials ended (4401: token revoked, user disabled,
    // session revoked): ok() sends us to sign-in on the 401 that follows.
    if (!feed.opened || ev.code === 4401) ok(api.me.$get()).catch(() => {});
    scheduleReconnect();
  });
}

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 15 s. */
function scheduleReconnect(): void {
  const base = Math.min(15_000, 500 * 2 ** feed.attempt);
  feed.attempt += 1;
  const delay = Math.max(base / 2 + (Math.random() * base) / 2, feed.holdUntil - Date.now());
  clearTimeout(feed.timer);
  feed.timer = window.setTimeout(connect, delay);
}

let helloCount = 0;
function onEvent(e: FeedMessage): void {
  if (e.type === "hello") {
    helloCount += 1;
    if (typeof e.seq === "number") state.lastSeq = Math.max(state.lastSeq ?? 0, e.seq);
    setLive("live");
    // Whatever happened while we were away (or before the socket opened) is in a fresh fetch.
    scheduleRefresh();
    if (helloCount > 1 && state.selectedId) scheduleDetail();
    if (state.selectedId) sendPresence(state.selectedId, state.typingSince ? "typing" : "viewing");
    if (typeof e.away === "boolean") showAvailability(e.away);
    return;
  }
  if (e.type === "presence") {
    onPresence(e);
    return;
  }
  if (e.type === "availability") {
    showAvailability(e.away);
    return;
  }
  // A chat visitor came, went, typed or read: the live line and markers change, nothing needs refetching.
  const chat = chatActivityOf(e);
  if (chat) {
    const seq = (e as { seq?: unknown }).seq;
    if (typeof seq === "number" && !isNewEvent(state.lastSeq, seq)) return;
    if (typeof seq === "number") state.lastSeq = seq;
    onChatActivity(chat);
    return;
  }
  if (typeof e.seq !== "number" || !isNewEvent(state.lastSeq, e.seq)) return;
  state.lastSeq = e.seq;
  if (e.type === "ticket.created" && e.ticketId) {
    const id = e.ticketId;
    state.fresh.add(id);
    setTimeout(() => state.fresh.delete(id) && renderList(), 4000);
  }
  applyFeedEvent(e);
  notifyOnEvent(e);
  scheduleRefresh();
  const selected = state.selectedId;
  if (selected && eventNames(e, selected)) scheduleDetail();
  else if (state.contact?.tickets.some((pt) => eventNames(e, pt.id))) scheduleContact();
}

/** Tells the other tabs what this one is doing on a ticket (when the feed is up). */
export function sendPresence(ticketId: string | null, presenceState: PresenceState): void {
  const ws = feed.ws;
  if (!ticketId || !ws || ws.readyState !== WebSocket.OPEN) return;
  ws.send(JSON.stringify({ type: "presence", ticketId, state: presenceState }));
}

function onPresence(e: PresenceEvent): void {
  if (!e.ticketId || !e.staffId || e.staffId === me.staffId) return;
  if (e.name) state.names.set(e.staffId, e.name);
  const name = e.name || state.names.get(e.staffId) || T.staff;
  if (applyPresence(state.presence, e, { meId: me.staffId, name, now: Date.now() })) renderPresence();
}

function renderPresence(): void {
  renderList();
  const line = byId("rd-presence");
  if (line && state.selectedId) line.textContent = presenceText(state.selectedId) ?? "";
  renderCollision();
}

/** Drops presence not heard of for a minute (run every 10 s). */
export function expireStalePresence(): void {
  if (expirePresence(state.presence, Date.now())) renderPresence();
}
