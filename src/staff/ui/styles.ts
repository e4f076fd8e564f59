/** The inbox's stylesheet (served as /staff/inbox.css): three panes at desktop width, one on a phone. */
import { ATTACH_CSS } from "./styles-attach";
import { CHAT_CSS } from "./styles-chat";
import { NOTIFY_CSS } from "./styles-notify";

export const INBOX_CSS = `*,*::before,*::after{box-sizing:border-box}
html,body{height:100%}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1f24;background:#f5f6f8;display:flex;flex-direction:column}
a{color:#0b57d0}
button,input,select,textarea{font:inherit}
:focus-visible{outline:3px solid #7aa7f7;outline-offset:1px}
button{font-weight:600;padding:.4rem .9rem;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer}
button:hover{background:#0842a0}button:disabled{opacity:.55;cursor:default}
button.secondary{background:#fff;color:#0b57d0;border:1px solid #a8c0ee}
button.secondary:hover{background:#eef3fd}
button.small{padding:.1rem .6rem;font-size:.85rem}
input[type=text],input[type=search],select,textarea{padding:.35rem .5rem;border:1px solid #9aa0a6;border-radius:6px;background:#fff;color:#1b1f24;min-width:0}
::placeholder{color:#6b7075;opacity:1}
input:disabled,select:disabled,textarea:disabled{background:#f1f3f4;color:#5f6368}
.sr{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.meta{color:#5f6368;font-size:.86rem}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.5rem 1rem;background:#1b1f24;color:#fff}
header.top .brand{font-weight:700;font-size:1.05rem;margin:0}
header.top form.search{flex:1 1 18rem;display:flex;max-width:36rem}
header.top form.search input{width:100%;border-color:#5f6368}
header.top .who{font-size:.9rem;color:#dfe1e5}
header.top a{color:#a8c7fa}
header.top form.out{margin:0}header.top form.out button{background:transparent;border:1px solid #5f6368;padding:.25rem .7rem}
#rd-live{font-size:.8rem;padding:.1rem .6rem;border-radius:999px;background:#5f6368;white-space:nowrap}
#rd-live[data-state=live]{background:#188038}#rd-live[data-state=offline]{background:#b3261e}
.app{flex:1;min-height:0;display:grid;grid-template-columns:minmax(300px,420px) minmax(0,1fr)}
.inbox{display:flex;flex-direction:column;min-height:0;border-right:1px solid #dde1e6;background:#fff}
#rd-views{display:flex;flex-wrap:wrap;gap:.3rem;padding:.5rem;border-bottom:1px solid #eceff1;flex:none}
#rd-views button{background:#fff;color:#1b1f24;border:1px solid #dde1e6;border-radius:999px;padding:.15rem .65rem;font-weight:500;font-size:.86rem;white-space:nowrap}
.view-pick{display:none}
#rd-views button[aria-pressed=true]{background:#0b57d0;color:#fff;border-color:#0b57d0}
#rd-views .count{margin-left:.35rem;font-size:.72rem;font-weight:700;background:#e8eaed;color:#1b1f24;border-radius:999px;padding:0 .4rem}#rd-views button[aria-pressed=true] .count{background:#fff;color:#0b57d0}
.filters{display:flex;flex-wrap:wrap;gap:.3rem;padding:.4rem .5rem;border:0;border-bottom:1px solid #eceff1;margin:0;min-width:0;flex:none}
.filters select{flex:1 1 6.5rem;font-size:.85rem;padding-right:.2rem}
#rd-tickets{list-style:none;margin:0;padding:0;overflow-y:auto;flex:1}
.row{padding:.55rem .75rem;border-bottom:1px solid #eceff1;cursor:pointer;border-left:3px solid transparent}
.row:hover{background:#f8f9fb}.row.selected{background:#e8f0fe;border-left-color:#0b57d0}
.row.fresh{animation:fresh 2s ease-out}@keyframes fresh{from{background:#fef7e0}}
.row-top{display:flex;align-items:center;gap:.4rem}
.row .who{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;flex:1}
.row.unread .subject{font-weight:700}
.row .when{color:#5f6368;font-size:.8rem;white-space:nowrap}
.dot{width:.55rem;height:.55rem;border-radius:50%;background:#0b57d0;flex:none}
.subject{margin:.1rem 0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.num{color:#5f6368;font-variant-numeric:tabular-nums;font-weight:500}
.snippet{color:#5f6368;font-size:.86rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.badges{display:flex;flex-wrap:wrap;gap:.25rem;margin-top:.3rem}
.badge{display:inline-block;font-size:.75rem;padding:0 .45rem;border-radius:999px;background:#e8eaed;white-space:nowrap}
.st-new{background:#d3e3fd}.st-open{background:#c4eed0}.st-pending{background:#fef7e0}.st-resolved{background:#e8eaed;color:#5f6368}.st-closed{background:#e8eaed;color:#80868b}
.pr-urgent{background:#b3261e;color:#fff}.pr-high{background:#fad2cf}.pr-low{background:#f1f3f4;color:#5f6368}
.as.none{background:#fff;border:1px dashed #9aa0a6}
.sla{background:#f1f3f4}.late{background:#fce8e6;color:#b3261e;font-weight:600}
.presence{color:#8430ce;font-size:.82rem;margin:.2rem 0 0;min-height:1em}
.sla-timer{font-variant-numeric:tabular-nums;font-weight:600;background:#e6f4ea;color:#0d652d}.sla-soon{background:#fef7e0;color:#7a4f01}.sla-overdue{background:#fce8e6;color:#a50e0e}
.sla-timers{display:flex;flex-wrap:wrap;gap:.2rem .8rem;font-size:.82rem;color:#5f6368}.sla-label{margin-right:.1rem}.sla-met{color:#0d652d}.sla-missed{background:#fce8e6;color:#a50e0e}.sla-idle{background:#f1f3f4;color:#5f6368}
.tag-chips{display:inline-flex;flex-wrap:wrap;gap:.25rem}.tag-chip{font-size:.72rem;font-weight:500;line-height:1.3;padding:0 .45rem;border-radius:4px;background:#f3e8fd;color:#6a1b9a;border:1px solid #dcc4f5;min-height:0}.tag-chip:hover{background:#e9d5fb}.tag-chip.on{background:#6a1b9a;color:#fff;border-color:#6a1b9a}.tag-more{font-size:.72rem;color:#5f6368}
.ch{display:inline-flex;align-items:center;justify-content:center;min-width:1.9rem;height:1.2rem;padding:0 .25rem;border-radius:4px;font-size:.7rem;font-weight:700;color:#fff;background:#5f6368;flex:none}
.ch-telegram{background:#229ed9}.ch-discord{background:#5865f2}.ch-email{background:#c5221f}.ch-webform{background:#188038}
#rd-empty{padding:1.5rem;color:#5f6368;text-align:center}
#rd-more{margin:.5rem}
.detail{min-height:0;display:grid;grid-template-columns:minmax(0,1fr) 280px}
#rd-ticket{display:flex;flex-direction:column;min-height:0;min-width:0;outline:none}
.placeholder{color:#5f6368;padding:2rem;text-align:center}
.ticket-head{padding:.6rem 1rem;background:#fff;border-bottom:1px solid #dde1e6;flex:none}
.title-row{display:flex;align-items:center;gap:.5rem}
.ticket-head p{margin:.25rem 0}.ticket-head .presence:empty{display:none}
.title-row h2{font-size:1.1rem;margin:0;overflow-wrap:anywhere}
.back{display:none}
.controls{display:flex;flex-wrap:wrap;align-items:end;gap:.4rem .6rem;margin-top:.4rem}
.controls-toggle{display:none}
.closed-note{margin:0 0 .4rem;padding:.4rem .6rem;background:#f1f3f4;border-left:3px solid #80868b;border-radius:4px;color:#3c4043;font-size:.86rem}
.composer.closed textarea{min-height:2.5rem}
.ctl{display:flex;flex-direction:column;font-size:.75rem;color:#5f6368;gap:.1rem}
.ctl select,.ctl input{font-size:.86rem;color:#1b1f24}
.ctl.tags input{width:10rem}
.merge{margin:.5rem 1rem 0;flex:none;padding:.5rem;background:#f8f9fb;border:1px solid #dde1e6;border-radius:8px}
.merge form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
.merge-confirm{margin-top:.4rem}
.merge-confirm p{margin:.2rem 0 .4rem}.merge-confirm .err{color:#b3261e;font-weight:600}
button.danger{background:#b3261e}button.danger:hover{background:#8c1d18}
.verified{background:#c4eed0;color:#0d652d}.hint{margin:.1rem 0 .4rem}
button.reply-to{margin-left:auto}button.reply-to.chosen{background:#eef3fd;border-color:#0b57d0}
.thread{list-style:none;margin:0;padding:.75rem 1rem;overflow-y:auto;flex:1;min-height:8rem}
.msg{background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:.55rem .8rem;margin:0 0 .55rem;max-width:52rem}
.msg.dir-in{border-left:4px solid #229ed9}
.msg.dir-out{border-left:4px solid #188038;margin-left:auto}
.msg.by-bot{border-left-color:#9aa0a6;background:#fafafa}
.msg.dir-note{background:#fff8e1;border:1px dashed #f9ab00;border-left:4px solid #f9ab00;margin-left:auto}
.note-label{color:#b06000;font-size:.8rem}
.msg-meta{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;font-size:.8rem;color:#5f6368}
.msg-meta .who{font-weight:600;color:#1b1f24}
.body{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3rem 0 0}
.atts{margin:.4rem 0 0;padding-left:1.1rem;font-size:.86rem}
${ATTACH_CSS}
.delivery{margin-top:.3rem;font-size:.8rem;color:#5f6368;display:flex;flex-wrap:wrap;align-items:center;gap:.3rem}
.dl-sent{color:#188038}.dl-failed{color:#b3261e;font-weight:600}.delivery .err{font-weight:400}
.compose{background:#fff;border-top:1px solid #dde1e6;padding:.5rem 1rem .75rem;flex:none}
.tabs{display:flex;gap:.3rem;margin-bottom:.4rem}
.tabs button{background:#fff;color:#5f6368;border:1px solid #dde1e6;padding:.2rem .8rem;font-weight:500}
.tabs button[aria-selected=true]{color:#1b1f24;border-color:#1b1f24;font-weight:700}
.composer textarea{width:100%;resize:vertical;min-height:4.5rem}
.composer.note textarea{background:#fff8e1}
.composer-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin-top:.4rem}
.composer-bar button{margin-left:auto}
#rd-contact{border-left:1px solid #dde1e6;background:#fff;padding:.6rem 1rem;overflow-y:auto;min-width:0}
#rd-contact h3{margin:0 0 .3rem;font-size:1rem}#rd-contact h4{margin:1rem 0 .3rem;font-size:.85rem;color:#5f6368}
.contact-name{font-weight:600;margin:0}
.identities,.past{list-style:none;padding:0;margin:0}
.identities li,.past li{margin:.3rem 0;overflow-wrap:anywhere}
code{font-size:.82rem;background:#f1f3f4;padding:0 .25rem;border-radius:3px}
.toast{position:fixed;bottom:1rem;left:50%;transform:translateX(-50%);background:#1b1f24;color:#fff;padding:.5rem 1rem;border-radius:8px;z-index:10;max-width:90vw}
.toast.err{background:#b3261e}
#rd-help{position:fixed;inset:0;background:rgba(0,0,0,.35);display:flex;align-items:center;justify-content:center;z-index:20}
#rd-help[hidden]{display:none}
#rd-help .card{background:#fff;border-radius:10px;padding:1rem 1.5rem;min-width:18rem}
#rd-help dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}#rd-help dt{font-family:monospace;font-weight:700}#rd-help dd{margin:0}
/* Bulk selection (client/bulk.ts) and the confirmation dialog (client/confirm.ts). */
.bulk{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .5rem;padding:.3rem .75rem;border-bottom:1px solid #eceff1;flex:none}
.bulk-all{font-size:.85rem;display:flex;align-items:center;gap:.4rem;color:#5f6368}
.bulk-bar{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center;width:100%}.bulk-bar[hidden]{display:none}
.bulk-bar select{font-size:.85rem;flex:1 1 6.5rem;min-width:0}.bulk-bar button{font-size:.82rem;padding:.25rem .6rem}
.bulk-tag{display:flex;gap:.25rem;flex:1 1 9rem;min-width:0}.bulk-tag input{flex:1;min-width:0;font-size:.85rem}
.bulk-count{font-weight:600;font-size:.85rem;width:100%}
.row .pick{margin:0;width:1.1rem;height:1.1rem;flex:none;cursor:pointer}
dialog.confirm{border:0;border-radius:10px;padding:1rem 1.25rem;width:min(28rem,92vw);box-shadow:0 8px 30px rgba(0,0,0,.25)}
dialog.confirm::backdrop{background:rgba(0,0,0,.35)}dialog.confirm h2{font-size:1.1rem;margin:0 0 .5rem}
dialog.confirm .actions{display:flex;gap:.5rem;justify-content:flex-end;margin-top:1rem}dialog.confirm .merge-keep{display:flex;flex-direction:column;gap:.3rem}
noscript p{padding:1rem;background:#fce8e6}
.crypto-panel{margin-top:1rem;border-top:1px solid #dde1e6;padding-top:.6rem}.crypto-panel h4{margin:0 0 .3rem;font-size:.95rem}
.crypto-panel h5{margin:.6rem 0 .2rem;font-size:.78rem;color:#5f6368;font-weight:600}.crypto-panel ul{list-style:none;margin:0;padding:0}
.crypto-row{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .45rem;padding:.3rem 0;border-bottom:1px solid #f1f3f4;font-size:.86rem}
.crypto-label{color:#5f6368;font-size:.78rem}.crypto-empty{color:#5f6368;font-size:.86rem;margin:0}
.crypto-value{flex:1 1 100%;font:.8rem/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere;word-break:break-all;color:#1b1f24}
pre.crypto-value{white-space:pre-wrap;background:#f8f9fa;padding:.3rem .4rem;border-radius:4px;margin:0}
.chain-badge{font-size:.68rem;font-weight:700;padding:0 .4rem;border-radius:4px;background:#e8f0fe;color:#174ea6;text-transform:uppercase}
.chain-unsure{font-size:.72rem;color:#b06000}.crypto-row a.explorer{font-size:.8rem}.crypto-row button{font-size:.75rem;padding:.05rem .5rem}
@media (max-width:1100px){
.detail{display:block;overflow-y:auto}
#rd-ticket{min-height:auto}.thread{overflow:visible;flex:none}
#rd-contact{border-left:0;border-top:1px solid #dde1e6}
.compose{position:sticky;bottom:0;z-index:1;box-shadow:0 -2px 6px rgba(0,0,0,.06)}
}
@media (max-width:760px){
body{font-size:15px}
header.top{padding:.5rem .6rem;gap:.5rem}header.top .who{display:none}header.top .brand{font-size:.95rem}header.top a,header.top form.out button{font-size:.85rem}header.top form.out button{padding:.2rem .45rem}
header.top form.search{order:5;flex-basis:100%;max-width:none}
.app{grid-template-columns:minmax(0,1fr)}
.inbox{border-right:0}
.detail{display:none}
body.has-ticket .inbox{display:none}
body.has-ticket .detail{display:block}
.back{display:inline-block}
.controls .ctl select,.ctl.tags input{max-width:9.5rem}
#rd-views{display:none}
.view-pick{display:block;padding:.4rem .5rem 0}.view-pick select{width:100%}
.filters select{flex-basis:5.5rem}
#rd-filter-tag{flex-basis:100%}
.ticket-head{padding:.5rem .6rem}
.title-row h2{font-size:1rem;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.ticket-head .meta{font-size:.8rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.controls-toggle{display:flex;width:100%;margin-top:.3rem;padding:.3rem .6rem;font-weight:600;text-align:left;overflow:hidden;white-space:nowrap}
.controls-toggle .meta{overflow:hidden;text-overflow:ellipsis;font-weight:400}
.ticket-head.controls-collapsed .controls{display:none}
.thread{padding:.5rem .6rem}
.compose{padding:.4rem .6rem .5rem}
.composer textarea{min-height:3rem;height:3.6rem}
.msg{max-width:none}
button,select,input[type=text],input[type=search]{min-height:2.2rem}
}
/* A phone narrower than 480 px: the links and Sign out keep one row; the brand makes room. */
@media (max-width:480px){header.top .brand{display:none}}
/* Auto-assign's away switch (header) and the composer's collision warning (src/staff/ui/client/collision-ui.ts). */
header.top .away-toggle{background:transparent;border:1px solid #5f6368;border-radius:999px;padding:.15rem .7rem;font-size:.8rem;white-space:nowrap}
header.top .away-toggle::before{content:"";display:inline-block;width:.55rem;height:.55rem;border-radius:50%;background:#34a853;margin-right:.35rem}
header.top .away-toggle[aria-checked=false]{border-color:#f9ab00;color:#fde293}header.top .away-toggle[aria-checked=false]::before{background:#f9ab00}
/* A phone: the switch is its dot (its text stays its accessible name), so the header keeps one row. */
@media (max-width:480px){header.top .away-toggle{font-size:0;padding:.45rem .5rem}header.top .away-toggle::before{margin-right:0}}
.collision{margin:0 0 .4rem;padding:.35rem .6rem;border-radius:6px;background:#fef7e0;border:1px solid #f9ab00;color:#5f3a00;font-size:.9rem}
.collision:empty{display:none}
.collision .row{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.35rem}
${NOTIFY_CSS}
${CHAT_CSS}`;
