/** The chat page's stylesheet (inlined: the page's CSP allows inline styles, no other origin). Fits 360 px. */
export const CHAT_CSS = `*,*::before,*::after{box-sizing:border-box}
html,body{height:100%;margin:0}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1f24;background:#fff}
.chat{display:flex;flex-direction:column;height:100%}
.top{padding:.45rem .8rem;border-bottom:1px solid #e3e6ea;font-size:.85rem;color:#3c4043;display:flex;flex-wrap:wrap;gap:.2rem .8rem;justify-content:space-between}
.who.verified::before{content:"✔ ";color:#188038}.who.unverified::before{content:"○ ";color:#9aa0a6}
.top a{color:#0b57d0}
.note{margin:.4rem .8rem 0;padding:.4rem .6rem;border-radius:6px;background:#fef7e0;font-size:.85rem}
details.history{margin:0 .8rem;font-size:.85rem}details.history ul{margin:.2rem 0;padding-left:1.1rem}
.banner{margin:.4rem .8rem 0;padding:.45rem .6rem;border-radius:6px;font-size:.88rem;background:#e8f0fe}
.banner.error{background:#fce8e6;color:#8c1d18}.banner[hidden],[hidden]{display:none!important}
ol.log{list-style:none;margin:0;padding:.6rem .8rem;flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:.5rem}
.msg{max-width:85%;padding:.45rem .7rem;border-radius:12px;background:#f1f3f4;overflow-wrap:anywhere}
.msg.customer{align-self:flex-end;background:#0b57d0;color:#fff}
.msg.customer .meta,.msg.customer .meta strong{color:#e8f0fe}
.msg.staff{background:#e6f4ea}.msg.pending{opacity:.75}.msg.failed{background:#fce8e6;color:#8c1d18;opacity:1}
.meta{font-size:.75rem;color:#5f6368}.meta time{margin-left:.3rem}
.body{margin:.15rem 0 0;white-space:pre-wrap}
.receipt{font-size:.72rem;text-align:right;margin-top:.15rem;opacity:.9}
.msg a{color:inherit}.files-sent{margin:.3rem 0 0;padding-left:1rem;font-size:.85rem}
.buttons,.quick{display:flex;flex-wrap:wrap;gap:.35rem;margin-top:.4rem}
.quick{margin:0;padding:.3rem .8rem}
.chip{font:inherit;font-size:.85rem;padding:.3rem .7rem;border:1px solid #0b57d0;border-radius:999px;background:#fff;color:#0b57d0;cursor:pointer;min-height:32px}
.chip:hover{background:#e8f0fe}
.link{font:inherit;font-size:.8rem;background:none;border:0;color:inherit;text-decoration:underline;cursor:pointer;padding:.1rem .3rem}
.typing{margin:0;padding:0 .8rem;min-height:1.3rem;font-size:.8rem;color:#5f6368;font-style:italic}
form.composer{border-top:1px solid #e3e6ea;padding:.5rem .8rem .6rem}
form.composer textarea{width:100%;font:inherit;padding:.45rem .55rem;border:1px solid #9aa0a6;border-radius:8px;resize:none;min-height:2.8rem;max-height:8rem}
.row{display:flex;gap:.4rem;align-items:center;margin-top:.4rem;flex-wrap:wrap}
.row .grow{flex:1}
.btn{font:inherit;font-weight:600;padding:.45rem 1rem;border:0;border-radius:8px;background:#0b57d0;color:#fff;cursor:pointer;min-height:36px}
.btn:hover{background:#0842a0}.btn.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
.attach{display:inline-flex;align-items:center;justify-content:center;min-width:36px;min-height:36px;border:1px solid #9aa0a6;border-radius:8px;cursor:pointer;font-size:1.1rem}
.attach input{position:absolute;width:1px;height:1px;opacity:0}
.attach:focus-within{outline:3px solid #7aa7f7}
.hint{font-size:.75rem;color:#5f6368;margin:.3rem 0 0}
ul.files{list-style:none;margin:0 0 .3rem;padding:0;font-size:.82rem}
button:focus-visible,a:focus-visible,textarea:focus-visible{outline:3px solid #7aa7f7;outline-offset:1px}
button:disabled,textarea:disabled{opacity:.55;cursor:not-allowed}
.visually-hidden{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}`;
