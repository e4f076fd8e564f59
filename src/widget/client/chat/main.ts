/**
 * The chat page's script (inside the widget's iframe on the desk's origin). Session token in this
 * origin's localStorage (the host page cannot read it); messages over HTTP with a clientId per message
 * (retried with the same id, so nothing doubles), live frames over the room socket, catch-up on every
 * reconnect. Identity and visibility come from the loader by postMessage, trusted only from window.parent.
 */
import type { HostIdentity } from "../frames";
import { ChatApiError, fetchMessagesAfter, identityRefused, openSession, sendMessage, sessionGone } from "./api";
import { type Draft, setupComposer } from "./composer";
import { byId } from "./dom";
import { embedded, listenToHost, toParent } from "./host";
import { connectLive, type Live } from "./live";
import { createOutbox, type SendOutcome } from "./outbox";
import { savedGuestToken, savedPending, savedToken, savePending, saveSession } from "./saved";
import { lastMessageId, mergeMessages, newClientId, type PendingMessage, unreadCount } from "./state";
import { chatTexts } from "./texts";
import { backoffDelay, createTypingThrottle } from "./timing";
import { turnstileToken } from "./turnstile";
import type { ChatButton, ChatMessage, ChatSession, ChatTicket, Lang, ServerFrame } from "./types";
import { renderBanner, renderHeader, renderLog, renderQuickReplies, renderTyping, type ViewState } from "./view";

const boot = JSON.parse(byId("rd-chat-boot").textContent || "{}") as { lang?: Lang };
const lang: Lang = boot.lang === "zh" ? "zh" : "en";
const tx = chatTexts(lang);

const state: ViewState = {
  messages: [],
  pending: [],
  ticket: null,
  history: [],
  staffReadAt: null,
  settings: null,
  visitor: null,
  identityFailed: false,
};
let token: string | null = null;
let identity: HostIdentity | null = null;
let visible = !embedded;
let seenUpTo: string | null = null;
let readSent: string | null = null;
let lastUnread = -1;
let live: Live | null = null;
let blocked = false;
let needsTurnstile = false;
let typingTimer: ReturnType<typeof setTimeout> | null = null;

const actions = {
  action: (b: ChatButton) => queue({ text: b.text, files: [] }, b.data),
  retry: (clientId: string) => outbox.retry(clientId),
  discard: (clientId: string) => outbox.discard(clientId),
};

function draw(): void {
  state.pending = outbox.items;
  renderHeader(state, tx);
  renderLog(state, tx, actions);
  renderQuickReplies(state, actions);
  noticeSeen();
}

/** The visitor sees the chat: mark read (a `read` frame) and clear the badge; else count unread. */
function noticeSeen(): void {
  const newest = lastMessageId(state.messages);
  if (visible && document.visibilityState === "visible") {
    seenUpTo = newest;
    const lastOther = [...state.messages].reverse().find((m) => m.author !== "customer");
    if (lastOther && readSent !== lastOther.id && live?.send({ type: "read", upTo: lastOther.id }))
      readSent = lastOther.id;
  }
  const unread = visible ? 0 : unreadCount(state.messages, seenUpTo);
  if (unread !== lastUnread) {
    lastUnread = unread;
    toParent({ type: "rd:unread", count: unread });
  }
}

function takeMessages(incoming: ChatMessage[], ticket?: ChatTicket | null): void {
  if (ticket) state.ticket = ticket;
  state.messages = mergeMessages(state.messages, incoming);
  outbox.settle(incoming);
  draw();
}

let bannerUntil = 0;
/** Tells the visitor what an error code means for them (and stops the composer when they are blocked). */
function problem(code: string, retryAfterMs?: number): void {
  if (code === "visitor_blocked") {
    blocked = true;
    composer.setEnabled(false);
    renderBanner(tx.blocked, "error");
  } else if (code === "rate_limited") {
    const seconds = Math.max(1, Math.ceil((retryAfterMs ?? 30_000) / 1000));
    bannerUntil = Date.now() + seconds * 1000;
    renderBanner(tx.rateLimited(seconds), "error");
    setTimeout(connectionBanner, seconds * 1000 + 50);
  } else if (code === "turnstile_required" || code === "turnstile_failed") {
    needsTurnstile = Boolean(state.settings?.turnstileSiteKey);
    turnstile = null;
    renderBanner(code === "turnstile_failed" ? tx.turnstileFailed : tx.turnstile, "error");
  } else if (code === "message_too_long") renderBanner(tx.tooLong(state.settings?.maxChars ?? 4000), "error");
  else if (code === "validation_failed") renderBanner(tx.invalid, "error");
  else if (/^(file_|attachment|payload_too_large|too_large|http_413)/.test(code)) renderBanner(tx.tooLarge, "error");
}

