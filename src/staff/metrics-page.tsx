/** GET /staff/metrics: the metrics of a period as a server-rendered page (zh/en), behind the staff session. */
import { Hono } from "hono";
import type { Language } from "../core/inbound";
import type { Attainment, Durations, Metrics } from "../core/metrics";
import type { AppEnv } from "../env";
import { securePage } from "../web/headers";
import { languageOf } from "../web/language";
import { check } from "../web/validate";
import { MetricsQuery, metricsFor, metricsRange } from "./metrics";
import { requireStaffPage } from "./session";

const T = {
  en: {
    title: "Support metrics",
    from: "From",
    to: "To",
    show: "Show",
    volume: "Volume",
    total: "Tickets opened",
    byChannel: "By channel",
    byCategory: "By category",
    times: "Response times",
    firstResponse: "First response",
    resolution: "Resolution",
    median: "Median",
    p90: "90th percentile",
    count: "Tickets",
    sla: "SLA attainment",
    met: "Met",
    measured: "Measured",
    csat: "Customer satisfaction (CSAT)",
    responses: "Ratings",
    average: "Average",
    satisfied: "Rated 4 or 5",
    none: "—",
    truncated: "Only the first 50,000 tickets of this period are counted: choose a shorter period.",
    back: "Back to the inbox",
  },
  zh: {
    title: "客服数据",
    from: "开始",
    to: "结束",
    show: "查看",
    volume: "工单量",
    total: "新建工单",
    byChannel: "按渠道",
    byCategory: "按类别",
    times: "响应时间",
    firstResponse: "首次响应",
    resolution: "解决",
    median: "中位数",
    p90: "90 分位",
    count: "工单数",
    sla: "SLA 达成率",
    met: "达成",
    measured: "统计",
    csat: "客户满意度（CSAT）",
    responses: "评分数",
    average: "平均分",
    satisfied: "4-5 分占比",
    none: "—",
    truncated: "本期间仅统计前 50,000 个工单，请缩短时间范围。",
    back: "返回工单列表",
  },
} as const;

const CSS = `body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1f24;background:#f5f6f8}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem}h1{font-size:1.5rem}
section{background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:1rem 1.25rem;margin:1rem 0}
table{border-collapse:collapse}td,th{padding:.25rem .9rem .25rem 0;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
form{display:flex;gap:.75rem;align-items:flex-end;flex-wrap:wrap}label{display:block;font-weight:600}
input{font:inherit;padding:.35rem .5rem}button{font:inherit;padding:.4rem 1rem}.warn{color:#b3261e}a{color:#0b57d0}`;

const minutes = (n: number | null, lang: Language) => {
  if (n === null) return T[lang].none;
  if (n < 120) return `${n.toFixed(1)} min`;
  return lang === "zh" ? `${(n / 60).toFixed(1)} 小时` : `${(n / 60).toFixed(1)} h`;
};
const percent = (r: number | null, lang: Language) => (r === null ? T[lang].none : `${(r * 100).toFixed(1)}%`);

function counts(title: string, data: Record<string, number>) {
  const rows = Object.entries(data).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <h3>{title}</h3>
      <table>
        <tbody>
          {rows.map(([k, v]) => (
            <tr data-key={k}>
              <th scope="row">{k}</th>
              <td class="n">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function durationRow(label: string, d: Durations, lang: Language, id: string) {
  return (
    <tr id={id}>
      <th scope="row">{label}</th>
      <td class="n">{d.count}</td>
      <td class="n">{minutes(d.medianMinutes, lang)}</td>
      <td class="n">{minutes(d.p90Minutes, lang)}</td>
    </tr>
  );
}

function slaRow(label: string, a: Attainment, lang: Language, id: string) {
  return (
    <tr id={id}>
      <th scope="row">{label}</th>
      <td class="n">{percent(a.rate, lang)}</td>
      <td class="n">
        {a.met} / {a.measured}
      </td>
    </tr>
  );
}

/** The page's body. */
export function metricsPageBody(lang: Language, m: Metrics & { truncated: boolean }) {
  const tx = T[lang];
  const day = (iso: string) => iso.slice(0, 10);
  // `to` is exclusive; the form shows the last day included.
  const lastDay = new Date(Date.parse(m.to) - 1).toISOString();
  return (
    <>
      <p>
        <a href="/staff">{tx.back}</a>
      </p>
      <h1>{tx.title}</h1>
      <form method="get" action="/staff/metrics">
        <div>
          <label for="from">{tx.from}</label>
          <input id="from" name="from" type="date" value={day(m.from)} />
        </div>
        <div>
          <label for="to">{tx.to}</label>
          <input id="to" name="to" type="date" value={day(lastDay)} />
        </div>
        <input type="hidden" name="lang" value={lang} />
        <button type="submit">{tx.show}</button>
      </form>
      {m.truncated ? <p class="warn">{tx.truncated}</p> : null}
      <section>
        <h2>{tx.volume}</h2>
        <p>
          {tx.total}: <strong id="total">{m.volume.total}</strong>
        </p>
        {counts(tx.byChannel, m.volume.byChannel)}
        {counts(tx.byCategory, m.volume.byCategory)}
      </section>
      <section>
        <h2>{tx.times}</h2>
        <table>
          <thead>
            <tr>
              <th />
              <th>{tx.count}</th>
              <th>{tx.median}</th>
              <th>{tx.p90}</th>
            </tr>
          </thead>
          <tbody>
            {durationRow(tx.firstResponse, m.firstResponse, lang, "first-response")}
            {durationRow(tx.resolution, m.resolution, lang, "resolution")}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{tx.sla}</h2>
        <table>
          <thead>
            <tr>
              <th />
              <th>{tx.met}</th>
              <th>{tx.measured}</th>
            </tr>
          </thead>
          <tbody>
            {slaRow(tx.firstResponse, m.sla.firstResponse, lang, "sla-first-response")}
            {slaRow(tx.resolution, m.sla.resolution, lang, "sla-resolution")}
          </tbody>
        </table>
      </section>
      <section id="csat">
        <h2>{tx.csat}</h2>
        <p>
          {tx.responses}: <strong>{m.csat.responses}</strong> · {tx.average}:{" "}
          <strong>{m.csat.average ?? tx.none}</strong> · {tx.satisfied}:{" "}
          <strong>{percent(m.csat.satisfied, lang)}</strong>
        </p>
      </section>
    </>
  );
}

/** Mounted at /staff/metrics. */
export function metricsPageRoutes() {
  const page = new Hono<AppEnv>();
  page.use(securePage());
  page.get("/", requireStaffPage, async (c) => {
    const lang = languageOf(c);
    // The form sends empty fields as "": those mean "the default".
    const { lang: _lang, ...rest } = c.req.query();
    const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== ""));
    const { from, to } = check(MetricsQuery, given);
    const now = new Date();
    const metrics = await metricsFor(c.env.DB, metricsRange({ from, to }, now), now);
    c.header("Cache-Control", "no-store");
    return c.render(metricsPageBody(lang, metrics), { lang, title: T[lang].title, css: CSS });
  });
  return page;
}
