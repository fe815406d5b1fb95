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

/** The SLI of an SLO. Later SLI kinds (request success, accuracy, drift) join this union. */
export type SliConfig =
  | { type: "probe_availability"; target: string }
  | { type: "probe_latency"; target: string; thresholdMs: number };

/** A service level objective over one SLI. */
export interface SloConfig {
  name: string;
  description?: string;
  sli: SliConfig;
  /** Target ratio of good events, in (0, 1): `objective: 99.5` in YAML becomes 0.995. */
  objective: number;
  /** SLO period in milliseconds (default 30 days). */
  periodMs: number;
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

/** The whole validated configuration. */
export interface Config {
  /** File it was loaded from (for messages), or `<inline>`. */
  source: string;
  targets: Record<string, TargetConfig>;
  probes: ProbeConfig[];
  slos: SloConfig[];
  storage: StorageConfig;
  server: ServerConfig;
}