function connectionBanner(): void {
  if (blocked || Date.now() < bannerUntil) return;
  if (!navigator.onLine) renderBanner(tx.offline, "error");
  else if (token && live && !live.open) renderBanner(tx.reconnecting);
  else renderBanner("");
}

let turnstile: Promise<string> | null = null;
async function send(p: PendingMessage): Promise<SendOutcome> {
  if (!token) return { ok: false, retry: true, code: "network" };
  let check: string | undefined;
  const siteKey = state.settings?.turnstileSiteKey;
  if (needsTurnstile && siteKey) {
    renderBanner(tx.turnstile);
    turnstile ??= turnstileToken(byId("turnstile"), siteKey, lang);
    check = await turnstile;
    connectionBanner();
  }
  const outcome = await sendMessage(token, p, check);
  if (check) turnstile = null; // a token works once
  if (outcome.ok) needsTurnstile = false;
  if (!outcome.ok && sessionGone(outcome.code)) {
    await startSession();
    return { ok: false, retry: true, code: "network", retryAfterMs: 100 };
  }
  return outcome;
}

const outbox = createOutbox({
  send,
  onStored: (message, ticket) => {
    if (!state.ticket && ticket) toParent({ type: "rd:started" });
    takeMessages([message], ticket);
  },
  onChange: () => {
    savePending(outbox.items);
    if (state.settings) draw();
  },
  onError: problem,
});

function queue(draft: Draft, action?: string): boolean {
  if (blocked) return false;
  typing.stop();
  outbox.add({
    clientId: newClientId(),
    text: draft.text,
    ...(action ? { action } : {}),
    files: draft.files,
    createdAt: new Date().toISOString(),
    status: "sending",
  });
  return true;
}

const typing = createTypingThrottle({ send: (on) => void live?.send({ type: "typing", typing: on }) });

const composer = setupComposer({
  tx,
  settings: () => state.settings,
  onSend: (draft) => queue(draft),
  onInput: () => typing.input(),
  onProblem: (text) => renderBanner(text, "error"),
});
byId("human").addEventListener("click", () => {
  if (state.settings && !state.settings.online) renderBanner(tx.humanOffline);
  queue({ text: tx.human, files: [] }, "human");
});

function onFrame(frame: ServerFrame): void {
  if (frame.type === "message" && frame.message) {
    if (frame.message.author !== "customer") renderTyping("");
    takeMessages([frame.message], frame.ticket ?? null);
  } else if (frame.type === "typing" && frame.from === "staff") {
    if (typingTimer) clearTimeout(typingTimer);
    renderTyping(frame.typing ? tx.typing(frame.name ?? null) : "");
    // A lost "stopped typing" must not leave the line up forever.
    if (frame.typing) typingTimer = setTimeout(() => renderTyping(""), 10_000);
  } else if (frame.type === "read" && frame.by === "staff" && typeof frame.at === "string") {
    if (!state.staffReadAt || frame.at > state.staffReadAt) state.staffReadAt = frame.at;
    draw();
  } else if (frame.type === "ticket" && frame.ticket) {
    state.ticket = frame.ticket;
    draw();
  }
}

/**
 * The newest message up to which the visitor's copy is known to be whole (from the session or a catch-up):
 * the `after=` of the next catch-up. A message the visitor's own send brought back, or a push, does not
 * move it, since a staff reply written while the socket was down may sit before it.
 */
let syncedUpTo: string | null = null;

