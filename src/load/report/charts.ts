/**
 * A tiny server-side chart kit for the load report: nice axis ticks (linear, logarithmic, time), and
 * charts of lines and bars as inline SVG.
 *
 * The plot is an SVG stretched to its box (`preserveAspectRatio="none"`, strokes that do not scale) while
 * tick labels, legend and captions are HTML: text keeps its size on a phone and on a wide screen, and the
 * chart needs no script. Hovering a band shows its figures through SVG `<title>` tooltips.
 *
 * @module
 */
import { type Html, html } from "./html.ts";

/** Plot coordinates: the SVG's viewBox is `0 0 VIEW VIEW`. */
const VIEW = 1000;

/** An axis: its scale, domain, tick positions and how a tick is labelled. */
export interface Axis {
  scale: "linear" | "log";
  min: number;
  max: number;
  ticks: number[];
  format: (value: number) => string;
  /** What the axis measures, with its unit. */
  label: string;
}

/** A line (or a stepped line, or a line over a filled area); `null` values leave a gap. */
export interface LineSeries {
  kind: "line";
  label: string;
  color: string;
  dashed?: boolean;
  /** Hold each value until the next point (counts such as VUs). */
  step?: boolean;
  /** Fill the area under the line, faintly. */
  area?: boolean;
  points: ReadonlyArray<readonly [number, number | null]>;
}

/** Bars spanning `[x0, x1]` from the axis' base up to `y`. */
export interface BarSeries {
  kind: "bars";
  label: string;
  color: string;
  bars: ReadonlyArray<{ x0: number; x1: number; y: number }>;
}

/** A vertical reference line, such as a percentile on a histogram. */
export interface Marker {
  x: number;
  label: string;
  color: string;
  dashed?: boolean;
}

/** A band of the plot that shows `text` when hovered. */
export interface HoverBand {
  x0: number;
  x1: number;
  text: string;
}

/** Everything a chart shows. */
export interface ChartSpec {
  /** The figure's id, unique in the page. */
  id: string;
  title: string;
  /** What the chart shows, in one sentence, for screen readers. */
  description: string;
  x: Axis;
  y: Axis;
  series: ReadonlyArray<LineSeries | BarSeries>;
  markers?: ReadonlyArray<Marker>;
  hover?: ReadonlyArray<HoverBand>;
  /** A line under the chart: how to read it. */
  note?: string;
}

function niceStep(roughStep: number): number {
  const power = 10 ** Math.floor(Math.log10(roughStep));
  const fraction = roughStep / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Rounds away binary noise so `0.1 * 3` labels as `0.3`. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Ticks for a linear axis: about `count` round values (1, 2, 2.5 or 5 times a power of ten) whose first
 * and last enclose `[min, max]`.
 *
 * @param min the smallest value to show
 * @param max the largest value to show
 * @param count roughly how many intervals
 * @returns the ticks, ascending; the first and last are the axis' domain
 * @example
 * ```ts
 * import { niceTicks } from "./charts.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(niceTicks(0, 37), [0, 10, 20, 30, 40]);
 * assert.deepEqual(niceTicks(0, 0), [0, 1]);
 * ```
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!(max > min)) return max > 0 ? [0, clean(max * 2)] : [min, min + 1];
  const step = niceStep((max - min) / count);
  const first = Math.floor(min / step + 1e-9) * step;
  const last = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; first + i * step <= last + step / 2; i++) ticks.push(clean(first + i * step));
  return ticks;
}

/**
 * Ticks for a time axis in seconds: round seconds, then minutes, then hours.
 *
 * @param maxSeconds the end of the axis
 * @returns the ticks from 0, ascending; the last one is at least `maxSeconds`
 * @example
 * ```ts
 * import { timeTicks } from "./charts.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(timeTicks(4.2), [0, 1, 2, 3, 4, 5]);
 * assert.deepEqual(timeTicks(250), [0, 60, 120, 180, 240, 300]);
 * ```
 */
export function timeTicks(maxSeconds: number): number[] {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  const max = Math.max(maxSeconds, 1);
  const step = steps.find((s) => max / s <= 6) ?? niceStep(max / 6);
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(t);
  return ticks;
}

