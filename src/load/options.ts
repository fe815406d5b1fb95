/**
 * A k6 script's `options`, normalized the way k6 consolidates them: command-line overrides applied on top
 * of the script's options, the `vus`/`duration`/`iterations`/`stages` shortcuts turned into a single
 * `default` scenario, every scenario given its executor's defaults and validated, and the test's VU and
 * duration needs planned. Every problem is collected into one {@linkcode LoadConfigError} (k6's exit code
 * 104, "invalid config"); things k6 only warns about come back as warnings.
 *
 * Sources: k6 `internal/cmd/config.go` (`getConsolidatedConfig`, `warnOnShortHandOverride`,
 * `applyDefault`, `deriveAndValidateConfig`), `lib/options.go` (`Options.Apply`),
 * `lib/executor/execution_config_shortcuts.go` (`DeriveScenariosFromShortcuts`), `lib/executors.go`,
 * `js/bundle.go` (unknown options only warn) and `errext/exitcodes/codes.go`.
 *
 * @module
 */
import { formatPath } from "../config/error.ts";
import { parseGoDuration } from "./duration.ts";
import {
  DEFAULT_GRACEFUL_STOP_MS,
  describeValue,
  endOffsetMs,
  type ExecutionStep,
  FieldReader,
  type IssuePath,
  maxPlannedVUs,
  maxPossibleVUs,
  type NormalizeResult,
  type ParsedStage,
  quotedDuration,
  type ScenarioIssue,
} from "./executors/base.ts";
import {
  type ConstantArrivalRateConfig,
  constantArrivalRateRequirements,
  normalizeConstantArrivalRate,
  validateConstantArrivalRate,
} from "./executors/constant_arrival_rate.ts";
import {
  CONSTANT_VUS_DEFAULTS,
  type ConstantVusConfig,
  constantVusRequirements,
  normalizeConstantVus,
  validateConstantVus,
} from "./executors/constant_vus.ts";
import {
  normalizePerVuIterations,
  PER_VU_ITERATIONS_DEFAULTS,
  type PerVuIterationsConfig,
  perVuIterationsRequirements,
  validatePerVuIterations,
} from "./executors/per_vu_iterations.ts";
import {
  normalizePoissonArrivalRate,
  type PoissonArrivalRateConfig,
  poissonArrivalRateRequirements,
  validatePoissonArrivalRate,
} from "./executors/poisson_arrival_rate.ts";
import {
  normalizeRampingArrivalRate,
  type RampingArrivalRateConfig,
  rampingArrivalRateRequirements,
  validateRampingArrivalRate,
} from "./executors/ramping_arrival_rate.ts";
import {
  normalizeRampingVus,
  RAMPING_VUS_DEFAULTS,
  type RampingVusConfig,
  rampingVusRequirements,
  validateRampingVus,
} from "./executors/ramping_vus.ts";
import {
  normalizeSharedIterations,
  SHARED_ITERATIONS_DEFAULTS,
  type SharedIterationsConfig,
  sharedIterationsRequirements,
  validateSharedIterations,
} from "./executors/shared_iterations.ts";
import { combineRequirements } from "./schedule.ts";

/** Any normalized scenario; `executor` tells which. */
export type ScenarioConfig =
  | SharedIterationsConfig
  | PerVuIterationsConfig
  | ConstantVusConfig
  | RampingVusConfig
  | ConstantArrivalRateConfig
  | RampingArrivalRateConfig
  | PoissonArrivalRateConfig;

/** The executors Vigil runs: k6's six (all but externally-controlled) and poisson-arrival-rate. */
export type ExecutorName = ScenarioConfig["executor"];

/** Every executor name, in k6's documentation order, then Vigil's own. */
export const EXECUTORS: readonly ExecutorName[] = [
  "shared-iterations",
  "per-vu-iterations",
  "constant-vus",
  "ramping-vus",
  "constant-arrival-rate",
  "ramping-arrival-rate",
  "poisson-arrival-rate",
];

/** k6's exit code for an invalid configuration (`exitcodes.InvalidConfig`). */
export const INVALID_CONFIG_EXIT_CODE = 104;

/** One problem with the options, located by a path such as `scenarios.api.stages[1].duration`. */
export interface LoadConfigIssue {
  /** Where: an options path, or a flag such as `--duration`; empty for the options as a whole. */
  path: string;
  /** What is wrong, e.g. `must be more than 0, got -5`. */
  message: string;
}

