/**
 * One probe run: send the request, read the body under a deadline, judge it. Every outcome — answer,
 * refusal, reset, garbage, hang — becomes a ProbeResult with a short reason; nothing here throws.
 *
 * @module
 */
import type { ProbeConfig, TargetConfig } from "../config/types.ts";
import type { ProbeResult } from "../store/store.ts";
import { evaluateAssertions } from "./assertions.ts";

/** A body larger than this fails the probe: a model answer is small, a huge one is garbage. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Failure reasons are bounded so a garbage answer cannot bloat the store or the API. */
export const MAX_REASON_CHARS = 512;

/** What a run needs from its environment; tests substitute the clocks. */
export interface RunEnvironment {
  /** The fetch client; Vigil passes one that keeps no idle connections (see `createProbeClient`). */
  client?: Deno.HttpClient;
  /** Wall clock for the result's time, epoch ms. */
  clock?: () => number;
  /** Monotonic clock for durations, ms. */
  monotonic?: () => number;
}

/**
 * Creates the HTTP client probes use. It keeps no idle connections, so every run opens a fresh one and
 * its duration includes connecting — as blackbox_exporter measures, and as a new user would see.
 *
 * @returns a client to pass to `runProbe` and close on shutdown
 */
export function createProbeClient(): Deno.HttpClient {
  return Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
}

/**
 * Builds the request URL of a probe against its target.
 *
 * @param target the target (its base URL may carry a path prefix)
 * @param path the probe's path, starting with `/`
 * @returns the absolute URL
 * @example
 * ```ts
 * import { probeUrl } from "./run.ts";
 * import assert from "node:assert/strict";
 * assert.equal(probeUrl({ name: "m", url: "http://h:1/api/", headers: {} }, "/predict"), "http://h:1/api/predict");
 * ```
 */
export function probeUrl(target: TargetConfig, path: string): string {
  return target.url.replace(/\/+$/, "") + path;
}

/**
 * Runs a probe once against its target and judges the answer.
 *
 * @param probe the probe definition
 * @param target the target it names (possibly overridden from the command line)
 * @param env clocks and HTTP client
 * @returns the result, successful or with a bounded failure reason
 */
export async function runProbe(
  probe: ProbeConfig,
  target: TargetConfig,
  env: RunEnvironment = {},
): Promise<ProbeResult> {
  const clock = env.clock ?? Date.now;
  const monotonic = env.monotonic ?? (() => performance.now());
  const time = clock();
  const started = monotonic();
  const url = probeUrl(target, probe.path);
  const headers = new Headers({ "user-agent": "vigil-probe/0.1", ...target.headers, ...probe.headers });
  let body: string | undefined;
  if (probe.body !== undefined) {
    body = JSON.stringify(probe.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  // One deadline covers connect, headers and the whole body: a target that stalls mid-body still fails.
  const signal = AbortSignal.timeout(probe.timeoutMs);
  const base = { probe: probe.name, target: target.name, time };
  let status: number | null = null;
  try {
    const init: RequestInit & { client?: Deno.HttpClient } = { method: probe.method, headers, signal };
    if (body !== undefined) init.body = body;
    if (env.client !== undefined) init.client = env.client;
    const response = await fetch(url, init);
    status = response.status;
    const text = await readBounded(response);
    const durationMs = monotonic() - started;
    const failures = evaluateAssertions(probe.assert, { status, durationMs, body: text });
    return {
      ...base,
      success: failures.length === 0,
      durationMs,
      status,
      failure: failures.length ? bound(failures.join("; ")) : null,
    };
  } catch (error) {
    const durationMs = monotonic() - started;
    return {
      ...base,
      success: false,
      durationMs,
      status,
      failure: bound(describeError(error, probe.timeoutMs, status)),
    };
  }
}

async function readBounded(response: Response): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
}

/** Turns whatever fetch threw into a reason an operator understands. */
export function describeError(error: unknown, timeoutMs: number, status: number | null): string {
  if (error instanceof BodyTooLarge) return `body larger than ${MAX_BODY_BYTES} bytes`;
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return status === null
      ? `timeout after ${timeoutMs} ms waiting for response headers`
      : `timeout after ${timeoutMs} ms reading the body (status ${status})`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
  const message = `${error instanceof Error ? error.message : String(error)} ${cause}`;
  if (/connection refused/i.test(message)) return "connection refused";
  if (/connection reset|reset by peer/i.test(message)) return "connection reset by peer";
  if (/dns error|failed to lookup|name or service not known/i.test(message)) {
    return `dns lookup failed: ${lastClause(message)}`;
  }
  if (/certificate|tls|ssl/i.test(message)) return `tls error: ${lastClause(message)}`;
  if (/invalid HTTP|parse|incomplete message|connection closed before message completed/i.test(message)) {
    return `invalid HTTP response: ${lastClause(message)}`;
  }
  return `request failed: ${lastClause(message)}`;
}

/** Hyper's messages nest causes with ": "; the last clause is the specific one. */
function lastClause(message: string): string {
  const parts = message.trim().split(": ");
  return parts[parts.length - 1] ?? message;
}

function bound(reason: string): string {
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason;
}
