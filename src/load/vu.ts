/**
 * Virtual users: each has its own HTTP connections and its own instance of the script, and reports
 * every request with k6's metrics and tags. A VU that must stop (graceful stop ran out, the test was
 * aborted) has its signal aborted: in-flight requests end at once and its next k6 call throws, so the
 * iteration unwinds at the next await, as close as a shared event loop gets to k6's interruption.
 *
 * @module
 */
import {
  halted,
  type HttpOutcome,
  type HttpRequestSpec,
  type RunHandle,
  type ScenarioHandle,
  type VuHandle,
} from "./context.ts";
import { cleanUrl } from "../config/clean_url.ts";
import { HttpClient, type HttpClientOptions, K6_ERROR_CODES } from "./http_client.ts";
import type { Metric, Tags } from "./metrics.ts";
import type { ScriptModule, VuInstance } from "./script/loader.ts";

/** Thrown into an iteration whose VU was told to stop; the engine counts it as interrupted. */
export class IterationInterrupted extends Error {
  override name = "IterationInterrupted";
}

/** A VU as the engine holds it. */
export interface Vu extends VuHandle {
  module: ScriptModule;
  /** Sets `__ITER` in the VU's copy of the script. */
  setIteration(iteration: number): void;
  /** The export the VU last ran (a scenario's `exec`) and that export, looked up once. */
  execName: string | null;
  execFn: unknown;
  /**
   * Requests sent and not yet answered. Non-zero when an iteration returns only if the script left a
   * request unawaited (a callback the transform could not see into): the engine then waits for them.
   */
  readonly requestsInFlight: number;
  /** Resolves once no request of this VU is in flight. */
  requestsSettled(): Promise<void>;
  /** k6 timers the VU's code left pending, which its iteration waits for (see k6/vu_globals.ts). */
  pendingTimers(): number;
  timersSettled(): Promise<void>;
  /** Whether the current iteration started timers (their callbacks' requests are not stray). */
  timersUsed(): boolean;
  /**
   * The VU's own copy of setup()'s data, decoded on its first iteration as k6 does ("so that VUs are
   * isolated"); `NOT_DECODED` until then.
   */
  setupData: unknown;
  /** Closes the VU's idle connections (k6's `noVUConnectionReuse`, after each iteration). */
  closeIdleConnections(): void;
  /**
   * Settles as `promise` does, or rejects with IterationInterrupted as soon as the VU is stopped: an
   * iteration stopped while it waits on something that will never come (its own timer, cleared with
   * the VU) is not waited for.
   */
  untilStopped<T>(promise: Promise<T>): Promise<T>;
  /** Aborts the current iteration (and future k6 calls until `reset`). */
  interrupt(): void;
  /** Gives the VU a fresh signal for its next iteration. */
  reset(): void;
  close(): void;
}

/**
 * Creates a VU.
 *
 * @param id the VU's number in the test (1-based; 0 for setup and teardown)
 * @param instance its instance of the script
 * @param run the run it reports to
 * @param httpOptions options for its HTTP client
 * @returns the VU
 */
