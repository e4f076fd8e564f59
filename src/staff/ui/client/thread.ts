/**
 * The open ticket's conversation: its messages with delivery states (and Retry), and, for a ticket
 * merged from several customers' tickets, whose conversation each message is and where a reply goes.
 */
import { api, ok, WRITE } from "./api";
import { attachmentList } from "./attachments";
import { T, tr } from "./boot";
import { markSeen } from "./chat-live";
import { isChatTicket } from "./chat-state";
import { showComposer } from "./compose";
import { byId, channelBadge, fail, fill, h, timeEl } from "./dom";
import { conversationIn, replyTargetOf } from "./reply-target";
import { state } from "./store";
import { loadDetail } from "./ticket";
import type { Conversation, ThreadMessage } from "./types";

function conversationOf(ticketId: string | undefined): Conversation | null {
  return conversationIn(state.detail, ticketId);
}

function manyCustomers(): boolean {
  return new Set((state.detail?.ticket.conversations ?? []).map((c) => c.contact.id)).size > 1;
}

/** The conversation a reply goes to: the chosen customer message's, else the draft's pinned one, else the latest's. */
function replyTarget(): Conversation | null {
  return replyTargetOf(state.detail, { replyTo: state.replyTo, pinned: state.replyPinned });
}

/** Under the reply box: where the reply goes, to whom, and whether it is only shown on the ticket page. */
export function renderVia(): void {
  const via = byId("rd-via");
  const t = state.detail?.ticket;
  if (!via || !t) return;
  const target = replyTarget();
  const channel = target?.channel ?? t.channel;
  const parts = [tr("replyVia", { channel: T.channels[channel] ?? channel })];
  if (target && manyCustomers()) parts.unshift(`${T.replyTo}: ${target.contact.name || T.customer} (${target.number})`);
  if (channel === "webform" && isChatTicket(t)) parts.push(T.chat.replyShown);
  else if (channel === "webform" && target && !target.contact.emailVerified) parts.push(T.pageOnly);
  via.textContent = parts.join(" · ");
  via.dataset.target = target?.ticketId ?? "";
}

export function renderThread(): void {
  const ol = byId("rd-thread");
  const d = state.detail;
  if (!ol || !d) return;
  const atBottom = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
  const t = d.ticket;
  const many = manyCustomers();
  fill(
    ol,
    ...d.messages.map((m) => {
      const conv = conversationOf(m.originTicketId);
      const who =
        m.author === "customer"
          ? conv?.contact.name || t.contact?.name || T.customer
          : m.author === "bot"
            ? T.bot
            : (m.authorStaffId && state.names.get(m.authorStaffId)) || T.staff;
      return h(
        "li",
        { class: `msg dir-${m.direction} by-${m.author}`, "data-id": m.id },
        h(
          "div",
          { class: "msg-meta" },
          m.direction === "note" ? h("strong", { class: "note-label", text: T.internalNote }) : null,
          h("span", { class: "who", text: who }),
          many && conv && m.direction === "out"
            ? h("span", { class: "meta", text: `→ ${conv.contact.name || T.customer}` })
            : null,
          channelBadge(m.channel ?? t.channel),
          many && conv ? h("span", { class: "meta", text: tr("fromConversation", { number: conv.number }) }) : null,
          timeEl(m.createdAt),
          m.editedAt ? h("span", { class: "meta", text: T.edited }) : null,
          many && m.direction === "in"
            ? h("button", {
                type: "button",
                class: `secondary small reply-to${state.replyTo === m.id ? " chosen" : ""}`,
                text: T.replyToThis,
                "aria-pressed": String(state.replyTo === m.id),
                onclick: () => {
                  state.replyTo = m.id;
                  renderThread();
                  showComposer("reply", true);
                },
              })
            : null,
        ),
        h("div", { class: "body", text: m.body }),
        m.attachments?.length ? attachmentList(m.attachments) : null,
        m.direction === "out" && m.delivery ? deliveryLine(m, m.delivery) : null,
      );
    }),
  );
  if (atBottom || !ol.dataset.seen) ol.scrollTop = ol.scrollHeight;
  ol.dataset.seen = t.id;
  markSeen();
  renderVia();
}

function deliveryLine(m: ThreadMessage, dlv: NonNullable<ThreadMessage["delivery"]>): HTMLDivElement {
  const retry = h("button", {
    type: "button",
    class: "secondary small retry",
    text: T.retry,
    onclick: async () => {
      retry.disabled = true;
      try {
        await ok(api.messages[":id"].retry.$post({ param: { id: m.id } }, WRITE));
        await loadDetail();
      } catch (err) {
        fail(err);
        retry.disabled = false;
      }
    },
  });
  return h(
    "div",
    { class: `delivery dl-${dlv.status}`, "data-delivery": dlv.status },
    h("span", { text: T.delivery[dlv.status] ?? dlv.status }),
    dlv.attempts > 1 ? h("span", { class: "meta", text: ` · ${tr("attempts", { n: dlv.attempts })}` }) : null,
    dlv.status === "failed" && dlv.error ? h("span", { class: "err", text: ` · ${dlv.error}` }) : null,
    dlv.status === "failed" ? retry : null,
  );
}
