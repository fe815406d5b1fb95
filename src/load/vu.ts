/**
 * Virtual users: each has its own HTTP connections and its own instance of the script, and reports
 * every request with k6's metrics and tags. A VU that must stop (graceful stop ran out, the test was
 * aborted) has its signal aborted: in-flight requests end at once and its next k6 call throws, so the
 * iteration unwinds at the next await, as close as a shared event loop gets to k6's interruption.
 *
 * @module
 */
import {
  currentGroupPath,
  type HttpOutcome,
  type HttpRequestSpec,
  type RunHandle,
  type ScenarioHandle,
  type VuHandle,
} from "./context.ts";
import { HttpClient, type HttpClientOptions } from "./http_client.ts";
import type { Metric, Tags } from "./metrics.ts";
import type { ScriptModule } from "./script/loader.ts";

/** Thrown into an iteration whose VU was told to stop; the engine counts it as interrupted. */
export class IterationInterrupted extends Error {
  override name = "IterationInterrupted";
}

/** A VU as the engine holds it. */
export interface Vu extends VuHandle {
  module: ScriptModule;
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
 * @param module its instance of the script
 * @param run the run it reports to
 * @param httpOptions options for its HTTP client
 * @returns the VU
 */
export function createVu(
  id: number,
  module: ScriptModule,
  run: RunHandle,
  httpOptions: HttpClientOptions,
): Vu {
  const client = new HttpClient(httpOptions);
  const metrics = httpMetrics(run);
  const tagCache = new Map<string, Tags>();
  let controller = new AbortController();
  const vu: Vu = {
    id,
    module,
    scenario: null as ScenarioHandle | null,
    idInScenario: 0,
    iterationInScenario: 0,
    iterationInInstance: 0,
    tags: {},
    tagsChanged: () => tagCache.clear(),
    checkTags(group, name) {
      const key = `check\u0000${group}\u0000${name}`;
      let tags = tagCache.get(key);
      if (tags === undefined) {
        if (tagCache.size >= TAG_CACHE_LIMIT) tagCache.clear();
        tags = { ...vu.tags, group, check: name };
        tagCache.set(key, tags);
      }
      return tags;
    },
    get signal() {
      return controller.signal;
    },
    startLagMs: 0,
    http: (spec, wrap) => sendRequest(vu, client, metrics, tagCache, spec, wrap),
    interrupt() {
      controller.abort(new IterationInterrupted(`VU ${id} was stopped`));
      // In-flight requests end at once, without a per-request abort listener on the hot path.
      client.abortInFlight();
    },
    reset() {
      if (controller.signal.aborted) controller = new AbortController();
    },
    close() {
      controller.abort(new IterationInterrupted(`VU ${id} was closed`));
      client.close();
    },
  };
  return vu;
}

async function sendRequest<T>(
  vu: Vu,
  client: HttpClient,
  metrics: HttpMetrics,
  tagCache: Map<string, Tags>,
  spec: HttpRequestSpec,
  wrap: (outcome: HttpOutcome) => T,
): Promise<T> {
  if (vu.signal.aborted) throw new IterationInterrupted(`VU ${vu.id} was stopped`);
  const request: Parameters<HttpClient["request"]>[0] = {
    method: spec.method,
    url: spec.url,
    headers: spec.headers,
    timeoutMs: spec.timeoutMs,
    responseType: spec.responseType,
  };
  if (spec.body !== null) request.body = spec.body;
  const events = new EventTimer(performance.now());
  request.onBody = events.onBody;
  const result = await client.request(request);
  if (vu.signal.aborted) throw new IterationInterrupted(`VU ${vu.id} was stopped`);

  const group = currentGroupPath();
  const expected = spec.expectedStatuses === null ? undefined : spec.expectedStatuses(result.status);
  const tags = requestTags(
    vu,
    tagCache,
    spec,
    group,
    result.status,
    result.proto,
    result.errorCode,
    expected,
  );
  emitRequest(metrics, result, tags, expected, vu.startLagMs);
  if (events.firstMs !== null) {
    metrics.ttft.add(events.firstMs, tags);
    for (const gap of events.gapsMs) metrics.interToken.add(gap, tags);
  }
  return wrap({
    status: result.status,
    get statusText() {
      return result.statusText;
    },
    // Parsing every header costs ~0.4 µs a request; most scripts never look, so parse on demand.
    get headers() {
      return result.headers;
    },
    body: result.body,
    url: spec.url,
    error: result.error ?? "",
    errorCode: result.errorCode ?? 0,
    timings: result.timings,
  });
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
  };
}

/** Tag sets repeat (same URL, status, group): one object per combination saves an allocation per request. */
const TAG_CACHE_LIMIT = 1024;

function requestTags(
  vu: Vu,
  cache: Map<string, Tags>,
  spec: HttpRequestSpec,
  group: string,
  status: number,
  proto: string,
  errorCode: number | null,
  expected: boolean | undefined,
): Tags {
  const extra = spec.tags;
  let cacheable = true;
  for (const _ in extra) {
    cacheable = false;
    break;
  }
  const key = cacheable
    ? `${group}\u0000${spec.method}\u0000${spec.url}\u0000${status}\u0000${errorCode}\u0000${expected}\u0000${proto}`
    : "";
  if (cacheable) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const tags: Record<string, string> = {
    ...vu.tags,
    group,
    method: spec.method,
    url: spec.url,
    name: spec.url,
    status: String(status),
    proto: proto || "HTTP/1.1",
    ...extra,
  };
  if (errorCode !== null) tags.error_code = String(errorCode);
  if (expected !== undefined) tags.expected_response = String(expected);
  if (cacheable) {
    // vu.tags can change between iterations (exec.vu.tags); a bounded cache is cleared rather than evicted.
    if (cache.size >= TAG_CACHE_LIMIT) cache.clear();
    cache.set(key, tags);
  }
  return tags;
}

function emitRequest(
  m: HttpMetrics,
  result: Awaited<ReturnType<HttpClient["request"]>>,
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

/**
 * Times the events of a server-sent event stream as its bytes arrive: an event ends at a blank line
 * (`\n\n`, carriage returns ignored). Events that arrive in one read share its arrival time — that is
 * what the client saw.
 */
export class EventTimer {
  /** Time from the request's start to the first complete event, ms; null when none arrived. */
  firstMs: number | null = null;
  /** Times between consecutive events, ms. */
  readonly gapsMs: number[] = [];
  #lastNewline = false;
  #last = 0;

  constructor(readonly start: number) {}

  /** Feeds one piece of the body. */
  readonly onBody = (chunk: Uint8Array): void => {
    let now = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 13) continue;
      if (byte !== 10) {
        this.#lastNewline = false;
        continue;
      }
      if (this.#lastNewline) {
        if (now === 0) now = performance.now();
        if (this.firstMs === null) this.firstMs = now - this.start;
        else this.gapsMs.push(now - this.#last);
        this.#last = now;
        this.#lastNewline = false;
      } else {
        this.#lastNewline = true;
      }
    }
  };
}