/**
 * Ticks for a logarithmic axis: the 1-2-5 values of each decade that enclose `[min, max]` (only powers
 * of ten when the range spans many decades).
 *
 * @param min the smallest value to show, above 0
 * @param max the largest value to show
 * @returns the ticks, ascending; the first and last are the axis' domain
 * @example
 * ```ts
 * import { logTicks } from "./charts.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(logTicks(3.2, 207), [2, 5, 10, 20, 50, 100, 200, 500]);
 * assert.deepEqual(logTicks(0.5, 50_000), [0.1, 1, 10, 100, 1000, 10000, 100000]);
 * ```
 */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.max(min, Number.MIN_VALUE);
  const hi = Math.max(max, lo * 1.0001);
  const decades = Math.log10(hi / lo);
  const mantissas = decades > 4 ? [1] : [1, 2, 5];
  const values: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++) {
    for (const m of mantissas) values.push(clean(m * 10 ** e));
  }
  const start = values.findLastIndex((v) => v <= lo);
  const end = values.findIndex((v) => v >= hi);
  return values.slice(Math.max(0, start), end < 0 ? values.length : end + 1);
}

/**
 * Where a value falls on an axis, from 0 (its min) to 1 (its max), clamped.
 *
 * @param axis the axis
 * @param value the value
 * @returns the fraction
 */
export function axisFraction(axis: Axis, value: number): number {
  let f: number;
  if (axis.scale === "log") {
    const v = Math.max(value, axis.min);
    f = Math.log(v / axis.min) / Math.log(axis.max / axis.min);
  } else {
    f = (value - axis.min) / (axis.max - axis.min);
  }
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0;
}

const px = (axis: Axis, value: number) => round(axisFraction(axis, value) * VIEW);
const py = (axis: Axis, value: number) => round(VIEW - axisFraction(axis, value) * VIEW);
const round = (value: number) => Math.round(value * 10) / 10;
const pct = (fraction: number) => `${round(fraction * 100)}%`;

function linePath(spec: ChartSpec, series: LineSeries): { line: string; area: string } {
  const line: string[] = [];
  const area: string[] = [];
  let segment: [number, number][] = [];
  const base = py(spec.y, spec.y.min);
  const flush = () => {
    if (segment.length === 0) return;
    line.push(`M${segment.map(([x, y]) => `${x} ${y}`).join("L")}`);
    area.push(
      `M${segment[0]![0]} ${base}L${segment.map(([x, y]) => `${x} ${y}`).join("L")}L${
        segment.at(-1)![0]
      } ${base}Z`,
    );
    segment = [];
  };
  for (const [x, y] of series.points) {
    if (y === null) {
      flush();
      continue;
    }
    const point: [number, number] = [px(spec.x, x), py(spec.y, y)];
    const previous = segment.at(-1);
    if (series.step && previous !== undefined) segment.push([point[0], previous[1]]);
    segment.push(point);
  }
  flush();
  return { line: line.join(""), area: area.join("") };
}

function seriesSvg(spec: ChartSpec, series: LineSeries | BarSeries): Html {
  if (series.kind === "bars") {
    const base = py(spec.y, spec.y.min);
    const rects = series.bars.filter((bar) => bar.y > 0).map((bar) => {
      const x = px(spec.x, bar.x0);
      const width = Math.max(px(spec.x, bar.x1) - x, 0.5);
      const top = py(spec.y, bar.y);
      return html`
        <rect x="${x}" y="${top}" width="${round(width)}" height="${round(base - top)}" />
      `;
    });
    return html`<g class="bars" fill="${series.color}" data-series="${series.label}">${rects}</g>`;
  }
  const { line, area } = linePath(spec, series);
  return html`
    <g class="series"
      data-series="${series.label}">${series.area && area !== ""
        ? html`
          <path class="area" d="${area}" fill="${series.color}" />
        `
        : ""}<path class="line${series.dashed ? " dashed" : ""}" d="${line}" stroke="${series.color}"/></g>
  `;
}

/**
 * A legend entry's swatch: a short line (dashed when the series is) or a square for bars.
 *
 * @param item the series or marker
 * @returns the swatch as inline SVG
 */
export function swatch(item: { color: string; dashed?: boolean; kind?: "line" | "bars" }): Html {
  if (item.kind === "bars") {
    return html`
      <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
        <rect x="6" y="1" width="12" height="10" fill="${item.color}" />
      </svg>
    `;
  }
  return html`
    <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
      <line x1="1" y1="6" x2="23" y2="6" stroke="${item.color}" stroke-width="${item.dashed
        ? 2.5
        : 3}" ${item.dashed
        ? html`
          stroke-dasharray="5 3"
        `
        : ""} />
    </svg>
  `;
}

/**
 * Which ticks a narrow screen may leave unlabelled: the 2s and 5s of a log axis with at least two powers
 * of ten, every other tick of a crowded linear axis.
 */
function minorTicks(axis: Axis): boolean[] {
  if (axis.scale === "log") {
    const major = axis.ticks.map((t) =>
      Number.isInteger(Math.log10(t)) || Math.abs(Math.log10(t) % 1) < 1e-9
    );
    return major.filter(Boolean).length >= 2 ? major.map((m) => !m) : major.map(() => false);
  }
  return axis.ticks.map((_, i) => axis.ticks.length > 6 && i % 2 === 1);
}

