/**
 * The Model quality section: per watched model, the class mix over time against the reference mix, the
 * confidence histogram, the low-confidence ratio over time, and accuracy per segment from ground truth.
 *
 * @module
 */
import { niceTicks } from "../../load/report/charts.ts";
import type { Dashboard, ModelQualityView, Span } from "../dashboard_data.ts";
import {
  ago,
  Badge,
  Chart,
  clock,
  domId,
  EmptyChart,
  MEANING,
  PALETTE,
  percent,
  ShareBar,
  spanAxis,
  spanX,
} from "./ui.tsx";

const SHARE_TICKS = [0, 0.25, 0.5, 0.75, 1];

function shareAxis(label: string) {
  return {
    scale: "linear" as const,
    min: 0,
    max: 1,
    ticks: SHARE_TICKS,
    format: (v: number) => `${v * 100}%`,
    label,
  };
}

function ClassMixChart({ model, span }: { model: ModelQualityView; span: Span }) {
  const id = domId("chart-classes", model.model);
  const title = "Predicted classes over time";
  if (model.classes.length === 0 || model.buckets.every((b) => b.total === 0)) {
    return (
      <EmptyChart
        id={id}
        title={title}
        reason={model.kind === "regression" ? "A regression model has no classes." : "No predictions yet."}
      />
    );
  }
  const gap = span.bucketMs * 0.08;
  // Stacked by painting: each class's bar reaches the cumulative share up to it, later ones drawn over the
  // lower part, so the first class ends up at the bottom.
  const series = model.classes.map((name, k) => ({
    kind: "bars" as const,
    label: name,
    color: PALETTE[k % PALETTE.length]!,
    bars: model.buckets.filter((b) => b.total > 0).map((b) => ({
      x0: spanX(span, b.start + gap),
      x1: spanX(span, b.start + span.bucketMs - gap),
      y: b.byClass.slice(0, k + 1).reduce((a, n) => a + n, 0) / b.total,
    })),
  })).reverse();
  const x = spanAxis(span);
  const reference = model.referenceClassShares;
  return (
    <Chart
      spec={{
        id,
        title,
        description: `Share of each predicted class per ${span.bucketMs / 1000} s, ${span.label}`,
        x,
        y: shareAxis(`share of predictions per ${span.bucketMs / 1000} s`),
        series: [
          ...series,
          ...(reference === null || model.classes.length < 2 ? [] : [{
            kind: "line" as const,
            label: `${model.classes[0]} in reference (${percent(reference[0]!)})`,
            color: MEANING.objective,
            dashed: true,
            points: [[x.min, reference[0]!], [x.max, reference[0]!]] as const,
          }]),
        ],
        hover: model.buckets.map((b) => ({
          x0: spanX(span, b.start),
          x1: spanX(span, b.start + span.bucketMs),
          text: b.total === 0
            ? `${clock(b.start)}: no predictions`
            : `${clock(b.start)}: ${b.total} predictions · ` +
              model.classes.map((c, k) => `${c} ${percent(b.byClass[k]! / b.total)}`).join(" · "),
        })),
      }}
    />
  );
}

