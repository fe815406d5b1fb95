/**
 * The Probes section: each probe's last run and success timeline, latency over time against the latency
 * objective, and the reasons probes failed.
 *
 * @module
 */
import { logTicks } from "../../load/report/charts.ts";
import type { Dashboard, ProbeRow, Span, TimelineCell } from "../dashboard_data.ts";
import {
  ago,
  Badge,
  Chart,
  clock,
  EmptyChart,
  MEANING,
  millis,
  PALETTE,
  percent,
  spanAxis,
  spanX,
} from "./ui.tsx";

function cellState(cell: TimelineCell): { kind: string; text: string } {
  if (cell.total === 0) return { kind: "empty", text: "no runs" };
  if (cell.successes === cell.total) return { kind: "ok", text: `${cell.total} of ${cell.total} passed` };
  if (cell.successes === 0) return { kind: "fail", text: `all ${cell.total} failed` };
  return { kind: "warn", text: `${cell.total - cell.successes} of ${cell.total} failed` };
}

/** A probe's runs per bucket: short green bars when all passed, tall amber or red ones when some failed. */
function Strip({ row, span }: { row: ProbeRow; span: Span }) {
  const failedBuckets = row.cells.filter((c) => c.total > c.successes).length;
  return (
    <div class="strip">
      <svg
        viewBox={`0 0 ${row.cells.length} 10`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${row.name}: ${failedBuckets} of ${row.cells.length} periods with failures, ${span.label}`}
      >
        {row.cells.map((cell, i) => {
          const state = cellState(cell);
          const [y, height] = state.kind === "empty" ? [8.5, 1.5] : state.kind === "ok" ? [5, 5] : [0, 10];
          return (
            <rect class={`cell ${state.kind}`} x={i + 0.08} y={y} width="0.84" height={height}>
              <title>{`${clock(cell.start)}: ${state.text}`}</title>
            </rect>
          );
        })}
      </svg>
      <div class="strip-axis" aria-hidden="true">
        <span>{spanAxis(span).format(-(span.until - span.since) / 1000)}</span>
        <span>now</span>
      </div>
    </div>
  );
}

function ProbeTableRow({ row, span, now }: { row: ProbeRow; span: Span; now: number }) {
  const last = row.last;
  return (
    <tr data-probe={row.name} data-status={row.status} class={row.status === "fail" ? "failing" : ""}>
      <td class="name">
        <strong>{row.name}</strong>
        <div class="muted small mono">{row.method} {row.path} · {row.target}</div>
      </td>
      <td>
        {last === null ? <Badge health="none" word="not run yet" /> : (
          <>
            <Badge health={row.status} word={last.success ? "passed" : "failed"} />
            <div class="muted small">
              {last.status === null ? "no response" : `HTTP ${last.status}`} · {millis(last.durationMs)} ·
              {" "}
              {ago(last.time, now)}
            </div>
            {last.failure === null ? "" : <div class="reason">{last.failure}</div>}
          </>
        )}
      </td>
      <td class="num">
        {row.total === 0 ? "–" : percent(row.successes / row.total)}
        <div class="muted small">
          {row.total === 0 ? "" : `${row.total - row.successes} of ${row.total} failed`}
        </div>
      </td>
      <td class="timeline">
        <Strip row={row} span={span} />
      </td>
    </tr>
  );
}

function LatencyChart({ dashboard }: { dashboard: Dashboard }) {
  const { span, probes } = dashboard;
  const rows = probes.rows.filter((row) => row.cells.some((c) => c.meanMs !== null));
  if (rows.length === 0) {
    return <EmptyChart id="chart-probe-latency" title="Probe latency" reason="No probe has run yet." />;
  }
  const values = rows.flatMap((row) => row.cells.flatMap((c) => (c.meanMs === null ? [] : [c.meanMs])));
  const objective = probes.latencyObjectiveMs;
  const lo = Math.max(0.1, Math.min(...values, objective ?? Infinity));
  const hi = Math.max(...values, objective ?? 0);
  const ticks = logTicks(lo, hi);
  const half = span.bucketMs / 2;
  const x = spanAxis(span);
  return (
    <Chart
      spec={{
        id: "chart-probe-latency",
        title: "Probe latency over time",
        description: `Mean duration of each probe's runs per ${span.bucketMs / 1000} s, ${span.label}` +
          (objective === null ? "" : `, against the ${objective} ms objective`),
        x,
        y: {
          scale: "log",
          min: ticks[0]!,
          max: ticks.at(-1)!,
          ticks,
          format: (v) => (v >= 1000 ? `${v / 1000}s` : `${v}`),
          label: `ms, mean per ${span.bucketMs / 1000} s (log scale)`,
        },
        series: [
          ...rows.map((row, i) => ({
            kind: "line" as const,
            label: row.name,
            color: PALETTE[i % PALETTE.length]!,
            points: row.cells.map((c) => [spanX(span, c.start + half), c.meanMs] as const),
          })),
          ...(objective === null ? [] : [{
            kind: "line" as const,
            label: `objective ${millis(objective)}`,
            color: MEANING.objective,
            dashed: true,
            points: [[x.min, objective], [x.max, objective]] as const,
          }]),
        ],
        hover: rows[0]!.cells.map((cell, i) => ({
          x0: spanX(span, cell.start),
          x1: spanX(span, cell.start + span.bucketMs),
          text: `${clock(cell.start)}: ` + rows.map((row) => {
            const c = row.cells[i]!;
            return `${row.name} ${c.meanMs === null ? "–" : `${millis(c.meanMs)} (max ${millis(c.maxMs)})`}`;
          }).join(" · "),
        })),
      }}
    />
  );
}

/** The Probes section. */
export function ProbesSection({ dashboard }: { dashboard: Dashboard }) {
  const { probes, span, generatedAt } = dashboard;
  const failing = probes.rows.filter((row) => row.status === "fail");
  return (
    <section id="probes" class="panel" data-failing={String(failing.length)}>
      <h2>Probes</h2>
      <p class="lead">
        {probes.rows.length === 0
          ? "No probes are declared (probes: in the config)."
          : failing.length === 0
          ? `${probes.rows.length} probes; the last run of each passed.`
          : `${failing.length} of ${probes.rows.length} probes failing: ${
            failing.map((r) => r.name).join(", ")
          }.`}
      </p>
      {probes.rows.length === 0 ? "" : (
        <div class="table-wrap">
          <table id="probe-table" class="probe-table">
            <thead>
              <tr>
                <th>Probe</th>
                <th>Last run</th>
                <th class="num">Passed</th>
                <th>Timeline · {span.label}</th>
              </tr>
            </thead>
            <tbody>
              {probes.rows.map((row) => (
                <ProbeTableRow key={row.name} row={row} span={span} now={generatedAt} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="charts two">
        <LatencyChart dashboard={dashboard} />
        <div class="failures">
          <h3>Failure reasons · {span.label}</h3>
          {probes.failures.length === 0 ? <p class="nodata">No probe failed.</p> : (
            <div class="table-wrap">
              <table id="failure-table">
                <thead>
                  <tr>
                    <th>Probe</th>
                    <th>Reason</th>
                    <th class="num">Runs</th>
                    <th>Last</th>
                  </tr>
                </thead>
                <tbody>
                  {probes.failures.map((f) => (
                    <tr data-probe={f.probe}>
                      <td>{f.probe}</td>
                      <td class="reason">{f.failure === "" ? "(no reason recorded)" : f.failure}</td>
                      <td class="num">{f.count}</td>
                      <td class="muted">{ago(f.lastTime, generatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
