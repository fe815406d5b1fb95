import assert from "assert";
import { createMetrics, latencyBuckets } from "../../src/metrics/registry.ts";
import { hasPromtool, promtoolCheckMetrics } from "../_helpers/promtool.ts";

function sample() {
  const metrics = createMetrics({ latencyThresholdsMs: [250, 300, 1000], version: "test" });
  metrics.observeProbe({
    probe: "golden",
    target: "demo",
    time: 0,
    success: true,
    durationMs: 42,
    status: 200,
    failure: null,
  });
  metrics.observeProbe({
    probe: "golden",
    target: "demo",
    time: 0,
    success: false,
    durationMs: 3,
    status: null,
    failure: "connection refused",
  });
  metrics.setSloWindow("avail", "1h", { good: 1, total: 2, ratio: 0.5, burnRate: 50 });
  metrics.setSloObjective("avail", 0.99, -49);
  metrics.setSloAlerts("avail", { page: true, ticket: false, noData: false });
  metrics.initProbe("healthz", "demo");
  metrics.setTargetAvailability("demo", "1h", 0.5);
  return metrics;
}

Deno.test("latencyBuckets() adds every threshold as an exact bucket bound", () => {
  const buckets = latencyBuckets([300, 250, 1234]);
  assert.ok(buckets.includes(0.3) && buckets.includes(0.25) && buckets.includes(1.234));
  assert.deepEqual(buckets, [...buckets].sort((a, b) => a - b));
  assert.equal(new Set(buckets).size, buckets.length);
});

Deno.test("createMetrics() reports the last probe run the way blackbox_exporter does", async () => {
  const text = await sample().render();
  assert.match(text, /^probe_success\{probe="golden",target="demo"\} 0$/m);
  assert.match(text, /^probe_duration_seconds\{probe="golden",target="demo"\} 0.003$/m);
  assert.match(text, /^probe_http_status_code\{probe="golden",target="demo"\} 0$/m);
  assert.match(text, /^vigil_probe_runs_total\{probe="golden",target="demo",result="success"\} 1$/m);
  assert.match(text, /^vigil_probe_runs_total\{probe="golden",target="demo",result="failure"\} 1$/m);
  assert.match(
    text,
    /^vigil_probe_duration_seconds_bucket\{le="0.3",probe="golden",target="demo",result="success"\} 1$/m,
  );
  assert.match(text, /^vigil_build_info\{version="test",deno="[\d.]+"\} 1$/m);
  assert.match(text, /^process_resident_memory_bytes \d+$/m);
});

Deno.test("createMetrics() keeps separate registries per instance", async () => {
  const first = createMetrics({ latencyThresholdsMs: [], version: "a" });
  const second = createMetrics({ latencyThresholdsMs: [], version: "b" });
  first.observeProbe({
    probe: "x",
    target: "t",
    time: 0,
    success: true,
    durationMs: 1,
    status: 200,
    failure: null,
  });
  assert.doesNotMatch(await second.render(), /probe="x"/);
});

Deno.test({
  name: "createMetrics() exposition passes promtool check metrics",
  ignore: !hasPromtool,
  async fn() {
    const { code, output } = await promtoolCheckMetrics(await sample().render());
    assert.equal(code, 0, output);
    assert.equal(output.trim(), "");
  },
});

Deno.test("createMetrics() publishes burn rates and Vigil's own alert states per SLO", async () => {
  const text = await sample().render();
  assert.match(text, /^vigil_slo_burn_rate\{slo="avail",window="1h"\} 50$/m);
  assert.match(text, /^vigil_slo_alert_firing\{slo="avail",alert="page"\} 1$/m);
  assert.match(text, /^vigil_slo_alert_firing\{slo="avail",alert="ticket"\} 0$/m);
  assert.match(text, /^vigil_slo_alert_firing\{slo="avail",alert="no_data"\} 0$/m);
  const metrics = createMetrics({ latencyThresholdsMs: [], version: "t" });
  metrics.setSloWindow("avail", "1h", { good: 0, total: 0, ratio: null, burnRate: null });
  assert.doesNotMatch(await metrics.render(), /^vigil_slo_burn_rate\{/m);
});

Deno.test("initProbe() starts a probe's counters and histogram at zero, before its first run", async () => {
  const text = await sample().render();
  // A series born at its first failure hides that failure from rate(); these exist from the start.
  assert.match(text, /^vigil_probe_runs_total\{probe="healthz",target="demo",result="failure"\} 0$/m);
  assert.match(text, /^vigil_probe_runs_total\{probe="healthz",target="demo",result="success"\} 0$/m);
  assert.match(
    text,
    /^vigil_probe_duration_seconds_count\{probe="healthz",target="demo",result="failure"\} 0$/m,
  );
  assert.doesNotMatch(text, /^probe_success\{probe="healthz"/m);
});
