/**
 * One load run, k6's lifecycle on Vigil: load and transform the script, read its options, validate
 * scenarios and thresholds (exit 104 before any traffic), initialise VUs, `setup()`, run every scenario
 * from its start time, evaluate thresholds every 2 s (abortOnFail), `teardown()`, and judge the end.
 *
 * @module
 */
import { setImmediate } from "node:timers";
import {
  currentVu,
  DEFAULT_HTTP_DEFAULTS,
  type HttpDefaults,
  runAsVu,
  type RunHandle,
  type ScenarioHandle,
  setActiveRun,
  TestAborted,
  type VuHandle,
} from "./context.ts";
import { type Metric, MetricRegistry, type Sink, type Tags, TrendSink } from "./metrics.ts";
import { type LoadedScript, loadScript, type VuInstance } from "./script/loader.ts";
import { ScriptError } from "./script/script_error.ts";
import { dirname, fromFileUrl } from "./script/paths.ts";
import {
  evaluateMetricThresholds,
  formatAggregation,
  type MetricThresholds,
  parseThresholdsConfig,
  THRESHOLDS_EVALUATION_INTERVAL_MS,
  ThresholdsConfigError,
} from "./thresholds.ts";
import { createVu, IterationInterrupted, NOT_DECODED, type Vu } from "./vu.ts";
import type { HttpClientOptions } from "./http_client.ts";
import { VERSION } from "../version.ts";
import { Timeline, type TimelinePoint } from "./timeline.ts";
import { formatGoDuration } from "./duration.ts";
import { PreciseTimer } from "./precise_timer.ts";
import {
  type CheckSummary,
  DEFAULT_TREND_STATS,
  type GroupSummary,
  pathId,
  rootGroup,
  type SummaryData,
  type SummaryMetric,
} from "./summary.ts";
import type { ExecutorRun, ScenarioRuntime } from "./executors/runtime.ts";
import {
  LoadConfigError,
  type LoadOverrides,
  type NormalizedOptions,
  normalizeOptions,
  type ScenarioConfig,
} from "./options.ts";
import { EXECUTOR_RUNS, scenarioVus } from "./executors/mod.ts";

/** k6's exit codes (errext/exitcodes/codes.go). */
export const EXIT = {
  ok: 0,
  thresholdsFailed: 99,
  invalidConfig: 104,
  externalAbort: 105,
  setupTimeout: 100,
  teardownTimeout: 101,
  scriptException: 107,
  scriptAborted: 108,
  markedAsFailed: 110,
} as const;

/** setup() or teardown() ran past its `setupTimeout`/`teardownTimeout`: k6 stops it with exit 100/101. */
class LifecycleTimeout extends Error {
  override name = "LifecycleTimeout";
  constructor(readonly which: "setup" | "teardown", ms: number) {
    // k6's wording (js/runner.go runPart).
    super(`${which}() execution timed out after ${ms / 1000} seconds`);
  }
}

/** What k6's JSON output says of a metric before its first sample. */
export interface SampleMetricInfo {
  readonly type: string;
  readonly contains: string;
  /** The thresholds on the metric itself; those on a sub-metric are listed with it. */
  readonly thresholds: readonly string[];
  /** Sub-metrics with thresholds, as k6's JSON output lists them; null when there are none. */
  readonly submetrics: readonly { name: string; suffix: string; tags: Record<string, string> }[] | null;
}

/** How a run is started. */
export interface LoadRunOptions {
  scriptPath: string;
  /** `__ENV`: the process environment, `TARGET` and `-e K=V` values. */
  env: Record<string, string>;
  /** CLI shortcuts that beat the script's options, as in k6. */
  overrides?: LoadOverrides;
  /** Late arrival-rate iterations wait for a VU instead of being dropped. */
  queueLate?: boolean;
  /** Aborting it stops the run gracefully (Ctrl-C): the summary is still produced, exit code 105. */
  signal?: AbortSignal;
  /** Log lines (warnings, script errors) go here; default stderr. */
  log?: (line: string) => void;
  /** Called about once a second with live figures (progress line, /metrics). */
  onTick?: (tick: RunTick) => void;
  /** Receives every sample of every metric (k6's `--out json`); costly, so only when asked for. */
  onSample?: (metric: string, value: number, tags: Tags, info: SampleMetricInfo) => void;
  /** Extra HTTP client settings for every VU (extra CA certificates; benchmarks inject a connection). */
  httpOptions?: HttpClientOptions;
  /** Rewrites the script's options before they are validated (capacity search replaces the scenarios). */
  transformOptions?: (options: Record<string, unknown>) => Record<string, unknown>;
  /**
   * Whether to keep the per-second timeline the HTML report draws (default true). It taps every request's
   * samples (~7% of the engine's own time per request, measured on a canned run): a CLI run without
   * `--report` skips it, and its result's `timeline` is empty.
   */
  timeline?: boolean;
}

/** Live figures of a running test. */
export interface RunTick {
  elapsedMs: number;
  vus: number;
  vusMax: number;
  iterations: number;
  interrupted: number;
  requests: number;
  failedRequests: number;
  p95Ms: number;
  registry: MetricRegistry;
}

/** The outcome of a run. */
export interface LoadRunResult {
  exitCode: number;
  /** Why the run ended early, when it did. */
  abortReason: string | null;
  /** The figures for the summary (absent when the run never started: bad script or config). */
  summary: SummaryData | null;
  /** What a script's `handleSummary()` returned, when it has one. */
  handleSummary: unknown;
  /** The error message for exit codes 104 and 107. */
  error: string | null;
  /** The run second by second (for the report). */
  timeline: TimelinePoint[];
  /** The scenarios as run, with their options after defaults (for the report). */
  scenarios: Record<string, unknown>;
  /** The latency histogram of all requests, for the report: non-empty buckets in ms. */
  latencyBuckets: { lower: number; upper: number; count: number }[];
}

const MAX_LOGGED_ERRORS = 20;

/** Runs a k6 script to the end. Never throws for script or config problems: they become exit codes. */
export async function runLoad(options: LoadRunOptions): Promise<LoadRunResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  let script: LoadedScript;
  try {
    script = await loadScript(options.scriptPath);
  } catch (error) {
    return failure(EXIT.scriptException, error);
  }
  const run = new LoadRun(options, script, log);
  watchRejections(log);
  try {
    return await run.execute();
  } finally {
    run.dispose();
    setActiveRun(null);
    await script.cleanup();
  }
}

/** Where rejections nobody handled are reported: the latest run's log (they may land after it ends). */
let rejectionLog: ((line: string) => void) | null = null;
let watchingRejections = false;
let warnedUnawaited = false;

/**
 * A promise the script did not await (a request made where the transform could not see it, say) may
 * reject, even after its iteration or after the run has returned: the VU's interruption when the VU
 * closes, or the script's own error. Left alone, either ends the process without a summary. They are
 * reported instead: the interruption once (it says a request was not awaited), other errors each time.
 * The listener stays once installed.
 */