export function createVu(
  id: number,
  instance: VuInstance,
  run: RunHandle,
  httpOptions: HttpClientOptions,
): Vu {
  const client = new HttpClient(httpOptions);
  const metrics = httpMetrics(run);
  const requestTags = new RequestTagSets();
  const checkSlots = new Map<string, Map<string, CheckSlot>>();
  let controller = new AbortController();
  /** Rejects what `untilStopped` handed out last; called when the VU is stopped. */
  let abandon: ((reason: unknown) => void) | null = null;
  let inFlight = 0;
  const settled: (() => void)[] = [];
  const vu: Vu = {
    id,
    module: instance.module,
    setIteration: instance.setIteration,
    pendingTimers: instance.pendingTimers,
    timersSettled: instance.timersSettled,
    timersUsed: instance.timersUsed,
    execName: null,
    execFn: undefined,
    scenario: null as ScenarioHandle | null,
    idInScenario: 0,
    iterationInScenario: 0,
    iterationInInstance: 0,
    scenarioIteration: 0,
    groupPath: "",
    tags: {},
    tagsChanged() {
      requestTags.clear();
      checkSlots.clear();
    },
    recordCheck(group, name, pass) {
      let slots = checkSlots.get(group);
      if (slots === undefined) checkSlots.set(group, slots = new Map());
      let slot = slots.get(name);
      if (slot === undefined) {
        if (slots.size >= TAG_CACHE_LIMIT) slots.clear();
        slot = { tags: { ...vu.tags, group, check: name }, counts: run.checkCounts(group, name) };
        slots.set(name, slot);
      }
      metrics.checks.add(pass ? 1 : 0, slot.tags);
      if (pass) slot.counts.passes++;
      else slot.counts.fails++;
    },
    get signal() {
      return controller.signal;
    },
    startLagMs: 0,
    http<T>(spec: HttpRequestSpec, wrap: (outcome: HttpOutcome) => T): Promise<T> {
      // A stopped VU's code stops here, as in k6: nothing it could catch and run on after.
      if (controller.signal.aborted) return halted();
      // One async step per request: the client hands the result to this callback before it resolves.
      inFlight++;
      return client.exchange(spec, (result) => {
        // First, before anything can throw: the client calls this exactly once per request.
        if (--inFlight === 0 && settled.length > 0) { for (const resolve of settled.splice(0)) resolve(); }
        if (controller.signal.aborted) return halted<T>() as T; // the exchange's promise adopts it
        // A URL that does not parse never became a request: k6 returns the error and records nothing.
        if (result.errorCode === K6_ERROR_CODES.invalidURLErrorCode) return wrap(result);
        const expected = spec.expectedStatuses === null ? undefined : spec.expectedStatuses(result.status);
        if (result.status === 0 && result.error !== null && !run.httpDefaults.throw) {
          run.requestFailed(spec.method, cleanUrl(spec.url), result.error);
        }
        const tags = requestTags.get(vu, spec, vu.groupPath, result, expected);
        emitRequest(metrics, result, tags, expected, vu.startLagMs);
        const events = result.events;
        if (events !== null && events.firstMs !== null) {
          metrics.ttft.add(events.firstMs, tags);
          for (const gap of events.gapsMs) metrics.interToken.add(gap, tags);
        }
        return wrap(result);
      });
    },
    get requestsInFlight() {
      return inFlight;
    },
    setupData: NOT_DECODED,
    closeIdleConnections() {
      client.closeIdle();
    },
    requestsSettled() {
      return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => settled.push(resolve));
    },
    untilStopped<T>(promise: Promise<T>): Promise<T> {
      if (controller.signal.aborted) return Promise.reject(controller.signal.reason);
      // Not Promise.race with a stop promise: that costs ~0.8 µs and leaves a reaction on it each time.
      return new Promise<T>((resolve, reject) => {
        abandon = reject;
        promise.then(resolve, reject);
      });
    },
    interrupt() {
      controller.abort(new IterationInterrupted(`VU ${id} was stopped`));
      abandon?.(controller.signal.reason);
      abandon = null;
      instance.clearTimers(); // an interrupted iteration's timers must not fire into the next one
      // In-flight requests end at once, without a per-request abort listener on the hot path.
      client.abortInFlight();
    },
    reset() {
      if (controller.signal.aborted) controller = new AbortController();
      vu.groupPath = "";
    },
    close() {
      controller.abort(new IterationInterrupted(`VU ${id} was closed`));
      abandon?.(controller.signal.reason);
      abandon = null;
      instance.closeTimers();
      client.close();
    },
  };
  return vu;
}

/** `Vu.setupData` before the VU's first iteration decoded its copy. */
export const NOT_DECODED: unique symbol = Symbol("vigil.setupDataNotDecoded");

/** A check's tag set and its pass/fail counts, kept per VU: the same checks run every iteration. */
interface CheckSlot {
  tags: Tags;
  counts: { passes: number; fails: number };
}

/** The built-in metrics every request reports, resolved once per VU instead of by name per sample. */
interface HttpMetrics {
  reqs: Metric;
  duration: Metric;
  corrected: Metric;
  blocked: Metric;
  connecting: Metric;
  tls: Metric;
  sending: Metric;
  waiting: Metric;
  receiving: Metric;
  failed: Metric;
  sent: Metric;
  received: Metric;
  ttft: Metric;
  interToken: Metric;
  checks: Metric;
}

function httpMetrics(run: RunHandle): HttpMetrics {
  const m = (name: string) => run.registry.builtin(name);
  return {
    reqs: m("http_reqs"),
    duration: m("http_req_duration"),
    corrected: m("http_req_corrected_duration"),
    blocked: m("http_req_blocked"),
    connecting: m("http_req_connecting"),
    tls: m("http_req_tls_handshaking"),
    sending: m("http_req_sending"),
    waiting: m("http_req_waiting"),
    receiving: m("http_req_receiving"),
    failed: m("http_req_failed"),
    sent: m("data_sent"),
    received: m("data_received"),
    ttft: m("http_req_ttft"),
    interToken: m("http_req_inter_token"),
    checks: m("checks"),
  };
}