async function catchUp(): Promise<void> {
  if (!token) return;
  try {
    const got = await fetchMessagesAfter(token, syncedUpTo);
    takeMessages(got.messages, got.ticket);
    syncedUpTo = lastMessageId(got.messages) ?? syncedUpTo;
  } catch (err) {
    if (err instanceof ChatApiError && sessionGone(err.code)) return void startSession();
  }
  outbox.retryNow();
  connectionBanner();
}

function applySession(s: ChatSession, owner: string): void {
  saveSession(s.token, owner);
  token = s.token;
  state.visitor = s.visitor;
  state.ticket = s.ticket;
  state.history = Array.isArray(s.history) ? s.history : [];
  state.settings = s.settings;
  state.messages = mergeMessages([], s.messages ?? []);
  syncedUpTo = lastMessageId(state.messages);
  needsTurnstile = Boolean(s.settings?.turnstileSiteKey) && !state.messages.some((m) => m.author === "customer");
  const limits = byId("limits");
  limits.textContent = tx.limits(s.settings.maxCount, (s.settings.maxBytes / 1024 / 1024).toFixed(0));
  byId<HTMLTextAreaElement>("text").maxLength = s.settings.maxChars;
  outbox.settle(state.messages);
  // Sent before a reload but never confirmed: sent again with the same clientId (stored at most once).
  const stored = new Set(state.messages.map((m) => m.clientId));
  for (const p of savedPending()) {
    if (!stored.has(p.clientId) && !outbox.items.some((i) => i.clientId === p.clientId)) outbox.add(p);
  }
  draw();
  if (live) live.restart();
  else
    live = connectLive({
      path: "/api/chat/socket",
      credentials: () => (token ? [token] : []),
      onFrame,
      onOpen: () => {
        readSent = null;
        void catchUp();
      },
      // A socket refused again and again while online may be an ended or expired token (refused before the
      // upgrade, which a browser does not show): a catch-up over HTTP finds out and starts a new session then.
      onDown: (attempt) => {
        connectionBanner();
        if (attempt >= 2 && navigator.onLine) void catchUp();
      },
    });
  connectionBanner();
}

let sessionAttempt = 0;
let starting: Promise<void> | null = null;
function startSession(): Promise<void> {
  starting ??= (async () => {
    const owner = identity?.userId ?? "";
    // The stored token goes along whoever it belonged to: the server resumes it only for its own visitor, and a
    // logged-in user's token presented after a log-out (or by another user) is ended there, never resumed.
    const stored = savedToken();
    try {
      let session: ChatSession;
      try {
        session = await openSession({ token: stored, identity, lang });
        state.identityFailed = false;
      } catch (err) {
        if (!(err instanceof ChatApiError && identityRefused(err.code))) throw err;
        state.identityFailed = true;
        const guest = savedGuestToken();
        session = await openSession({ token: guest, identity: null, lang });
        applySession(session, "");
        return;
      }
      sessionAttempt = 0;
      applySession(session, owner);
    } catch (err) {
      const code = err instanceof ChatApiError ? err.code : "network";
      if (code === "visitor_blocked" || code === "rate_limited") problem(code, (err as ChatApiError).retryAfterMs);
      else renderBanner(navigator.onLine ? tx.unavailable : tx.offline, "error");
      if (code !== "visitor_blocked") setTimeout(() => void startSession(), backoffDelay(sessionAttempt++) + 1000);
    } finally {
      starting = null;
    }
  })();
  return starting;
}

listenToHost({
  init: (who, shown) => {
    identity = who;
    visible = shown;
    initialised();
  },
  identity: (who) => {
    identity = who;
    void startSession();
  },
  visible: (shown) => {
    visible = shown;
    if (visible) composer.focus();
    noticeSeen();
  },
});
document.addEventListener("visibilitychange", noticeSeen);
window.addEventListener("online", () => {
  connectionBanner();
  outbox.retryNow();
});
window.addEventListener("offline", connectionBanner);

let started = false;
function initialised(): void {
  if (started) return;
  started = true;
  void startSession();
}

renderBanner(tx.connecting);
if (embedded) {
  toParent({ type: "rd:ready" });
  // A loader that never answers (opened some other way): go on as a guest.
  setTimeout(initialised, 3_000);
} else initialised();
