/**
 * The metrics page's charts, as server-rendered SVG (no script, no inline styles: the page's CSP
 * stays strict). Each chart has a text alternative, and the numbers are printed beside the bars.
 */

/** Bars over time: opened per bucket, with the resolved part drawn inside. */
export function timeChart(props: {
  label: string;
  series: Array<{ day: string; opened: number; resolved: number }>;
  openedLabel: string;
  resolvedLabel: string;
}) {
  const { series } = props;
  const max = Math.max(1, ...series.map((d) => d.opened));
  // Drawn in a 100-high box stretched to the figure's size; the labels are HTML, so they stay readable on a phone.
  const W = 720;
  const H = 100;
  const step = W / Math.max(1, series.length);
  const bar = Math.max(1, step * 0.7);
  const y = (n: number) => H - (n / max) * H;
  const summary = series.map((d) => `${d.day}: ${d.opened}/${d.resolved}`).join(", ");
  return (
    <figure class="chart">
      <div class="ticks">
        <span>{max}</span>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={`${props.label}. ${summary}`}>
        {series.map((d, i) => {
          const x = i * step + (step - bar) / 2;
          return (
            <g data-day={d.day}>
              <title>{`${d.day}: ${props.openedLabel} ${d.opened}, ${props.resolvedLabel} ${d.resolved}`}</title>
              <rect class="opened" x={x} y={y(d.opened)} width={bar} height={H - y(d.opened)} />
              <rect class="resolved" x={x} y={y(d.resolved)} width={bar} height={H - y(d.resolved)} />
            </g>
          );
        })}
        <line class="axis" x1={0} y1={H} x2={W} y2={H} />
      </svg>
      <div class="ticks">
        <span>{series[0]?.day ?? ""}</span>
        <span>{series.at(-1)?.day ?? ""}</span>
      </div>
      <figcaption>
        <span class="key opened" /> {props.openedLabel} <span class="key resolved" /> {props.resolvedLabel}
      </figcaption>
    </figure>
  );
}

/** Labelled horizontal bars, the largest first: a table whose last column draws the share. */
export function barList(props: {
  title: string;
  id: string;
  rows: Array<{ key: string; label: string; value: number }>;
}) {
  const rows = [...props.rows].sort((a, b) => b.value - a.value);
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <div class="bars" id={props.id}>
      <h3>{props.title}</h3>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr data-key={r.key}>
              <th scope="row">{r.label}</th>
              <td class="n">{r.value}</td>
              <td class="bar">
                <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                  <rect x="0" y="0" width={(r.value / max) * 100} height="10" />
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
