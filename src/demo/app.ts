/**
 * The demo model service as a Hono app: sentiment predictions, a health check, and an admin route for
 * fault injection. No socket here; see server.ts.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { streamSSE } from "hono/streaming";
import { instrument, type InstrumentMiddleware, recordPrediction } from "../instrument/middleware.ts";
import type { Sentiment } from "./corpus.ts";
import { predictDrifted } from "./drift.ts";
import { createFaults, type Faults, faultsToJson, parseFaultsPatch } from "./faults.ts";
import { CHANNELS, demoFeatures } from "./features.ts";
import { demoModel } from "./model.ts";
import { type NaiveBayesModel, predict } from "./naive_bayes.ts";
import { tokenize } from "./tokenize.ts";

/** The demo model's name in metrics and in Vigil (`models.sentiment` in vigil.example.yaml). */
export const DEMO_MODEL_NAME = "sentiment";

/** Request bodies above this many bytes are answered 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Texts above this many characters are answered 400. */
export const MAX_TEXT_LENGTH = 10_000;

// Up to this share of latencyMs is added on top, so latency looks like a distribution, not a constant.
const LATENCY_JITTER = 0.1;

/** Dependencies of {@linkcode createDemoApp}. */
export interface DemoAppOptions {
  /** The model to serve; the demo corpus model unless given. */
  model?: NaiveBayesModel<Sentiment>;
  /** The live fault state, read on every request and changed in place by `POST /admin/faults`. */
  faults?: Faults;
  /** Random source in [0, 1) for injected errors, latency spread and drift; Math.random unless given. */
  random?: () => number;
  /**
   * The `instrument()` middleware (RED metrics at `/metrics`, predictions forwarded to Vigil); one
   * without forwarding unless given. The caller closes it on shutdown.
   */
  instrumentation?: InstrumentMiddleware;
}

/** The body of a successful `POST /predict`. */
export interface PredictResponse {
  /** The predicted class. */
  label: Sentiment;
  /** The posterior probability of `label`. */
  confidence: number;
  /** The posterior probability of each class. */
  probabilities: Record<Sentiment, number>;
  /** The model that answered. */
  model_version: string;
  /** The caller's `x-request-id`, or a fresh UUID. */
  request_id: string;
}

/**
 * Builds the demo model service.
 *
 * Routes: `POST /predict` (`{ text, channel? }` in, {@linkcode PredictResponse} out), `GET /metrics`
 * (RED metrics of `instrument()`), `GET /healthz`, and
 * `GET`/`POST /admin/faults` to read and change the injected faults.
 *
 * @param options the model, fault state and random source
 * @returns the Hono app; serve it with `Deno.serve` or call `app.request()` in tests
 * @example
 * ```ts
 * import { createDemoApp } from "./app.ts";
 * import assert from "node:assert/strict";
 * const app = createDemoApp();
 * const response = await app.request("/predict", { method: "POST", body: '{"text":"love it"}' });
 * assert.equal((await response.json()).label, "positive");
 * ```
 */
