import assert from "assert";
import {
  bucketMatcher,
  formatNumber,
  promDuration,
  quote,
  selector,
} from "../../../src/slo/generate/promql.ts";

Deno.test("promDuration() writes Prometheus durations, largest unit first, no decimals", () => {
  assert.equal(promDuration(300_000), "5m");
  assert.equal(promDuration(259_200_000), "3d");
  assert.equal(promDuration(90_061_001), "1d1h1m1s1ms");
  assert.equal(promDuration(2_500), "2s500ms");
  assert.throws(() => promDuration(0), RangeError);
  assert.throws(() => promDuration(1.5), /Cannot format duration "1.5"/);
});

Deno.test("quote() escapes what PromQL strings need escaped", () => {
  assert.equal(quote("plain"), '"plain"');
  assert.equal(quote('a\\b"c\nd'), '"a\\\\b\\"c\\nd"');
});

Deno.test("selector() writes matchers in order and skips undefined ones", () => {
  assert.equal(
    selector("ml_requests_total", { model: "m", endpoint: undefined, le: { regex: "1|1.0" } }),
    'ml_requests_total{model="m",le=~"1|1.0"}',
  );
});

Deno.test("bucketMatcher() matches whole-second buckets however the exporter writes them", () => {
  assert.equal(bucketMatcher(0.3), "0.3");
  assert.deepEqual(bucketMatcher(2), { regex: "2|2.0" });
  assert.equal(formatNumber(0.1 + 0.2), "0.30000000000000004");
  assert.throws(() => formatNumber(Infinity), RangeError);
});
