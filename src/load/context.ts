/**
 * The state k6's API reads while a script runs: the current run, and — per async call chain — the
 * current VU. k6 gives every VU its own JavaScript runtime; here VUs share one event loop and one
 * instance of each k6 module, so "current VU" travels with the async context (AsyncLocalStorage).
 *
 * Measured: giving every VU its own instances of the k6 modules instead (so each knew its VU without a
 * lookup) made iterations slower, not faster — fifty copies of the hot functions each warm up and
 * optimise alone. A closed-model VU enters its context once for all its iterations (`runAsVu` around
 * the loop), which leaves one context lookup per k6 call.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { HttpRequest, HttpResult } from "./http_client.ts";
import type { MetricRegistry, Tags } from "./metrics.ts";

/**
 * A request as the k6/http module hands it to the engine; the VU passes it to its HTTP client as it is,
 * so it is an `HttpRequest` too.
 */
export interface HttpRequestSpec extends HttpRequest {
  method: string;
  url: string;
  /** The script's headers; undefined when it set none (the client then reuses the encoded request). */
  headers: Record<string, string> | undefined;
  body: string | Uint8Array | null;
  timeoutMs: number;
  responseType: "text" | "binary" | "none";
  /** Extra tags from `params.tags` (and `name` for an `http.url` target). */
  tags: Readonly<Record<string, string>>;
  /** Statuses that count as expected (k6's `responseCallback`); null means responses are not judged. */
  expectedStatuses: ((status: number) => boolean) | null;
}

/** What the engine answers for one request (before k6/http wraps it as a Response). */
export type HttpOutcome = HttpResult;

/** The scenario a VU is running. */
export interface ScenarioHandle {
  readonly name: string;
  readonly executor: string;
  /** Epoch ms when the scenario started. */
  startTime: number;
  /** Iterations started in this scenario so far (all VUs). */
  iterationsStarted: number;
  /** Iterations of this scenario that ran to their end (thrown included, interrupted not). */
  iterationsCompleted: number;
  /** Share of the scenario's planned duration or iterations done, 0 to 1. */
  progress(): number;
  readonly tags: Readonly<Record<string, string>>;
}

/** One virtual user. */
export interface VuHandle {
  /** 1-based, unique in the test (`__VU`, `exec.vu.idInTest`). */
  readonly id: number;
  scenario: ScenarioHandle | null;
  idInScenario: number;
  /** Iterations started by this VU in its current scenario (`__ITER`). */
  iterationInScenario: number;
  /** Iterations started by this VU across scenarios. */
  iterationInInstance: number;
  /** The current iteration's number among all of its scenario's iterations, 0-based, fixed at its start. */
  scenarioIteration: number;
  /** The group the VU's code is in: "" at the root, `::outer::inner` inside nested groups (k6's format). */
  groupPath: string;
  /** Tags every sample of this VU carries (scenario tags, `exec.vu.tags`). */
  tags: Record<string, string>;
  /** Call after changing `tags`: cached tag sets built from them are dropped. */
  tagsChanged(): void;
  /**
   * Records a check with this VU's tags: a `checks` sample and the summary's pass/fail count (the tag
   * set is built once per group and name: the same checks run every iteration).
   */
  recordCheck(group: string, name: string, pass: boolean): void;
  /** Aborted when the VU's iteration must stop (graceful stop ran out, the test ended). */
  signal: AbortSignal;
  /**
   * How late the current iteration started compared with its schedule, in ms (0 for closed-model
   * executors). Added to every request's duration to give `http_req_corrected_duration`.
   */
  startLagMs: number;
  /**
   * Sends one request on this VU's connections; `wrap` turns the outcome into what the caller returns
   * (k6's Response) in the same step, saving a promise hop per request.
   */
  http<T>(spec: HttpRequestSpec, wrap: (outcome: HttpOutcome) => T): Promise<T>;
}

