/**
 * The Drift section: per watched model, the latest window's verdict, every feature's (and output's) test,
 * statistic, p-value, sample size and severity, and per column the reference distribution with the
 * window's drawn over it.
 *
 * @module
 */
import type { ChartSpec } from "../../load/report/charts.ts";
import { niceTicks } from "../../load/report/charts.ts";
import type { Severity } from "../../drift/severity.ts";
import type { Dashboard, DriftColumnRow, Health, ModelDriftView } from "../dashboard_data.ts";
import { ago, Badge, Chart, domId, MEANING, percent, stat } from "./ui.tsx";

const SEVERITY_HEALTH: Record<Severity, Health> = {
  none: "ok",
  info: "ok",
  warning: "warn",
  critical: "fail",
};

const STATUS_WORDS: Record<string, string> = {
  insufficient: "too few values",
  no_values: "no values",
  no_reference: "no reference",
};

function SeverityBadge({ column }: { column: DriftColumnRow }) {
  if (column.status !== "ok") {
    return <Badge health="none" word={STATUS_WORDS[column.status] ?? column.status} />;
  }
  return <Badge health={SEVERITY_HEALTH[column.severity]} word={column.severity} />;
}

function pValue(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "–";
  return value < 0.0001 ? "< 0.0001" : value.toFixed(4);
}

function overlaySpec(model: string, column: DriftColumnRow): ChartSpec | null {
  const histogram = column.histogram;
  if (histogram === null) return null;
  const id = domId("chart-drift", model, column.name);
  const title = `${column.name} · ${column.status === "ok" ? column.severity : STATUS_WORDS[column.status]}`;
  const top = Math.max(...histogram.reference, ...histogram.current, 0.01);
  const yTicks = niceTicks(0, top, 2);
  const y = {
    scale: "linear" as const,
    min: 0,
    max: yTicks.at(-1)!,
    ticks: yTicks,
    format: (v: number) => `${Math.round(v * 100)}%`,
    label: "share",
  };
  const n = histogram.reference.length;
  const reference = {
    kind: "bars" as const,
    label: "reference",
    color: MEANING.reference,
    bars: histogram.reference.map((share, k) => ({ x0: k + 0.04, x1: k + 0.96, y: share })),
  };
  if (histogram.kind === "bins") {
    // Bins are the reference's quantiles: a few of their edges label the axis.
    const step = Math.max(1, Math.ceil((n - 1) / 4));
    const ticks = [0, ...histogram.edges.map((_, k) => k + 1).filter((k) => k % step === 0), n];
    return {
      id,
      title,
      description: `${column.name}: reference share per bin against the current window's`,
      x: {
        scale: "linear",
        min: 0,
        max: n,
        ticks,
        format: (k) => (k === 0 || k === n ? "" : stat(histogram.edges[k - 1]!)),
        label: "bins at reference quantiles",
      },
      y,
      series: [
        reference,
        {
          kind: "line",
          label: "current window",
          color: MEANING.current,
          step: true,
          points: [
            ...histogram.current.map((share, k) => [k, share] as const),
            [n, histogram.current.at(-1)!] as const,
          ],
        },
      ],
      hover: histogram.reference.map((share, k) => ({
        x0: k,
        x1: k + 1,
        text:
          `${k === 0 ? "−∞" : stat(histogram.edges[k - 1]!)} to ${
            k === n - 1 ? "∞" : stat(histogram.edges[k]!)
          }: ` +
          `reference ${percent(share)}, current ${percent(histogram.current[k]!)}`,
      })),
    };
  }
  const shown = histogram.categories.slice(0, 8);
  return {
    id,
    title,
    description: `${column.name}: reference share per category against the current window's`,
    x: {
      scale: "linear",
      min: 0,
      max: n,
      ticks: shown.map((_, k) => k + 0.5),
      format: (k) => histogram.categories[Math.floor(k)] ?? "",
      label: "category",
    },
    y,
    series: [
      reference,
      {
        kind: "bars",
        label: "current window",
        color: MEANING.current,
        bars: histogram.current.map((share, k) => ({ x0: k + 0.3, x1: k + 0.7, y: share })),
      },
    ],
    hover: histogram.categories.map((category, k) => ({
      x0: k,
      x1: k + 1,
      text: `${category}: reference ${percent(histogram.reference[k]!)}, current ${
        percent(histogram.current[k]!)
      }`,
    })),
  };
}

