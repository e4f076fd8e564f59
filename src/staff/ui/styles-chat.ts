/** Inbox styles of live chat: the header's live line (label, presence dot and text, typing), "Seen", the list's live marker. */
export const CHAT_CSS = `
.chat-live{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem .6rem;font-size:.82rem;color:#3c4043}
.chat-label{background:#e8f0fe;color:#0b57d0;font-weight:600}
.chat-presence{display:inline-flex;align-items:center;gap:.3rem}
.chat-dot{width:.6rem;height:.6rem;border-radius:50%;border:2px solid #80868b;background:transparent;flex:none}
.chat-presence.on .chat-dot{background:#188038;border-color:#188038}.chat-presence.on{color:#0d652d;font-weight:600}
.chat-typing{color:#8430ce;font-style:italic}.chat-typing:empty{display:none}
.chat-seen{font-size:.75rem;color:#0d652d;text-align:right;margin-top:.15rem}
.chat-live-mark{font-size:.7rem;font-weight:700;color:#0d652d;background:#e6f4ea;border:1px solid #a8dab5;border-radius:999px;padding:0 .35rem;line-height:1.3}
.chat-live-mark::before{content:"";display:inline-block;width:.4rem;height:.4rem;border-radius:50%;background:#188038;margin-right:.2rem;vertical-align:.05rem}`;