function ConfidenceChart({ model, span }: { model: ModelQualityView; span: Span }) {
  const id = domId("chart-confidence", model.model);
  const title = "Confidence histogram";
  const { confidence, lowConfidence } = model;
  if (confidence.total === 0) {
    return <EmptyChart id={id} title={title} reason="No predictions with a confidence yet." />;
  }
  const bounds = [0, ...confidence.bounds];
  const shares = confidence.counts.map((n) => n / confidence.total);
  // Where the threshold falls on the bucket axis: bucket i spans [i, i + 1].
  const i = confidence.bounds.findIndex((b) => lowConfidence.threshold <= b);
  const lower = bounds[i]!;
  const upper = bounds[i + 1]!;
  const marker = i < 0 ? bounds.length - 1 : i + (lowConfidence.threshold - lower) / (upper - lower);
  const bar = (k: number) => ({ x0: k + 0.1, x1: k + 0.9, y: shares[k]! });
  const top = Math.max(...shares, ...(confidence.reference ?? []));
  const yTicks = niceTicks(0, top, 4);
  const reference = confidence.reference;
  return (
    <Chart
      spec={{
        id,
        title,
        description:
          `Share of predictions per confidence bucket, ${span.label}, low confidence below ${lowConfidence.threshold}`,
        x: {
          scale: "linear",
          min: 0,
          max: bounds.length - 1,
          ticks: bounds.map((_, k) => k),
          format: (k) => String(bounds[k]),
          label: "confidence",
        },
        y: {
          scale: "linear",
          min: 0,
          max: yTicks.at(-1)!,
          ticks: yTicks,
          format: (v) => `${Math.round(v * 1000) / 10}%`,
          label: `share of ${confidence.total.toLocaleString("en-US")} predictions`,
        },
        series: [
          {
            kind: "bars",
            label: `below ${lowConfidence.threshold} (low)`,
            color: MEANING.low,
            bars: shares.flatMap((_, k) => (bounds[k + 1]! <= lowConfidence.threshold ? [bar(k)] : [])),
          },
          {
            kind: "bars",
            label: "confident",
            color: MEANING.high,
            bars: shares.flatMap((_, k) => (bounds[k + 1]! > lowConfidence.threshold ? [bar(k)] : [])),
          },
          ...(reference === null ? [] : [{
            kind: "line" as const,
            label: "reference",
            color: MEANING.objective,
            dashed: true,
            step: true,
            points: [
              ...reference.map((r, k) => [k, r] as const),
              [reference.length, reference.at(-1)!] as const,
            ],
          }]),
        ],
        markers: [{ x: marker, label: `threshold ${lowConfidence.threshold}`, color: MEANING.objective }],
        hover: shares.map((s, k) => ({
          x0: k,
          x1: k + 1,
          text: `${bounds[k]}–${bounds[k + 1]}: ${percent(s)} (${confidence.counts[k]})` +
            (reference === null ? "" : `, reference ${percent(reference[k]!)}`),
        })),
      }}
    />
  );
}

function LowConfidenceChart({ model, span }: { model: ModelQualityView; span: Span }) {
  const id = domId("chart-low-confidence", model.model);
  const title = "Low-confidence ratio over time";
  const { lowConfidence } = model;
  const points = model.buckets.map((b) =>
    [
      spanX(span, b.start + span.bucketMs / 2),
      b.withConfidence === 0 ? null : b.lowConfidence / b.withConfidence,
    ] as const
  );
  if (points.every(([, y]) => y === null)) {
    return <EmptyChart id={id} title={title} reason="No predictions with a confidence yet." />;
  }
  const top = Math.max(lowConfidence.alertRatio, ...points.map(([, y]) => y ?? 0));
  const ticks = niceTicks(0, Math.min(1, top * 1.15), 4);
  const x = spanAxis(span);
  return (
    <Chart
      spec={{
        id,
        title,
        description: `Share of predictions with confidence below ${lowConfidence.threshold}, per ${
          span.bucketMs / 1000
        } s, ${span.label}`,
        x,
        y: {
          scale: "linear",
          min: 0,
          max: ticks.at(-1)!,
          ticks,
          format: (v) => `${Math.round(v * 1000) / 10}%`,
          label: `confidence < ${lowConfidence.threshold}, per ${span.bucketMs / 1000} s`,
        },
        series: [
          { kind: "line", label: "low-confidence ratio", color: MEANING.low, area: true, points },
          {
            kind: "line",
            label: `alert at ${percent(lowConfidence.alertRatio, 0)}`,
            color: MEANING.objective,
            dashed: true,
            points: [[x.min, lowConfidence.alertRatio], [x.max, lowConfidence.alertRatio]],
          },
        ],
      }}
    />
  );
}

