/**
 * Live chat in the inbox: on a chat ticket (metadata source "chat") the header's live line (label,
 * whether the customer is on the page, "typing…"), "Seen" under the staff replies the customer has
 * read, the identity badges of widget users, the list's "live" marker, and the agent's own typing
 * sent to the customer's widget (POST /api/staff/tickets/:id/typing, throttled). The logic is in
 * ./chat-state.ts; this module only reads it into the DOM.
 */
import { api, ok, WRITE } from "./api";
import { T } from "./boot";
import {
  applyChatActivity,
  type ChatActivity,
  type ChatLive,
  chatIdentityKind,
  createTypingThrottle,
  isChatTicket,
  isTyping,
  liveFromDetail,
  seenReplyIds,
  TYPING_FADE_MS,
} from "./chat-state";
import { byId, dtf, fill, h } from "./dom";
import { replyTargetOf } from "./reply-target";
import { state } from "./store";

const C = T.chat;
/** ticketId -> what its room last said (from the ticket's `live` field and the feed's chat.activity events). */
const live = new Map<string, ChatLive>();
/** The `live` objects of ticket answers already read (a redraw of the same answer must not undo newer feed news). */
const readLive = new WeakSet<object>();

function openChatLive(): ChatLive | null {
  const d = state.detail;
  if (!d || !isChatTicket(d.ticket)) return null;
  const fromApi = (d as { live?: { online?: unknown; typing?: unknown; customerReadAt?: unknown } | null }).live;
  if (fromApi && !readLive.has(fromApi)) {
    readLive.add(fromApi);
    const next = liveFromDetail(fromApi, live.get(d.ticket.id), Date.now());
    if (next) live.set(d.ticket.id, next);
    // The list's marker follows what the ticket says (after the current redraw).
    queueMicrotask(markListRows);
  }
  return live.get(d.ticket.id) ?? null;
}

/** The header's live line of the open ticket, or null when it is not a chat. */
export function chatLiveLine(): HTMLElement | null {
  if (!state.detail || !isChatTicket(state.detail.ticket)) return null;
  const line = h("p", { id: "rd-chat-live", class: "chat-live" });
  drawLine(line, openChatLive());
  return line;
}

function drawLine(line: HTMLElement, l: ChatLive | null): void {
  const typing = isTyping(l, Date.now());
  line.dataset.online = l ? String(l.online) : "unknown";
  line.dataset.typing = String(typing);
  fill(
    line,
    h("span", { class: "badge chat-label", text: C.liveChat }),
    l
      ? h(
          "span",
          { class: `chat-presence ${l.online ? "on" : "off"}`, id: "rd-chat-online" },
          h("span", { class: "chat-dot", "aria-hidden": "true" }),
          l.online ? C.online : C.offline,
        )
      : null,
    // Its own live region: "typing…" is read out when it appears, not every redraw of the header.
    h("span", { class: "chat-typing", id: "rd-chat-typing", "aria-live": "polite", text: typing ? C.typing : "" }),
  );
}

/** Redraws what live chat shows of the open ticket and the list's markers. */
export function renderChatLive(): void {
  const line = byId("rd-chat-live");
  if (line) drawLine(line, openChatLive());
  markSeen();
  markListRows();
}

/** "Seen" under the open ticket's staff replies the customer has read (after each thread redraw). */
export function markSeen(): void {
  const d = state.detail;
  const ol = byId("rd-thread");
  if (!d || !ol || !isChatTicket(d.ticket)) return;
  const readAt = openChatLive()?.customerReadAt ?? null;
  const seen = seenReplyIds(d.messages, readAt);
  for (const li of ol.querySelectorAll<HTMLElement>("li.msg[data-id]")) {
    const has = li.querySelector(".chat-seen");
    if (seen.has(li.dataset.id ?? "")) {
      if (!has && readAt) {
        const title = C.seenTitle.split("{time}").join(dtf.format(new Date(readAt)));
        li.appendChild(h("div", { class: "chat-seen", "data-seen": "true", title, text: `✓ ${C.seen}` }));
      }
    } else has?.remove();
  }
}

/** The list's "live" marker: a chat ticket whose customer is on the page now. */
export function liveMarker(ticketId: string): HTMLElement | null {
  if (!live.get(ticketId)?.online) return null;
  return h("span", { class: "chat-live-mark", "data-live": "true", title: C.online, text: C.listOnline });
}

function markListRows(): void {
  for (const li of document.querySelectorAll<HTMLElement>("#rd-tickets li.row[data-id]")) {
    const mark = li.querySelector(".chat-live-mark");
    const want = liveMarker(li.dataset.id ?? "");
    const who = li.querySelector(".row-top .who");
    if (want && !mark && who) who.parentNode?.insertBefore(want, who.nextSibling);
    else if (!want) mark?.remove();
  }
}

let fadeTimer = 0;
/** A chat.activity event from the feed: the ticket's live state, then the views. */
export function onChatActivity(e: ChatActivity): void {
  const next = applyChatActivity(live.get(e.ticketId), e, Date.now());
  live.set(e.ticketId, next);
  if (next.typing) {
    // A "typing" whose end never comes fades out (redraw just after the fade).
    clearTimeout(fadeTimer);
    fadeTimer = window.setTimeout(renderChatLive, TYPING_FADE_MS + 100);
  }
  renderChatLive();
}

/** The identity badge of a widget user (verified) or an anonymous visitor; null for other identities. */
export function chatIdentityBadge(i: { externalId: string; verified?: boolean }): HTMLElement | null {
  const kind = chatIdentityKind(i);
  if (!kind) return null;
  return kind === "verified"
    ? h("span", {
        class: "badge verified chat-verified",
        "data-verified": "true",
        title: C.verifiedHint,
        text: C.verified,
      })
    : h("span", {
        class: "badge late chat-visitor",
        "data-verified": "false",
        title: C.unverifiedHint,
        text: C.unverifiedVisitor,
      });
}

/** The agent's typing, sent to the chat ticket's room (at most every 3 s; false on send, blur, clear or idle). */
export const chatTyping = createTypingThrottle({
  send: (ticketId, typing) => {
    // Into the conversation the reply answers (reply-target.ts): on a merged ticket, never another customer's chat.
    const target = replyTargetOf(state.detail?.ticket.id === ticketId ? state.detail : null, {
      replyTo: state.replyTo,
      pinned: state.replyPinned,
    });
    const json = target ? { typing, conversationId: target.ticketId } : { typing };
    ok(api.tickets[":id"].typing.$post({ param: { id: ticketId }, json }, WRITE)).catch(() => {
      // Best effort: the customer sees no typing dots, nothing else is lost.
    });
  },
});

/** The reply box changed: only a chat ticket's customer hears about it. */
export function onReplyInput(ticketId: string, text: string): void {
  const d = state.detail;
  if (!d || d.ticket.id !== ticketId || !isChatTicket(d.ticket)) return;
  chatTyping.input(ticketId, text);
}
