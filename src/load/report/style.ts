/**
 * The load report's stylesheet and palette, inlined into the page: system fonts only, one column on a
 * phone, two chart columns from 900 px. Series colours are Okabe–Ito's, told apart by colour-blind
 * readers; pass and fail also differ by icon and word, never by colour alone.
 *
 * @module
 */

/** Series colours (Okabe–Ito, with a darker purple for contrast on white). */
export const COLORS = {
  p50: "#0072b2",
  p95: "#e69f00",
  p99: "#aa3377",
  requests: "#0072b2",
  failed: "#d55e00",
  iterations: "#009e73",
  dropped: "#d55e00",
  vus: "#332288",
  histogram: "#56b4e9",
} as const;

/** The page's CSS. */
export const STYLE = `
:root {
  color-scheme: light;
  --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --grid: #eef1f4; --bg: #ffffff; --panel: #f6f8fa;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif;
  font-variant-numeric: tabular-nums;
}
main { max-width: 1240px; margin: 0 auto; padding: 16px 20px 48px; }
h1 { font-size: 1.35rem; margin: 0; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 0.95rem; margin: 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
.muted, .note { color: var(--muted); }
.note { font-size: 0.85rem; margin: 6px 0 0; }
header.top { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: center; justify-content: space-between; }
header.top .meta { margin: 4px 0 0; color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
header.top .meta > span { display: inline-block; margin-right: 16px; }
header.top .meta .k { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; margin-right: 5px; }
td.threshold .metric { color: var(--muted); margin-right: 8px; }
td.threshold .source { font-weight: 600; white-space: nowrap; }
td.name.metric { overflow-wrap: normal; }
nav.toc { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.88rem; margin: 14px 0 0; }
nav.toc a { color: var(--muted); text-decoration: none; }
nav.toc a:hover { color: var(--fg); text-decoration: underline; }

.verdict {
  display: flex; align-items: center; gap: 14px; margin-top: 16px; padding: 14px 18px;
  border-radius: 10px; border: 2px solid; flex-wrap: wrap;
}
.verdict .word { font-size: 1.6rem; font-weight: 800; letter-spacing: 0.04em; display: flex; align-items: center; gap: 10px; }
.verdict .icon {
  display: inline-grid; place-items: center; width: 2rem; height: 2rem; border-radius: 50%;
  color: #fff; font-size: 1.2rem; font-weight: 800;
}
.verdict .why { flex: 1 1 320px; }
.verdict .why p { margin: 2px 0; }
.verdict ul.failing { margin: 4px 0 0; padding-left: 1.2em; }
.table-wrap.narrow { max-width: 860px; }
#thresholds-table td:first-child, #checks-table td:first-child { width: 1%; }
.verdict.pass { border-color: var(--pass); background: var(--pass-bg); }
.verdict.pass .word { color: var(--pass); } .verdict.pass .icon { background: var(--pass); }
.verdict.fail { border-color: var(--fail); background: var(--fail-bg); }
.verdict.fail .word { color: var(--fail); } .verdict.fail .icon { background: var(--fail); }
.verdict.stopped { border-color: var(--warn); background: var(--warn-bg); }
.verdict.stopped .word { color: var(--warn); } .verdict.stopped .icon { background: var(--warn); }

.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(165px, 1fr)); gap: 10px; margin-top: 14px; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.tile .label { font-size: 0.8rem; color: var(--muted); }
.tile .value { font-size: 1.35rem; font-weight: 700; white-space: nowrap; }
.tile .sub { font-size: 0.8rem; color: var(--muted); }

.status { font-weight: 700; white-space: nowrap; }
.status.pass { color: var(--pass); }
.status.fail { color: var(--fail); }
.status .icon { display: inline-block; width: 1.1em; text-align: center; }

.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { padding: 6px 10px; text-align: left; border-bottom: 1px solid var(--grid); vertical-align: baseline; }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.name { overflow-wrap: anywhere; min-width: 8em; }
tr.group td { background: var(--panel); font-weight: 600; }
tr.sub td.name { padding-left: 26px; }
tr.failed td { background: var(--fail-bg); }
caption { caption-side: top; text-align: left; padding: 8px 10px; font-weight: 600; }

.charts { display: grid; grid-template-columns: 1fr; gap: 18px; }
@media (min-width: 900px) { .charts.two { grid-template-columns: 1fr 1fr; } }
figure.chart { margin: 0; padding: 12px 14px 10px; border: 1px solid var(--line); border-radius: 8px; min-width: 0; }
figure.chart figcaption { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; margin-bottom: 6px; }
ul.legend { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 0.82rem; color: var(--muted); }
ul.legend li { display: flex; align-items: center; gap: 5px; white-space: nowrap; }
svg.swatch { width: 24px; height: 12px; flex: none; }
.frame {
  display: grid; grid-template-columns: auto 1fr; grid-template-rows: auto 220px auto auto;
  grid-template-areas: ". ylabel" "yaxis plot" ". xaxis" ". xlabel"; column-gap: 6px;
}
.chart.wide .frame { grid-template-rows: auto 260px auto auto; }
.ylabel { grid-area: ylabel; font-size: 0.75rem; color: var(--muted); margin-bottom: 4px; }
.xlabel { grid-area: xlabel; font-size: 0.75rem; color: var(--muted); text-align: center; }
.yaxis { grid-area: yaxis; position: relative; min-width: 3.2em; font-size: 0.75rem; color: var(--muted); }
.yaxis span { position: absolute; right: 0; transform: translateY(50%); white-space: nowrap; line-height: 1; }
.xaxis { grid-area: xaxis; position: relative; height: 1.4em; font-size: 0.75rem; color: var(--muted); }
.xaxis span { position: absolute; top: 3px; transform: translateX(-50%); white-space: nowrap; }
.xaxis span.first { transform: none; }
.xaxis span.last { transform: translateX(-100%); }
.plot { grid-area: plot; position: relative; border-left: 1px solid var(--line); border-bottom: 1px solid var(--line); }
.plot svg { position: absolute; inset: 0; width: 100%; height: 100%; overflow: visible; display: block; }
.plot svg * { vector-effect: non-scaling-stroke; }
.grid line { stroke: var(--grid); stroke-width: 1; }
path.line { fill: none; stroke-width: 2.25; stroke-linejoin: round; stroke-linecap: round; }
path.line.dashed { stroke-width: 2; stroke-dasharray: 6 4; stroke-linecap: butt; }
path.area { opacity: 0.12; stroke: none; }
line.marker { stroke-width: 2; }
line.marker.dashed { stroke-dasharray: 5 3; }
.hover rect { fill: transparent; }
.hover rect:hover { fill: rgba(31, 35, 40, 0.07); }
.chart.empty .nodata { margin: 0; padding: 40px 8px; text-align: center; color: var(--muted); background: var(--panel); border-radius: 6px; }

dl.options { display: grid; grid-template-columns: max-content 1fr; align-items: baseline; gap: 2px 16px; margin: 0; padding: 10px 12px; font-size: 0.9rem; }
dl.options dt { color: var(--muted); }
dl.options dd { margin: 0; overflow-wrap: anywhere; }
.scenarios { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
.scenario { border: 1px solid var(--line); border-radius: 8px; }
.scenario h3 { padding: 8px 12px; background: var(--panel); border-bottom: 1px solid var(--line); border-radius: 8px 8px 0 0; overflow-wrap: anywhere; }
details { margin-top: 12px; }
details summary { cursor: pointer; color: var(--muted); font-size: 0.9rem; }
details .table-wrap { margin-top: 8px; max-height: 420px; overflow: auto; }
footer { margin-top: 40px; font-size: 0.8rem; color: var(--muted); }

@media (max-width: 600px) {
  main { padding: 12px 12px 40px; }
  h1 { font-size: 1.15rem; }
  header.top .meta > span { display: block; }
  .xaxis span.minor { display: none; }
  .verdict { padding: 12px; }
  .verdict .word { font-size: 1.35rem; }
  .tiles { grid-template-columns: 1fr 1fr; }
  .tile .value { font-size: 1.15rem; }
  .frame { grid-template-rows: auto 180px auto auto; }
  .chart.wide .frame { grid-template-rows: auto 200px auto auto; }
  figure.chart { padding: 10px 8px 8px; }
  th, td { padding: 5px 6px; }
  th { white-space: normal; }
  table { font-size: 0.84rem; }
  /* The ✓/✗ shapes carry the outcome on a narrow screen; the word stays for screen readers. */
  #checks-table .status .word {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
  }
}
@media print {
  nav.toc, details { display: none; }
  figure.chart, .table-wrap { break-inside: avoid; }
}
`;