function watchRejections(log: (line: string) => void): void {
  rejectionLog = log;
  warnedUnawaited = false;
  if (watchingRejections) return;
  watchingRejections = true;
  globalThis.addEventListener("unhandledrejection", (event) => {
    const report = rejectionLog;
    if (report === null) return;
    event.preventDefault();
    const reason = event.reason;
    if (reason instanceof IterationInterrupted || reason instanceof TestAborted) {
      if (!warnedUnawaited) {
        warnedUnawaited = true;
        report(
          "Warning: a request the script did not await was cut off when its VU stopped (see the README on what the transform cannot await)",
        );
      }
      return;
    }
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    report(`A promise nobody awaited failed (most likely in the script): ${text}`);
  });
}

/** k6's exit code for init code that failed: 108 when it called `exec.test.abort()`, else 107. */
function initExitCode(error: unknown): number {
  return error instanceof TestAborted ? EXIT.scriptAborted : EXIT.scriptException;
}

/**
 * `exec.scenario.progress` as k6's executors compute it: iterations done of the total for the two
 * iteration executors, else time spent of the scenario's duration (its stages' for ramping ones).
 */
function scenarioProgress(
  config: ScenarioConfig,
  handle: { iterationsCompleted: number },
  elapsedMs: () => number,
): () => number {
  const c = config as {
    durationMs?: number;
    stages?: { durationMs: number }[];
    vus?: number;
    iterations?: number;
  };
  if (config.executor === "shared-iterations" || config.executor === "per-vu-iterations") {
    const total = config.executor === "shared-iterations" ? c.iterations! : c.vus! * c.iterations!;
    return () => (total <= 0 ? 1 : Math.min(1, handle.iterationsCompleted / total));
  }
  const total = c.durationMs ?? (c.stages ?? []).reduce((sum, stage) => sum + stage.durationMs, 0);
  return () => (total <= 0 ? 1 : Math.min(1, elapsedMs() / total));
}

/** A fresh copy of setup()'s data from its JSON, as each VU and teardown() get it in k6. */
function decodeSetupData(json: string | undefined): unknown {
  return json === undefined ? undefined : JSON.parse(json);
}

/** Failed requests logged one by one; later ones are counted (see LoadRun.requestFailed). */
const MAX_LOGGED_FAILED_REQUESTS = 10;

/** How often the run marks that timers got a turn; iterations yield once it is 5 beats stale. */
const HEARTBEAT_MS = 20;

function failure(exitCode: number, error: unknown): LoadRunResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode,
    abortReason: null,
    summary: null,
    handleSummary: undefined,
    error: message,
    timeline: [],
    scenarios: {},
    latencyBuckets: [],
  };
}

/**
 * Scenarios in k6's own shape: durations as Go duration strings (`durationMs: 3000` → `duration: "3s"`),
 * stages too, without Vigil's bookkeeping (`name`).
 */
function k6Scenarios(scenarios: Readonly<Record<string, ScenarioConfig>>): Record<string, unknown> {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (key.endsWith("Ms") && typeof field === "number") out[key.slice(0, -2)] = formatGoDuration(field);
      else out[key] = convert(field);
    }
    return out;
  };
  const result: Record<string, unknown> = {};
  for (const [name, { name: _name, ...config }] of Object.entries(scenarios)) result[name] = convert(config);
  return result;
}

function installGlobals(env: Record<string, string>, scriptDir: string): void {
  const globals = globalThis as Record<string, unknown>;
  globals.__ENV = env;
  // k6's open(): read a file in the init context, relative to the module that calls it (k6 resolves
  // from the calling module's folder, so a helper module opens its own data).
  // The transform turns a top-level `const x = require("m")` into an import; any other require() lands here.
  globals.require = (specifier: unknown) => {
    throw new Error(
      `require(${JSON.stringify(specifier)}): Vigil loads modules with import; a top-level ` +
        `\`const x = require("…")\` or \`const { a } = require("…")\` is converted, other forms are not ` +
        `(write \`import x from "…"\`)`,
    );
  };
  globals.open = (path: string, mode?: string) => {
    const base = callerModuleDir() ?? scriptDir;
    const full = path.startsWith("/") ? path : `${base}/${path}`;
    return mode === "b" ? Deno.readFileSync(full).buffer : Deno.readTextFileSync(full);
  };
}

/** Vigil's own modules: frames in them are not the script's. */
const VIGIL_SRC = new URL("../", import.meta.url).href;

/**
 * The folder of the script module that called `open()`, from the call stack: the transform's source
 * maps name the user's own files.
 */
function callerModuleDir(): string | undefined {
  for (const match of (new Error().stack ?? "").matchAll(/(file:\/\/[^\s)]+?):\d+:\d+/g)) {
    const url = match[1]!;
    if (!url.startsWith(VIGIL_SRC)) return dirname(fromFileUrl(url));
  }
  return undefined;
}

/** A scenario's live state. */
interface ScenarioState {
  config: ScenarioConfig;
  handle: ScenarioHandle & { iterationsStarted: number };
  free: Vu[];
  all: Vu[];
  waiters: ((vu: Vu | undefined) => void)[];
  maxVus: number;
  /** VUs the scenario takes when it starts. */
  planned: number;
  progress: number;
}

class LoadRun implements RunHandle {
  readonly registry = new MetricRegistry();
  readonly timeline: Timeline | null;
  #scenarioConfigs: Record<string, unknown> = {};
  readonly env: Record<string, string>;
  options: Readonly<Record<string, unknown>> = {};
  startedAt = 0;
  readonly scriptDir: string;
  inInit = true;
  initVuId = 0; // the init context's own instance is VU 0 (setup and teardown run on it)
  httpDefaults: HttpDefaults = DEFAULT_HTTP_DEFAULTS;
  /** The `tags` option: on every sample of the test. */
  #testTags: Tags = {};
  #minIterationMs = 0;
  #noSetup = false;
  #noTeardown = false;
  #setupTimeoutMs = 60_000;
  #timeUnit = "";
  #teardownTimeoutMs = 60_000;
  #noVuConnectionReuse = false;
  /** `exec.test.fail()` was called: exit 110 unless something worse happened (k6's MarkedAsFailed). */
  #markedFailed = false;
  #requestsFailed = 0;
  /** The VU running setup(), while it runs. */
  #setupVu: Vu | null = null;
  /** performance.now() when a timer last ran (see HEARTBEAT_MS). */
  #heartbeat = 0;
  /** VUs in no scenario: initialised up front, or given back by a scenario that ended. */
  readonly #idle: Vu[] = [];
  /** One timer per scenario start time (see #runScenario). */
  readonly #startTimers = new Map<number, Promise<boolean>>();
  readonly #instances = new Map<Vu, VuInstance>();

