/** renderReport() on synthetic results: verdicts, escaping, and runs with nothing to draw. */
import assert from "assert";
import { EXIT, type LoadRunResult } from "../../src/load/engine.ts";
import { renderReport } from "../../src/load/report/mod.ts";
import type { SummaryData, SummaryMetric } from "../../src/load/summary.ts";
import type { TimelinePoint } from "../../src/load/timeline.ts";

const XSS = "<script>alert(1)</script>";
const META = {
  script: "scenarios/capacity.js",
  target: "http://127.0.0.1:8081",
  startedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
};

function trend(values: Record<string, number>, thresholds: SummaryMetric["thresholds"] = []): SummaryMetric {
  return { type: "trend", contains: "time", values, thresholds };
}

function point(t: number, overrides: Partial<TimelinePoint> = {}): TimelinePoint {
  return {
    t,
    seconds: 1,
    vus: 5,
    requests: 40,
    failed: 2,
    iterations: 40,
    dropped: 1,
    p50: 5,
    p95: 110,
    p99: 130,
    correctedP50: 6,
    correctedP95: 140,
    correctedP99: 220,
    ...overrides,
  };
}

function summary(
  overrides: { metrics?: Record<string, SummaryMetric>; durationMs?: number } = {},
): SummaryData {
  return {
    metrics: overrides.metrics ?? {
      http_reqs: { type: "counter", contains: "default", values: { count: 120, rate: 40 }, thresholds: [] },
      http_req_failed: {
        type: "rate",
        contains: "default",
        values: { rate: 0.05, passes: 6, fails: 114 },
        thresholds: [{ source: "rate<0.1", ok: true }],
      },
      http_req_duration: trend(
        { avg: 30, min: 3, med: 5, max: 250, "p(90)": 100, "p(95)": 121.3 },
        [{ source: "p(95)<200", ok: true }],
      ),
      http_req_corrected_duration: trend({ avg: 35, min: 3, med: 6, max: 260, "p(90)": 120, "p(95)": 140 }),
      [`http_req_duration{name:${XSS}}`]: trend(
        { avg: 30, min: 3, med: 5, max: 250, "p(90)": 100, "p(95)": 121.3 },
        [{ source: "max<1000", ok: true }],
      ),
      checks: {
        type: "rate",
        contains: "default",
        values: { rate: 0.75, passes: 3, fails: 1 },
        thresholds: [],
      },
      iterations: { type: "counter", contains: "default", values: { count: 120, rate: 40 }, thresholds: [] },
      vus: { type: "gauge", contains: "default", values: { value: 0, min: 0, max: 5 }, thresholds: [] },
      vus_max: {
        type: "gauge",
        contains: "default",
        values: { value: 10, min: 10, max: 10 },
        thresholds: [],
      },
      data_received: {
        type: "counter",
        contains: "data",
        values: { count: 15300, rate: 5100 },
        thresholds: [],
      },
    },
    rootGroup: {
      name: "",
      path: "",
      id: "",
      groups: [{
        name: XSS,
        path: `::${XSS}`,
        id: "g",
        groups: [],
        checks: [{ name: XSS, path: `::${XSS}::${XSS}`, id: "c1", passes: 2, fails: 1 }],
      }],
      checks: [{ name: "status is 200", path: "::status is 200", id: "c0", passes: 1, fails: 0 }],
    },
    testRunDurationMs: overrides.durationMs ?? 3000,
    trendStats: ["avg", "min", "med", "max", "p(90)", "p(95)"],
    timeUnit: "",
  };
}

function result(overrides: Partial<LoadRunResult> = {}): LoadRunResult {
  return {
    exitCode: EXIT.ok,
    abortReason: null,
    summary: summary(),
    handleSummary: undefined,
    error: null,
    timeline: [point(1), point(2), point(3, { failed: 0, dropped: 0 })],
    scenarios: {
      [XSS]: {
        name: XSS,
        executor: "constant-arrival-rate",
        rate: 40,
        timeUnitMs: 1000,
        durationMs: 3000,
        startTimeMs: 0,
        preAllocatedVUs: 5,
        maxVUs: 10,
        tags: { kind: XSS },
        env: {},
      },
    },
    latencyBuckets: [
      { lower: 4.5, upper: 5.5, count: 80 },
      { lower: 100, upper: 101, count: 30 },
      { lower: 240, upper: 250, count: 10 },
    ],
    ...overrides,
  };
}

