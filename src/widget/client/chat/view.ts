/** Draws the conversation into the server's shell: keyed, so the live region announces only what is new. */
import { byId, clockTime, formatSize, h } from "./dom";
import { type PendingMessage, readReceiptFor } from "./state";
import type { ChatTexts } from "./texts";
import type { ChatButton, ChatMessage, ChatPublicSettings, ChatTicket } from "./types";

export interface ViewState {
  messages: ChatMessage[];
  pending: readonly PendingMessage[];
  ticket: ChatTicket | null;
  history: ChatTicket[];
  staffReadAt: string | null;
  settings: ChatPublicSettings | null;
  visitor: { verified: boolean; name: string | null } | null;
  identityFailed: boolean;
}

export interface ViewActions {
  action: (button: ChatButton) => void;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
}

const rendered = new Map<string, { node: HTMLLIElement; sig: string }>();

function authorLabel(m: ChatMessage, tx: ChatTexts): string {
  if (m.author === "customer") return tx.you;
  if (m.author === "bot") return tx.bot;
  return m.agentName || tx.agent;
}

function messageNode(m: ChatMessage, tx: ChatTexts, act: ViewActions, read: boolean): HTMLLIElement {
  const li = h(
    "li",
    { class: `msg ${m.author}`, "data-id": m.id },
    h(
      "div",
      { class: "meta" },
      h("strong", {}, authorLabel(m, tx)),
      " ",
      h("time", { datetime: m.createdAt }, clockTime(m.createdAt)),
    ),
    h("p", { class: "body" }, m.body),
  );
  if (m.attachments?.length) {
    const list = h("ul", { class: "files-sent" });
    for (const a of m.attachments) {
      list.append(
        h("li", {}, h("a", { href: a.url, target: "_blank", rel: "noopener" }, a.filename), ` (${formatSize(a.size)})`),
      );
    }
    li.append(list);
  }
  for (const row of m.buttons ?? []) {
    const div = h("div", { class: "buttons" });
    for (const b of row) {
      const btn = h("button", { type: "button", class: "chip" }, b.text);
      btn.addEventListener("click", () => act.action(b));
      div.append(btn);
    }
    li.append(div);
  }
  if (read) li.append(h("div", { class: "receipt" }, tx.read));
  return li;
}

function pendingNode(p: PendingMessage, tx: ChatTexts, act: ViewActions): HTMLLIElement {
  const state = p.status === "failed" ? tx.failed : p.status === "retrying" ? tx.retrying : tx.sending;
  const li = h(
    "li",
    { class: `msg customer pending ${p.status}`, "data-client-id": p.clientId },
    h("div", { class: "meta" }, h("strong", {}, tx.you)),
    h("p", { class: "body" }, p.text || p.files.map((f) => f.name).join(", ")),
    h("div", { class: "receipt" }, state),
  );
  if (p.status === "failed") {
    const retry = h("button", { type: "button", class: "link" }, tx.retry);
    retry.addEventListener("click", () => act.retry(p.clientId));
    const discard = h("button", { type: "button", class: "link" }, tx.discard);
    discard.addEventListener("click", () => act.discard(p.clientId));
    li.append(h("div", { class: "buttons" }, retry, discard));
  }
  return li;
}

/** Brings the log in line with the state, touching only what changed. */
export function renderLog(s: ViewState, tx: ChatTexts, act: ViewActions): void {
  const log = byId<HTMLOListElement>("log");
  const readId = readReceiptFor(s.messages, s.staffReadAt);
  const wanted: Array<{ key: string; sig: string; make: () => HTMLLIElement }> = [
    ...s.messages.map((m) => ({
      key: `m:${m.id}`,
      sig: `${m.body}|${m.attachments?.length ?? 0}|${m.id === readId}`,
      make: () => messageNode(m, tx, act, m.id === readId),
    })),
    ...s.pending.map((p) => ({ key: `p:${p.clientId}`, sig: p.status, make: () => pendingNode(p, tx, act) })),
  ];
  const keep = new Set(wanted.map((w) => w.key));
  for (const [key, r] of rendered) {
    if (!keep.has(key)) {
      r.node.remove();
      rendered.delete(key);
    }
  }
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  wanted.forEach((w, i) => {
    let r = rendered.get(w.key);
    if (!r || r.sig !== w.sig) {
      const node = w.make();
      if (r) r.node.replaceWith(node);
      r = { node, sig: w.sig };
      rendered.set(w.key, r);
    }
    if (log.children[i] !== r.node) log.insertBefore(r.node, log.children[i] ?? null);
  });
  if (atBottom || s.pending.length) log.scrollTop = log.scrollHeight;
}

/** The header: who the visitor is (verified or not), the ticket and its "continue later" link. */
export function renderHeader(s: ViewState, tx: ChatTexts): void {
  const who = byId("who");
  who.textContent = s.visitor?.verified ? tx.verified(s.visitor.name) : tx.unverified;
  who.className = s.visitor?.verified ? "who verified" : "who unverified";
  const ticket = byId("ticket");
  ticket.replaceChildren();
  if (s.ticket) {
    ticket.append(
      h("span", {}, tx.ticket(s.ticket.number)),
      " · ",
      h("a", { href: s.ticket.link, target: "_blank", rel: "noopener", id: "ticket-link" }, tx.continueLater),
    );
  }
  const notice = byId("identity-note");
  notice.hidden = !s.identityFailed;
  const earlier = byId<HTMLDetailsElement>("history");
  const others = s.history.filter((t) => t.id !== s.ticket?.id);
  earlier.hidden = others.length === 0;
  const list = byId("history-list");
  list.replaceChildren(
    ...others.map((t) =>
      h("li", {}, h("a", { href: t.link, target: "_blank", rel: "noopener" }, `${t.number} · ${t.subject}`)),
    ),
  );
}

/** Quick replies: offered until the visitor has written in this conversation. */
export function renderQuickReplies(s: ViewState, act: ViewActions): void {
  const box = byId("quick");
  const wrote = s.messages.some((m) => m.author === "customer") || s.pending.length > 0;
  const replies = wrote ? [] : (s.settings?.quickReplies ?? []).filter((q) => q.data !== "human");
  box.replaceChildren(
    ...replies.map((q) => {
      const b = h("button", { type: "button", class: "chip" }, q.text);
      b.addEventListener("click", () => act.action(q));
      return b;
    }),
  );
  box.hidden = replies.length === 0;
}

/** One line under the log: who is typing, or nothing. */
export function renderTyping(text: string): void {
  byId("typing").textContent = text;
}

/** The banner: connection, limits, blocked; empty hides it. */
export function renderBanner(text: string, kind: "info" | "error" = "info"): void {
  const banner = byId("banner");
  banner.textContent = text;
  banner.className = `banner ${kind}`;
  banner.hidden = !text;
}