  readonly #options: LoadRunOptions;
  readonly #script: LoadedScript;
  readonly #log: (line: string) => void;
  readonly #stop = new AbortController();
  /**
   * Sub-millisecond waits for scheduled starts (arrival rates, ramping-vus stages); its worker is
   * started with the VUs of a run that has such scenarios, else on first use.
   */
  readonly #timer = new PreciseTimer();
  #abort: { reason: string; exitCode: number } | null = null;
  #thresholds: MetricThresholds[] = [];
  #thresholdSinks: Sink[] = [];
  #failedThresholds = new Set<string>();
  readonly #vus: Vu[] = [];
  #active = 0;
  #completed = 0;
  #interrupted = 0;
  #errorsLogged = 0;
  #errorsTotal = 0;
  #started = 0; // performance.now() at test start
  #strayWarned = false;
  readonly #checks = new Map<string, Map<string, { passes: number; fails: number }>>();
  #httpOptions: HttpClientOptions = {};
  // Every iteration reports to these: resolved once instead of by name per iteration.
  readonly #iterationDuration: Metric;
  readonly #iterations: Metric;
  readonly #startLag: Metric;

  constructor(options: LoadRunOptions, script: LoadedScript, log: (line: string) => void) {
    this.#options = options;
    this.timeline = options.timeline === false ? null : new Timeline(this.registry);
    this.#script = script;
    this.#log = log;
    this.env = options.env;
    this.scriptDir = dirname(script.path);
    this.#iterationDuration = this.registry.builtin("iteration_duration");
    this.#iterations = this.registry.builtin("iterations");
    this.#startLag = this.registry.builtin("iteration_start_lag");
  }

  vusActive(): number {
    return this.#active;
  }
  vusInitialized(): number {
    return this.#vus.length;
  }
  iterationsCompleted(): number {
    return this.#completed;
  }
  iterationsInterrupted(): number {
    return this.#interrupted;
  }

  emit(metric: string, value: number, tags: Tags, vu: VuHandle | undefined): void {
    const merged = { ...(vu?.tags ?? {}), group: vu?.groupPath ?? "", ...tags };
    this.emitTagged(metric, value, merged);
  }

  emitTagged(name: string, value: number, tags: Tags): void {
    const metric = this.registry.get(name);
    if (metric === undefined) throw new Error(`Unknown metric "${name}"`);
    metric.add(value, tags);
  }

  recordCheck(groupPath: string, name: string, pass: boolean): void {
    const entry = this.checkCounts(groupPath, name);
    if (pass) entry.passes++;
    else entry.fails++;
  }

  checkCounts(groupPath: string, name: string): { passes: number; fails: number } {
    let group = this.#checks.get(groupPath);
    if (group === undefined) this.#checks.set(groupPath, group = new Map());
    let entry = group.get(name);
    if (entry === undefined) group.set(name, entry = { passes: 0, fails: 0 });
    return entry;
  }

