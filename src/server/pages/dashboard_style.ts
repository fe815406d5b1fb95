/**
 * The dashboard's stylesheet: the load report's (its palette, tables and chart layout, so a report and
 * the dashboard read alike) plus the dashboard's own parts — health states, tiles, timelines, small
 * multiples. Health colours always come with an icon and a word.
 *
 * @module
 */
import { STYLE as REPORT_STYLE } from "../../load/report/style.ts";

const OWN_STYLE = `
:root { --ok: var(--pass); --ok-bg: var(--pass-bg); --none: #6e7781; --none-bg: #f6f8fa; }
.small { font-size: 0.8rem; }
.lead { margin: 0 0 10px; }
header.top .live { font-size: 0.85rem; color: var(--muted); margin: 0; }
header.top .live[data-state="live"]::before { content: "● "; color: var(--pass); }
header.top .live[data-state="offline"]::before { content: "● "; color: var(--fail); }
section.panel { scroll-margin-top: 8px; }

.badge { display: inline-flex; align-items: center; gap: 5px; font-weight: 650; white-space: nowrap; }
.badge .icon {
  display: inline-grid; place-items: center; width: 1.25em; height: 1.25em; border-radius: 50%;
  color: #fff; font-size: 0.8em; font-weight: 800; line-height: 1;
}
.h-ok { --c: var(--pass); --c-bg: var(--pass-bg); }
.h-warn { --c: var(--warn); --c-bg: var(--warn-bg); }
.h-fail { --c: var(--fail); --c-bg: var(--fail-bg); }
.h-none { --c: var(--none); --c-bg: var(--none-bg); }
.badge { color: var(--c); }
.badge .icon { background: var(--c); }

.overall {
  display: flex; align-items: flex-start; gap: 14px; padding: 12px 16px; border-radius: 10px;
  border: 2px solid var(--c); background: var(--c-bg);
}
.overall > .icon {
  flex: none; display: grid; place-items: center; width: 2.2rem; height: 2.2rem; border-radius: 50%;
  background: var(--c); color: #fff; font-size: 1.3rem; font-weight: 800;
}
.overall .headline { font-size: 1.5rem; font-weight: 800; color: var(--c); line-height: 1.2; }
.overall .why { margin: 2px 0 0; padding-left: 1.1em; }
.overall div.why { padding-left: 0; }
.overall.small-verdict { align-items: center; padding: 8px 12px; border-width: 1px; gap: 10px; flex-wrap: wrap; margin-bottom: 6px; }

.health-tiles { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin: 14px 0 16px; }
.htile { border: 2px solid var(--c); background: var(--c-bg); border-radius: 10px; padding: 10px 14px 12px; min-width: 0; }
.htile .label { font-size: 0.85rem; font-weight: 600; color: var(--fg); }
.htile .value { font-size: 2.1rem; font-weight: 800; line-height: 1.15; margin: 2px 0; white-space: nowrap; }
.htile .state { display: flex; align-items: baseline; gap: 7px; font-weight: 700; color: var(--c); }
.htile .state .icon {
  flex: none; display: inline-grid; place-items: center; width: 1.35em; height: 1.35em; border-radius: 50%;
  background: var(--c); color: #fff; font-size: 0.85em; align-self: center;
}
.htile .sub { font-size: 0.78rem; color: var(--muted); margin-top: 3px; }

td.budget { min-width: 9em; }
td.budget .spent { color: var(--fail); }
.num-inline { display: inline-block; min-width: 3.6em; font-variant-numeric: tabular-nums; }
.sharebar {
  position: relative; display: inline-block; vertical-align: middle; width: 5.5em; height: 0.6em;
  background: var(--grid); border-radius: 3px;
}
.sharebar .fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 3px; background: var(--c); }
.sharebar .goal { position: absolute; top: -3px; bottom: -3px; width: 2px; background: var(--fg); }

.reason { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.8rem; color: var(--fail); overflow-wrap: anywhere; }
tr.failing td { background: var(--fail-bg); }
td.timeline { width: 42%; min-width: 180px; }
.strip svg { display: block; width: 100%; height: 22px; }
.strip .cell.ok { fill: var(--pass); }
.strip .cell.warn { fill: var(--warn); }
.strip .cell.fail { fill: var(--fail); }
.strip .cell.empty { fill: var(--line); }
.strip-axis { display: flex; justify-content: space-between; font-size: 0.7rem; color: var(--muted); }
#probes .charts, #quality .charts { margin-top: 14px; }
.failures h3, .segments h3, h3.sub-heading { margin: 0 0 8px; }
h3.sub-heading { margin-top: 14px; }
.failures, .segments { min-width: 0; }
.nodata { margin: 0; padding: 18px 8px; text-align: center; color: var(--muted); background: var(--panel); border-radius: 6px; }
.model + .model { margin-top: 26px; }
h3.model-name { font-size: 1rem; margin: 0 0 8px; }
.model .tiles { margin: 0 0 4px; }
.minis { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 12px; }
.minis figure.chart { padding: 8px 10px 6px; }
.minis .frame { grid-template-rows: auto 110px auto auto; }
.minis h3 { font-size: 0.85rem; }

@media (max-width: 900px) {
  .health-tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media (max-width: 600px) {
  .health-tiles { gap: 8px; }
  .htile { padding: 8px 10px 10px; }
  .htile .value { font-size: 1.55rem; }
  .overall .headline { font-size: 1.25rem; }
  td.timeline { min-width: 150px; }
  .minis .frame { grid-template-rows: auto 100px auto auto; }
  /* Wide tables become cards: what matters first on top, the rest below, nothing to scroll sideways. */
  .probe-table thead, .drift-table thead { display: none; }
  .probe-table tbody tr { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1.2fr) auto; }
  .probe-table td { border-bottom: 0; }
  .probe-table td.timeline { grid-column: 1 / -1; width: auto; min-width: 0; padding-top: 0; }
  .probe-table tbody tr { border-bottom: 1px solid var(--line); }
  .drift-table tbody tr[data-feature] { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); border-bottom: 1px solid var(--line); }
  .drift-table tbody tr[data-feature] td { border-bottom: 0; text-align: left; }
  .drift-table tbody tr[data-feature] td:first-child { grid-column: 1 / 4; grid-row: 1; }
  .drift-table tbody tr[data-feature] td:last-child { grid-column: 4; grid-row: 1; text-align: right; }
  .drift-table tbody tr.group td { display: block; }
  .drift-table td[data-label]::before { content: attr(data-label); display: block; font-size: 0.72rem; color: var(--muted); }
}
`;

/** The page's CSS. */
export const DASHBOARD_STYLE: string = REPORT_STYLE + OWN_STYLE;
