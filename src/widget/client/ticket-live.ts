/**
 * The customer's ticket page (/t/:token) made live: a socket to /t/:token/live (the link is the
 * credential, as for the page itself) adds new replies to the thread without a reload. On every (re)connect
 * it catches up by reading the page again and adding the messages it does not show yet.
 */
import { backoffDelay } from "./chat/timing";
import type { ChatMessage } from "./chat/types";

interface LiveBoot {
  authors: Record<ChatMessage["author"], string>;
  attachmentsOf: string;
}

const bootEl = document.getElementById("rd-live-boot");
const boot = JSON.parse(bootEl?.textContent || "{}") as LiveBoot;
const base = location.pathname.replace(/\/+$/, "");

function thread(): HTMLOListElement {
  let list = document.querySelector<HTMLOListElement>("ol.thread");
  if (!list) {
    list = document.createElement("ol");
    list.className = "thread";
    document.getElementById("no-messages")?.replaceWith(list);
    if (!list.isConnected) document.querySelector("main")?.append(list);
  }
  // New replies are read out by screen readers as they come.
  list.setAttribute("aria-live", "polite");
  list.setAttribute("aria-relevant", "additions");
  return list;
}

function text(tag: string, value: string, cls?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

function messageItem(m: ChatMessage): HTMLLIElement {
  const li = document.createElement("li");
  li.className = m.author;
  li.id = `m-${m.id}`;
  const meta = document.createElement("div");
  meta.className = "meta";
  const time = text("time", new Date(m.createdAt).toISOString().slice(0, 16).replace("T", " "));
  time.setAttribute("datetime", m.createdAt);
  meta.append(text("strong", boot.authors?.[m.author] ?? m.author), " · ", time);
  li.append(meta, text("p", m.body, "body"));
  if (m.attachments?.length) {
    const ul = document.createElement("ul");
    for (const a of m.attachments) {
      const item = document.createElement("li");
      const link = text("a", a.filename);
      link.setAttribute("href", `${base}/attachments/${encodeURIComponent(a.id)}`);
      item.append(link);
      ul.append(item);
    }
    li.append(text("span", `${boot.attachmentsOf ?? ""}:`, "meta"), ul);
  }
  return li;
}

function add(m: ChatMessage): void {
  if (!m || typeof m.id !== "string" || document.getElementById(`m-${m.id}`)) return;
  thread().append(messageItem(m));
}

/** Reads the page again and adds the thread items this copy lacks (what came while the socket was down). */
async function catchUp(): Promise<void> {
  const res = await fetch(base, { headers: { Accept: "text/html" }, cache: "no-store" }).catch(() => null);
  if (!res?.ok) return;
  const doc = new DOMParser().parseFromString(await res.text(), "text/html");
  for (const li of doc.querySelectorAll<HTMLLIElement>("ol.thread > li[id^='m-']")) {
    if (!document.getElementById(li.id)) thread().append(document.importNode(li, true));
  }
}

let attempt = 0;
function connect(): void {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${base}/live`);
  ws.onopen = () => {
    // Whatever came between the page's render (or the last drop) and this socket: read the page again.
    void catchUp();
    attempt = 0;
  };
  ws.onmessage = (e) => {
    try {
      const frame = JSON.parse(String(e.data)) as { type?: string; message?: ChatMessage };
      if (frame.type === "message" && frame.message) add(frame.message);
    } catch {
      // not a frame of ours
    }
  };
  ws.onclose = () => setTimeout(connect, backoffDelay(attempt++));
}

if (/^\/t\/[^/]+$/.test(base)) connect();
