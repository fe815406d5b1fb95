/**
 * The model and probe alerts ML teams ask for, each guarded so it does not fire on noise: data drift and
 * prediction drift only over a big enough window, low confidence only with enough predictions, a probe
 * failure only when several locations agree, TLS expiry in two steps. They cover every model and target
 * by label, so a new model needs no new rule. Pure.
 *
 * @module
 */
import type { AlertThresholds } from "../../config/types.ts";
import { DRIFT_SEVERITY_VALUE, METRIC } from "../../metrics/names.ts";
import { formatNumber } from "./promql.ts";
import { type AlertingRule, rangeWriter, type RuleGroup, type RuleOptions } from "./slo_rules.ts";

const MINUTE = 60_000;

/** Names of the generated model and probe alerts. */
export const ML_ALERT_NAMES = {
  dataDrift: "ModelDataDrift",
  predictionDrift: "ModelPredictionDrift",
  lowConfidence: "ModelLowConfidence",
  probeFailing: "ProbeFailingFromSeveralLocations",
  tlsExpiring: "ProbeTLSCertificateExpiring",
} as const;

/**
 * The model and probe alerts, in one group.
 *
 * @param thresholds the alert thresholds from `alerting.thresholds`
 * @param options window scale (for end-to-end tests)
 * @returns the group `vigil-ml-alerts`
 * @example
 * ```ts
 * import { mlAlertGroup } from "./ml_alerts.ts";
 * import assert from "node:assert/strict";
 * const group = mlAlertGroup({
 *   driftMinSamples: 500,
 *   dataDriftSeverity: "warning",
 *   predictionDriftPsi: 0.2,
 *   lowConfidenceRatio: 0.3,
 *   lowConfidenceMinPredictions: 100,
 *   probeFailingLocations: 2,
 *   tlsWarningMs: 14 * 86_400_000,
 *   tlsCriticalMs: 3 * 86_400_000,
 * });
 * assert.ok(group.rules.some((rule) => "alert" in rule && rule.alert === "ModelDataDrift"));
 * ```
 */
