/**
 * The validated, typed shape of vigil.yaml. The YAML uses snake_case keys; the loader maps them to the
 * camelCase fields below and resolves every duration to milliseconds, so nothing downstream parses text.
 *
 * @module
 */

/** A model endpoint Vigil may send traffic to. Probes name targets; nothing else is ever contacted. */
export interface TargetConfig {
  /** Target name, the key under `targets:`. */
  name: string;
  /** Base URL, e.g. `http://127.0.0.1:8081`; probe paths are resolved against it. */
  url: string;
  /** Headers sent with every request to this target (e.g. an API key from `${ENV}`). */
  headers: Record<string, string>;
}

/** A JSON body assertion: the value at `path` must satisfy exactly one matcher. */
export type JsonAssertion =
  | { path: string; equals: unknown }
  | { path: string; oneOf: unknown[] }
  | { path: string; range: { min?: number; max?: number } }
  | { path: string; matches: string }
  | { path: string; exists: boolean };

/** A golden-example assertion on a classifier's answer. */
export interface ModelAssertion {
  /** The label the model must return for this input. */
  label?: string;
  /** The lowest acceptable confidence, in [0, 1]. */
  minConfidence?: number;
  /** Where the label is in the response body (default `label`). */
  labelPath: string;
  /** Where the confidence is in the response body (default `confidence`). */
  confidencePath: string;
}

/** Everything a probe result is checked against. */
export interface ProbeAssertions {
  /** Allowed HTTP status codes (default: 200–299). */
  status: number[];
  /** Latency budget in milliseconds: a slower answer fails the probe. */
  maxDurationMs?: number;
  /** JSON body assertions, all of which must hold. */
  json: JsonAssertion[];
  /** Model assertion for golden examples. */
  model?: ModelAssertion;
}

/** One synthetic check: a request to a named target plus assertions, run on a schedule. */
export interface ProbeConfig {
  name: string;
  target: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** JSON body, sent with `content-type: application/json`. */
  body?: unknown;
  /** How often the scheduler runs this probe. */
  intervalMs: number;
  /** Per-run timeout covering connect, headers and body. */
  timeoutMs: number;
  /** Random spread of each run around its slot, as a fraction of the interval (0 to 0.5). */
  jitter: number;
  assert: ProbeAssertions;
}

/** A drift severity level, as the drift engine reports it (`ml_drift_severity`: 0 none … 3 critical). */
export type DriftSeverity = "info" | "warning" | "critical";

/**
 * The SLI of an SLO. Probe SLIs are measured by Vigil itself (its store) and by Prometheus from Vigil's
 * metrics; the others only by Prometheus, from the instrumented service's and the drift engine's metrics.
 */
export type SliConfig =
  /** Good: probe runs against the target that pass (`vigil_probe_runs_total{result}`). */
  | { type: "probe_availability"; target: string }
  /** Good: probe runs that pass within the threshold (`vigil_probe_duration_seconds_bucket`). */
  | { type: "probe_latency"; target: string; thresholdMs: number }
  /** Good: requests that are not errors (`ml_requests_total` minus `ml_errors_total`). */
  | { type: "request_success"; model: string; endpoint?: string }
  /** Good: requests answered within the threshold (`ml_request_duration_seconds_bucket`). */
  | { type: "request_latency"; model: string; endpoint?: string; thresholdMs: number }
  /**
   * Good: labelled predictions that were right (`ml_ground_truth_correct_total` of
   * `ml_ground_truth_labels_total`). `labelFreshnessMs`: no label for this long raises an alert.
   */
  | { type: "accuracy"; model: string; labelFreshnessMs: number }
  /** Good: the time during which the model's highest drift severity is below `below`. */
  | { type: "drift"; model: string; below: DriftSeverity };

/** How an SLO alerts (`alerting:` under an SLO). */
export interface SloAlertingConfig {
  /** Multi-window burn-rate page (severity critical). */
  page: boolean;
  /** Multi-window burn-rate ticket (severity warning). */
  ticket: boolean;
  /** Extra labels on every alert of this SLO (e.g. `team`), for routing. */
  labels: Record<string, string>;
  /** Runbook: a URL (annotation `runbook_url`) or text (annotation `runbook`). */
  runbook?: string;
  /** How long an SLI may be silent before the no-data alert fires. */
  noDataForMs: number;
}

/** A service level objective over one SLI. */
export interface SloConfig {
  name: string;
  description?: string;
  sli: SliConfig;
  /** Target ratio of good events, in (0, 1): `objective: 99.5` in YAML becomes 0.995. */
  objective: number;
  /** SLO period in milliseconds (default 30 days). */
  periodMs: number;
  /** Burn-rate alerts hold off while an alert window has fewer events than this (0: no guard). */
  minTraffic: number;
  alerting: SloAlertingConfig;
}

/** A secret in a receiver: written as is, or read by Alertmanager from a file or a deploy-time variable. */
export type SecretConfig = { value: string } | { file: string } | { env: string };

/** A webhook receiver. */
export interface WebhookReceiverConfig {
  url: string;
  /** Sent as `Authorization: Bearer …` when given. */
  bearerToken?: SecretConfig;
}

/** A Slack receiver (incoming webhook). */
export interface SlackReceiverConfig {
  apiUrl: SecretConfig;
  channel?: string;
}

/** A PagerDuty receiver (Events API v2). */
export interface PagerdutyReceiverConfig {
  routingKey: SecretConfig;
}

/** A named Alertmanager receiver: one or more integrations. */
export interface ReceiverConfig {
  name: string;
  webhook?: WebhookReceiverConfig;
  slack?: SlackReceiverConfig;
  pagerduty?: PagerdutyReceiverConfig;
}

