/**
 * Load runs started from the service: a scenario from the repository's `scenarios/` folder against a
 * target named in the config (the service never sends traffic anywhere else), one run at a time. Its
 * live metrics join the service's /metrics while it runs; its verdict, figures and HTML report are kept.
 *
 * @module
 */
import { cleanUrl } from "../config/clean_url.ts";
import { basename, join, resolve } from "node:path";
import type { Config } from "../config/types.ts";
import { EXIT, type LoadRunResult, runLoad, type RunTick } from "../load/engine.ts";
import { liveMetricValues } from "../load/live_metrics.ts";
import { renderReport } from "../load/report/mod.ts";
import { renderLoadExposition } from "../metrics/load_exposition.ts";
import type { LoadRunFigures, LoadRunRecord, LoadRunStore, LoadRunVerdict } from "../store/load_run_store.ts";

/** A request to start a run, as the API validates it. */
export interface LoadRunRequest {
  /** Scenario name (`smoke`) or file name (`smoke.ts`) in the scenarios folder. */
  script: string;
  /** A target name from the config. */
  target: string;
  /** Extra `__ENV` values. */
  env?: Record<string, string>;
}

/** Why a run could not start: maps to a 4xx. */
export class LoadRunRefused extends Error {
  override name = "LoadRunRefused";
  constructor(readonly status: 400 | 404 | 409, message: string) {
    super(message);
  }
}

/** Options of the service. */
export interface LoadRunServiceOptions {
  config: Config;
  store: LoadRunStore;
  /** Where scenarios are (default: `scenarios/` of the working directory). */
  scenariosDir?: string;
  log?: (line: string) => void;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** The run in progress. */
interface CurrentRun {
  id: string;
  script: string;
  abort: AbortController;
  /** The latest live figures (for /metrics). */
  tick: RunTick | null;
  /** Settles once the run is recorded. */
  done: Promise<void>;
}

/** Starts, tracks and keeps load runs. */
export class LoadRunService {
  readonly #config: Config;
  readonly #store: LoadRunStore;
  readonly #dir: string;
  readonly #log: (line: string) => void;
  #current: CurrentRun | null = null;

  constructor(options: LoadRunServiceOptions) {
    this.#config = options.config;
    this.#store = options.store;
    this.#dir = resolve(options.scenariosDir ?? "scenarios");
    this.#log = options.log ?? ((line) => console.error(line));
  }

  /** Scenario files that can be run. */
  scenarios(): string[] {
    try {
      return [...Deno.readDirSync(this.#dir)].filter((e) => e.isFile && /\.(ts|js)$/.test(e.name)).map((e) =>
        e.name
      ).sort();
    } catch {
      return [];
    }
  }

  /**
   * Starts a run in the background.
   *
   * @param request scenario, target and env
   * @returns the new run's record
   */
  start(request: LoadRunRequest): LoadRunRecord {
    if (this.#current !== null) {
      throw new LoadRunRefused(409, `A load run is already going (${this.#current.id}): one at a time`);
    }
    const target = this.#config.targets[request.target];
    if (target === undefined) {
      throw new LoadRunRefused(
        400,
        `Invalid field "target": unknown target "${request.target}" (config defines: ${
          Object.keys(this.#config.targets).join(", ")
        })`,
      );
    }
    const file = request.script.endsWith(".ts") || request.script.endsWith(".js")
      ? request.script
      : `${request.script}.ts`;
    if (!NAME.test(file) || !this.scenarios().includes(file)) {
      throw new LoadRunRefused(
        404,
        `Invalid field "script": no scenario "${request.script}" (available: ${this.scenarios().join(", ")})`,
      );
    }
    const id = crypto.randomUUID();
    const script = `scenarios/${file}`;
    const startedAt = Date.now();
    this.#store.start({ id, script, target: request.target, startedAt });
    const abort = new AbortController();
    const current: CurrentRun = { id, script, abort, tick: null, done: Promise.resolve() };
    current.done = this.#run(current, join(this.#dir, file), target.url, request.env ?? {}, startedAt)
      .catch((error) =>
        this.#log(`load run ${id} failed: ${error instanceof Error ? error.message : String(error)}`)
      )
      .finally(() => (this.#current = null));
    this.#current = current;
    return this.#store.get(id)!;
  }

  async #run(
    current: CurrentRun,
    path: string,
    url: string,
    env: Record<string, string>,
    startedAt: number,
  ): Promise<void> {
    const result = await runLoad({
      scriptPath: path,
      env: { ...env, TARGET: url },
      signal: current.abort.signal,
      log: (line) => this.#log(`load run ${current.id}: ${line}`),
      onTick: (tick) => (current.tick = tick),
    });
    const report = result.summary === null ? null : renderReport(result, {
      script: current.script,
      target: cleanUrl(url),
      startedAt: new Date(startedAt),
    });
    this.#store.finish(current.id, {
      finishedAt: Date.now(),
      verdict: verdictOf(result),
      exitCode: result.exitCode,
      message: result.abortReason ?? result.error,
      figures: figuresOf(result),
      report,
    });
  }

  /** The running test's metrics for /metrics, or "" when none runs. */
  exposition(): string {
    const tick = this.#current?.tick;
    if (!tick || !this.#current) return "";
    return renderLoadExposition(liveMetricValues(tick.registry, tick.elapsedMs / 1000), {
      script: basename(this.#current.script),
    });
  }

  /** The newest runs first. */
  list(limit = 20): LoadRunRecord[] {
    return this.#store.list(limit);
  }

  /** One run. */
  get(id: string): LoadRunRecord | undefined {
    return this.#store.get(id);
  }

  /** A run's HTML report. */
  report(id: string): string | undefined {
    return this.#store.report(id);
  }

  /** Stops a running test (shutdown) and waits for it to be recorded. */
  async stop(): Promise<void> {
    const current = this.#current;
    if (current === null) return;
    current.abort.abort();
    await current.done;
  }
}

function verdictOf(result: LoadRunResult): LoadRunVerdict {
  if (result.summary === null) return "error";
  if (result.exitCode === EXIT.ok) return "pass";
  if (result.exitCode === EXIT.thresholdsFailed) return "fail";
  if (result.exitCode === EXIT.externalAbort || result.exitCode === EXIT.scriptAborted) return "aborted";
  return "error";
}

function figuresOf(result: LoadRunResult): LoadRunFigures | null {
  const summary = result.summary;
  if (summary === null) return null;
  const m = summary.metrics;
  const thresholds = Object.values(m).flatMap((metric) => metric.thresholds);
  const duration = (key: string) => m.http_req_duration?.values[key] ?? null;
  return {
    requests: m.http_reqs?.values.count ?? 0,
    requestRate: m.http_reqs?.values.rate ?? 0,
    errorRate: m.http_req_failed?.values.rate ?? null,
    p95Ms: duration("p(95)"),
    p99Ms: duration("p(99)"),
    correctedP99Ms: m.http_req_corrected_duration?.values["p(99)"] ?? null,
    droppedIterations: m.dropped_iterations?.values.count ?? 0,
    thresholdsPassed: thresholds.filter((t) => t.ok).length,
    thresholdsTotal: thresholds.length,
    durationMs: summary.testRunDurationMs,
  };
}