export function mlAlertGroup(thresholds: AlertThresholds, options: RuleOptions = {}): RuleGroup {
  const range = rangeWriter(options);
  const samples = `max by (model) (${METRIC.driftWindowSamples}) >= ${thresholds.driftMinSamples}`;
  const hour = range(60 * MINUTE);
  const warningSeconds = thresholds.tlsWarningMs / 1000;
  const criticalSeconds = thresholds.tlsCriticalMs / 1000;
  const certificateLeft = `${METRIC.probeSslExpiry} - time()`;
  const locations = (inner: string) => `count by (target) (${inner})`;
  const rules: AlertingRule[] = [
    {
      alert: ML_ALERT_NAMES.dataDrift,
      expr: `max by (model, feature) (${METRIC.driftSeverity}) >= ${
        DRIFT_SEVERITY_VALUE[thresholds.dataDriftSeverity]
      }\nand on (model)\n${samples}`,
      for: range(15 * MINUTE),
      labels: { severity: "warning" },
      annotations: {
        summary: "Feature {{ $labels.feature }} of model {{ $labels.model }} has drifted",
        description:
          `Drift severity of {{ $labels.feature }} reached ${thresholds.dataDriftSeverity} or more ` +
          `in a window of at least ${thresholds.driftMinSamples} predictions, for 15m.`,
        runbook:
          "GET /v1/models/{{ $labels.model }}/drift shows each test, statistic and p-value; compare the " +
          "reference and current histograms in the Drift dashboard, then trace the upstream data change.",
      },
    },
    {
      alert: ML_ALERT_NAMES.predictionDrift,
      expr: `max by (model) (${METRIC.conceptDriftPsi}) > ${
        formatNumber(thresholds.predictionDriftPsi)
      }\nand on (model)\n${samples}`,
      for: range(15 * MINUTE),
      labels: { severity: "warning" },
      annotations: {
        summary: 'Predictions of model {{ $labels.model }} have drifted (PSI {{ $value | printf "%.2f" }})',
        description: `The PSI of the model's output distribution against the reference is above ${
          formatNumber(thresholds.predictionDriftPsi)
        } in a window of at least ${thresholds.driftMinSamples} predictions, for 15m.`,
        runbook:
          "Compare the class mix and confidence histogram with the reference (Model quality dashboard); " +
          "check data drift on the inputs and recent model deploys.",
      },
    },
    {
      alert: ML_ALERT_NAMES.lowConfidence,
      expr:
        `sum by (model) (rate(${METRIC.lowConfidencePredictions}[${hour}]))\n/\nsum by (model) (rate(${METRIC.predictions}[${hour}]))\n> ${
          formatNumber(thresholds.lowConfidenceRatio)
        }\nand on (model)\nsum by (model) (increase(${METRIC.predictions}[${hour}])) >= ${thresholds.lowConfidenceMinPredictions}`,
      for: range(30 * MINUTE),
      labels: { severity: "info" },
      annotations: {
        summary:
          "{{ $value | humanizePercentage }} of model {{ $labels.model }}'s predictions are low-confidence",
        description: `More than ${
          formatNumber(thresholds.lowConfidenceRatio * 100)
        }% of the last hour's predictions fell under the confidence threshold, over at least ${thresholds.lowConfidenceMinPredictions} predictions.`,
        runbook: "Look for new input populations (Drift dashboard) and at the confidence histogram; " +
          "low confidence often precedes an accuracy drop once labels arrive.",
      },
    },
    {
      alert: ML_ALERT_NAMES.probeFailing,
      // A location is a Vigil instance (the scrape's `instance`); it sees the target failing when any of
      // its probes did. With fewer locations than asked for, all of them must agree.
      expr: `${
        locations(`min by (target, instance) (${METRIC.probeSuccess}) == 0`)
      }\n>= on (target)\nclamp_max(${
        locations(`min by (target, instance) (${METRIC.probeSuccess})`)
      }, ${thresholds.probeFailingLocations})`,
      for: range(5 * MINUTE),
      labels: { severity: "critical" },
      annotations: {
        summary: "Target {{ $labels.target }} fails probes from {{ $value }} locations",
        description:
          `Probes of {{ $labels.target }} fail from at least ${thresholds.probeFailingLocations} ` +
          "locations (or from every location, if there are fewer), for 5m: the target itself is failing, not one network path.",
        runbook:
          "Open Vigil's /v1/probes at each location for the failure reasons; check the target's health, " +
          "DNS and certificates, and recent deploys.",
      },
    },
    {
      alert: ML_ALERT_NAMES.tlsExpiring,
      expr: `${certificateLeft} < ${warningSeconds}\nand\n${certificateLeft} >= ${criticalSeconds}`,
      for: range(10 * MINUTE),
      labels: { severity: "warning" },
      annotations: {
        summary: "The TLS certificate of {{ $labels.target }} expires in {{ $value | humanizeDuration }}",
        description:
          "probe_ssl_earliest_cert_expiry (blackbox_exporter) says the earliest certificate in the " +
          "chain expires soon.",
        runbook: "Renew the certificate (or fix the automation that should have); check every intermediate.",
      },
    },
    {
      alert: ML_ALERT_NAMES.tlsExpiring,
      expr: `${certificateLeft} < ${criticalSeconds}`,
      for: range(10 * MINUTE),
      labels: { severity: "critical" },
      annotations: {
        summary: "The TLS certificate of {{ $labels.target }} expires in {{ $value | humanizeDuration }}",
        description:
          "probe_ssl_earliest_cert_expiry (blackbox_exporter) says the earliest certificate in the " +
          "chain expires within days: clients will refuse the target.",
        runbook:
          "Renew the certificate now; if it has expired, clients fail with TLS errors until it is replaced.",
      },
    },
  ];
  return { name: "vigil-ml-alerts", rules };
}