function ColumnRow({ column }: { column: DriftColumnRow }) {
  return (
    <tr data-feature={column.name} data-severity={column.severity} data-status={column.status}>
      <td class="name mono">{column.name}</td>
      <td data-label="test">
        {column.test}
        {column.others.length === 0 ? "" : (
          <div class="muted small">
            {column.others.map((t) => `${t.test} ${stat(t.statistic)}`).join(" · ")}
          </div>
        )}
      </td>
      <td class="num" data-label="statistic">{stat(column.statistic)}</td>
      <td class="num" data-label="p-value">
        {pValue(column.pValue)}
        {column.adjustedPValue === null
          ? ""
          : <div class="muted small">adj. {pValue(column.adjustedPValue)}</div>}
      </td>
      <td class="num" data-label="n">{column.n.toLocaleString("en-US")}</td>
      <td>
        <SeverityBadge column={column} />
      </td>
    </tr>
  );
}

function ModelDrift({ model, now }: { model: ModelDriftView; now: number }) {
  const window = model.window;
  const features = model.columns.filter((c) => c.kind === "feature");
  const outputs = model.columns.filter((c) => c.kind === "output");
  const specs = model.columns.flatMap((c) => {
    const spec = overlaySpec(model.model, c);
    return spec === null ? [] : [spec];
  });
  return (
    <div class="model" data-model={model.model} data-status={model.status}>
      <h3 class="model-name">{model.model}</h3>
      <div
        class={`overall small-verdict h-${model.status}`}
        id={domId("drift-verdict", model.model)}
        data-status={model.status}
      >
        <Badge health={model.status} word={model.status === "none" ? "not judged yet" : undefined} />
        <span>{model.verdict}</span>
      </div>
      {window === null ? "" : (
        <p class="muted small">
          {window.preview
            ? `Preview of the open window: ${window.n} records so far; a window of fewer than ${window.minSamples} never raises a severity.`
            : `Window #${window.seq} · ${window.n.toLocaleString("en-US")} records · closed ${
              ago(window.end, now)
            } (${
              window.reason === "size" ? "full" : window.reason === "max_age" ? "time cap" : window.reason
            }) · next window ${model.openWindow.n} of ${model.openWindow.size}`}
          {model.conceptDriftPsi === null ? "" : ` · prediction drift PSI ${stat(model.conceptDriftPsi)}`}
          {model.dataset === null
            ? ""
            : ` · p-values corrected (Benjamini–Hochberg, α ${model.dataset.alpha})`}
        </p>
      )}
      {model.columns.length === 0 ? "" : (
        <div class="table-wrap">
          <table id={domId("drift-table", model.model)} class="drift-table">
            <thead>
              <tr>
                <th>Feature</th>
                <th>Test</th>
                <th class="num">Statistic</th>
                <th class="num">p-value</th>
                <th class="num">n</th>
                <th>Severity</th>
              </tr>
            </thead>
            <tbody>
              {features.map((c) => <ColumnRow key={c.name} column={c} />)}
              {outputs.length === 0 ? "" : (
                <tr class="group">
                  <td colspan={6}>Model outputs</td>
                </tr>
              )}
              {outputs.map((c) => <ColumnRow key={c.name} column={c} />)}
            </tbody>
          </table>
        </div>
      )}
      {specs.length === 0 ? "" : (
        <>
          <h3 class="sub-heading">Reference vs current distribution</h3>
          <div class="minis">
            {specs.map((spec) => <Chart key={spec.id} spec={spec} />)}
          </div>
        </>
      )}
    </div>
  );
}

/** The Drift section. */
export function DriftSection({ dashboard }: { dashboard: Dashboard }) {
  return (
    <section id="drift" class="panel">
      <h2>Drift</h2>
      {dashboard.drift.length === 0
        ? <p class="nodata">No models are watched, so there is nothing to compare with a reference.</p>
        : dashboard.drift.map((model) => (
          <ModelDrift key={model.model} model={model} now={dashboard.generatedAt} />
        ))}
    </section>
  );
}
