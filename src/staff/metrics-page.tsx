/** GET /staff/metrics: the metrics of a period as a server-rendered page (zh/en), behind the staff session. */
import { Hono } from "hono";
import type { Language } from "../core/inbound";
import type { Attainment, Durations, Metrics } from "../core/metrics";
import type { AppEnv } from "../env";
import { securePage } from "../web/headers";
import { languageOf } from "../web/language";
import { check } from "../web/validate";
import { MetricsQuery, metricsFor, metricsRange } from "./metrics";
import { barList, timeChart } from "./metrics-charts";
import { METRICS_CSS } from "./metrics-style";
import { type MetricsTexts, metricsTexts } from "./metrics-texts";
import { requireStaffPage } from "./session";
import { inboxTexts } from "./ui/i18n";

const minutes = (n: number | null, tx: MetricsTexts) => {
  if (n === null) return tx.none;
  if (n < 120) return `${n.toFixed(1)} min`;
  return `${(n / 60).toFixed(1)} ${tx.hours}`;
};
const percent = (r: number | null, tx: MetricsTexts) => (r === null ? tx.none : `${(r * 100).toFixed(1)}%`);

function durationRow(label: string, d: Durations, tx: MetricsTexts, id: string) {
  return (
    <tr id={id}>
      <th scope="row">{label}</th>
      <td class="n">{d.count}</td>
      <td class="n">{minutes(d.medianMinutes, tx)}</td>
      <td class="n">{minutes(d.p90Minutes, tx)}</td>
    </tr>
  );
}

function slaRow(label: string, a: Attainment, tx: MetricsTexts, id: string) {
  return (
    <tr id={id}>
      <th scope="row">{label}</th>
      <td class="n">{percent(a.rate, tx)}</td>
      <td class="n">
        {a.met} / {a.measured}
      </td>
    </tr>
  );
}

function agentsSection(m: Metrics, tx: MetricsTexts) {
  return (
    <section id="agents">
      <h2>{tx.agents}</h2>
      <p class="note">{tx.agentsNote}</p>
      {m.byAgent.length === 0 ? (
        <p>{tx.noAgents}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{tx.agent}</th>
              <th class="n">{tx.handled}</th>
              <th class="n">{tx.resolved}</th>
              <th class="n">{tx.firstResponseMedian}</th>
              <th class="n">{tx.resolutionMedian}</th>
              <th class="n">{tx.csatShort}</th>
            </tr>
          </thead>
          <tbody>
            {m.byAgent.map((a) => (
              <tr data-staff={a.staffId}>
                <th scope="row">{a.name}</th>
                <td class="n">{a.handled}</td>
                <td class="n">{a.resolved}</td>
                <td class="n">{minutes(a.firstResponse.medianMinutes, tx)}</td>
                <td class="n">{minutes(a.resolution.medianMinutes, tx)}</td>
                <td class="n">{a.csat.average === null ? tx.none : `${a.csat.average} (${a.csat.responses})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The page's body. */
export function metricsPageBody(lang: Language, m: Metrics & { truncated: boolean }) {
  const tx = metricsTexts(lang);
  const inbox = inboxTexts(lang);
  const label = (names: Record<string, string>, key: string) => names[key] ?? key;
  const day = (iso: string) => iso.slice(0, 10);
  // `to` is exclusive; the form shows the last day included.
  const lastDay = new Date(Date.parse(m.to) - 1).toISOString();
  const other: Language = lang === "zh" ? "en" : "zh";
  const weekly =
    m.daily.length > 1 && Date.parse(m.daily[1]?.day ?? "") - Date.parse(m.daily[0]?.day ?? "") > 86_400_000;
  const query = `from=${day(m.from)}&to=${day(lastDay)}`;
  return (
    <>
      <nav class="top">
        <a href="/staff">{tx.back}</a>
        <a href={`/staff/metrics?${query}&lang=${other}`} hreflang={other === "zh" ? "zh-CN" : "en"}>
          {tx.switchTo}
        </a>
      </nav>
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
      <div class="cards">
        <div class="card">
          <p>{tx.total}</p>
          <strong id="total">{m.volume.total}</strong>
        </div>
        <div class="card">
          <p>{tx.firstResponseMedian}</p>
          <strong>{minutes(m.firstResponse.medianMinutes, tx)}</strong>
        </div>
        <div class="card">
          <p>{tx.resolutionMedian}</p>
          <strong>{minutes(m.resolution.medianMinutes, tx)}</strong>
        </div>
        <div class="card">
          <p>{tx.csatShort}</p>
          <strong>{m.csat.average ?? tx.none}</strong>
        </div>
      </div>
      <section id="volume">
        <h2>{weekly ? tx.perWeek : tx.perDay}</h2>
        {timeChart({
          label: weekly ? tx.perWeek : tx.perDay,
          series: m.daily,
          openedLabel: tx.opened,
          resolvedLabel: tx.resolvedOfThem,
        })}
        <div class="split">
          {barList({
            title: tx.byChannel,
            id: "by-channel",
            rows: Object.entries(m.volume.byChannel).map(([k, v]) => ({
              key: k,
              label: label(inbox.channels, k),
              value: v,
            })),
          })}
          {barList({
            title: tx.byCategory,
            id: "by-category",
            rows: Object.entries(m.volume.byCategory).map(([k, v]) => ({
              key: k,
              label: label(inbox.categories, k),
              value: v,
            })),
          })}
        </div>
      </section>
      {agentsSection(m, tx)}
      <section>
        <h2>{tx.times}</h2>
        <table>
          <thead>
            <tr>
              <th />
              <th class="n">{tx.count}</th>
              <th class="n">{tx.median}</th>
              <th class="n">{tx.p90}</th>
            </tr>
          </thead>
          <tbody>
            {durationRow(tx.firstResponse, m.firstResponse, tx, "first-response")}
            {durationRow(tx.resolution, m.resolution, tx, "resolution")}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{tx.sla}</h2>
        <table>
          <thead>
            <tr>
              <th />
              <th class="n">{tx.met}</th>
              <th class="n">{tx.measured}</th>
            </tr>
          </thead>
          <tbody>
            {slaRow(tx.firstResponse, m.sla.firstResponse, tx, "sla-first-response")}
            {slaRow(tx.resolution, m.sla.resolution, tx, "sla-resolution")}
          </tbody>
        </table>
      </section>
      <section id="csat">
        <h2>{tx.csat}</h2>
        <p>
          {tx.responses}: <strong>{m.csat.responses}</strong> · {tx.average}:{" "}
          <strong>{m.csat.average ?? tx.none}</strong> · {tx.satisfied}:{" "}
          <strong>{percent(m.csat.satisfied, tx)}</strong>
        </p>
        {barList({
          title: tx.responses,
          id: "csat-distribution",
          rows: ["5", "4", "3", "2", "1"].map((n) => ({
            key: n,
            label: n === "1" ? tx.star : tx.stars.replace("{n}", n),
            value: m.csat.distribution[n as keyof typeof m.csat.distribution],
          })),
        })}
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
    return c.render(metricsPageBody(lang, metrics), { lang, title: metricsTexts(lang).title, css: METRICS_CSS });
  });
  return page;
}
