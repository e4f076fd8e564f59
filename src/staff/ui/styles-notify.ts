/** Inbox styles of notifications and mentions: the header button, the settings dialog, unread and mention marks. */
export const NOTIFY_CSS = `
#rd-notify-open{padding:.25rem .6rem;display:inline-flex;gap:.3rem;align-items:center}
/* The bell alone in the header (its name stays for screen readers and as the title), so the header keeps one row. */
#rd-notify-open .notify-label{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
#rd-views .unread-count{margin-left:.25rem;font-size:.72rem;font-weight:700;background:#0b57d0;color:#fff;border-radius:999px;padding:0 .4rem}
#rd-views button[aria-pressed=true] .unread-count{background:#fff;color:#0b57d0;outline:1px solid #0b57d0}
.row.mentioned{box-shadow:inset 3px 0 0 #b3261e}
.mention-mark{flex:none;font-weight:700;font-size:.75rem;color:#fff;background:#b3261e;border-radius:999px;padding:0 .4rem;line-height:1.3}
#rd-notify{border:0;border-radius:10px;padding:1rem 1.2rem;max-width:min(34rem,calc(100vw - 1.5rem));box-shadow:0 8px 30px rgba(0,0,0,.25)}
#rd-notify::backdrop{background:rgba(20,24,30,.45)}
#rd-notify h2{margin:0 0 .4rem;font-size:1.1rem}
.notify-table{border-collapse:collapse;width:100%;margin:.6rem 0}
.notify-table th,.notify-table td{padding:.35rem .4rem;border-bottom:1px solid #e3e6ea;text-align:center}
.notify-table tbody th{text-align:left;font-weight:500}
.notify-table input{width:1.15rem;height:1.15rem}
.notify-actions{display:flex;gap:.5rem;justify-content:flex-end;flex-wrap:wrap}
.mention-list{position:absolute;z-index:20;margin:0;padding:.25rem 0;list-style:none;background:#fff;border:1px solid #c7ccd3;border-radius:6px;box-shadow:0 4px 14px rgba(0,0,0,.15);min-width:12rem;max-width:20rem}
.mention-list li{padding:.3rem .7rem;cursor:pointer}
.mention-list li[aria-selected=true]{background:#e8f0fe}
.compose{position:relative}
`;
