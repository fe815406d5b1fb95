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
import type { Tags } from "./metrics.ts";
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
  let controller = new AbortController();
  const vu: Vu = {
    id,
    module,
    scenario: null as ScenarioHandle | null,
    idInScenario: 0,
    iterationInScenario: 0,
    iterationInInstance: 0,
    tags: {},
    get signal() {
      return controller.signal;
    },
    startLagMs: 0,
    http: (spec) => sendRequest(vu, client, run, spec),
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

async function sendRequest(
  vu: Vu,
  client: HttpClient,
  run: RunHandle,
  spec: HttpRequestSpec,
): Promise<HttpOutcome> {
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
  const tags: Record<string, string> = {
    ...vu.tags,
    group,
    method: spec.method,
    url: spec.url,
    name: spec.url,
    status: String(result.status),
    proto: result.proto || "HTTP/1.1",
    ...spec.tags,
  };
  if (result.errorCode !== null) tags.error_code = String(result.errorCode);
  const expected = spec.expectedStatuses === null ? undefined : spec.expectedStatuses(result.status);
  if (expected !== undefined) tags.expected_response = String(expected);
  emitRequest(run, result, tags as Tags, expected, vu.startLagMs);
  if (events.firstMs !== null) {
    run.emitTagged("http_req_ttft", events.firstMs, tags);
    for (const gap of events.gapsMs) run.emitTagged("http_req_inter_token", gap, tags);
  }
  return {
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
  };
}

function emitRequest(
  run: RunHandle,
  result: Awaited<ReturnType<HttpClient["request"]>>,
  tags: Tags,
  expected: boolean | undefined,
  startLagMs: number,
): void {
  const t = result.timings;
  run.emitTagged("http_reqs", 1, tags);
  run.emitTagged("http_req_duration", t.duration, tags);
  run.emitTagged("http_req_corrected_duration", t.duration + startLagMs, tags);
  run.emitTagged("http_req_blocked", t.blocked, tags);
  run.emitTagged("http_req_connecting", t.connecting, tags);
  run.emitTagged("http_req_tls_handshaking", t.tlsHandshaking, tags);
  run.emitTagged("http_req_sending", t.sending, tags);
  run.emitTagged("http_req_waiting", t.waiting, tags);
  run.emitTagged("http_req_receiving", t.receiving, tags);
  if (expected !== undefined) run.emitTagged("http_req_failed", expected ? 0 : 1, tags);
  run.emitTagged("data_sent", result.bytesSent, tags);
  run.emitTagged("data_received", result.bytesReceived, tags);
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