/**
 * Renders a chart as a `<figure>`: legend, y ticks, the SVG plot, x ticks, and an optional note.
 *
 * @param spec what to draw
 * @returns the markup
 * @example
 * ```ts
 * import { niceTicks, renderChart } from "./charts.ts";
 * import assert from "node:assert/strict";
 * const axis = (ticks: number[], label: string) => ({
 *   scale: "linear" as const, min: ticks[0]!, max: ticks.at(-1)!, ticks, format: String, label,
 * });
 * const chart = renderChart({
 *   id: "rps", title: "Throughput", description: "Requests per second",
 *   x: axis(niceTicks(0, 3), "s"), y: axis(niceTicks(0, 40), "req/s"),
 *   series: [{ kind: "line", label: "requests/s", color: "#0072b2", points: [[1, 39], [2, 40], [3, 38]] }],
 * });
 * assert.match(chart.value, /<path class="line" d="M333.3 25L666.7 0L1000 50"/);
 * ```
 */
export function renderChart(spec: ChartSpec): Html {
  const markers = spec.markers ?? [];
  const legend = [
    ...spec.series.map((s) =>
      html`<li>${
        swatch({ color: s.color, kind: s.kind, ...(s.kind === "line" && s.dashed ? { dashed: true } : {}) })
      }${s.label}</li>`
    ),
    ...markers.map((m) =>
      html`<li>${swatch({ color: m.color, ...(m.dashed ? { dashed: true } : {}) })}${m.label}</li>`
    ),
  ];
  const yTicks = spec.y.ticks.map((t) =>
    html`<span style="bottom:${pct(axisFraction(spec.y, t))}">${spec.y.format(t)}</span>`
  );
  const minor = minorTicks(spec.x);
  const xTicks = spec.x.ticks.map((t, i) => {
    const f = axisFraction(spec.x, t);
    const edge = f <= 0 ? " first" : f >= 1 ? " last" : "";
    return html`<span class="${minor[i] ? "minor" : ""}${edge}" style="left:${pct(f)}">${
      spec.x.format(t)
    }</span>`;
  });
  const grid = [
    ...spec.y.ticks.map((t) =>
      html`
        <line x1="0" x2="${VIEW}" y1="${py(spec.y, t)}" y2="${py(spec.y, t)}" />
      `
    ),
    ...spec.x.ticks.map((t) =>
      html`
        <line y1="0" y2="${VIEW}" x1="${px(spec.x, t)}" x2="${px(spec.x, t)}" />
      `
    ),
  ];
  const markerLines = markers.map((m) =>
    html`
      <line class="marker${m.dashed ? " dashed" : ""}" x1="${px(spec.x, m.x)}" x2="${px(
        spec.x,
        m.x,
      )}" y1="0" y2="${VIEW}"
        stroke="${m.color}" />
    `
  );
  const hover = (spec.hover ?? []).map((band) => {
    const x = px(spec.x, band.x0);
    return html`
      <rect x="${x}" y="0" width="${round(Math.max(px(spec.x, band.x1) - x, 0.5))}" height="${VIEW}">
        <title>${band.text}</title>
      </rect>
    `;
  });
  return html`<figure class="chart" id="${spec.id}">
<figcaption><h3>${spec.title}</h3><ul class="legend">${legend}</ul></figcaption>
<div class="frame">
<div class="ylabel">${spec.y.label}</div>
<div class="yaxis" aria-hidden="true">${yTicks}</div>
<div class="plot"><svg viewBox="0 0 ${VIEW} ${VIEW}" preserveAspectRatio="none" role="img" aria-label="${spec.description}">
<g class="grid">${grid}</g>
${spec.series.map((s) => seriesSvg(spec, s))}
${markerLines}
<g class="hover">${hover}</g>
</svg></div>
<div class="xaxis" aria-hidden="true">${xTicks}</div>
<div class="xlabel">${spec.x.label}</div>
</div>
${spec.note === undefined ? "" : html`<p class="note">${spec.note}</p>`}
</figure>`;
}

/**
 * Renders a chart's place when there is nothing to draw.
 *
 * @param spec the figure's id, the chart's title, and why it is empty
 * @returns the markup
 */
export function emptyChart({ id, title, reason }: { id: string; title: string; reason: string }): Html {
  return html`
    <figure class="chart empty" id="${id}">
      <figcaption>
        <h3>${title}</h3>
      </figcaption>
      <p class="nodata">${reason}</p>
    </figure>
  `;
}