/**
 * Options a test cannot run with. Its message lists every problem, one per line, as `<path>: <message>`;
 * the CLI exits with {@linkcode LoadConfigError.exitCode} (k6's 104).
 *
 * @example
 * ```ts
 * import { LoadConfigError } from "./options.ts";
 * import assert from "node:assert/strict";
 * const error = new LoadConfigError([{ path: "scenarios.api.rate", message: "must be more than 0, got -5" }]);
 * assert.equal(error.message, "scenarios.api.rate: must be more than 0, got -5");
 * assert.equal(error.exitCode, 104);
 * ```
 */
export class LoadConfigError extends Error {
  /** Always `"LoadConfigError"`, for logs and `assert.throws({ name })`. */
  override name = "LoadConfigError";
  /** The process exit code k6 uses for invalid config. */
  readonly exitCode: number = INVALID_CONFIG_EXIT_CODE;
  /** Every problem found. */
  readonly issues: LoadConfigIssue[];

  /**
   * Creates the error from its issues.
   *
   * @param issues every problem found
   */
  constructor(issues: LoadConfigIssue[]) {
    super(
      issues.map((issue) => (issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`)).join(
        "\n",
      ),
    );
    this.issues = issues;
  }
}

/**
 * What the command line adds to a script's options, as k6's flags do, plus what is known about the script.
 * Flags beat the script: any of `duration`, `iterations` or `stages` replaces all of the script's execution
 * options (its shortcuts and its `scenarios`), as k6's `Options.Apply` does.
 */
export interface LoadOverrides {
  /** `--vus`: an integer, or its decimal text. */
  vus?: number | string;
  /** `--duration`: a Go duration such as `"30s"` (like k6's flag: no bare numbers, no days). */
  duration?: string;
  /** `--iterations`: an integer, or its decimal text. */
  iterations?: number | string;
  /** `--stage` values, each `"[duration]:[target]"` such as `"30s:10"`; an empty list clears the stages. */
  stages?: readonly string[];
  /** The names of the functions the script exports; when given, each scenario's `exec` must be one. */
  exports?: Iterable<string>;
}

/** One scenario's place in the test: when it runs and how many VUs it needs. */
export interface ScenarioPlan {
  /** The scenario's name. */
  name: string;
  /** Its executor. */
  executor: ExecutorName;
  /** When it starts, in ms from the test's start. */
  startTimeMs: number;
  /** Its VU needs, relative to its own start (k6's `GetExecutionRequirements`). */
  steps: ExecutionStep[];
  /** Its longest possible run, graceful stop included, in ms from its own start. */
  maxDurationMs: number;
  /** When it ends at the latest, in ms from the test's start. */
  endMs: number;
  /** VUs initialized for it before it starts. */
  maxPlannedVUs: number;
  /** VUs it may use at most, planned and initialized mid-test. */
  maxPossibleVUs: number;
  /** False when it has nothing to do (e.g. an arrival-rate scenario with `maxVUs: 0`); k6 skips those. */
  hasWork: boolean;
}

/** The whole test's plan (k6's `GetFullExecutionRequirements` and what it derives from it). */
export interface ExecutionPlan {
  /** Every scenario, ordered by start time, then name — k6's order. */
  scenarios: ScenarioPlan[];
  /** The combined VU needs over time, in ms from the test's start. */
  steps: ExecutionStep[];
  /** The test's longest possible run, graceful stops included, in ms (setup and teardown excluded). */
  maxDurationMs: number;
  /** VUs to initialize before the test starts. */
  maxPlannedVUs: number;
  /** VUs the test may use at most. */
  maxPossibleVUs: number;
}

/** Normalized options: the scenarios to run, their plan, and the other k6 options Vigil honours. */
export interface NormalizedOptions {
  /** The scenarios by name, in the script's order; `default` when derived from shortcuts. */
  scenarios: Record<string, ScenarioConfig>;
  /** The scenarios' plan: when each runs and how many VUs the test needs. */
  plan: ExecutionPlan;
  /** The `thresholds` option exactly as the script gave it (parsed by the thresholds module). */
  thresholds: unknown;
  /** Things k6 would warn about: ignored and unsupported options, ignored shortcuts. */
  warnings: string[];
  /** Longest `setup()` may run, in ms (k6 default 60 s). */
  setupTimeoutMs: number;
  /** Longest `teardown()` may run, in ms (k6 default 60 s). */
  teardownTimeoutMs: number;
  /** Skip `setup()`. */
  noSetup: boolean;
  /** Skip `teardown()`. */
  noTeardown: boolean;
  /** Close connections after every request. */
  noConnectionReuse: boolean;
  /** Do not reuse connections between a VU's iterations. */
  noVUConnectionReuse: boolean;
  /** The User-Agent header; absent means the HTTP client's default, "" means none. */
  userAgent?: string;
  /** Accept any TLS certificate. */
  insecureSkipTLSVerify: boolean;
  /** Read but do not keep response bodies. */
  discardResponseBodies: boolean;
  /** Redirects followed at most (k6 default 10). */
  maxRedirects: number;
  /** Requests `http.batch` runs in parallel (k6 default 20). */
  batch: number;
  /** Requests `http.batch` runs in parallel per host (k6 default 6). */
  batchPerHost: number;
  /** Shortest time an iteration takes; a VU waits out the rest, in ms (default 0). */
  minIterationDurationMs: number;
  /** Keep cookies between a VU's iterations. */
  noCookiesReset: boolean;
  /** Throw on failed requests instead of only warning. */
  throw: boolean;
  /** Tags added to every sample of the test. */
  tags: Record<string, string>;
  /** Trend statistics the end-of-test summary shows (k6 default avg, min, med, max, p(90), p(95)). */
  summaryTrendStats: string[];
  /** Time unit of the summary's trend values: `"s"`, `"ms"` or `"us"`; absent means automatic. */
  summaryTimeUnit?: string;
}

/** k6's `lib.DefaultSummaryTrendStats`. */
export const DEFAULT_SUMMARY_TREND_STATS: readonly string[] = ["avg", "min", "med", "max", "p(90)", "p(95)"];

// lib/options.go fields Vigil does not implement: accepted, so k6 scripts run, but reported.
const UNSUPPORTED_OPTIONS = [
  "paused",
  "executionSegment",
  "executionSegmentSequence",
  "rps",
  "dns",
  "httpDebug",
  "tlsCipherSuites",
  "tlsVersion",
  "tlsAuth",
  "blacklistIPs",
  "blockHostnames",
  "hosts",
  "ext",
  "cloud",
  "systemTags",
  "metricSamplesBufferSize",
];

const SUPPORTED_OPTIONS = [
  "vus",
  "duration",
  "iterations",
  "stages",
  "scenarios",
  "thresholds",
  "setupTimeout",
  "teardownTimeout",
  "noSetup",
  "noTeardown",
  "noConnectionReuse",
  "noVUConnectionReuse",
  "userAgent",
  "insecureSkipTLSVerify",
  "discardResponseBodies",
  "maxRedirects",
  "batch",
  "batchPerHost",
  "minIterationDuration",
  "noCookiesReset",
  "throw",
  "tags",
  "summaryTrendStats",
  "summaryTimeUnit",
];

const INTEGER_TEXT = /^[+-]?\d+$/;
const TREND_STATS = ["avg", "min", "med", "max", "count"];

/**
 * Normalizes a k6 script's `options` with command-line overrides, following k6's rules: flags beat the
 * script, shortcuts become a `default` scenario (`iterations` → shared-iterations, with `duration` as its
 * `maxDuration`; `duration` → constant-vus; `stages` → ramping-vus starting at `vus`; nothing → 1 VU
 * running 1 iteration, per-vu-iterations), shortcuts and `scenarios` are never mixed, and every scenario
 * gets its executor's defaults.
 *
 * @param options the script's exported `options` (undefined when it exports none)
 * @param overrides command-line flags, and the script's exported function names
 * @returns the scenarios, their plan, the other options with k6's defaults, and warnings
 * @throws {LoadConfigError} listing every problem found
 * @example
 * ```ts
 * import { normalizeOptions } from "./options.ts";
 * import assert from "node:assert/strict";
 * const options = normalizeOptions({ vus: 10, duration: "30s" });
 * assert.equal(options.scenarios.default?.executor, "constant-vus");
 * assert.equal(options.plan.maxDurationMs, 60_000);
 * const cli = normalizeOptions({ vus: 10, duration: "30s" }, { iterations: 100 });
 * assert.equal(cli.scenarios.default?.executor, "shared-iterations");
 * ```
 */
export function normalizeOptions(options: unknown, overrides: LoadOverrides = {}): NormalizedOptions {
  const issues: LoadConfigIssue[] = [];
  const warnings: string[] = [];
  const reader = new FieldReader(options ?? {});
  const script = readScriptTier(reader);
  const cli = readCliTier(overrides, issues);
  const execution = applyTiers(script, cli, warnings);
  const scenarios = deriveScenarios(execution, issues, warnings);
  const rest = readOtherOptions(reader, warnings);
  issues.unshift(...reader.issues.map((issue) => toLoadIssue([], issue)));
  if (overrides.exports !== undefined) checkExports(scenarios, new Set(overrides.exports), issues);
  if (issues.length > 0) throw new LoadConfigError(issues);
  return { scenarios, plan: planExecution(scenarios), warnings, ...rest };
}

/**
 * Reads and validates one entry of `options.scenarios`, dispatching on its `executor`.
 *
 * @param raw the scenario's raw options
 * @param name its key in `options.scenarios`
 * @returns the normalized config (absent when the executor is missing or unknown) and every problem found
 * @example
 * ```ts
 * import { normalizeScenario } from "./options.ts";
 * import assert from "node:assert/strict";
 * const { config, issues } = normalizeScenario({ executor: "constant-vus", vus: 5, duration: "1m" }, "api");
 * assert.deepEqual(issues, []);
 * assert.equal(config?.executor, "constant-vus");
 * assert.deepEqual(normalizeScenario({ executor: "constant-arrivals" }, "api").issues[0]?.path, []);
 * ```
 */
export function normalizeScenario(
  raw: unknown,
  name: string,
): { config?: ScenarioConfig; issues: ScenarioIssue[] } {
  const executor = new FieldReader(raw).raw("executor");
  const normalize = normalizerFor(executor);
  if (normalize !== undefined) return normalize(raw, name);
  const reader = new FieldReader(raw);
  if (reader.issues.length > 0) return { issues: reader.issues };
  if (executor === undefined) return { issues: [{ path: ["executor"], message: "is required" }] };
  if (typeof executor !== "string") {
    return { issues: [{ path: ["executor"], message: `must be a string, got ${describeValue(executor)}` }] };
  }
  if (executor === "externally-controlled") {
    return { issues: [{ path: ["executor"], message: `"externally-controlled" is not supported by Vigil` }] };
  }
  return {
    issues: [{
      path: [],
      message: `unknown executor ${JSON.stringify(executor)}: expected one of ${EXECUTORS.join(", ")}`,
    }],
  };
}

/**
 * Validates a typed scenario config with its executor's rules.
 *
 * @param config the scenario
 * @returns the problems found, with paths relative to the scenario; empty when valid
 * @example
 * ```ts
 * import { normalizeScenario, validateScenario } from "./options.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeScenario({ executor: "shared-iterations", vus: 10, iterations: 5 }, "api");
 * assert.equal(validateScenario(config!).length, 1);
 * ```
 */
export function validateScenario(config: ScenarioConfig): ScenarioIssue[] {
  switch (config.executor) {
    case "shared-iterations":
      return validateSharedIterations(config);
    case "per-vu-iterations":
      return validatePerVuIterations(config);
    case "constant-vus":
      return validateConstantVus(config);
    case "ramping-vus":
      return validateRampingVus(config);
    case "constant-arrival-rate":
      return validateConstantArrivalRate(config);
    case "ramping-arrival-rate":
      return validateRampingArrivalRate(config);
    case "poisson-arrival-rate":
      return validatePoissonArrivalRate(config);
  }
}

/**
 * A scenario's VU needs over time, relative to its own start (its executor's `GetExecutionRequirements`).
 *
 * @param config the scenario
 * @returns the execution steps, ending with 0 VUs at the scenario's latest end
 * @example
 * ```ts
 * import { normalizeScenario, scenarioRequirements } from "./options.ts";
 * import assert from "node:assert/strict";
 * const { config } = normalizeScenario({ executor: "constant-vus", vus: 10, duration: "60s", gracefulStop: "10s" }, "api");
 * assert.deepEqual(scenarioRequirements(config!).map((step) => step.atMs), [0, 70_000]);
 * ```
 */
export function scenarioRequirements(config: ScenarioConfig): ExecutionStep[] {
  switch (config.executor) {
    case "shared-iterations":
      return sharedIterationsRequirements(config);
    case "per-vu-iterations":
      return perVuIterationsRequirements(config);
    case "constant-vus":
      return constantVusRequirements(config);
    case "ramping-vus":
      return rampingVusRequirements(config);
    case "constant-arrival-rate":
      return constantArrivalRateRequirements(config);
    case "ramping-arrival-rate":
      return rampingArrivalRateRequirements(config);
    case "poisson-arrival-rate":
      return poissonArrivalRateRequirements(config);
  }
}

/**
 * Plans a test: each scenario's VU needs and latest end, and the whole test's maximum duration and VU
 * counts (k6's `GetFullExecutionRequirements`, `GetEndOffset`, `GetMaxPlannedVUs`, `GetMaxPossibleVUs`).
 *
 * @param scenarios the normalized scenarios by name
 * @returns the plan
 * @example
 * ```ts
 * import { normalizeScenario, planExecution, type ScenarioConfig } from "./options.ts";
 * import assert from "node:assert/strict";
 * const raw = { executor: "constant-vus", vus: 10, duration: "60s", gracefulStop: "10s", startTime: "70s" };
 * const plan = planExecution({ someKey: normalizeScenario(raw, "someKey").config as ScenarioConfig });
 * assert.equal(plan.scenarios[0]?.maxDurationMs, 70_000);
 * assert.equal(plan.maxDurationMs, 140_000);
 * assert.equal(plan.maxPossibleVUs, 10);
 * ```
 */
export function planExecution(scenarios: Readonly<Record<string, ScenarioConfig>>): ExecutionPlan {
  const plans = Object.values(scenarios).map((config): ScenarioPlan => {
    const steps = scenarioRequirements(config);
    const possible = maxPossibleVUs(steps);
    const iterations = "iterations" in config ? config.iterations : 1;
    return {
      name: config.name,
      executor: config.executor,
      startTimeMs: config.startTimeMs,
      steps,
      maxDurationMs: endOffsetMs(steps),
      endMs: config.startTimeMs + endOffsetMs(steps),
      maxPlannedVUs: maxPlannedVUs(steps),
      maxPossibleVUs: possible,
      hasWork: possible > 0 && iterations > 0,
    };
  });
  plans.sort((a, b) =>
    a.startTimeMs !== b.startTimeMs
      ? a.startTimeMs - b.startTimeMs
      : a.name < b.name
      ? -1
      : a.name > b.name
      ? 1
      : 0
  );
  const steps = combineRequirements(plans);
  return {
    scenarios: plans,
    steps,
    maxDurationMs: endOffsetMs(steps),
    maxPlannedVUs: maxPlannedVUs(steps),
    maxPossibleVUs: maxPossibleVUs(steps),
  };
}

type Normalizer = (raw: unknown, name: string) => NormalizeResult<ScenarioConfig>;

function normalizerFor(executor: unknown): Normalizer | undefined {
  switch (executor) {
    case "shared-iterations":
      return normalizeSharedIterations;
    case "per-vu-iterations":
      return normalizePerVuIterations;
    case "constant-vus":
      return normalizeConstantVus;
    case "ramping-vus":
      return normalizeRampingVus;
    case "constant-arrival-rate":
      return normalizeConstantArrivalRate;
    case "ramping-arrival-rate":
      return normalizeRampingArrivalRate;
    case "poisson-arrival-rate":
      return normalizePoissonArrivalRate;
    default:
      return undefined;
  }
}

// A value and the name it was given under ("vus" in the script, "--vus" on the command line), so
// messages point at what the user wrote.
interface Sourced<T> {
  value: T;
  key: string;
}

// The execution options of one config tier (lib.Options' VUs, Duration, Iterations, Stages, Scenarios).
interface ExecutionTier {
  vus?: Sourced<number>;
  duration?: Sourced<number>;
  iterations?: Sourced<number>;
  stages?: Sourced<ParsedStage[]>;
  scenarios?: Sourced<Record<string, unknown>>;
}

function readScriptTier(reader: FieldReader): ExecutionTier {
  const tier: ExecutionTier = {};
  const vus = reader.optionalInt("vus");
  if (vus !== undefined) tier.vus = { value: vus, key: "vus" };
  const duration = reader.optionalDuration("duration");
  if (duration !== undefined) tier.duration = { value: duration, key: "duration" };
  const iterations = reader.optionalInt("iterations");
  if (iterations !== undefined) tier.iterations = { value: iterations, key: "iterations" };
  // Top-level stages decode leniently in k6 (unknown fields only warn), unlike a scenario's.
  const stages = reader.stages("stages");
  if (stages !== undefined) tier.stages = { value: stages, key: "stages" };
  const scenarios = reader.raw("scenarios");
  if (isRecord(scenarios)) tier.scenarios = { value: scenarios, key: "scenarios" };
  else if (scenarios !== undefined) {
    reader.report(["scenarios"], `must be an object of scenarios, got ${describeValue(scenarios)}`);
  }
  return tier;
}

function readCliTier(overrides: LoadOverrides, issues: LoadConfigIssue[]): ExecutionTier {
  const tier: ExecutionTier = {};
  const vus = cliInteger(overrides.vus, "--vus", issues);
  if (vus !== undefined) tier.vus = { value: vus, key: "--vus" };
  const iterations = cliInteger(overrides.iterations, "--iterations", issues);
  if (iterations !== undefined) tier.iterations = { value: iterations, key: "--iterations" };
  if (overrides.duration !== undefined) {
    try {
      tier.duration = { value: parseGoDuration(overrides.duration), key: "--duration" };
    } catch (error) {
      issues.push({ path: "--duration", message: (error as Error).message });
    }
  }
  if (overrides.stages !== undefined) {
    const stages = overrides.stages.map((text, index) => cliStage(text, index, issues));
    tier.stages = { value: stages, key: "--stage" };
  }
  return tier;
}

// pflag's Int64 flag; only decimal text is accepted here.
function cliInteger(
  value: number | string | undefined,
  key: string,
  issues: LoadConfigIssue[],
): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === "string" && INTEGER_TEXT.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number === "number" && Number.isSafeInteger(number)) return number;
  issues.push({ path: key, message: `must be an integer, got ${describeValue(value)}` });
  return undefined;
}

// lib.Stage.UnmarshalText and getOptions: "[duration]:[target]", the duration required.
function cliStage(text: string, index: number, issues: LoadConfigIssue[]): ParsedStage {
  const stage: ParsedStage = { index, durationMs: undefined, target: undefined };
  const path = formatPath(["--stage", index]);
  const colon = text.indexOf(":");
  const durationText = colon < 0 ? text : text.slice(0, colon);
  const targetText = colon < 0 ? "" : text.slice(colon + 1);
  if (durationText !== "") {
    try {
      stage.durationMs = parseGoDuration(durationText);
    } catch (error) {
      issues.push({ path, message: (error as Error).message });
    }
  } else {issues.push({
      path,
      message: `must start with a duration, as in "30s:10", got ${JSON.stringify(text)}`,
    });}
  if (targetText !== "") {
    if (INTEGER_TEXT.test(targetText) && Number.isSafeInteger(Number(targetText))) {
      stage.target = Number(targetText);
    } else {issues.push({
        path,
        message: `must end with an integer target, as in "30s:10", got ${JSON.stringify(text)}`,
      });}
  }
  return stage;
}

// lib/options.go Options.Apply: `vus` is taken from the higher tier when set there; any execution option
// set in the higher tier replaces all execution options of the lower one.
function applyTiers(script: ExecutionTier, cli: ExecutionTier, warnings: string[]): ExecutionTier {
  const result: ExecutionTier = { ...script };
  if (cli.vus !== undefined) result.vus = cli.vus;
  if (cli.duration !== undefined || cli.iterations !== undefined || cli.stages !== undefined) {
    // internal/cmd/config.go warnOnShortHandOverride.
    if (script.scenarios !== undefined) {
      warnings.push("Command-line execution options replaced the script's scenarios entirely");
    }
    delete result.duration;
    delete result.iterations;
    delete result.stages;
    delete result.scenarios;
    if (cli.duration !== undefined) result.duration = cli.duration;
    if (cli.iterations !== undefined) result.iterations = cli.iterations;
    if (cli.stages !== undefined) result.stages = cli.stages;
  }
  // Apply keeps only stages with a duration; a stage without a target fails validation later.
  if (result.stages !== undefined) {
    result.stages = {
      ...result.stages,
      value: result.stages.value.filter((stage) => stage.durationMs !== undefined),
    };
  }
  return result;
}

// lib/executor/execution_config_shortcuts.go DeriveScenariosFromShortcuts, then validation.
function deriveScenarios(
  tier: ExecutionTier,
  issues: LoadConfigIssue[],
  warnings: string[],
): Record<string, ScenarioConfig> {
  const { vus, duration, iterations, stages, scenarios } = tier;
  const hasStages = stages !== undefined && stages.value.length > 0;
  const conflict = (setting: Sourced<unknown>, other: Sourced<unknown>) =>
    issues.push({
      path: setting.key,
      message: `cannot be combined with ${
        JSON.stringify(other.key)
      }: use one execution shortcut, or scenarios alone`,
    });
  const base = {
    name: "default",
    startTimeMs: 0,
    gracefulStopMs: DEFAULT_GRACEFUL_STOP_MS,
    exec: "default",
    env: {},
    tags: {},
  };
  const vusKey = vus?.key ?? "vus";

  if (iterations !== undefined) {
    if (hasStages) conflict(stages, iterations);
    if (scenarios !== undefined) conflict(scenarios, iterations);
    if (hasStages || scenarios !== undefined) return {};
    const config: SharedIterationsConfig = {
      ...base,
      executor: "shared-iterations",
      vus: vus?.value ?? SHARED_ITERATIONS_DEFAULTS.vus,
      iterations: iterations.value,
      maxDurationMs: duration?.value ?? SHARED_ITERATIONS_DEFAULTS.maxDurationMs,
    };
    const keys = { vus: vusKey, iterations: iterations.key, maxDuration: duration?.key ?? "duration" };
    issues.push(...validateSharedIterations(config).map((issue) => derivedIssue(issue, keys)));
    return { default: config };
  }

  if (duration !== undefined) {
    if (hasStages) conflict(stages, duration);
    if (scenarios !== undefined) conflict(scenarios, duration);
    if (hasStages || scenarios !== undefined) return {};
    if (duration.value <= 0) {
      issues.push({
        path: duration.key,
        message: `must be more than 0, got ${quotedDuration(duration.value)}`,
      });
      return {};
    }
    const config: ConstantVusConfig = {
      ...base,
      executor: "constant-vus",
      vus: vus?.value ?? CONSTANT_VUS_DEFAULTS.vus,
      durationMs: duration.value,
    };
    const keys = { vus: vusKey, duration: duration.key };
    issues.push(...validateConstantVus(config).map((issue) => derivedIssue(issue, keys)));
    return { default: config };
  }

  if (hasStages) {
    if (scenarios !== undefined) {
      conflict(scenarios, stages);
      return {};
    }
    const typed = stages.value.map((stage) => {
      const where = formatPath([stages.key, stage.index]);
      // A target that failed to parse is already reported under the stage.
      if (stage.target === undefined && !issues.some((issue) => issue.path.startsWith(where))) {
        issues.push({ path: formatPath([stages.key, stage.index, "target"]), message: "is required" });
      }
      return { durationMs: stage.durationMs ?? 0, target: stage.target ?? 0 };
    });
    const config: RampingVusConfig = {
      ...base,
      executor: "ramping-vus",
      startVUs: vus?.value ?? RAMPING_VUS_DEFAULTS.startVUs,
      stages: typed,
      gracefulRampDownMs: RAMPING_VUS_DEFAULTS.gracefulRampDownMs,
    };
    issues.push(
      ...validateRampingVus(config).map((issue) => derivedIssue(issue, { startVUs: vusKey }, stages)),
    );
    return { default: config };
  }

  if (scenarios !== undefined && Object.keys(scenarios.value).length > 0) {
    const result: Record<string, ScenarioConfig> = {};
    for (const [name, raw] of Object.entries(scenarios.value)) {
      const normalized = normalizeScenario(raw, name);
      issues.push(...normalized.issues.map((issue) => toLoadIssue([scenarios.key, name], issue)));
      if (normalized.config !== undefined) result[name] = normalized.config;
    }
    return result;
  }

  if (vus !== undefined && vus.value !== 1) {
    warnings.push(
      `The ${
        JSON.stringify(vus.key)
      } option (${vus.value}) is ignored: it only works with "iterations", "duration" or "stages"`,
    );
  }
  if (stages !== undefined) {
    warnings.push(
      `${JSON.stringify(stages.key)} was set to an empty list: running the script with 1 iteration in 1 VU`,
    );
  }
  if (scenarios !== undefined) {
    warnings.push(`"scenarios" was set to an empty object: running the script with 1 iteration in 1 VU`);
  }
  const config: PerVuIterationsConfig = {
    ...base,
    executor: "per-vu-iterations",
    vus: PER_VU_ITERATIONS_DEFAULTS.vus,
    iterations: PER_VU_ITERATIONS_DEFAULTS.iterations,
    maxDurationMs: PER_VU_ITERATIONS_DEFAULTS.maxDurationMs,
  };
  return { default: config };
}

// A derived scenario's issue, pointed at the shortcut that set the field (e.g. maxDuration → "duration",
// a ramping-vus stage → the position in the stages the user wrote, before k6 dropped those without a
// duration).
function derivedIssue(
  issue: ScenarioIssue,
  keys: Readonly<Record<string, string>>,
  stages?: Sourced<ParsedStage[]>,
): LoadConfigIssue {
  const [head, ...rest] = issue.path;
  if (stages !== undefined && (head === undefined || head === "stages")) {
    const [position, ...tail] = rest;
    const index = typeof position === "number" ? stages.value[position]?.index ?? position : undefined;
    return {
      path: formatPath(index === undefined ? [stages.key] : [stages.key, index, ...tail]),
      message: issue.message,
    };
  }
  if (head === undefined) return { path: "", message: issue.message };
  const key = typeof head === "string" ? keys[head] ?? head : head;
  return { path: formatPath([key, ...rest]), message: issue.message };
}

function toLoadIssue(prefix: IssuePath, issue: ScenarioIssue): LoadConfigIssue {
  return { path: formatPath([...prefix, ...issue.path]), message: issue.message };
}

// internal/cmd/config.go validateScenarioConfig: the function a scenario runs must be exported.
function checkExports(
  scenarios: Readonly<Record<string, ScenarioConfig>>,
  exports: ReadonlySet<string>,
  issues: LoadConfigIssue[],
): void {
  for (const config of Object.values(scenarios)) {
    if (config.exec !== "" && !exports.has(config.exec)) {
      issues.push({
        path: formatPath(["scenarios", config.name, "exec"]),
        message: `function ${JSON.stringify(config.exec)} is not exported by the script`,
      });
    }
  }
}

type OtherOptions = Omit<NormalizedOptions, "scenarios" | "plan" | "warnings">;

function readOtherOptions(reader: FieldReader, warnings: string[]): OtherOptions {
  for (const key of reader.unknownKeys(SUPPORTED_OPTIONS)) {
    warnings.push(
      UNSUPPORTED_OPTIONS.includes(key)
        ? `Option ${JSON.stringify(key)} is not supported by Vigil and is ignored`
        : `Unknown option ${JSON.stringify(key)} is ignored`,
    );
  }
  const result: OtherOptions = {
    thresholds: reader.raw("thresholds"),
    // internal/cmd/config.go applyDefault: 60 s for both.
    setupTimeoutMs: reader.duration("setupTimeout", 60_000),
    teardownTimeoutMs: reader.duration("teardownTimeout", 60_000),
    noSetup: reader.boolean("noSetup", false),
    noTeardown: reader.boolean("noTeardown", false),
    noConnectionReuse: reader.boolean("noConnectionReuse", false),
    noVUConnectionReuse: reader.boolean("noVUConnectionReuse", false),
    insecureSkipTLSVerify: reader.boolean("insecureSkipTLSVerify", false),
    discardResponseBodies: reader.boolean("discardResponseBodies", false),
    // internal/cmd/options.go flag defaults.
    maxRedirects: reader.int("maxRedirects", 10),
    batch: reader.int("batch", 20),
    batchPerHost: reader.int("batchPerHost", 6),
    minIterationDurationMs: reader.duration("minIterationDuration", 0),
    noCookiesReset: reader.boolean("noCookiesReset", false),
    throw: reader.boolean("throw", false),
    tags: reader.stringMap("tags"),
    summaryTrendStats: readTrendStats(reader),
  };
  const userAgent = reader.string("userAgent");
  if (userAgent !== undefined) result.userAgent = userAgent;
  const timeUnit = reader.string("summaryTimeUnit");
  if (timeUnit !== undefined && timeUnit !== "") {
    if (["s", "ms", "us"].includes(timeUnit)) result.summaryTimeUnit = timeUnit;
    else reader.report(["summaryTimeUnit"], `must be "s", "ms" or "us", got ${JSON.stringify(timeUnit)}`);
  }
  return result;
}

// metrics.GetResolversForTrendColumns: avg, min, med, max, count, or p(N) with 0 <= N <= 100.
function readTrendStats(reader: FieldReader): string[] {
  const value = reader.raw("summaryTrendStats");
  if (value === undefined) return [...DEFAULT_SUMMARY_TREND_STATS];
  if (!Array.isArray(value)) {
    reader.report(["summaryTrendStats"], `must be a list of statistics, got ${describeValue(value)}`);
    return [...DEFAULT_SUMMARY_TREND_STATS];
  }
  const stats: string[] = [];
  value.forEach((stat: unknown, index) => {
    if (typeof stat === "string" && isTrendStat(stat)) stats.push(stat);
    else {
      reader.report(
        ["summaryTrendStats", index],
        `must be avg, min, med, max, count or p(N) with N from 0 to 100, got ${describeValue(stat)}`,
      );
    }
  });
  return stats;
}

function isTrendStat(stat: string): boolean {
  if (TREND_STATS.includes(stat)) return true;
  const percentile = /^p\((.*)\)$/.exec(stat)?.[1];
  if (percentile === undefined || !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(percentile)) {
    return false;
  }
  const value = Number(percentile);
  return value >= 0 && value <= 100;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
