/**
 * The load report: one self-contained HTML page (inline CSS and SVG, no script, no network) that a
 * person can attach to a pull request — the verdict and every threshold, latency over time as measured
 * and corrected, the latency histogram, throughput, errors, VUs and arrival rate, checks, the k6 totals
 * and the scenarios as run. A pure function of the run's result.
 *
 * @module
 */
import { EXIT, type LoadRunResult } from "../engine.ts";
import {
  type CheckSummary,
  type GroupSummary,
  humanize,
  type SummaryData,
  type SummaryMetric,
} from "../summary.ts";
import type { TimelinePoint } from "../timeline.ts";
import { formatClock, formatDurationOption, formatMs, formatNumber, formatPercent } from "./format.ts";
import { Html, html } from "./html.ts";
import { emptyChart } from "./charts.ts";
import {
  arrivalChart,
  bucketPercentile,
  drawablePoints,
  errorsChart,
  histogramChart,
  latencyChart,
  targetRate,
  throughputChart,
  vusChart,
} from "./run_charts.ts";
import { STYLE } from "./style.ts";

/** What the report says about where the run came from. */
export interface ReportMeta {
  /** The script's path as given. */
  script: string;
  /** The target URL (`--target`), when there was one. */
  target?: string;
  /** When the run started. */
  startedAt: Date;
  /** The command line that ran it. */
  command?: string;
}

/** What each exit code means, in k6's terms. */
const EXIT_MEANING: Record<number, string> = {
  [EXIT.ok]: "the run completed and every threshold passed",
  [EXIT.thresholdsFailed]: "thresholds failed",
  [EXIT.invalidConfig]: "invalid configuration",
  [EXIT.externalAbort]: "stopped by the user",
  [EXIT.scriptException]: "script exception",
  [EXIT.scriptAborted]: "aborted by the script",
  [EXIT.setupTimeout]: "setup() timed out",
  [EXIT.teardownTimeout]: "teardown() timed out",
  [EXIT.markedAsFailed]: "marked as failed by the script",
};

type Verdict = "pass" | "fail" | "stopped";

function verdictOf(result: LoadRunResult): Verdict {
  if (result.exitCode === EXIT.ok) return "pass";
  return result.exitCode === EXIT.externalAbort ? "stopped" : "fail";
}

const ICON = { pass: "✓", fail: "✗", stopped: "■" } as const;

function status(ok: boolean): Html {
  return ok
    ? html`<span class="status pass"><span class="icon" aria-hidden="true">✓</span> <span class="word">pass</span></span>`
    : html`<span class="status fail"><span class="icon" aria-hidden="true">✗</span> <span class="word">fail</span></span>`;
}

function basename(path: string): string {
  return path.split(/[\\/]/).filter((p) => p !== "").at(-1) ?? path;
}

/**
 * Renders a run's HTML report.
 *
 * @param result what `runLoad()` returned
 * @param meta where the run came from
 * @returns the whole page, self-contained
 * @example
 * ```ts
 * import { renderReport } from "./report.ts";
 * import assert from "node:assert/strict";
 * const page = renderReport(
 *   { exitCode: 104, abortReason: null, summary: null, handleSummary: undefined, error: "bad option",
 *     timeline: [], scenarios: {}, latencyBuckets: [] },
 *   { script: "capacity.js", startedAt: new Date(0) },
 * );
 * assert.match(page, /^<!doctype html>/);
 * assert.match(page, /invalid configuration/);
 * ```
 */
