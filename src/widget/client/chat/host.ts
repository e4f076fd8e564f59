/**
 * The chat page's side of the conversation with the page that embeds it (the widget loader): signals up by
 * postMessage (counts and signals, nothing secret), identity and visibility down, trusted only from
 * window.parent (its origin is one the CSP let frame us).
 */
import { cleanIdentity, type FromChatFrame, type HostIdentity, type ToChatFrame } from "../frames";

export const embedded = window.parent !== window;

export function toParent(msg: FromChatFrame): void {
  if (!embedded) return;
  // The parent's origin when the browser tells it.
  const origin = location.ancestorOrigins?.[0] ?? "*";
  window.parent.postMessage(msg, origin);
}

export interface HostHandlers {
  init: (identity: HostIdentity | null, visible: boolean) => void;
  /** A different identity than the last one the host sent. */
  identity: (identity: HostIdentity | null) => void;
  visible: (visible: boolean) => void;
}

/** Listens to the embedding page; Escape asks it to close the chat. */
export function listenToHost(on: HostHandlers): void {
  let last = JSON.stringify(null);
  window.addEventListener("message", (e: MessageEvent) => {
    if (!embedded || e.source !== window.parent) return;
    const m = e.data as ToChatFrame;
    if (m?.type === "rd:init") {
      const identity = cleanIdentity(m.identity);
      last = JSON.stringify(identity);
      on.init(identity, Boolean(m.visible));
    } else if (m?.type === "rd:identity") {
      const identity = cleanIdentity(m.identity);
      if (JSON.stringify(identity) === last) return;
      last = JSON.stringify(identity);
      on.identity(identity);
    } else if (m?.type === "rd:visible") on.visible(Boolean(m.visible));
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") toParent({ type: "rd:close" });
  });
}