  abort(reason: string, exitCode: number): void {
    if (this.#abort !== null) return;
    this.#abort = { reason, exitCode };
    this.#stop.abort();
    for (const vu of this.#vus) vu.interrupt();
    // setup() stops too; teardown() is what an abort still lets run, as in k6.
    this.#setupVu?.interrupt();
  }

  async execute(): Promise<LoadRunResult> {
    setActiveRun(this);
    installGlobals(this.env, this.scriptDir);

    // Init context once for the options, as k6 does before it plans anything.
    // VU 0's instance: the init context for the options, then setup() and teardown().
    let init: VuInstance;
    try {
      init = await this.#script.instantiate(0);
    } catch (error) {
      return failure(initExitCode(error), scriptErrorMessage(error, "init"));
    }
    const first = init.module;

    let normalized: NormalizedOptions;
    try {
      const scriptOptions = (first.options ?? {}) as Record<string, unknown>;
      const transform = this.#options.transformOptions;
      this.options = transform ? transform(structuredClone(scriptOptions)) : scriptOptions;
      normalized = normalizeOptions(this.options, this.#options.overrides ?? {});
      this.#thresholds = parseThresholdsConfig(normalized.thresholds ?? {}, this.registry.types());
    } catch (error) {
      if (error instanceof LoadConfigError || error instanceof ThresholdsConfigError) {
        return failure(EXIT.invalidConfig, error);
      }
      throw error;
    }
    // As k6 does, options it accepts but Vigil ignores are reported, not silently dropped.
    for (const warning of normalized.warnings) this.#log(`Warning: ${warning}`);
    this.httpDefaults = {
      responseType: normalized.discardResponseBodies ? "none" : "text",
      maxRedirects: normalized.maxRedirects,
      maxRedirectsSet: this.options.maxRedirects !== undefined,
      throw: normalized.throw,
      resetCookies: !normalized.noCookiesReset,
      batch: normalized.batch,
      batchPerHost: normalized.batchPerHost,
    };
    this.#testTags = normalized.tags;
    this.#minIterationMs = normalized.minIterationDurationMs;
    this.#noSetup = normalized.noSetup;
    this.#noTeardown = normalized.noTeardown;
    this.#setupTimeoutMs = normalized.setupTimeoutMs;
    this.#timeUnit = normalized.summaryTimeUnit ?? "";
    this.#teardownTimeoutMs = normalized.teardownTimeoutMs;
    this.#noVuConnectionReuse = normalized.noVUConnectionReuse;
    // k6's connection options apply to every VU's client.
    this.#httpOptions = {
      // k6 sends "k6/<version> (https://k6.io/)" unless told otherwise; Vigil names itself the same way.
      userAgent: normalized.userAgent ?? `vigil/${VERSION} (k6-compatible)`,
      insecureSkipTLSVerify: normalized.insecureSkipTLSVerify,
      noConnectionReuse: normalized.noConnectionReuse,
      // k6's VUs have no cap on connections per host (Go's MaxConnsPerHost is 0): requests the script
      // starts at once (asyncRequest, a batch up to its limits) all go at once.
      maxConnsPerOrigin: Number.POSITIVE_INFINITY,
      ...this.#options.httpOptions,
    };
    this.#scenarioConfigs = structuredClone(normalized.scenarios) as Record<string, unknown>;
    // exec.test.options shows the options as k6 consolidates them: `scenarios` always, also when derived
    // from the shortcuts (vus, duration, iterations, stages).
    this.options = { ...this.options, scenarios: k6Scenarios(normalized.scenarios) };
    for (const [name, scenario] of Object.entries(normalized.scenarios)) {
      const fn = first[scenario.exec];
      if (typeof fn !== "function") {
        return failure(
          EXIT.invalidConfig,
          new Error(`scenarios.${name}.exec: the script exports no function "${scenario.exec}"`),
        );
      }
    }
    this.#thresholdSinks = this.#thresholds.map((t) => {
      const metric = this.registry.get(t.selector.metric)!;
      return Object.keys(t.selector.tags).length === 0 ? metric.sink : metric.submetric(t.selector.tags).sink;
    });
    // k6 always reports this sub-metric next to http_req_duration.
    this.registry.builtin("http_req_duration").submetric({ expected_response: "true" });

    // The schedulers' precise timer starts a worker (~15 ms): meanwhile the VUs initialise.
    const timerReady =
      Object.values(normalized.scenarios).some((config) =>
          config.executor.endsWith("-arrival-rate") || config.executor === "ramping-vus"
        )
        ? this.#timer.start()
        : undefined;
    // Initialise the VUs the plan needs at once before the clock starts, as k6 does: scenarios that do
    // not overlap share them (a VU freed by one serves the next), so __VU numbers stay within that.
    const scenarios: ScenarioState[] = [];
    try {
      for (const config of Object.values(normalized.scenarios)) {
        const { planned, max } = scenarioVus(config);
        scenarios.push({
          config,
          handle: this.#scenarioHandle(config),
          free: [],
          all: [],
          waiters: [],
          maxVus: max,
          planned,
          progress: 0,
        });
      }
      for (let i = 0; i < normalized.plan.maxPlannedVUs; i++) this.#idle.push(await this.#createVu());
    } catch (error) {
      if (error instanceof TestAborted) {
        // exec.test.abort() in a VU's init code: k6 exits 108 and still gives the summary.
        this.inInit = false;
        this.#closeVus();
        return await this.#conclude(first, 0, undefined, null);
      }
      return failure(initExitCode(error), scriptErrorMessage(error, "init"));
    }
    this.inInit = false;
    this.initVuId = -1;
    const onSample = this.#options.onSample;
    if (onSample !== undefined) {
      for (const metric of this.registry.all()) {
        // As k6's output/json: a threshold on `my_trend{kind:slow}` belongs to that sub-metric, not to
        // every sample of my_trend.
        const own = this.#thresholds.filter((t) => t.selector.metric === metric.name);
        const tagged = own.filter((t) => Object.keys(t.selector.tags).length > 0);
        const info: SampleMetricInfo = {
          type: metric.type,
          contains: metric.contains,
          thresholds: own.filter((t) => Object.keys(t.selector.tags).length === 0)
            .flatMap((t) => t.thresholds.map((threshold) => threshold.source)),
          // One entry per sub-metric, however its selector was spaced ({kind:slow}, { kind: slow }).
          submetrics: tagged.length === 0 ? null : [
            ...new Map(tagged.map((t) => {
              const suffix = Object.entries(t.selector.tags).map(([k, v]) => `${k}:${v}`).join(",");
              return [suffix, { name: `${metric.name}{${suffix}}`, suffix, tags: { ...t.selector.tags } }];
            })).values(),
          ],
        };
        metric.taps.push((value, tags) => onSample(metric.name, value, tags, info));
      }
    }
    this.registry.builtin("vus_max").add(this.#vus.length, this.#testTags);

    // Started with the VUs' initialisation, so usually ready by now. Awaited before setup(), not between
    // setup() and the scenarios' clock: a slow worker start (~0.7 s seen under a loaded CI machine) would
    // otherwise shift every scheduled start after setup().
    await timerReady;

    // setup() runs once, on its own VU, before any scenario. Its result travels as JSON, as in k6: each
    // VU decodes its own copy on its first iteration, and teardown() gets a fresh one.
    const setupVu = createVu(0, init, this, this.#httpOptions);
    setupVu.tags = { ...this.#testTags };
    // Ctrl-C from here on stops the test, setup() included.
    const external = this.#options.signal;
    const onExternal = () => this.abort("stopped by the user", EXIT.externalAbort);
    external?.addEventListener("abort", onExternal, { once: true });
    if (external?.aborted) onExternal();
    let setupJson: string | undefined;
    try {
      if (this.#abort !== null) throw new IterationInterrupted("stopped before setup()");
      const data = this.#noSetup
        ? undefined
        : await this.#callLifecycle(setupVu, first.setup, undefined, "setup");
      setupJson = data === undefined ? undefined : JSON.stringify(data);
    } catch (error) {
      // As in k6: no scenario and no teardown, but the summary (and handleSummary) still come.
      external?.removeEventListener("abort", onExternal);
      setupVu.close();
      this.#closeVus();
      // Stopped (exec.test.abort(), Ctrl-C): the abort's code and reason say it all.
      if (this.#abort !== null && !(error instanceof LifecycleTimeout)) {
        return await this.#conclude(first, 0, undefined, null);
      }
      const exitCode = error instanceof LifecycleTimeout ? EXIT.setupTimeout : EXIT.scriptException;
      const message = error instanceof LifecycleTimeout ? error.message : scriptErrorMessage(error, "setup");
      return await this.#conclude(first, 0, undefined, { exitCode, message });
    }
    setupVu.close();

    this.startedAt = Date.now();
    this.#started = performance.now();
    const ticker = setInterval(() => this.#tick(), 1000);
    const thresholdTimer = setInterval(
      () => this.#evaluateThresholds(false),
      THRESHOLDS_EVALUATION_INTERVAL_MS,
    );
    // Marks that timers still get their turn (see #iteration): iterations that never wait on anything
    // would otherwise starve the threshold and progress timers.
    const heartbeat = setInterval(() => (this.#heartbeat = performance.now()), HEARTBEAT_MS);
    this.#heartbeat = performance.now();

    const finished = Promise.all(scenarios.map((state) => this.#runScenario(state, setupJson)));
    // Closed-model scenarios take their VUs synchronously on start: sample "vus" once they have.
    this.registry.builtin("vus").add(this.#active, this.#testTags);
    try {
      await finished;
    } finally {
      this.#timer.close();
    }

    clearInterval(ticker);
    clearInterval(thresholdTimer);
    clearInterval(heartbeat);
    external?.removeEventListener("abort", onExternal);
    const durationMs = performance.now() - this.#started;
    this.#tick(false);

    // teardown() runs even after an abort (test.abort(), abortOnFail, Ctrl-C), as in k6, which runs it
    // with the global context; only noTeardown skips it. Like k6, on a VU of its own: init code runs
    // again for it, so nothing setup() left in module state or VU tags reaches it.
    let teardownFailure: { exitCode: number; message: string } | null = null;
    if (!this.#noTeardown && typeof first.teardown === "function") {
      let teardownVu: Vu | undefined;
      try {
        teardownVu = await this.#lifecycleVu("teardown");
        const module = teardownVu.module;
        await this.#callLifecycle(teardownVu, module.teardown, decodeSetupData(setupJson), "teardown");
      } catch (error) {
        // exec.test.abort() in teardown(): the abort's 108 says it; it is no script error.
        if (!(error instanceof TestAborted)) {
          teardownFailure = error instanceof LifecycleTimeout
            ? { exitCode: EXIT.teardownTimeout, message: error.message }
            : { exitCode: EXIT.scriptException, message: scriptErrorMessage(error, "teardown") };
        }
      } finally {
        teardownVu?.close();
      }
    }
    this.#closeVus();
    if (teardownFailure !== null && this.#abort === null) {
      this.#log(`teardown() failed: ${teardownFailure.message}`);
    }
    return await this.#conclude(first, durationMs, setupJson, teardownFailure);
  }

  /**
   * The end of every run that got past init: thresholds, the summary, handleSummary(), the exit code.
   * k6's order decides the code: an abort's, else a setup()/teardown() failure's, else 110 for
   * `exec.test.fail()`, else 99 for failed thresholds.
   */
  async #conclude(
    first: VuInstance["module"],
    durationMs: number,
    setupJson: string | undefined,
    failure: { exitCode: number; message: string } | null,
  ): Promise<LoadRunResult> {
    const unlogged = this.#requestsFailed - MAX_LOGGED_FAILED_REQUESTS;
    if (unlogged > 0) {
      this.#log(`Request Failed: ${unlogged} more requests failed (http_req_failed counts them all)`);
    }
    const failed = this.#evaluateThresholds(true);
    const summary = this.#summary(durationMs);
    summary.setupData = decodeSetupData(setupJson);
    let handleSummary: unknown = undefined;
    if (typeof first.handleSummary === "function") {
      const { handleSummaryData } = await import("./summary.ts");
      try {
        // On a copy of the script of its own, as k6 runs it: nothing setup() or teardown() left in module
        // state reaches it.
        const summaryVu = await this.#lifecycleVu("handleSummary");
        summaryVu.close();
        const handle = summaryVu.module.handleSummary as typeof first.handleSummary;
        handleSummary = await handle(
          handleSummaryData(summary, {
            isStdOutTTY: Deno.stdout.isTerminal(),
            isStdErrTTY: Deno.stderr.isTerminal(),
          }),
        );
      } catch (error) {
        this.#log(`handleSummary() failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    let exitCode: number = EXIT.ok;
    if (this.#abort !== null) exitCode = this.#abort.exitCode;
    else if (failure !== null) exitCode = failure.exitCode;
    else if (this.#markedFailed) exitCode = EXIT.markedAsFailed;
    else if (failed) exitCode = EXIT.thresholdsFailed;
    const latency = this.registry.builtin("http_req_duration").sink;
    return {
      exitCode,
      abortReason: this.#abort?.reason ?? null,
      summary,
      handleSummary,
      error: failure?.message ?? null,
      timeline: this.timeline?.points ?? [],
      scenarios: this.#scenarioConfigs,
      latencyBuckets: latency instanceof TrendSink ? [...latency.histogram.buckets()] : [],
    };
  }

  requestFailed(method: string, url: string, error: string): void {
    // k6 warns for every failed request; against a dead target that is thousands of lines a second. The
    // first few say why; the end of the run says how many more there were (all are in http_req_failed).
    if (this.#requestsFailed++ < MAX_LOGGED_FAILED_REQUESTS) {
      this.#log(`Request Failed: ${method} ${url}: ${error}`);
    }
  }

  markFailed(reason: string): void {
    if (!this.#markedFailed) this.#log(`The test was marked as failed: ${reason}`);
    this.#markedFailed = true;
  }

  log(line: string): void {
    this.#log(line);
  }

  /** Releases what the run holds beyond its own end (the precise timer's worker), on every path. */
  dispose(): void {
    this.#timer.close();
  }

  /**
   * Runs setup() or teardown() on its VU, within `setupTimeout`/`teardownTimeout` (k6's 60 s default):
   * past it the VU is interrupted (its requests and timers cancelled) and LifecycleTimeout thrown.
   */
  async #callLifecycle(vu: Vu, fn: unknown, data: unknown, which: "setup" | "teardown"): Promise<unknown> {
    if (typeof fn !== "function") return undefined;
    vu.reset();
    // k6 (runPart) tags what setup() and teardown() record with their own group, "::setup"/"::teardown".
    vu.groupPath = `::${which}`;
    const call = async () => {
      try {
        return await vu.untilStopped(Promise.resolve(runAsVu(vu, () => fn(data))));
      } finally {
        // As for an iteration: requests setup() or teardown() left running finish inside it. Stopped
        // while waiting, it keeps its own outcome. Its requests only: an interval setup() leaves
        // running would hold the test until the timeout (k6 does not wait for setup's timers either).
        if (vu.requestsInFlight > 0) {
          await this.#awaitStrayRequests(vu, `${which}()`, false).catch((error) => {
            if (!(error instanceof IterationInterrupted)) throw error;
          });
        }
      }
    };
    const ms = which === "setup" ? this.#setupTimeoutMs : this.#teardownTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // Timers take at most 2^31 − 1 ms (~24.8 days); a longer limit would fire at once: none is set.
      if (ms < 2 ** 31) timer = setTimeout(() => reject(new LifecycleTimeout(which, ms)), ms);
    });
    // While setup() runs, Ctrl-C or an abort from elsewhere stops it too (see abort()).
    if (which === "setup") this.#setupVu = vu;
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      if (error instanceof LifecycleTimeout) vu.interrupt();
      throw error;
    } finally {
      clearTimeout(timer);
      this.#setupVu = null;
    }
  }

  /**
   * A VU of its own for teardown() or handleSummary(), as k6 makes one for each: a new instance of the
   * script, its init code run.
   */
  async #lifecycleVu(copy: "teardown" | "handleSummary"): Promise<Vu> {
    const vu = createVu(0, await this.#instantiate(0, copy), this, this.#httpOptions);
    vu.tags = { ...this.#testTags };
    return vu;
  }

  #scenarioHandle(config: ScenarioConfig): ScenarioState["handle"] {
    return {
      name: config.name,
      executor: config.executor,
      startTime: 0,
      iterationsStarted: 0,
      tags: { ...this.#testTags, scenario: config.name, ...config.tags },
      iterationsCompleted: 0,
      // Set when the scenario starts (#runScenario); every scenario reads 1 once it has ended.
      progress: () => 0,
    };
  }

  /** Runs the script's init code for VU `id` (a further `copy` of VU 0's): metrics may be created meanwhile. */
  async #instantiate(id: number, copy?: string): Promise<VuInstance> {
    const wasInit = this.inInit;
    this.inInit = true;
    this.initVuId = id;
    try {
      return await this.#script.instantiate(id, copy);
    } finally {
      this.inInit = wasInit;
      this.initVuId = -1;
    }
  }

  /** Creates a VU (its own copy of the script, init code run), not yet in any scenario. */
  async #createVu(): Promise<Vu> {
    const id = this.#vus.length + 1;
    const instance = await this.#instantiate(id);
    const vu = createVu(id, instance, this, this.#httpOptions);
    this.#instances.set(vu, instance);
    this.#vus.push(vu);
    if (!this.inInit) this.registry.builtin("vus_max").add(this.#vus.length, this.#testTags);
    return vu;
  }

  /** A VU for `state`: an idle one (lowest number first), or a new one. */
  async #addVu(state: ScenarioState): Promise<Vu> {
    return this.#bind(state, this.#idle.shift() ?? await this.#createVu());
  }

  #bind(state: ScenarioState, vu: Vu): Vu {
    vu.scenario = state.handle;
    vu.idInScenario = state.all.length + 1;
    vu.tags = { ...state.handle.tags };
    vu.tagsChanged(); // tag sets cached for another scenario
    vu.iterationInScenario = 0;
    vu.execName = null;
    // As in k6, init code saw the run's env; the scenario's env is for its iterations.
    const scenarioEnv = state.config.env;
    this.#instances.get(vu)!.setEnv(
      Object.keys(scenarioEnv).length > 0 ? { ...this.env, ...scenarioEnv } : this.env,
    );
    state.all.push(vu);
    state.free.push(vu);
    return vu;
  }

  /** Gives a finished scenario's VUs back, for a later scenario to take. */
  #releaseVus(state: ScenarioState): void {
    this.#idle.push(...state.all);
    this.#idle.sort((a, b) => a.id - b.id);
    state.free.length = 0;
  }

  #closeVus(): void {
    for (const vu of this.#vus) vu.close();
  }

  async #runScenario(state: ScenarioState, setupJson: string | undefined): Promise<void> {
    const config = state.config;
    const runFn = EXECUTOR_RUNS[config.executor] as ExecutorRun<ScenarioConfig> | undefined;
    if (runFn === undefined) throw new Error(`No run loop for executor "${config.executor}"`);
    if (config.startTimeMs > 0) {
      // Scenarios starting at the same time share one timer: they resume in the script's order, so
      // the first declared takes the lowest idle VUs (separate timers could fire either way round).
      let start = this.#startTimers.get(config.startTimeMs);
      if (start === undefined) {
        start = sleepUnless(config.startTimeMs, this.#stop.signal);
        this.#startTimers.set(config.startTimeMs, start);
      }
      if (!(await start)) return;
    }
    // Its planned VUs: idle ones at once (synchronously, so a closed model starts with all of them),
    // new ones only if an earlier scenario still holds more than the plan foresaw.
    while (state.all.length < state.planned && this.#idle.length > 0) this.#bind(state, this.#idle.shift()!);
    while (state.all.length < state.planned) await this.#addVu(state);
    const started = performance.now();
    state.handle.startTime = Date.now();
    state.handle.progress = scenarioProgress(config, state.handle, () => performance.now() - started);
    const exec = config.exec;
    // Iterations in flight, counted rather than collected: drain() waits for the count to reach zero,
    // which spares every iteration a promise and a Set entry.
    const inFlight = { count: 0, idle: [] as (() => void)[] };
    const allIdle = () =>
      inFlight.count === 0 ? Promise.resolve() : new Promise<void>((resolve) => inFlight.idle.push(resolve));
    const runtime: ScenarioRuntime = {
      handle: state.handle,
      stopped: this.#stop.signal,
      queueLate: this.#options.queueLate ?? false,
      now: () => performance.now() - started,
      waitUntil: (offsetMs) => preciseWait(started + offsetMs, this.#stop.signal, this.#timer),
      tryAcquire: () => {
        const vu = state.free.pop();
        if (vu !== undefined) this.#active++;
        return vu;
      },
      acquire: () => {
        const vu = state.free.pop();
        if (vu !== undefined) this.#active++;
        if (vu !== undefined || this.#stop.signal.aborted) return Promise.resolve(vu);
        return new Promise((resolve) =>
          state.waiters.push((vu) => {
            if (vu !== undefined) this.#active++;
            resolve(vu);
          })
        );
      },
      changeActive: (delta) => {
        this.#active += delta;
      },
      release: (vu) => {
        this.#active--;
        const waiter = state.waiters.shift();
        if (waiter) waiter(vu);
        else state.free.push(vu);
      },
      grow:
        async () => (state.all.length >= state.maxVus ? undefined : await this.#addVu(state).then((vu) => {
          state.free.splice(state.free.indexOf(vu), 1);
          this.#active++;
          return vu;
        })),
      initialised: () => state.all.length,
      asVu: runAsVu,
      runIteration: (vu, lagMs) => {
        if (lagMs !== undefined) this.#startLag.add(lagMs, vu.tags);
        return this.#iteration(state, vu, exec, setupJson, lagMs ?? 0, inFlight, started);
      },
      dropIteration: () => this.registry.builtin("dropped_iterations").add(1, state.handle.tags),
      drain: async (extra, gracefulStopMs) => {
        const all = [...extra];
        if (all.length === 0 && inFlight.count === 0) return;
        const finished = Promise.all([...all, allIdle()]).then(() => true);
        // The grace timer ends with the drain (or the test): left running, it would hold the process
        // open for up to gracefulStop after the run.
        const grace = new AbortController();
        const endGrace = () => grace.abort();
        this.#stop.signal.addEventListener("abort", endGrace, { once: true });
        if (this.#stop.signal.aborted) endGrace();
        const timeout = sleepUnless(gracefulStopMs, grace.signal).then(() => false);
        try {
          if (!(await Promise.race([finished, timeout]))) { for (const vu of state.all) vu.interrupt(); }
        } finally {
          grace.abort();
          this.#stop.signal.removeEventListener("abort", endGrace);
        }
        await Promise.all([...all, allIdle()]);
      },
    };
    const stopWaiters = () => state.waiters.splice(0).forEach((resolve) => resolve(undefined));
    this.#stop.signal.addEventListener("abort", stopWaiters, { once: true });
    try {
      await runFn(config, runtime);
      await runtime.drain([], 0);
      this.#releaseVus(state);
    } finally {
      this.#stop.signal.removeEventListener("abort", stopWaiters);
      state.handle.progress = () => 1;
    }
  }

  /** Runs one iteration; resolves with the scenario time at its end, which saves the loop a clock read. */
  async #iteration(
    state: ScenarioState,
    vu: Vu,
    exec: string,
    setupJson: string | undefined,
    lagMs: number,
    inFlight: { count: number; idle: (() => void)[] },
    scenarioStart: number,
  ): Promise<number> {
    // A module namespace is slow to index by a computed name: each VU remembers its function.
    if (vu.execName !== exec) {
      vu.execName = exec;
      vu.execFn = vu.module[exec];
    }
    const fn = vu.execFn;
    if (typeof fn !== "function") return performance.now() - scenarioStart;
    let data = vu.setupData;
    if (data === NOT_DECODED) data = vu.setupData = decodeSetupData(setupJson);
    inFlight.count++;
    vu.reset();
    vu.startLagMs = lagMs;
    // __ITER counts the VU's iterations across scenarios, as k6's does (exec.vu.iterationInInstance).
    vu.setIteration(vu.iterationInInstance);
    // Numbered at its start, as k6 does: read later, a shared counter would have moved on.
    vu.scenarioIteration = state.handle.iterationsStarted++;
    const tags = vu.tags;
    // Read here, not taken from the VU's previous end: the VU resumes only after the other VUs' queued
    // work, and counting that wait made iteration_duration ~45% too long with 50 VUs (measured).
    const started = performance.now();
    let ended = started;
    try {
      try {
        // A closed-model VU loops inside its own context already; entering it costs ~0.2 µs. A stopped
        // VU's iteration is not waited for: its code may wait for ever (k6 calls halt, its timers are gone).
        const out = currentVu() === vu ? fn(data) : runAsVu(vu, () => fn(data));
        if (out instanceof Promise) await vu.untilStopped(out);
      } finally {
        // Also after an exception: an iteration that throws must not leave requests behind either. k6
        // ends an iteration once its event loop is empty: pending timers are waited for too.
        if (vu.requestsInFlight > 0 || vu.pendingTimers() > 0) await this.#awaitStrayRequests(vu);
      }
      // Stopped while in code Vigil cannot interrupt (a sleep or a loop that then returned): k6 would
      // have cut it short, and counts it as interrupted, not as an iteration.
      if (vu.signal.aborted) throw new IterationInterrupted(`VU ${vu.id} was stopped`);
      state.handle.iterationsCompleted++;
      ended = this.#finishIteration(started, tags);
      if (this.#minIterationMs > 0) ended = await this.#padIteration(started, vu);
    } catch (error) {
      if (error instanceof IterationInterrupted || error instanceof TestAborted || vu.signal.aborted) {
        this.#interrupted++;
        ended = performance.now();
      } else {
        // As in k6, an exception ends the iteration (logged) but not the test.
        state.handle.iterationsCompleted++;
        ended = this.#finishIteration(started, tags);
        this.#logScriptError(error, vu);
        if (this.#minIterationMs > 0) ended = await this.#padIteration(started, vu);
      }
    } finally {
      // 0-based during the iteration, as k6's __ITER and exec.vu.iterationInScenario are.
      vu.iterationInScenario++;
      vu.iterationInInstance++;
      if (this.#noVuConnectionReuse) vu.closeIdleConnections();
      if (--inFlight.count === 0) { for (const resolve of inFlight.idle.splice(0)) resolve(); }
    }
    // Iterations that never wait on I/O or a timer run back to back in microtasks, and timers (the
    // thresholds' abortOnFail, progress) would never run: give them a turn once they are overdue.
    if (ended - this.#heartbeat > HEARTBEAT_MS * 5) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      ended = performance.now(); // the loop decides on its next start by this: after the wait, not before
    }
    return ended - scenarioStart;
  }

  /**
   * An iteration returned while requests it sent were still running: the script called k6 in a callback
   * the transform could not await (a function of another module calling its parameter, a method of the
   * script's own taking a callback). In k6 they would have run in turn, inside the iteration; waiting for
   * them keeps them inside it, and keeps a VU from piling up requests without bound. Said once per run.
   */
  async #awaitStrayRequests(vu: Vu, what = `an iteration of VU ${vu.id}`, timersToo = true): Promise<void> {
    if (vu.signal.aborted) return; // being interrupted: its requests and timers are being cancelled
    // Requests a timer's callback made are k6's own event loop at work, not stray: no warning then.
    if (!this.#strayWarned && vu.requestsInFlight > 0 && !vu.timersUsed()) {
      this.#strayWarned = true;
      this.#log(
        `Warning: ${what} ended with ${vu.requestsInFlight} request(s) still running: ` +
          `an http.* call inside a callback that Vigil could not await, such as a function ` +
          `of another module that calls its parameter. In k6 they would run one after another; Vigil ran ` +
          `them at once and waits for them before the iteration ends (see "Callbacks" in the README).`,
      );
    }
    // A callback's next request (or a redirect's next hop) starts only after the previous one settled,
    // in microtasks that run after this wait's: look again once they have all run.
    let onStop = () => {};
    const stopped = new Promise<void>((resolve) => (onStop = resolve));
    vu.signal.addEventListener("abort", onStop, { once: true });
    try {
      const pending = () => vu.requestsInFlight > 0 || (timersToo && vu.pendingTimers() > 0);
      while (pending() && !vu.signal.aborted) {
        await Promise.race([vu.requestsInFlight > 0 ? vu.requestsSettled() : vu.timersSettled(), stopped]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      // The signal lives on across iterations: a listener left on it each time would pile up.
      vu.signal.removeEventListener("abort", onStop);
    }
    if (vu.signal.aborted) throw new IterationInterrupted(`VU ${vu.id} was stopped`);
  }

  /**
   * k6's `minIterationDuration`: a VU whose iteration was quicker waits out the rest (interruptible),
   * after iteration_duration was recorded without the wait, as in k6.
   *
   * @returns the time the wait ended
   */
  async #padIteration(started: number, vu: Vu): Promise<number> {
    // Timers take whole milliseconds (a fraction is dropped, firing early): round the wait up.
    const rest = this.#minIterationMs - (performance.now() - started);
    if (rest > 0) await sleepUnless(Math.ceil(rest), vu.signal);
    return performance.now();
  }

  /** Counts a finished iteration; returns the time it ended. */
  #finishIteration(started: number, tags: Tags): number {
    this.#completed++;
    const ended = performance.now();
    this.#iterationDuration.add(ended - started, tags);
    this.#iterations.add(1, tags);
    return ended;
  }

  #logScriptError(error: unknown, vu: Vu): void {
    this.#errorsTotal++;
    if (this.#errorsLogged >= MAX_LOGGED_ERRORS) return;
    this.#errorsLogged++;
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.#log(`Uncaught exception in VU ${vu.id} (${vu.scenario?.name ?? "?"}): ${text}`);
    if (this.#errorsLogged === MAX_LOGGED_ERRORS) {
      this.#log(`(further script exceptions are counted, not printed)`);
    }
  }

  /** Samples `vus` (as k6, once a second while running) and reports live figures. */
  #tick(sample = true): void {
    const elapsedMs = this.#started === 0 ? 0 : performance.now() - this.#started;
    if (sample) this.registry.builtin("vus").add(this.#active, this.#testTags);
    if (this.#started !== 0) this.timeline?.sample(elapsedMs, this.#active);
    const reqs = this.registry.builtin("http_reqs").sink.values(elapsedMs / 1000);
    const failedRate = this.registry.builtin("http_req_failed").sink.values(0);
    const duration = this.registry.builtin("http_req_duration").sink.values(0);
    this.#options.onTick?.({
      elapsedMs,
      vus: this.#active,
      vusMax: this.#vus.length,
      iterations: this.#completed,
      interrupted: this.#interrupted,
      requests: reqs.count,
      failedRequests: failedRate.passes,
      p95Ms: duration.p(95),
      registry: this.registry,
    });
  }

  /** Evaluates thresholds; returns true when any failed. Mid-run, an abortOnFail failure stops the test. */
  #evaluateThresholds(final: boolean): boolean {
    const elapsedMs = this.#started === 0 ? 0 : performance.now() - this.#started;
    let anyFailed = false;
    this.#thresholds.forEach((entry, i) => {
      const sink = this.#thresholdSinks[i]!;
      const values = sink.values(elapsedMs / 1000);
      // k6 has no rate for an empty Rate (the threshold passes) and reports 0 percentiles for an empty Trend.
      const view = sink.empty
        ? { ...values, empty: true, rate: sink.type === "rate" ? undefined : values.rate, p: () => 0 }
        : { ...values, empty: false };
      const result = evaluateMetricThresholds(entry.thresholds, view, { elapsedMs, final });
      for (const threshold of entry.thresholds) {
        this.#failedThresholds.delete(`${entry.name}\u0000${threshold.source}`);
      }
      for (const threshold of result.failed) {
        this.#failedThresholds.add(`${entry.name}\u0000${threshold.source}`);
      }
      if (!result.passed) anyFailed = true;
      if (!final && result.abort) {
        const source = result.failed.map((t) => `'${t.source}'`).join(", ");
        this.abort(`threshold ${source} on ${entry.name} failed (abortOnFail)`, EXIT.thresholdsFailed);
      }
    });
    return anyFailed;
  }

  #summary(durationMs: number): SummaryData {
    const seconds = durationMs / 1000;
    const trendStats = summaryTrendStats(this.options);
    const metrics: Record<string, SummaryMetric> = {};
    const add = (
      name: string,
      sink: Sink,
      type: SummaryMetric["type"],
      contains: SummaryMetric["contains"],
    ) => {
      const v = sink.values(seconds);
      let values: Record<string, number>;
      switch (type) {
        case "counter":
          values = { count: v.count, rate: v.rate };
          break;
        case "gauge":
          values = { value: v.value, min: v.min, max: v.max };
          break;
        case "rate":
          values = { rate: v.rate, passes: v.passes, fails: v.fails };
          break;
        case "trend":
          values = Object.fromEntries(trendStats.map((stat) => [stat, trendStat(v, stat)]));
          break;
      }
      metrics[name] = { type, contains, values, thresholds: [] };
    };
    // A threshold's key as written (`http_req_duration{ name : "fast" }`) and its sub-metric's name
    // (`http_req_duration{name:fast}`) differ in spacing and quotes: match on the sub-metric's.
    const summaryName = (t: MetricThresholds) =>
      Object.keys(t.selector.tags).length === 0
        ? t.selector.metric
        : this.registry.get(t.selector.metric)!.submetric(t.selector.tags).name;
    for (const metric of this.registry.all()) {
      const thresholded = this.#thresholds.some((t) => t.selector.metric === metric.name);
      // Only metrics that got samples, as k6's summary shows its observed metrics (or ones with thresholds).
      if (metric.sink.empty && !thresholded) continue;
      add(metric.name, metric.sink, metric.type, metric.contains);
      for (const sub of metric.submetrics) {
        if (sub.sink.empty && !this.#thresholds.some((t) => summaryName(t) === sub.name)) continue;
        add(sub.name, sub.sink, metric.type, metric.contains);
      }
    }
    for (const entry of this.#thresholds) {
      const target = metrics[summaryName(entry)];
      if (target === undefined) continue;
      // A threshold on a statistic the summary does not list (p(99.9) with default stats) still shows its value.
      if (target.type === "trend") {
        const sink = entry.name === entry.selector.metric
          ? this.registry.get(entry.name)!.sink
          : this.registry.get(entry.selector.metric)!.submetric(entry.selector.tags).sink;
        const values = sink.values(seconds);
        for (const threshold of entry.thresholds) {
          const stat = formatAggregation(threshold.aggregation);
          if (!(stat in target.values)) {
            target.values[stat] = trendStat(values, stat === "p(50)" ? "med" : stat);
          }
        }
      }
      for (const threshold of entry.thresholds) {
        target.thresholds.push({
          source: threshold.source,
          ok: !this.#failedThresholds.has(`${entry.name}\u0000${threshold.source}`),
        });
      }
    }
    return {
      metrics,
      rootGroup: this.#groupTree(),
      testRunDurationMs: durationMs,
      trendStats,
      timeUnit: this.#timeUnit,
    };
  }

  #groupTree(): GroupSummary {
    const root = rootGroup();
    const find = (path: string): GroupSummary => {
      if (path === "") return root;
      const parentPath = path.slice(0, path.lastIndexOf("::"));
      const parent = find(parentPath);
      const name = path.slice(path.lastIndexOf("::") + 2);
      let group = parent.groups.find((g) => g.name === name);
      if (!group) parent.groups.push(group = { name, path, id: pathId(path), groups: [], checks: [] });
      return group;
    };
    for (const [path, checks] of this.#checks) {
      const group = find(path);
      for (const [name, counts] of checks) {
        const check: CheckSummary = {
          name,
          path: `${path}::${name}`,
          id: pathId(`${path}::${name}`),
          ...counts,
        };
        group.checks.push(check);
      }
    }
    return root;
  }
}

function trendStat(values: ReturnType<Sink["values"]>, stat: string): number {
  const percentile = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  if (percentile) return values.count === 0 ? 0 : values.p(Number(percentile[1]));
  switch (stat) {
    case "avg":
      return values.avg;
    case "min":
      return values.min;
    case "max":
      return values.max;
    case "med":
      return values.med;
    case "count":
      return values.count;
    default:
      return 0;
  }
}

function summaryTrendStats(options: Readonly<Record<string, unknown>>): string[] {
  const stats = options.summaryTrendStats;
  return Array.isArray(stats) && stats.every((s) => typeof s === "string")
    ? stats as string[]
    : DEFAULT_TREND_STATS;
}

function scriptErrorMessage(error: unknown, phase: string): string {
  if (error instanceof ScriptError) return error.message;
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `Uncaught exception in ${phase}: ${text}`;
}

function sleepUnless(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(true), ms);
    const onAbort = () => finish(false);
    function finish(value: boolean) {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(value);
    }
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The precise timer is asked to wake this much early, and the rest is spun: its wake-up is ~0.08 ms
 * late at p50 and ~0.2 ms at p99 here, and a start that is late makes the starts behind it bunch up.
 */
const WAKE_LEAD_MS = 0.12;

/**
 * Waits until `performance.now()` reaches `at`: timers while 3 ms or more remain (they fire up to ~2 ms
 * late here), then the precise timer's worker, and a spin on macrotasks for the last ~0.1 ms.
 * Spinning for the whole last 3 ms held a 1000/s schedule too, but took a whole core (precise_timer.ts).
 */
async function preciseWait(at: number, signal: AbortSignal, timer: PreciseTimer): Promise<boolean> {
  for (;;) {
    if (signal.aborted) return false;
    const remaining = at - performance.now();
    if (remaining <= 0) return true;
    if (remaining >= 3) {
      if (!(await sleepUnless(remaining - 2.5, signal))) return false;
    } else if (remaining > WAKE_LEAD_MS && PreciseTimer.supported) {
      await timer.wait(at - WAKE_LEAD_MS);
    } else {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