export function renderReport(result: LoadRunResult, meta: ReportMeta): string {
  const verdict = verdictOf(result);
  const summary = result.summary;
  const body = summary === null ? [notStarted(result)] : [
    tiles(result, summary),
    html`<h2 id="thresholds">Thresholds</h2>`,
    thresholdsTable(summary, result),
    chartSections(result, summary),
    html`<h2 id="checks">Checks</h2>`,
    checksTable(summary.rootGroup),
    html`<h2 id="totals">Totals</h2>`,
    totalsTables(summary),
    html`<h2 id="options">Options</h2>`,
    optionsSection(result.scenarios),
    timelineTable(result.timeline),
  ];
  const toc = summary === null ? [] : [
    ["thresholds", "Thresholds"],
    ["latency", "Latency"],
    ["throughput", "Throughput and errors"],
    ["load", "VUs and arrivals"],
    ["checks", "Checks"],
    ["totals", "Totals"],
    ["options", "Options"],
  ];
  const title = `${verdict.toUpperCase()} · ${basename(meta.script)} · Vigil load report`;
  const page = html`
    <!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="generator" content="Vigil">
        <title>${title}</title>
        <style>${new Html(STYLE)}</style>
      </head>
      <body>
        <main>
    <header class="top">
    <div>
    <h1>Load test report: <span class="mono">${basename(meta.script)}</span></h1>
    <p class="meta">${metaLine(meta, summary)}</p>
    </div>
    </header>
    ${verdictBanner(result, summary, verdict)}
    ${toc.length === 0
      ? ""
      : html`<nav class="toc" aria-label="Sections">${
        toc.map(([id, label]) => html`<a href="#${id}">${label}</a>`)
      }</nav>`}
    ${body}
    <footer>Generated by Vigil from <span class="mono">${meta.script}</span> on ${isoTime(
      meta.startedAt,
    )}. This page is self-contained: no network is needed to view it.</footer>
        </main>
      </body>
    </html>
  `;
  return page.value.trimStart();
}

