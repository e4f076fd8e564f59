/** The admin screens' stylesheet (served as /staff/admin/admin.css): a section list beside the screen, tabs on a phone. */
export const ADMIN_CSS = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1f24;background:#f5f6f8}
a{color:#0b57d0}
button,input,select,textarea{font:inherit;color:inherit}
input,select,textarea{font-weight:400}
.sr{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
:focus-visible{outline:3px solid #7aa7f7;outline-offset:1px}
button{font-weight:600;padding:.4rem .9rem;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer;white-space:nowrap}
button:hover{background:#0842a0}button:disabled{opacity:.55;cursor:default}
button.secondary{background:#fff;color:#0b57d0;border:1px solid #a8c0ee}button.secondary:hover{background:#eef3fd}
button.danger{background:#fff;color:#b3261e;border:1px solid #e8b4b0}button.danger:hover{background:#fcecea}
button.small{padding:.15rem .6rem;font-size:.85rem}
input[type=text],input[type=email],input[type=number],input[type=time],select,textarea{padding:.35rem .5rem;border:1px solid #9aa0a6;border-radius:6px;background:#fff;min-width:0;max-width:100%}
textarea{width:100%;min-height:6rem;resize:vertical}
textarea.code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;min-height:22rem;white-space:pre}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1rem;padding:.5rem 1rem;background:#1b1f24;color:#fff}
header.top .brand{font-weight:700;font-size:1.05rem;margin:0 auto 0 0}header.top .brand span{font-weight:500;color:#dfe1e5;margin-left:.3rem}
header.top .who{font-size:.9rem;color:#dfe1e5}header.top a{color:#a8c7fa}
header.top form.out{margin:0}header.top form.out button{background:transparent;border:1px solid #5f6368;padding:.25rem .7rem}
.page-note{max-width:40rem;margin:2rem auto;padding:0 1rem}
.admin{display:grid;grid-template-columns:13rem minmax(0,1fr);min-height:calc(100vh - 3rem)}
nav.sections{background:#fff;border-right:1px solid #dde1e6;padding:.75rem .5rem}
nav.sections a{display:block;padding:.45rem .75rem;border-radius:6px;color:#1b1f24;text-decoration:none;white-space:nowrap}
nav.sections a:hover{background:#f1f3f4}nav.sections a[aria-current=page]{background:#e8f0fe;color:#0b57d0;font-weight:600}
.screen{padding:1rem 1.5rem 3rem;max-width:64rem}
.screen h1{font-size:1.35rem;margin:.25rem 0 .25rem}.intro{color:#5f6368;margin:0 0 1rem}
.card{background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:1rem 1.1rem;margin:0 0 1rem}
.card h2{font-size:1.02rem;margin:0 0 .75rem}
form.grid{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end}
form.grid label,.field{display:flex;flex-direction:column;gap:.2rem;font-weight:600;font-size:.88rem}
form.grid label.wide,.field.wide{flex:1 1 100%}
label.check{flex-direction:row!important;align-items:center;gap:.4rem;font-weight:500!important}
.days{display:flex;flex-wrap:wrap;gap:.2rem .7rem}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #dde1e6;border-radius:10px;overflow:hidden}
th,td{text-align:left;padding:.5rem .7rem;border-bottom:1px solid #eceff1;vertical-align:top}
th{font-size:.8rem;color:#5f6368;font-weight:600;background:#fafbfc}
td.acts{white-space:nowrap;text-align:right}td.acts button{margin-left:.3rem}
.muted,.meta{color:#5f6368;font-size:.86rem}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.pill{display:inline-block;padding:0 .5rem;border-radius:999px;background:#eceff1;font-size:.8rem}
.pill.ok{background:#e6f4ea;color:#137333}.pill.off{background:#fce8e6;color:#a50e0e}.pill.admin{background:#e8f0fe;color:#0b57d0}
.error{background:#fce8e6;color:#a50e0e;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0;white-space:pre-wrap}
.notice{background:#e6f4ea;color:#137333;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}
.reveal{background:#fef7e0;border:1px solid #f9d67a;border-radius:10px;padding:.9rem 1rem;margin:0 0 1rem}
.reveal code{display:block;word-break:break-all;background:#fff;border:1px solid #e0c97a;border-radius:6px;padding:.5rem;margin:.5rem 0;font-size:.95rem}
.reveal .row{display:flex;gap:.5rem;flex-wrap:wrap}
.confirm{background:#fff4e5;border:1px solid #f3b35b;border-radius:8px;padding:.75rem;margin:.5rem 0}
.confirm p{margin:0 0 .5rem}.confirm .row{display:flex;gap:.5rem}
.preview dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:.75rem 0 0}.preview dt{color:#5f6368}.preview dd{margin:0;font-weight:600}
.split{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem;align-items:start}
.body-cell{max-width:28rem;white-space:pre-wrap;overflow-wrap:anywhere}
.card .card{border:0;border-top:1px solid #eceff1;border-radius:0;padding:1rem 0 0;margin:1rem 0 0}
h3.sub{font-size:.88rem;margin:0 0 .4rem;color:#5f6368}
ul.chips{list-style:none;margin:0 0 .75rem;padding:0;display:flex;flex-wrap:wrap;align-items:flex-start;gap:.4rem}
ul.chips li{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem;border:1px solid #dde1e6;border-radius:8px;padding:.2rem .3rem .2rem .6rem;background:#fafbfc;max-width:100%}
ul.chips li .confirm{flex:1 1 100%;margin:.2rem 0}
td,.card{overflow-wrap:anywhere}
@media (max-width:760px){
.admin{display:block}
nav.sections{display:flex;overflow-x:auto;scroll-padding-inline:.75rem;border-right:0;border-bottom:1px solid #dde1e6;padding:.4rem;gap:.2rem}
nav.sections a{padding:.35rem .65rem;font-size:.9rem}
.screen{padding:.75rem .75rem 2rem}
.split{display:block}
header.top{padding:.5rem .75rem;gap:.3rem .75rem}header.top .who{display:none}
table,thead,tbody,tr,th,td{display:block;width:100%}
thead{display:none}table{border:0;background:transparent}
tr{background:#fff;border:1px solid #dde1e6;border-radius:10px;margin:0 0 .6rem;padding:.4rem .2rem}
td{border:0;padding:.2rem .7rem}td.acts{text-align:left}td.acts button{margin:.3rem .3rem 0 0}
td[data-label]::before{content:attr(data-label);display:block;font-size:.75rem;color:#5f6368;font-weight:600}
form.grid label{flex:1 1 100%}form.grid input,form.grid select{width:100%}form.grid input[type=checkbox]{width:auto}
}
/* A hint under a field (auto-assign screen): plain weight, and the number box kept short. */
.field .hint{font-weight:400}#rd-assign-cap{max-width:10rem}
/* Live chat: the embed and signing snippets, read-only code boxes. */
textarea.snippet{min-height:0;resize:none;margin:0 0 .5rem;white-space:pre-wrap;overflow-wrap:anywhere;field-sizing:content}
`;
