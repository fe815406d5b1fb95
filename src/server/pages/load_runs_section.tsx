/**
 * The Load runs section: recent runs started from the service, their verdicts and headline figures, each
 * linking to its HTML report.
 *
 * @module
 */
import type { LoadRunRecord } from "../../store/load_run_store.ts";
import type { Dashboard, Health } from "../dashboard_data.ts";
import { ago, Badge, millis, percent, Time } from "./ui.tsx";

const VERDICTS: Record<LoadRunRecord["verdict"], { health: Health; word: string }> = {
  running: { health: "none", word: "running" },
  pass: { health: "ok", word: "pass" },
  fail: { health: "fail", word: "fail" },
  aborted: { health: "warn", word: "aborted" },
  error: { health: "fail", word: "error" },
};

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 90 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function RunRow({ run, now }: { run: LoadRunRecord; now: number }) {
  const verdict = VERDICTS[run.verdict];
  const f = run.figures;
  return (
    <tr data-run={run.id} data-verdict={run.verdict}>
      <td>
        <Time time={run.startedAt}>{ago(run.startedAt, now)}</Time>
      </td>
      <td class="name mono">
        {run.script}
        <div class="muted small">→ {run.target}</div>
      </td>
      <td>
        <Badge health={verdict.health} word={verdict.word} />
        {run.exitCode === null ? "" : <div class="muted small">exit {run.exitCode}</div>}
        {run.message === null ? "" : <div class="reason">{run.message}</div>}
      </td>
      <td class="num">{f === null ? "–" : `${f.thresholdsPassed}/${f.thresholdsTotal}`}</td>
      <td class="num">
        {f === null ? "–" : f.requests.toLocaleString("en-US")}
        {f === null ? "" : <div class="muted small">{f.requestRate.toFixed(1)}/s</div>}
      </td>
      <td class="num">{f === null ? "–" : percent(f.errorRate, 2)}</td>
      <td class="num">
        {f === null ? "–" : millis(f.p95Ms)}
        {f === null ? "" : <div class="muted small">p99 {millis(f.p99Ms)}</div>}
      </td>
      <td class="num">{f === null ? "–" : duration(f.durationMs)}</td>
      <td>
        {run.hasReport
          ? <a href={`/v1/load-runs/${encodeURIComponent(run.id)}/report`}>report</a>
          : <span class="muted">{run.verdict === "running" ? "when done" : "none"}</span>}
      </td>
    </tr>
  );
}

/** The Load runs section. */
export function LoadRunsSection({ dashboard }: { dashboard: Dashboard }) {
  const { loadRuns } = dashboard;
  return (
    <section id="load-runs" class="panel">
      <h2>Load runs</h2>
      {!loadRuns.enabled
        ? <p class="nodata">This service does not run load tests.</p>
        : loadRuns.runs.length === 0
        ? (
          <p class="nodata">
            No load runs yet. Start one with <code>POST /v1/load-runs</code>{" "}
            <code>{'{"script": "smoke", "target": "demo"}'}</code>, or locally with{" "}
            <code>deno task load scenarios/smoke.ts --report report.html</code>.
          </p>
        )
        : (
          <div class="table-wrap">
            <table id="load-runs-table">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Scenario</th>
                  <th>Verdict</th>
                  <th class="num">Thresholds</th>
                  <th class="num">Requests</th>
                  <th class="num">Errors</th>
                  <th class="num">p95</th>
                  <th class="num">Duration</th>
                  <th>Report</th>
                </tr>
              </thead>
              <tbody>
                {loadRuns.runs.map((run) => <RunRow key={run.id} run={run} now={dashboard.generatedAt} />)}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}