/** The page with the whitespace between tags removed and runs of whitespace as one space. */
function render(r: LoadRunResult, meta: Parameters<typeof renderReport>[1] = META): string {
  return renderReport(r, meta).replace(/\s+/g, " ").replace(/> </g, "><");
}

/** Every `<tag` in the page, by name: what markup the page really contains. */
function tags(page: string): Set<string> {
  return new Set([...page.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
}

Deno.test("renderReport() escapes check, group, scenario, tag, metric and meta strings", () => {
  const page = render(
    result({ exitCode: EXIT.scriptAborted, abortReason: `test.abort("${XSS}")` }),
    { ...META, script: `x"><img src=x onerror=alert(1)>.js`, command: `deno task load '${XSS}'` },
  );
  assert.ok(!tags(page).has("script"), "no <script> element may appear");
  assert.ok(!tags(page).has("img"), "no <img> element may appear");
  assert.doesNotMatch(page, /<[^>]*\sonerror=/);
  assert.ok(page.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  // The check row, its group header, the scenario card and its tag all show the text.
  assert.ok(page.includes(`data-check="&lt;script&gt;alert(1)&lt;/script&gt;"`));
  assert.ok(page.includes(`data-scenario="&lt;script&gt;alert(1)&lt;/script&gt;"`));
  assert.ok(page.includes("kind=&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(page.includes("x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.js"));
  assert.ok(page.includes(`test.abort(&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;)`));
});

Deno.test("renderReport() is self-contained: no external resource, no script", () => {
  const page = render(result(), META);
  assert.match(page, /^<!doctype html>/);
  for (const tag of ["script", "link", "img", "iframe", "object", "embed"]) {
    assert.ok(!tags(page).has(tag), `unexpected <${tag}>`);
  }
  assert.doesNotMatch(page, /\ssrc=/);
  assert.doesNotMatch(page, /url\(/);
  for (const [, href] of page.matchAll(/href="([^"]*)"/g)) assert.match(href!, /^#/);
  assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
});

Deno.test("renderReport() shows PASS with exit code 0 and every threshold with ✓ and its value", () => {
  const page = render(result(), META);
  assert.match(page, /data-verdict="PASS" data-exit-code="0"/);
  assert.match(page, /<title>PASS · capacity\.js · Vigil load report<\/title>/);
  assert.match(page, /3 of 3 thresholds passed/);
  const rows = [...page.matchAll(/<tr class="" data-ok="true">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
  assert.equal(rows.length, 3);
  assert.ok(rows.every((row) => row.includes("✓")));
  const failedRow = rows.find((row) => row.includes("rate&lt;0.1"))!;
  assert.match(failedRow, /5\.00%/);
  assert.match(rows.find((row) => row.includes("p(95)&lt;200"))!, /121 ms/);
  assert.match(
    page,
    /target <\/span><span class="mono">http:\/\/127\.0\.0\.1:8081<\/span>|http:\/\/127\.0\.0\.1:8081/,
  );
  assert.match(page, /2025-01-02 03:04:05 UTC/);
});

Deno.test("renderReport() shows FAIL with exit code 99, ✗ on the failed threshold and the failure listed", () => {
  const failing = summary();
  failing.metrics.http_req_duration!.thresholds = [{ source: "p(95)<100", ok: false }];
  const page = render(result({ exitCode: EXIT.thresholdsFailed, summary: failing }), META);
  assert.match(page, /data-verdict="FAIL" data-exit-code="99"/);
  assert.match(page, /Exit code 99<\/strong>: thresholds failed/);
  assert.match(page, /2 of 3 thresholds passed, <strong>1 failed<\/strong>/);
  assert.match(page, /<tr class="failed" data-ok="false">[\s\S]*?✗[\s\S]*?p\(95\)&lt;100[\s\S]*?121 ms/);
  assert.match(
    page,
    /<ul class="failing"><li><span class="mono">http_req_duration p\(95\)&lt;100<\/span>: measured 121 ms/,
  );
});

Deno.test("renderReport() names the other verdicts: stopped by the user, aborted, script exception", () => {
  const stopped = render(
    result({ exitCode: EXIT.externalAbort, abortReason: "stopped by the user" }),
    META,
  );
  assert.match(stopped, /data-verdict="STOPPED" data-exit-code="105"/);
  assert.match(stopped, /Ended early: stopped by the user\./);
  const aborted = render(
    result({ exitCode: EXIT.scriptAborted, abortReason: "the script called test.abort()" }),
    META,
  );
  assert.match(aborted, /data-verdict="FAIL" data-exit-code="108"/);
  assert.match(aborted, /aborted by the script/);
  const teardown = render(result({ exitCode: EXIT.scriptException, error: "teardown() failed" }), META);
  assert.match(teardown, /script exception/);
  assert.match(teardown, /teardown\(\) failed/);
});

Deno.test("renderReport() draws every chart from the timeline and the histogram", () => {
  const page = render(result(), META);
  for (
    const id of [
      "chart-latency",
      "chart-histogram",
      "chart-throughput",
      "chart-errors",
      "chart-vus",
      "chart-arrivals",
    ]
  ) {
    const figure = new RegExp(`<figure class="chart" id="${id}">([\\s\\S]*?)</figure>`).exec(page);
    assert.ok(figure, `${id} is drawn`);
    assert.match(figure[1]!, /<svg /);
    assert.match(
      figure[1]!,
      /<path class="line[^"]*" d="M[\d.]+ [\d.]+L|<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[1-9]/,
    );
  }
  // Corrected percentiles are dashed and named as such in the legend.
  assert.match(page, /<path class="line dashed" d="M/);
  assert.match(page, /p99 corrected/);
  // The target arrival rate of the constant-arrival-rate scenario: 40/s from 0 to 3 s.
  assert.match(page, /target rate/);
  // Histogram markers carry the summary's percentiles.
  assert.match(page, /p95 121 ms/);
});

Deno.test("renderReport() survives a run aborted at once: empty timeline", () => {
  const page = render(
    result({
      exitCode: EXIT.scriptAborted,
      abortReason: "aborted in setup",
      timeline: [],
      latencyBuckets: [],
    }),
    META,
  );
  assert.match(page, /data-verdict="FAIL"/);
  for (const id of ["chart-latency", "chart-throughput", "chart-errors", "chart-vus", "chart-arrivals"]) {
    assert.match(
      page,
      new RegExp(`<figure class="chart empty" id="${id}">[\\s\\S]*?before its first second`),
    );
  }
  assert.match(page, /<figure class="chart empty" id="chart-histogram">[\s\S]*?No requests completed/);
  assert.doesNotMatch(page, /NaN|Infinity|undefined/);
});

Deno.test("renderReport() handles a run without any request", () => {
  const metrics: Record<string, SummaryMetric> = {
    http_req_duration: trend({ avg: 0, min: 0, med: 0, max: 0, "p(90)": 0, "p(95)": 0 }),
    iterations: { type: "counter", contains: "default", values: { count: 3, rate: 1 }, thresholds: [] },
  };
  const quiet = {
    requests: 0,
    failed: 0,
    p50: null,
    p95: null,
    p99: null,
    correctedP50: null,
    correctedP95: null,
    correctedP99: null,
  };
  const page = render(
    result({
      summary: { ...summary({ metrics }), rootGroup: { name: "", path: "", id: "", groups: [], checks: [] } },
      timeline: [point(1, quiet), point(2, quiet), point(2.05, { ...quiet, seconds: 0.05 })],
      latencyBuckets: [],
      scenarios: { default: { name: "default", executor: "shared-iterations", vus: 1, iterations: 3 } },
    }),
    META,
  );
  assert.match(page, /data-verdict="PASS"/);
  assert.match(page, /No thresholds were defined/);
  assert.match(page, /<figure class="chart empty" id="chart-latency">[\s\S]*?No requests completed/);
  assert.match(page, /<figure class="chart empty" id="chart-histogram">/);
  assert.match(page, /<figure class="chart" id="chart-throughput">[\s\S]*?No requests were made/);
  assert.match(page, /The script makes no checks/);
  assert.match(page, /id="tile-p95"><div class="label">Latency p95<\/div><div class="value">–/);
  // A closed-model run has no target rate; the short last interval merges into the one before.
  assert.doesNotMatch(page, /target rate/);
  assert.match(page, /Second by second \(3 intervals\)/);
  assert.doesNotMatch(page, /NaN|Infinity|undefined/);
});

Deno.test("renderReport() reports a run that never started, with its error escaped", () => {
  const page = render(
    result({
      exitCode: EXIT.invalidConfig,
      summary: null,
      error: `thresholds["${XSS}"]: unknown metric`,
      timeline: [],
    }),
    META,
  );
  assert.match(page, /data-verdict="FAIL" data-exit-code="104"/);
  assert.match(page, /invalid configuration/);
  assert.match(page, /The run never started/);
  assert.ok(page.includes("thresholds[&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;]: unknown metric"));
  assert.doesNotMatch(page, /<figure/);
});
