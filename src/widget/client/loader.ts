/**
 * /widget.js: the loader a host site embeds with one script tag. It draws a bubble in a shadow
 * root (the host's CSS cannot reach it), opens a panel with the chat page (/chat on the desk's origin) in
 * an iframe created on first open, shows an unread badge the iframe reports, and hands the host's signed
 * identity to the iframe by postMessage (never in a URL). Kept small: the chat itself loads in the iframe.
 */
import { cleanIdentity, type FromChatFrame, type HostIdentity, type ToChatFrame } from "./frames";

type Lang = "en" | "zh";
type Command = "identify" | "logout" | "open" | "close";
type HostApi = ((command: Command, arg?: unknown) => void) & { q?: unknown[][] };

const TEXT = {
  en: { open: "Open support chat", close: "Close chat", title: "Support chat", unread: (n: number) => `${n} unread` },
  zh: { open: "打开在线客服", close: "关闭聊天", title: "在线客服", unread: (n: number) => `${n} 条未读` },
};

/** A flag (no secret) in the host's storage: a chat was started here, so preload it to count unread replies. */
const STARTED_KEY = "relaydesk-chat-started";

const CSS = `:host{all:initial}
*{box-sizing:border-box;font:15px/1.4 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif}
.bubble{position:fixed;right:20px;bottom:20px;z-index:2147483646;width:56px;height:56px;border-radius:50%;border:0;
background:#0b57d0;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;padding:0}
.bubble:hover{background:#0842a0}.bubble:focus-visible,.x:focus-visible{outline:3px solid #f9ab00;outline-offset:2px}
.bubble svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;border-radius:10px;background:#b3261e;color:#fff;
font-size:12px;font-weight:700;line-height:20px;text-align:center;padding:0 5px}
.badge[hidden],.panel[hidden]{display:none}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483647;width:380px;height:min(620px,calc(100vh - 110px));
background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}
.bar{display:flex;align-items:center;justify-content:space-between;background:#0b57d0;color:#fff;padding:6px 8px 6px 14px}
.bar strong{font-weight:600;color:#fff}
.x{background:transparent;border:0;color:#fff;font-size:24px;line-height:1;width:40px;height:40px;cursor:pointer;border-radius:6px}
iframe{border:0;width:100%;flex:1;display:block;background:#fff}
@media (max-width:480px){.panel{inset:0;width:100%;height:100%;border-radius:0}}`;

/** The speech-bubble icon, built as nodes (nothing here parses markup). */
function icon(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-5 4V6a2 2 0 0 1 1-2z");
  svg.append(path);
  return svg;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function boot(script: HTMLScriptElement | null): void {
  const w = window as unknown as { RelaydeskChat?: Record<string, unknown>; Relaydesk?: HostApi };
  const data = script?.dataset ?? {};
  let desk: string;
  try {
    desk = new URL(data.desk || script?.src || location.href).origin;
  } catch {
    return;
  }
  const htmlLang = (document.documentElement.lang || navigator.language || "").toLowerCase();
  const lang: Lang = (data.lang || htmlLang).toLowerCase().startsWith("zh") ? "zh" : "en";
  const tx = TEXT[lang];

  let identity: HostIdentity | null = cleanIdentity(w.RelaydeskChat);
  let frame: HTMLIFrameElement | null = null;
  let ready = false;
  let open = false;
  let unread = 0;

  const host = el("div", { id: "relaydesk-chat" });
  const root = host.attachShadow({ mode: "open" });
  const style = el("style");
  style.textContent = CSS;
  const bubble = el("button", {
    type: "button",
    class: "bubble",
    "aria-expanded": "false",
    "aria-controls": "rd-panel",
  });
  const badge = el("span", { class: "badge", "aria-hidden": "true" });
  badge.hidden = true;
  bubble.append(icon(), badge);
  const panel = el("div", { id: "rd-panel", class: "panel", role: "dialog", "aria-label": tx.title });
  panel.hidden = true;
  const bar = el("div", { class: "bar" });
  const title = el("strong");
  title.textContent = tx.title;
  const close = el("button", { type: "button", class: "x", "aria-label": tx.close });
  close.textContent = "×";
  bar.append(title, close);
  panel.append(bar);
  root.append(style, panel, bubble);

  const label = () => {
    bubble.setAttribute("aria-label", unread && !open ? `${tx.open} (${tx.unread(unread)})` : tx.open);
    badge.textContent = String(Math.min(unread, 99));
    badge.hidden = !unread || open;
  };
  const post = (frameMsg: ToChatFrame) => {
    if (frame?.contentWindow && ready) frame.contentWindow.postMessage(frameMsg, desk);
  };
  const ensureFrame = () => {
    if (frame) return;
    frame = el("iframe", {
      src: `${desk}/chat?lang=${lang}`,
      title: tx.title,
      allow: "clipboard-write",
      referrerpolicy: "origin",
    });
    panel.append(frame);
  };
  const setOpen = (next: boolean, focusBubble = true) => {
    if (next === open) return;
    open = next;
    if (open) ensureFrame();
    panel.hidden = !open;
    bubble.setAttribute("aria-expanded", String(open));
    if (open) unread = 0;
    label();
    post({ type: "rd:visible", visible: open });
    if (open) frame?.focus();
    else if (focusBubble) bubble.focus();
  };

  bubble.addEventListener("click", () => setOpen(!open));
  close.addEventListener("click", () => setOpen(false));
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") setOpen(false);
  });
  window.addEventListener("message", (e: MessageEvent) => {
    // Only our own iframe, from the desk's origin.
    if (!frame || e.source !== frame.contentWindow || e.origin !== desk) return;
    const m = e.data as FromChatFrame;
    if (m?.type === "rd:ready") {
      ready = true;
      post({ type: "rd:init", identity, visible: open });
    } else if (m?.type === "rd:unread") {
      unread = open ? 0 : Math.max(0, Math.min(999, Number(m.count) || 0));
      label();
    } else if (m?.type === "rd:close") setOpen(false);
    else if (m?.type === "rd:started") {
      try {
        localStorage.setItem(STARTED_KEY, "1");
      } catch {
        // storage blocked: no preload next time
      }
    }
  });

  const run = (command: Command, arg?: unknown) => {
    if (command === "identify") {
      identity = cleanIdentity(arg);
      post({ type: "rd:identity", identity });
    } else if (command === "logout") {
      identity = null;
      post({ type: "rd:identity", identity: null });
    } else if (command === "open") setOpen(true);
    else if (command === "close") setOpen(false, false);
  };
  const queued = w.Relaydesk?.q ?? [];
  const api: HostApi = (command, arg) => run(command, arg);
  w.Relaydesk = api;
  w.RelaydeskChat = { ...(w.RelaydeskChat ?? {}), identify: (id: unknown) => run("identify", id) };
  for (const args of queued) if (Array.isArray(args)) run(args[0] as Command, args[1]);

  label();
  document.body.append(host);
  try {
    if (localStorage.getItem(STARTED_KEY) === "1") ensureFrame();
  } catch {
    // storage blocked: the frame waits for the first open
  }
}

const current = document.currentScript as HTMLScriptElement | null;
if (document.body) boot(current);
else document.addEventListener("DOMContentLoaded", () => boot(current));
