/**
 * `instrument()`: the Hono middleware a Deno model service mounts to export the RED metrics ML teams
 * expect and to forward a sample of its predictions to Vigil, without ever slowing or failing its own
 * requests.
 *
 * ```ts ignore
 * const vigil = instrument({ model: "sentiment", version: "1.4.2", forward: { url: "http://vigil:8080" } });
 * app.use(vigil);
 * app.get("/metrics", vigil.metricsHandler);
 * app.post("/predict", async (c) => {
 *   const answer = model.predict(features);
 *   recordPrediction(c, { features, prediction: { label: answer.label, confidence: answer.p } });
 *   return c.json(answer);
 * });
 * ```
 *
 * @module
 */
import type { Context, Handler, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { matchedRoutes } from "hono/route";
import { Registry } from "prom-client";
import { METRICS_CONTENT_TYPE } from "../metrics/registry.ts";
import { createModelServiceMetrics, type ModelServiceMetrics } from "../metrics/model_service_metrics.ts";
import { type ForwardedPrediction, type ForwarderOptions, PredictionForwarder } from "./forwarder.ts";

/** A prediction as the handler reports it; `model` and `model_version` come from the middleware. */
export type RecordedPrediction = Omit<ForwardedPrediction, "model" | "model_version"> & {
  model_version?: string;
};

/** Options of {@linkcode instrument}. */
export interface InstrumentOptions {
  /** The model's name: the `model` label, and the model predictions are forwarded for. */
  model: string;
  /** The model's version: the `version` label (default "unknown"). */
  version?: string;
  /** Registry to declare the metrics on (default a new one, at `.registry`). */
  registry?: Registry;
  /** Upper bounds of `ml_request_duration_seconds`; match `instrumentation.latency_buckets` of vigil.yaml. */
  latencyBucketsSeconds?: readonly number[];
  /** Whether a response status is an error (default: 500 and above). */
  isError?: (status: number) => boolean;
  /** Paths not measured (default ["/metrics"]). */
  exclude?: readonly string[];
  /** Where and how to forward predictions; omitted, nothing is forwarded. */
  forward?: Omit<ForwarderOptions, "onResult" | "onQueue">;
  /** Clock for durations, ms (default performance.now). */
  now?: () => number;
}

/** The middleware, with what the service needs around it. */
export type InstrumentMiddleware = MiddlewareHandler & {
  /** The registry holding the metrics. */
  registry: Registry;
  /** A handler for `GET /metrics`. */
  metricsHandler: Handler;
  /** The forwarder, when forwarding is configured. */
  forwarder: PredictionForwarder | undefined;
  /** Flushes and stops forwarding (call on shutdown). */
  close(): Promise<void>;
};

const recorded = new WeakMap<Request, RecordedPrediction>();

/**
 * Hands a request's prediction to the middleware, which forwards it (if sampled) after the response.
 *
 * @param c the request's context
 * @param prediction the features and the model's answer
 */
export function recordPrediction(c: Context, prediction: RecordedPrediction): void {
  recorded.set(c.req.raw, prediction);
}

/**
 * Creates the instrumentation middleware.
 *
 * @param options model, version, registry, buckets and forwarding
 * @returns the middleware, with its registry, a metrics handler and close()
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { instrument, recordPrediction } from "./middleware.ts";
 * import assert from "node:assert/strict";
 * const vigil = instrument({ model: "m", version: "1" });
 * const app = new Hono().use(vigil).get("/metrics", vigil.metricsHandler)
 *   .post("/predict", (c) => {
 *     recordPrediction(c, { features: { x: 1 }, prediction: { label: "a" } });
 *     return c.json({ label: "a" });
 *   });
 * await app.request("/predict", { method: "POST" });
 * const text = await (await app.request("/metrics")).text();
 * assert.match(text, /ml_requests_total\{model="m",endpoint="\/predict",version="1"\} 1/);
 * await vigil.close();
 * ```
 */
export function instrument(options: InstrumentOptions): InstrumentMiddleware {
  const registry = options.registry ?? new Registry();
  const metrics: ModelServiceMetrics = createModelServiceMetrics(
    registry,
    options.latencyBucketsSeconds === undefined
      ? {}
      : { latencyBucketsSeconds: options.latencyBucketsSeconds },
  );
  const model = options.model;
  const version = options.version ?? "unknown";
  const isError = options.isError ?? ((status: number) => status >= 500);
  const exclude = new Set(options.exclude ?? ["/metrics"]);
  const now = options.now ?? (() => performance.now());
  const forwarder = options.forward === undefined ? undefined : new PredictionForwarder({
    ...options.forward,
    onResult: (result, count) => metrics.forwarded(model, result, count),
    onQueue: (length) => metrics.queueLength(model, length),
  });

  const middleware = async function instrumentMiddleware(c: Context, next: () => Promise<void>) {
    if (exclude.has(c.req.path)) return await next();
    // The route pattern, not the path: "/users/:id" keeps the endpoint label bounded.
    const route = matchedRoutes(c).findLast((r) => r.method !== "ALL")?.path ?? "unmatched";
    const labels = { model, endpoint: route, version };
    const started = now();
    const done = metrics.start(labels);
    let thrown = false;
    try {
      await next();
    } catch (error) {
      thrown = true;
      throw error;
    } finally {
      done();
      const status = c.res.status;
      // An HTTPException is an answer the handler chose (a 404, a 400): judged by its status like any other.
      const crashed = thrown || (c.error !== undefined && !(c.error instanceof HTTPException));
      const errorType = crashed ? "exception" : isError(status) ? `http_${status}` : null;
      metrics.finish(labels, (now() - started) / 1000, errorType);
      const prediction = recorded.get(c.req.raw);
      if (prediction !== undefined && forwarder !== undefined && errorType === null) {
        try {
          forwarder.offer({ ...prediction, model, model_version: prediction.model_version ?? version });
        } catch {
          // Forwarding is best effort: nothing it does may fail the model's answer.
        }
      }
    }
  };

  return Object.assign(middleware, {
    registry,
    metricsHandler: async function metricsHandler(c: Context) {
      return c.body(await registry.metrics(), 200, { "content-type": METRICS_CONTENT_TYPE });
    },
    forwarder,
    close: () => forwarder?.close() ?? Promise.resolve(),
  });
}
