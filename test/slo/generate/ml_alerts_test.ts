import assert from "assert";
import { mlAlertGroup } from "../../../src/slo/generate/ml_alerts.ts";
import type { AlertingRule } from "../../../src/slo/generate/slo_rules.ts";
import { DEFAULT_ALERTING } from "../../_helpers/slos.ts";

function alerts(windowScale?: number): AlertingRule[] {
  const group = mlAlertGroup(DEFAULT_ALERTING.thresholds, windowScale === undefined ? {} : { windowScale });
  return group.rules as AlertingRule[];
}

Deno.test("mlAlertGroup() gives every alert a severity, summary, description and runbook", () => {
  const rules = alerts();
  assert.deepEqual(rules.map((rule) => [rule.alert, rule.labels.severity]), [
    ["ModelDataDrift", "warning"],
    ["ModelPredictionDrift", "warning"],
    ["ModelLowConfidence", "info"],
    ["ProbeFailingFromSeveralLocations", "critical"],
    ["ProbeTLSCertificateExpiring", "warning"],
    ["ProbeTLSCertificateExpiring", "critical"],
  ]);
  for (const rule of rules) {
    assert.ok(
      rule.annotations.summary && rule.annotations.description && rule.annotations.runbook,
      rule.alert,
    );
  }
});

Deno.test("mlAlertGroup() guards drift by window size and low confidence by volume", () => {
  const [data, prediction, confidence] = alerts();
  assert.equal(
    data!.expr,
    "max by (model, feature) (ml_drift_severity) >= 2\nand on (model)\nmax by (model) (ml_drift_window_samples) >= 500",
  );
  assert.match(prediction!.expr, /^max by \(model\) \(ml_concept_drift_psi\) > 0\.2\nand on \(model\)/);
  assert.match(
    confidence!.expr,
    /> 0\.3\nand on \(model\)\nsum by \(model\) \(increase\(ml_predictions_total\[1h\]\)\) >= 100$/,
  );
});

Deno.test("mlAlertGroup() asks several locations to agree, and splits TLS expiry into two bands", () => {
  const rules = alerts();
  const probe = rules.find((rule) => rule.alert === "ProbeFailingFromSeveralLocations")!;
  assert.match(
    probe.expr,
    /clamp_max\(count by \(target\) \(min by \(target, instance\) \(probe_success\)\), 2\)/,
  );
  const [warning, critical] = rules.filter((rule) => rule.alert === "ProbeTLSCertificateExpiring");
  assert.equal(
    warning!.expr,
    "probe_ssl_earliest_cert_expiry - time() < 1209600\nand\nprobe_ssl_earliest_cert_expiry - time() >= 259200",
  );
  assert.equal(critical!.expr, "probe_ssl_earliest_cert_expiry - time() < 259200");
});

Deno.test("mlAlertGroup() shrinks windows and for: with the window scale, not certificate horizons", () => {
  const rules = alerts(60);
  assert.equal(rules[0]!.for, "15s");
  assert.match(rules[2]!.expr, /\[1m\]/);
  assert.match(rules[5]!.expr, /< 259200$/);
});
