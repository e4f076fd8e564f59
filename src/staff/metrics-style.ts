/** The metrics page's stylesheet (inline: the page's CSP allows its own <style>, no scripts). */
export const METRICS_CSS = `body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1b1f24;background:#f5f6f8}
main{max-width:64rem;margin:0 auto;padding:1rem 1rem 3rem}h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:0 0 .5rem}h3{font-size:1rem;margin:.75rem 0 .25rem}
nav.top{display:flex;gap:1rem;justify-content:space-between;flex-wrap:wrap}
section{background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:1rem 1.25rem;margin:1rem 0;overflow-x:auto}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin:1rem 0}
.card{background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:.75rem 1rem}.card p{margin:0;color:#4a525c}.card strong{display:block;font-size:1.6rem;color:#1b1f24;font-variant-numeric:tabular-nums}
.split{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:0 2rem}
table{border-collapse:collapse;width:100%}td,th{padding:.3rem .9rem .3rem 0;text-align:left;vertical-align:middle}thead th{color:#4a525c;font-weight:600;border-bottom:1px solid #dde1e6}
th.n,td.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}td.bar{width:40%}td.bar svg{display:block;width:100%;height:.8rem}td.bar rect{fill:#3b6fd4}
figure.chart{margin:0 0 .5rem}figure.chart svg{width:100%;height:10rem;display:block}.axis{stroke:#8a939e;vector-effect:non-scaling-stroke}
.ticks{display:flex;justify-content:space-between;font-size:.8rem;color:#4a525c;font-variant-numeric:tabular-nums}
rect.opened{fill:#b8cdf3}rect.resolved{fill:#2f6b3a}figcaption{font-size:.9rem;color:#4a525c}
.key{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;vertical-align:-1px;margin-left:.5rem}.key.opened{background:#b8cdf3}.key.resolved{background:#2f6b3a}
form{display:flex;gap:.75rem;align-items:flex-end;flex-wrap:wrap}label{display:block;font-weight:600}
input{font:inherit;padding:.35rem .5rem;color:#1b1f24;background:#fff;border:1px solid #b9c0c8;border-radius:6px}
button{font:inherit;padding:.4rem 1rem;border-radius:6px;border:1px solid #0b57d0;background:#0b57d0;color:#fff}
.warn{color:#b3261e}.note{color:#4a525c;margin:.25rem 0}a{color:#0b57d0}
@media (max-width:600px){main{padding:.5rem .5rem 2rem}section{padding:.75rem}td,th{padding-right:.5rem}td.bar{width:30%}}`;