/** The run, as the k6 modules see it. */
export interface RunHandle {
  readonly registry: MetricRegistry;
  readonly env: Record<string, string>;
  /** The script's exported options, after CLI overrides. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Epoch ms when the test started (0 during init). */
  readonly startedAt: number;
  /** Where `open()` resolves relative paths: the script's directory. */
  readonly scriptDir: string;
  vusActive(): number;
  vusInitialized(): number;
  iterationsCompleted(): number;
  iterationsInterrupted(): number;
  /** Adds a sample, tagged with the VU's tags and group (when there is a VU) plus `tags`. */
  emit(metric: string, value: number, tags: Tags, vu: VuHandle | undefined): void;
  /** Adds a sample with exactly these tags (the hot path: the caller already built them). */
  emitTagged(metric: string, value: number, tags: Tags): void;
  /** Counts a check for the summary's per-group breakdown. */
  recordCheck(groupPath: string, name: string, pass: boolean): void;
  /** The summary's pass/fail counts of a check, to be incremented by the caller. */
  checkCounts(groupPath: string, name: string): { passes: number; fails: number };
  /** Stops the test (`exec.test.abort()`, abortOnFail). */
  abort(reason: string, exitCode: number): void;
  /** A request got no response (k6 warns "Request Failed" for each; Vigil for the first few). */
  requestFailed(method: string, url: string, error: string): void;
  /** `exec.test.fail()`: the test goes on, and exits 110 unless it fails otherwise. */
  markFailed(reason: string): void;
  /** Writes a line to the run's log (stderr for the CLI). */
  log(line: string): void;
  /** True while VU modules are being initialised (metrics may only be created then). */
  readonly inInit: boolean;
  /** The VU whose init code is running (0 for the init context that runs setup), or -1 outside init. */
  readonly initVuId: number;
  /** What the test's options make every request do unless its params say otherwise. */
  readonly httpDefaults: HttpDefaults;
}

/** Request defaults from k6's options (`discardResponseBodies`, `maxRedirects`, `throw`). */
export interface HttpDefaults {
  readonly responseType: "text" | "none";
  readonly maxRedirects: number;
  /** The script's options set `maxRedirects` (k6 then does not warn when the limit stops a chain). */
  readonly maxRedirectsSet: boolean;
  /** Network failures throw instead of giving a response with `error` set. */
  readonly throw: boolean;
  /** Each VU's cookie jar is emptied as an iteration starts (k6's default; `noCookiesReset` keeps it). */
  readonly resetCookies: boolean;
  /** Requests one `http.batch` runs at once (k6's `batch`, default 20; 0 for no limit). */
  readonly batch: number;
  /** Of those, to one host (k6's `batchPerHost`, default 6; 0 for no limit). */
  readonly batchPerHost: number;
}

/** k6's defaults, in force until the options are read. */
export const DEFAULT_HTTP_DEFAULTS: HttpDefaults = Object.freeze({
  responseType: "text",
  maxRedirects: 10,
  maxRedirectsSet: false,
  throw: false,
  resetCookies: true,
  batch: 20,
  batchPerHost: 6,
});

/**
 * Thrown by `exec.test.abort()` to unwind the iteration; the engine stops the test. Declared here, in
 * load/, so the engine need not import from k6/ (the dependency runs k6 → load).
 */
export class TestAborted extends Error {
  override name = "TestAborted";
}

/**
 * What a stopped VU's k6 calls return: a promise that never settles, so the script's code stops where it
 * is, as k6's interrupted runtime stops it (a rejection could be caught by the script, which would then
 * run on after its VU was stopped). The engine stops waiting for such an iteration itself (see
 * Vu.untilStopped). A new promise each time: reactions on one shared promise would pile up for ever.
 *
 * @returns a promise that never settles
 */
export function halted<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

const vuStorage = new AsyncLocalStorage<VuHandle>();
let activeRun: RunHandle | null = null;

/** Makes `run` the one the k6 modules talk to (one run per process at a time). */
export function setActiveRun(run: RunHandle | null): void {
  activeRun = run;
}

/** The active run; k6 modules throw a clear error when used outside `deno task load`. */
export function currentRun(): RunHandle {
  if (activeRun === null) throw new Error("k6 modules only work inside a load run (deno task load SCRIPT)");
  return activeRun;
}

/** The VU whose code is running now, or undefined in the init context. */
export function currentVu(): VuHandle | undefined {
  return vuStorage.getStore();
}

/** Runs `fn` as VU `vu`: the VU is current in everything `fn` calls and awaits. */
export function runAsVu<T>(vu: VuHandle, fn: () => T): T {
  return vuStorage.run(vu, fn);
}