function isoTime(date: Date): string {
  return Number.isNaN(date.getTime())
    ? "an unknown date"
    : date.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

function metaLine(meta: ReportMeta, summary: SummaryData | null): Html[] {
  const item = (key: string, value: Html | string) =>
    html`<span><span class="k">${key}</span>${value}</span>`;
  const parts: Html[] = [item("script", html`<span class="mono">${meta.script}</span>`)];
  if (meta.target !== undefined) parts.push(item("target", html`<span class="mono">${meta.target}</span>`));
  parts.push(item("started", isoTime(meta.startedAt)));
  if (summary !== null) parts.push(item("duration", formatClock(summary.testRunDurationMs / 1000)));
  if (meta.command !== undefined) {
    parts.push(item("command", html`<span class="mono">${meta.command}</span>`));
  }
  return parts;
}

function thresholdCounts(summary: SummaryData | null): { passed: number; failed: number } {
  const all = Object.values(summary?.metrics ?? {}).flatMap((m) => m.thresholds);
  return { passed: all.filter((t) => t.ok).length, failed: all.filter((t) => !t.ok).length };
}

function verdictBanner(result: LoadRunResult, summary: SummaryData | null, verdict: Verdict): Html {
  const meaning = EXIT_MEANING[result.exitCode] ?? "unknown exit code";
  const { passed, failed } = thresholdCounts(summary);
  const lines: Html[] = [
    html`<p><strong>Exit code ${result.exitCode}</strong>: ${meaning}.</p>`,
  ];
  if (summary !== null) {
    lines.push(
      passed + failed === 0
        ? html`<p>No thresholds were defined.</p>`
        : html`<p>${passed} of ${passed + failed} thresholds passed${
          failed > 0 ? html`, <strong>${failed} failed</strong>` : ""
        }.</p>`,
    );
  }
  const failing = Object.entries(summary?.metrics ?? {}).flatMap(([name, m]) =>
    m.thresholds.filter((t) => !t.ok).map((t) => ({ name, source: t.source, m }))
  );
  if (failing.length > 0) {
    const items = failing.map(({ name, source, m }) =>
      html`<li><span class="mono">${name} ${source}</span>: measured ${
        thresholdValue(name, m, source, result)
      }</li>`
    );
    lines.push(html`<ul class="failing">${items}</ul>`);
  }
  if (result.abortReason !== null) lines.push(html`<p>Ended early: ${result.abortReason}.</p>`);
  if (result.error !== null && summary !== null) {
    lines.push(html`<p>Error: <span class="mono">${result.error}</span></p>`);
  }
  return html`
    <section class="verdict ${verdict}" id="verdict" data-verdict="${verdict
      .toUpperCase()}" data-exit-code="${result.exitCode}">
      <div class="word"><span class="icon" aria-hidden="true">${ICON[verdict]}</span><span>${verdict
        .toUpperCase()}</span></div>
      <div class="why">${lines}</div>
    </section>
  `;
}

function notStarted(result: LoadRunResult): Html {
  return html`
    <h2>The run never started</h2>
    <p>No traffic was sent, so there is nothing to chart.</p>
    <div class="table-wrap">
      <pre class="mono" style="margin:0;padding:10px 12px;white-space:pre-wrap">${result.error ??
        "unknown error"}</pre>
    </div>
  `;
}

function metric(summary: SummaryData, name: string): SummaryMetric | undefined {
  return summary.metrics[name];
}

/** A trend stat from the summary, or (for the unfiltered request duration) from the histogram. */
function latencyStat(summary: SummaryData, result: LoadRunResult, p: number): number | null {
  const values = metric(summary, "http_req_duration")?.values ?? {};
  const key = p === 50 ? "med" : `p(${p})`;
  const value = values[key] ?? values[`p(${p})`];
  if (value !== undefined && (metric(summary, "http_reqs")?.values.count ?? 0) > 0) return value;
  return bucketPercentile(result.latencyBuckets, p);
}

function tiles(result: LoadRunResult, summary: SummaryData): Html {
  const requests = metric(summary, "http_reqs")?.values ?? {};
  const failed = metric(summary, "http_req_failed")?.values ?? {};
  const checks = metric(summary, "checks")?.values ?? {};
  const iterations = metric(summary, "iterations")?.values ?? {};
  const dropped = metric(summary, "dropped_iterations")?.values.count ?? 0;
  const vus = metric(summary, "vus")?.values ?? {};
  const vusMax = metric(summary, "vus_max")?.values ?? {};
  const corrected = metric(summary, "http_req_corrected_duration")?.values ?? {};
  const p95 = latencyStat(summary, result, 95);
  const p99 = latencyStat(summary, result, 99);
  const count = requests.count ?? 0;
  const checkTotal = (checks.passes ?? 0) + (checks.fails ?? 0);
  const tile = (id: string, label: string, value: string, sub: string) =>
    html`
      <div class="tile" id="tile-${id}">
        <div class="label">${label}</div>
        <div class="value">${value}</div>
        <div class="sub">${sub}</div>
      </div>
    `;
  return html`<section class="tiles" aria-label="Key figures">
${tile("requests", "HTTP requests", formatNumber(count), `${formatNumber(requests.rate ?? 0)} req/s`)}
${
    tile(
      "failed",
      "Failed requests",
      count > 0 ? formatPercent(failed.rate ?? 0) : "–",
      `${formatNumber(failed.passes ?? 0)} of ${formatNumber(count)}`,
    )
  }
${
    tile(
      "p95",
      "Latency p95",
      p95 === null ? "–" : formatMs(p95),
      [
        p99 === null ? "" : `p99 ${formatMs(p99)}`,
        corrected["p(95)"] === undefined || count === 0
          ? ""
          : `corrected p95 ${formatMs(corrected["p(95)"])}`,
      ].filter((s) => s !== "").join(" · "),
    )
  }
${
    tile(
      "checks",
      "Checks passed",
      checkTotal > 0 ? formatPercent(checks.rate ?? 0) : "–",
      checkTotal > 0 ? `${formatNumber(checks.passes ?? 0)} of ${formatNumber(checkTotal)}` : "no checks",
    )
  }
${
    tile(
      "iterations",
      "Iterations",
      formatNumber(iterations.count ?? 0),
      `${formatNumber(iterations.rate ?? 0)}/s · ${formatNumber(dropped)} dropped`,
    )
  }
${
    tile(
      "vus",
      "VUs",
      `${formatNumber(vus.max ?? 0)} max`,
      `${formatNumber(vusMax.max ?? vusMax.value ?? 0)} initialised`,
    )
  }
</section>`;
}

/** Sorts metric names as k6's summary does: by metric, then a parent before its sub-metrics. */
function sortNames(names: string[]): string[] {
  return names.sort((a, b) => {
    const pa = a.split("{", 1)[0]!;
    const pb = b.split("{", 1)[0]!;
    return pa === pb ? a.slice(pa.length).localeCompare(b.slice(pb.length)) : pa.localeCompare(pb);
  });
}

/** The measured value a threshold judged, as text. */
function thresholdValue(name: string, m: SummaryMetric, source: string, result: LoadRunResult): string {
  const aggregation = source.split(/[=><!]/, 1)[0]!.trim();
  const percentile = /^p\((\d+(?:\.\d+)?)\)$/.exec(aggregation);
  let value: number | undefined = m.values[aggregation];
  let approximate = false;
  if (value === undefined && aggregation === "value" && m.type === "rate") value = m.values.rate;
  if (value === undefined && percentile !== null) {
    if (Number(percentile[1]) === 50) value = m.values.med;
    if (value === undefined && name === "http_req_duration") {
      value = bucketPercentile(result.latencyBuckets, Number(percentile[1])) ?? undefined;
      approximate = value !== undefined;
    }
  }
  if (value === undefined) return "not in the summary's trend stats";
  const prefix = approximate ? "≈ " : "";
  if (aggregation === "count") return formatNumber(value);
  if (aggregation === "rate" && m.type === "counter") return `${formatNumber(value)}/s`;
  if (m.type === "rate") return formatPercent(value);
  if (m.contains === "time") return prefix + formatMs(value);
  return prefix + humanize(value, m.type, m.contains);
}

function thresholdCell(name: string, source: string): Html {
  const expression = html`<span class="mono source">${source}</span>`;
  return html`<span class="mono metric">${breakable(name)}</span> ${expression}`;
}

function thresholdsTable(summary: SummaryData, result: LoadRunResult): Html {
  const names = sortNames(
    Object.keys(summary.metrics).filter((n) => summary.metrics[n]!.thresholds.length > 0),
  );
  if (names.length === 0) {
    return html`<p class="muted">The script defines no thresholds, so the verdict only says the run completed.</p>`;
  }
  const rows = names.flatMap((name) => {
    const m = summary.metrics[name]!;
    return m.thresholds.map((t) =>
      html`
        <tr class="${t.ok ? "" : "failed"}" data-ok="${t.ok}">
          <td>${status(t.ok)}</td>
          <td class="threshold">${thresholdCell(name, t.source)}</td>
          <td class="num">${thresholdValue(name, m, t.source, result)}</td>
        </tr>
      `
    );
  });
  return html`
    <div class="table-wrap narrow">
      <table id="thresholds-table">
        <thead>
          <tr>
            <th>Result</th>
            <th>Metric and threshold</th>
            <th class="num">Measured</th>
          </tr>
        </thead>
        <tbody>${rows}</tbody>
      </table>
    </div>
  `;
}

function chartSections(result: LoadRunResult, summary: SummaryData): Html {
  const points = drawablePoints(result.timeline);
  const marks = {
    p50: latencyStat(summary, result, 50),
    p95: latencyStat(summary, result, 95),
    p99: latencyStat(summary, result, 99),
  };
  const latency = html`<h2 id="latency">Latency</h2>
<div class="charts"><div class="wide">${
    points.length === 0 ? noTimeline("chart-latency", "Latency percentiles over time") : latencyChart(points)
  }</div>
${histogramChart(result.latencyBuckets, marks)}</div>`;
  if (points.length === 0) {
    return html`${latency}
<h2 id="throughput">Throughput and errors</h2>
<div class="charts two">${noTimeline("chart-throughput", "Throughput")}${
      noTimeline("chart-errors", "Errors")
    }</div>
<h2 id="load">VUs and arrivals</h2>
<div class="charts two">${noTimeline("chart-vus", "Virtual users")}${
      noTimeline("chart-arrivals", "Arrival rate")
    }</div>`;
  }
  const initialized = metric(summary, "vus_max")?.values.max ?? null;
  return html`${latency}
<h2 id="throughput">Throughput and errors</h2>
<div class="charts two">${throughputChart(points)}${errorsChart(points)}</div>
<h2 id="load">VUs and arrivals</h2>
<div class="charts two">${vusChart(points, initialized)}${
    arrivalChart(points, targetRate(result.scenarios))
  }</div>`;
}

function noTimeline(id: string, title: string): Html {
  return emptyChart({
    id,
    title,
    reason: "The run ended before its first second: there is no timeline to draw.",
  });
}

/** Groups that have checks, each with its path of group names, depth first. */
function flattenChecks(
  group: GroupSummary,
  path: string[] = [],
): Array<{ path: string[]; checks: CheckSummary[] }> {
  return [
    ...(group.checks.length > 0 ? [{ path, checks: group.checks }] : []),
    ...group.groups.flatMap((sub) => flattenChecks(sub, [...path, sub.name])),
  ];
}

function checksTable(root: GroupSummary): Html {
  const groups = flattenChecks(root);
  if (groups.length === 0) return html`<p class="muted">The script makes no checks.</p>`;
  const all = groups.flatMap((g) => g.checks);
  const passes = all.reduce((sum, c) => sum + c.passes, 0);
  const total = all.reduce((sum, c) => sum + c.passes + c.fails, 0);
  const rows = groups.flatMap((g) => [
    ...(g.path.length > 0
      ? [html`
        <tr class="group">
          <td colspan="5" class="name">group ${g.path.map((p, i) =>
            html`${i > 0 ? " › " : ""}<span class="mono">${p}</span>`
          )}</td>
        </tr>
      `]
      : []),
    ...g.checks.map((c) => {
      const n = c.passes + c.fails;
      return html`
        <tr class="${g.path.length > 0 ? "sub" : ""}${c.fails > 0 ? " failed" : ""}" data-check="${c.name}">
          <td>${status(c.fails === 0)}</td>
          <td class="name">${c.name}</td>
          <td class="num">${formatNumber(c.passes)}</td>
          <td class="num">${formatNumber(c.fails)}</td>
          <td class="num">${n > 0 ? formatPercent(c.passes / n) : "–"}</td>
        </tr>
      `;
    }),
  ]);
  return html`
    <p>${formatNumber(passes)} of ${formatNumber(total)} checks passed (${total > 0
      ? formatPercent(passes / total)
      : "–"}).</p>
    <div class="table-wrap narrow">
      <table id="checks-table">
        <thead>
          <tr>
            <th>Result</th>
            <th>Check</th>
            <th class="num">Passed</th>
            <th class="num">Failed</th>
            <th class="num">Rate</th>
          </tr>
        </thead>
        <tbody>${rows}</tbody>
      </table>
    </div>
  `;
}

/** Which block of the totals a metric belongs to; custom metrics first, as in k6's summary. */
function section(name: string): number {
  const base = name.split("{", 1)[0]!;
  if (base.startsWith("http_")) return 1;
  const execution = [
    "iteration_duration",
    "iterations",
    "vus",
    "vus_max",
    "dropped_iterations",
    "group_duration",
  ];
  if (execution.includes(base)) return 2;
  if (base === "data_received" || base === "data_sent") return 3;
  return 0;
}

function byTotalsOrder(names: string[]): string[] {
  return sortNames(names).sort((a, b) => section(a) - section(b));
}

/** A metric name that may break after its underscores (and before a sub-metric's tags), never mid-word. */
function breakable(text: string): Html[] {
  return text.split(/(?<=_)/).map((part, i) => html`${i > 0 ? html`<wbr>` : ""}${part}`);
}

function metricName(name: string): Html {
  const brace = name.indexOf("{");
  if (brace < 0) return html`<span class="mono">${breakable(name)}</span>`;
  const tags = html`<span class="muted">${name.slice(brace)}</span>`;
  return html`<span class="mono">${breakable(name.slice(0, brace))}<wbr>${tags}</span>`;
}

function totalsTables(summary: SummaryData): Html {
  const names = Object.keys(summary.metrics);
  const trends = byTotalsOrder(names.filter((n) => summary.metrics[n]!.type === "trend"));
  const others = byTotalsOrder(names.filter((n) => summary.metrics[n]!.type !== "trend"));
  const h = (m: SummaryMetric, v: number | undefined) => humanize(v ?? 0, m.type, m.contains);
  const trendRows = trends.map((name) => {
    const m = summary.metrics[name]!;
    return html`<tr class="${
      name.includes("{") ? "sub" : ""
    }" data-metric="${name}"><td class="name metric">${metricName(name)}</td>${
      summary.trendStats.map((stat) =>
        html`<td class="num">${stat === "count" ? String(m.values.count ?? 0) : h(m, m.values[stat])}</td>`
      )
    }</tr>`;
  });
  const otherRows = others.map((name) => {
    const m = summary.metrics[name]!;
    const [value, detail] = describeValue(m, h);
    return html`
      <tr class="${name.includes("{") ? "sub" : ""}" data-metric="${name}">
        <td class="name metric">${metricName(name)}</td>
        <td>${m.type}</td>
        <td class="num">${value}</td>
        <td>${detail}</td>
      </tr>
    `;
  });
  return html`
    <div class="table-wrap">
      <table id="trends-table">
        <caption>Trends</caption>
        <thead>
          <tr><th>Metric</th>${summary.trendStats.map((s) => html`<th class="num">${s}</th>`)}</tr>
        </thead>
        <tbody>${trendRows}</tbody>
      </table>
    </div>
    <div class="table-wrap" style="margin-top:12px">
      <table id="totals-table">
        <caption>Counters, rates and gauges</caption>
        <thead>
          <tr>
            <th>Metric</th>
            <th>Type</th>
            <th class="num">Value</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>${otherRows}</tbody>
      </table>
    </div>
  `;
}

/** A counter's, rate's or gauge's value and the detail next to it, as k6's summary shows them. */
function describeValue(
  m: SummaryMetric,
  h: (m: SummaryMetric, v: number | undefined) => string,
): [string, string] {
  const v = m.values;
  switch (m.type) {
    case "counter": {
      const rate = v.rate ?? 0;
      return [
        h(m, v.count),
        `${m.contains === "data" ? humanize(rate, "counter", "data") : formatNumber(rate)}/s`,
      ];
    }
    case "rate":
      return [
        h(m, v.rate),
        `${formatNumber(v.passes ?? 0)} of ${formatNumber((v.passes ?? 0) + (v.fails ?? 0))}`,
      ];
    case "gauge":
      return [h(m, v.value), `min ${h(m, v.min)}, max ${h(m, v.max)}`];
    case "trend":
      return [h(m, v.avg), ""];
  }
}

function optionValue(key: string, value: unknown): { key: string; text: string } {
  if (key.endsWith("Ms") && typeof value === "number") {
    return { key: key.slice(0, -2), text: formatDurationOption(value) };
  }
  if (key === "stages" && Array.isArray(value)) {
    const stages = value.map((s: { durationMs?: unknown; target?: unknown }) =>
      `${typeof s.durationMs === "number" ? formatDurationOption(s.durationMs) : "?"} → ${String(s.target)}`
    );
    return { key, text: stages.join(", ") };
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    return {
      key,
      text: entries.length === 0
        ? "—"
        : entries.map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(", "),
    };
  }
  return { key, text: String(value) };
}

function optionsSection(scenarios: Record<string, unknown>): Html {
  const entries = Object.entries(scenarios);
  if (entries.length === 0) return html`<p class="muted">No scenarios.</p>`;
  const cards = entries.map(([name, raw]) => {
    const config = typeof raw === "object" && raw !== null ? raw as Record<string, unknown> : {};
    const keys = Object.keys(config).filter((k) => k !== "name" && k !== "executor");
    const rows = keys.map((k) => optionValue(k, config[k])).map(({ key, text }) =>
      html`
        <dt>${key}</dt>
        <dd class="mono">${text}</dd>
      `
    );
    return html`
      <div class="scenario" data-scenario="${name}">
        <h3><span class="mono">${name}</span> <span class="muted">· ${String(
          config.executor ?? "?",
        )}</span></h3>
        <dl class="options">${rows}</dl>
      </div>
    `;
  });
  return html`
    <p
      class="muted">The scenarios as run: the script's options after command-line overrides and k6's defaults.</p>
    <div class="scenarios">${cards}</div>
  `;
}

function timelineTable(points: readonly TimelinePoint[]): Html {
  if (points.length === 0) return html``;
  const ms = (v: number | null) => (v === null ? "–" : formatMs(v));
  const rows = points.map((p) =>
    html`
      <tr>
        <td class="num">${formatClock(p.t)}</td>
        <td class="num">${p.vus}</td>
        <td class="num">${p.requests}</td>
        <td class="num">${p.failed}</td>
        <td class="num">${p.iterations}</td>
        <td class="num">${p.dropped}</td>
        <td class="num">${ms(p.p50)}</td>
        <td class="num">${ms(p.p95)}</td>
        <td class="num">${ms(p.p99)}</td>
        <td class="num">${ms(p.correctedP50)}</td>
        <td class="num">${ms(p.correctedP95)}</td>
        <td class="num">${ms(p.correctedP99)}</td>
      </tr>
    `
  );
  return html`
    <details id="timeline-data">
      <summary>Second by second (${points.length} intervals)</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th class="num">until</th>
              <th class="num">VUs</th>
              <th class="num">requests</th>
              <th class="num">failed</th>
              <th class="num">iterations</th>
              <th class="num">dropped</th>
              <th class="num">p50</th>
              <th class="num">p95</th>
              <th class="num">p99</th>
              <th class="num">corr. p50</th>
              <th class="num">corr. p95</th>
              <th class="num">corr. p99</th>
            </tr>
          </thead>
          <tbody>${rows}</tbody>
        </table>
      </div>
    </details>
  `;
}