/** Tag sets repeat (same URL, status, group): one object per combination saves an allocation per request. */
const TAG_CACHE_LIMIT = 1024;

/**
 * The tag sets of a VU's requests, built once per combination of group, method, URL, status, error,
 * expectedness and protocol. The last combination is compared field by field first: a VU usually
 * repeats one request, and comparing seven fields costs less than building a key to look it up.
 */
class RequestTagSets {
  readonly #cache = new Map<string, Tags>();
  #last: {
    group: string;
    method: string;
    url: string;
    status: number;
    errorCode: number | null;
    expected: boolean | undefined;
    proto: string;
    tags: Tags;
  } | null = null;

  /** Forgets every tag set (the VU's own tags changed). */
  clear(): void {
    this.#cache.clear();
    this.#last = null;
  }

  /** The tags of a request's samples. */
  get(
    vu: Vu,
    spec: HttpRequestSpec,
    group: string,
    result: HttpOutcome,
    expected: boolean | undefined,
  ): Tags {
    const extra = spec.tags;
    let cacheable = true;
    for (const _ in extra) {
      cacheable = false;
      break;
    }
    const { status, errorCode, proto } = result;
    // A failed request's tags carry its error message: rare, and not worth a cache entry per message.
    if (!cacheable || status === 0) return buildTags(vu, spec, group, result, expected);
    const last = this.#last;
    if (
      last !== null && last.url === spec.url && last.status === status && last.method === spec.method &&
      last.group === group && last.errorCode === errorCode && last.expected === expected &&
      last.proto === proto
    ) {
      return last.tags;
    }
    const key =
      `${group}\u0000${spec.method}\u0000${spec.url}\u0000${status}\u0000${errorCode}\u0000${expected}\u0000${proto}`;
    let tags = this.#cache.get(key);
    if (tags === undefined) {
      tags = buildTags(vu, spec, group, result, expected);
      // vu.tags can change between iterations (exec.vu.tags); a bounded cache is cleared rather than evicted.
      if (this.#cache.size >= TAG_CACHE_LIMIT) this.#cache.clear();
      this.#cache.set(key, tags);
    }
    this.#last = { group, method: spec.method, url: spec.url, status, errorCode, expected, proto, tags };
    return tags;
  }
}

/**
 * A request's tags as k6's transport.go sets them: the VU's and the request's own tags first, then the
 * system tags over them. `url` and `name` are the URL with its credentials masked (k6's `URL.Clean()`),
 * unless the script named the request (`name` tag, `http.url`): then `url` is that name too, which keeps
 * one series per name (k6 ≥ 0.41). A failed request has `error` and no `proto`.
 */
function buildTags(
  vu: Vu,
  spec: HttpRequestSpec,
  group: string,
  result: HttpOutcome,
  expected: boolean | undefined,
): Tags {
  const named = spec.tags.name;
  const url = named ?? cleanUrl(spec.url);
  const tags: Record<string, string> = { ...vu.tags, group, ...spec.tags };
  tags.name = url;
  tags.url = url;
  tags.method = spec.method;
  tags.status = String(result.status);
  if (result.error !== null && result.status === 0) tags.error = result.error;
  else tags.proto = result.proto || "HTTP/1.1";
  if (result.errorCode !== null) tags.error_code = String(result.errorCode);
  if (expected !== undefined) tags.expected_response = String(expected);
  return tags;
}

function emitRequest(
  m: HttpMetrics,
  result: HttpOutcome,
  tags: Tags,
  expected: boolean | undefined,
  startLagMs: number,
): void {
  const t = result.timings;
  m.reqs.add(1, tags);
  m.duration.add(t.duration, tags);
  m.corrected.add(t.duration + startLagMs, tags);
  m.blocked.add(t.blocked, tags);
  m.connecting.add(t.connecting, tags);
  m.tls.add(t.tlsHandshaking, tags);
  m.sending.add(t.sending, tags);
  m.waiting.add(t.waiting, tags);
  m.receiving.add(t.receiving, tags);
  if (expected !== undefined) m.failed.add(expected ? 0 : 1, tags);
  m.sent.add(result.bytesSent, tags);
  m.received.add(result.bytesReceived, tags);
}