export function createDemoApp(options: DemoAppOptions = {}): Hono {
  const model = options.model ?? demoModel();
  const faults = options.faults ?? createFaults();
  createFaults(faults);
  const random = options.random ?? Math.random;
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json({ error: `Request body too large: expected at most ${MAX_BODY_BYTES} bytes` }, 413),
  });

  const vigil = options.instrumentation ?? instrument({ model: DEMO_MODEL_NAME, version: model.version });

  const app = new Hono();
  app.use(vigil);

  app.onError(function demoError(error, c) {
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    console.error(error);
    return c.json({ error: "Internal error" }, 500);
  });

  app.notFound(function demoNotFound(c) {
    return c.json({ error: `No route for "${c.req.method} ${c.req.path}"` }, 404);
  });

  app.get("/metrics", vigil.metricsHandler);

  app.get("/healthz", function healthz(c) {
    return c.json({ status: "ok", model_version: model.version });
  });

  app.post("/predict", limitBody, async function predictRoute(c) {
    const requestId = requestIdFrom(c.req.header("x-request-id"));
    c.header("x-request-id", requestId);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs * (1 + LATENCY_JITTER * random()));
    if (faults.errorRatio > 0 && random() < faults.errorRatio) {
      return c.json({ error: "injected fault" }, 503);
    }
    const request = await readJson(c);
    const text = textField(request);
    const channel = channelField(request);
    let scored: readonly string[] = [];
    const prediction = faults.drift
      ? predictDrifted(model, text, { random, onTokens: (tokens) => scored = tokens })
      : predict(model, text);
    if (!faults.drift) scored = tokenize(text);
    recordPrediction(c, {
      request_id: requestId,
      timestamp: Date.now(),
      features: demoFeatures(text, scored, channel),
      prediction: {
        label: prediction.label,
        confidence: prediction.confidence,
        probabilities: { ...prediction.probabilities },
      },
      segment: channel,
    });
    const body: PredictResponse = {
      label: prediction.label,
      confidence: prediction.confidence,
      probabilities: {
        positive: prediction.probabilities.positive,
        negative: prediction.probabilities.negative,
      },
      model_version: model.version,
      request_id: requestId,
    };
    return c.json(body);
  });

  // An LLM-style streaming answer: the tokens the model weighed, one server-sent event each, then the
  // verdict. It gives load tests a time-to-first-token and an inter-token latency to measure.
  app.post("/predict/stream", limitBody, async function predictStreamRoute(c) {
    if (faults.errorRatio > 0 && random() < faults.errorRatio) {
      return c.json({ error: "injected fault" }, 503);
    }
    const request = await readJson(c);
    const text = textField(request);
    const tokenMs = tokenMsField(request);
    const prediction = predict(model, text);
    const tokens = tokenize(text);
    return streamSSE(c, async (stream) => {
      // Latency faults delay the first token, as a slow model does.
      if (faults.latencyMs > 0) await stream.sleep(faults.latencyMs * (1 + LATENCY_JITTER * random()));
      for (const token of tokens) {
        await stream.writeSSE({ event: "token", data: JSON.stringify({ token }) });
        if (tokenMs > 0) await stream.sleep(tokenMs);
      }
      await stream.writeSSE({
        event: "done",
        data: JSON.stringify({
          label: prediction.label,
          confidence: prediction.confidence,
          model_version: model.version,
        }),
      });
    });
  });

  app.get("/admin/faults", function getFaults(c) {
    return c.json(faultsToJson(faults));
  });

  app.post("/admin/faults", limitBody, async function setFaults(c) {
    const body = await readJson(c);
    let patch: Partial<Faults>;
    try {
      patch = parseFaultsPatch(body);
    } catch (error) {
      throw new HTTPException(400, { message: error instanceof Error ? error.message : String(error) });
    }
    Object.assign(faults, patch);
    return c.json(faultsToJson(faults));
  });

  return app;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HTTPException(400, { message: `Invalid body: expected JSON (${reason})` });
  }
}

function textField(body: unknown): string {
  const text = typeof body === "object" && body !== null ? (body as Record<string, unknown>).text : undefined;
  if (typeof text !== "string" || text.trim() === "") {
    throw new HTTPException(400, { message: `Invalid field "text": expected a non-empty string` });
  }
  if (text.length > MAX_TEXT_LENGTH) {
    throw new HTTPException(400, {
      message: `Invalid field "text": expected at most ${MAX_TEXT_LENGTH} characters, got "${text.length}"`,
    });
  }
  return text;
}

/** Milliseconds between streamed tokens: `token_ms` in the body, 0 to 1000, default 10. */
function tokenMsField(body: unknown): number {
  const value = (body as Record<string, unknown>).token_ms;
  if (value === undefined) return 10;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1000) {
    throw new HTTPException(400, { message: `Invalid field "token_ms": expected a number from 0 to 1000` });
  }
  return value;
}

function channelField(body: unknown): string {
  const channel = (body as Record<string, unknown>).channel;
  if (channel === undefined) return CHANNELS[0]!;
  if (typeof channel !== "string" || !/^[A-Za-z0-9_.-]{1,64}$/.test(channel)) {
    throw new HTTPException(400, {
      message: `Invalid field "channel": expected a name of up to 64 letters, digits, "_", "." or "-"`,
    });
  }
  return channel;
}

// A caller's id is echoed so its logs and ours join up, but only if it is a sane header value: anything
// long or unprintable is replaced rather than reflected.
function requestIdFrom(header: string | undefined): string {
  return header !== undefined && /^[\x21-\x7e]{1,128}$/.test(header) ? header : crypto.randomUUID();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