/** Thresholds of the generated ML and probe alerts (`alerting.thresholds:`). */
export interface AlertThresholds {
  /** Drift alerts hold off while the drift window has fewer samples than this. */
  driftMinSamples: number;
  /** A feature at or above this drift severity opens a data-drift ticket. */
  dataDriftSeverity: DriftSeverity;
  /** Prediction (output) drift PSI above which a ticket opens. */
  predictionDriftPsi: number;
  /** Share of low-confidence predictions above which an info alert fires. */
  lowConfidenceRatio: number;
  /** The low-confidence alert holds off under this many predictions per hour. */
  lowConfidenceMinPredictions: number;
  /** Probe-failure alert: how many locations (Vigil instances) must see a target fail. */
  probeFailingLocations: number;
  /** TLS certificate expiry warning horizon, ms. */
  tlsWarningMs: number;
  /** TLS certificate expiry critical horizon, ms. */
  tlsCriticalMs: number;
}

/** Alert routing (`alerting:` at the top level): receivers, which severity goes where, timings. */
export interface AlertingConfig {
  receivers: Record<string, ReceiverConfig>;
  /** Receiver name per severity; absent means that severity only reaches the default receiver. */
  routes: { critical?: string; warning?: string; info?: string };
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  thresholds: AlertThresholds;
}

/** The instrumented model service(s) that Prometheus scrapes for `ml_*` metrics. */
export interface InstrumentationConfig {
  /** Prometheus job name for the model service(s). */
  job: string;
  /** URLs of their /metrics endpoints (may be empty: then prometheus.yml has no model job). */
  metricsUrls: string[];
  /**
   * Upper bounds (ms) of the `ml_request_duration_seconds` buckets the service exports; every
   * `request_latency` threshold must be one of them.
   */
  latencyBucketsMs: number[];
}

/** Where results are kept and for how long. */
export interface StorageConfig {
  /** SQLite file, or `:memory:`. */
  path: string;
  retentionMs: number;
}

/** The long-running service's own settings. */
export interface ServerConfig {
  port: number;
  /** Host to listen on (default 127.0.0.1). */
  hostname: string;
  /** Bearer token required on write endpoints, when set. */
  token?: string;
}

/** How a model input is compared with its reference: by distribution of values or of categories. */
export type FeatureType = "numeric" | "categorical";

/** One model input the drift engine watches (`models.<name>.features.<feature>`). */
export interface FeatureConfig {
  /** Feature name, the key in each prediction's `features`. */
  name: string;
  type: FeatureType;
}

/** What a model outputs: a class (with an optional confidence) or a number. */
export type PredictionKind = "classification" | "regression";

/** The value of a drift statistic at which each severity begins; ascending. */
export interface SeverityThresholds {
  info: number;
  warning: number;
  critical: number;
}

/**
 * Severity thresholds of each drift statistic (`models.<name>.thresholds`). A statistic below `info` is
 * severity none.
 */
export interface DriftThresholds {
  /** Kolmogorov–Smirnov D (numeric features, confidence); default 0.1 / 0.15 / 0.25. */
  ks: SeverityThresholds;
  /** Population stability index (numeric features, confidence); default 0.1 / 0.2 / 0.25. */
  psi: SeverityThresholds;
  /** Wasserstein distance over the reference's standard deviation; default 0.1 / 0.2 / 0.3. */
  wasserstein: SeverityThresholds;
  /** Jensen–Shannon distance, natural log (categorical features, classes); default 0.1 / 0.2 / 0.3. */
  jensenShannon: SeverityThresholds;
  /** Share of a window's values in categories the reference never saw; default 0.05 / 0.1 / 0.2. */
  unseen: SeverityThresholds;
}

/** A model whose live predictions Vigil compares with a reference (`models.<name>`). */
export interface ModelConfig {
  /** Model name, the key under `models:`. */
  name: string;
  features: FeatureConfig[];
  prediction: {
    kind: PredictionKind;
    /** The classes a classifier may answer, when known; other labels are counted as `other` in metrics. */
    classes?: string[];
  };
  window: {
    /** Records per tumbling window (default 1000). */
    size: number;
    /** A window also closes this long after its first record (default 1h), so quiet models get reports. */
    maxAgeMs: number;
    /** A window smaller than this is reported but never raises a severity (default 500). */
    minSamples: number;
  };
  thresholds: DriftThresholds;
  /** False discovery rate of the Benjamini–Hochberg correction across features (default 0.05). */
  alpha: number;
  /** Share of features at warning or above that makes the whole dataset drifted (default 0.5). */
  driftShare: number;
  /** Predictions with a confidence below this are low-confidence (default 0.7). */
  lowConfidence: number;
  /** How long after a prediction its ground-truth label may still arrive (default 7d). */
  joinTtlMs: number;
  /** Rolling accuracy covers the last this many labelled predictions (default 1000). */
  accuracyWindow: number;
  /** Segments tracked by name in metrics; the rest are reported as `other` (default 20). */
  maxSegments: number;
  reference: {
    /** Values kept per feature in the reference profile: a uniform sample (default 10000). */
    sampleSize: number;
    /** PSI bins, cut at the reference quantiles (default 10). */
    bins: number;
  };
}

/** The whole validated configuration. */
export interface Config {
  /** File it was loaded from (for messages), or `<inline>`. */
  source: string;
  targets: Record<string, TargetConfig>;
  probes: ProbeConfig[];
  slos: SloConfig[];
  alerting: AlertingConfig;
  instrumentation: InstrumentationConfig;
  storage: StorageConfig;
  server: ServerConfig;
  /** Models watched for drift and quality, keyed by name. */
  models: Record<string, ModelConfig>;
}