function SegmentTable({ model, span }: { model: ModelQualityView; span: Span }) {
  const objective = model.accuracy.objective;
  return (
    <div class="segments">
      <h3>Accuracy per segment · labels of the {span.label}</h3>
      {model.segments.length === 0
        ? <p class="nodata">No ground-truth labels arrived (POST /v1/feedback).</p>
        : (
          <div class="table-wrap">
            <table id={domId("segments", model.model)}>
              <thead>
                <tr>
                  <th>Segment</th>
                  <th>Accuracy</th>
                  <th class="num">Labels</th>
                </tr>
              </thead>
              <tbody>
                {model.segments.map((s) => (
                  <tr data-segment={s.segment} data-status={s.status}>
                    <td>{s.segment}</td>
                    <td class="budget">
                      <span class="num-inline">{percent(s.accuracy)}</span>
                      <ShareBar value={s.accuracy} objective={objective} health={s.status} />
                    </td>
                    <td class="num">{s.labelled.toLocaleString("en-US")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {objective === null
        ? ""
        : <p class="note">The mark on each bar is the {percent(objective)} objective.</p>}
    </div>
  );
}

function ModelQuality({ model, span, now }: { model: ModelQualityView; span: Span; now: number }) {
  const { accuracy, lowConfidence } = model;
  return (
    <div class="model" data-model={model.model}>
      <h3 class="model-name">{model.model}</h3>
      <div class="tiles">
        <div class="tile" id={domId("quality-rate", model.model)}>
          <div class="label">Predictions ingested</div>
          <div class="value">{model.rate.toFixed(model.rate >= 100 ? 0 : 1)}/s</div>
          <div class="sub">{model.recordsAccepted.toLocaleString("en-US")} in total</div>
        </div>
        <div class="tile" id={domId("quality-low", model.model)} data-status={lowConfidence.status}>
          <div class="label">Low confidence (&lt; {lowConfidence.threshold})</div>
          <div class="value">{percent(lowConfidence.ratio)}</div>
          <div class="sub">
            <Badge
              health={lowConfidence.status}
              word={lowConfidence.status === "warn"
                ? "above alert"
                : lowConfidence.status === "ok"
                ? "below alert"
                : "no data"}
            />{" "}
            alert at {percent(lowConfidence.alertRatio, 0)} · {span.label}
          </div>
        </div>
        <div class="tile" id={domId("quality-accuracy", model.model)} data-status={accuracy.status}>
          <div class="label">Accuracy (ground truth)</div>
          <div class="value">{percent(accuracy.overall)}</div>
          <div class="sub">
            <Badge health={accuracy.status} />{" "}
            {accuracy.objective === null ? "" : `objective ${percent(accuracy.objective)} · `}
            last {accuracy.labelled.toLocaleString("en-US")} of up to{" "}
            {accuracy.window.toLocaleString("en-US")} labels
            {accuracy.lastLabelAt === null ? "" : ` · newest ${ago(accuracy.lastLabelAt, now)}`}
          </div>
        </div>
      </div>
      <div class="charts two">
        <ClassMixChart model={model} span={span} />
        <ConfidenceChart model={model} span={span} />
        <LowConfidenceChart model={model} span={span} />
        <SegmentTable model={model} span={span} />
      </div>
    </div>
  );
}

/** The Model quality section. */
export function QualitySection({ dashboard }: { dashboard: Dashboard }) {
  return (
    <section id="quality" class="panel">
      <h2>Model quality</h2>
      {dashboard.quality.length === 0
        ? (
          <p class="nodata">
            No models are watched. Declare one under <code>models:</code>{" "}
            in the config and send its predictions to <code>POST /v1/predictions</code>.
          </p>
        )
        : dashboard.quality.map((model) => (
          <ModelQuality key={model.model} model={model} span={dashboard.span} now={dashboard.generatedAt} />
        ))}
    </section>
  );
}
