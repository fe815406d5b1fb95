/**
 * The drift engine's HTTP routes: ingest (`POST /v1/predictions`), ground truth (`POST /v1/feedback`),
 * reference upload (`POST /v1/models/:model/reference`), and the reports (`GET /v1/models/:model/drift`,
 * `GET /v1/models/:model/stats`). Writes take the bearer token when one is configured; every body is
 * size-limited while it streams; a 2xx on a write means it is committed to the store.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import type { DriftEngine } from "../drift/engine.ts";
import { validatePredictions } from "../drift/ingest.ts";
import { buildProfile } from "../drift/reference.ts";
import { formatFromContentType, readRows, RowError, TooLargeError } from "../drift/rows.ts";
import type { DriftMetrics } from "../metrics/drift_metrics.ts";
import { bearerAuth } from "./auth.ts";
import { BodyTooLargeError, readBodyText } from "./body.ts";
import { latestDriftJson, modelStatsJson, referenceSummaryJson } from "./drift_json.ts";

/** Default body limit of `POST /v1/predictions`: 500 records of 20 features are ~250 KB. */
export const MAX_INGEST_BYTES = 10 * 1024 * 1024;
/** Default body limit of a streamed (NDJSON, CSV) reference upload. */
export const MAX_REFERENCE_BYTES = 256 * 1024 * 1024;
/** Default body limit of a JSON reference upload, which has to be parsed whole. */
export const MAX_REFERENCE_JSON_BYTES = 32 * 1024 * 1024;
const MAX_FEEDBACK_BYTES = 64 * 1024;

/** Options of {@linkcode driftRoutes}. */
export interface DriftRoutesOptions {
  engine: DriftEngine;
  metrics: DriftMetrics;
  /** Bearer token of the write endpoints (`server.token`); none when undefined or empty. */
  token?: string | undefined;
  /** Wall clock, epoch ms. */
  clock?: () => number;
  /** Body limits in bytes (defaults above). */
  maxIngestBytes?: number;
  maxReferenceBytes?: number;
  maxReferenceJsonBytes?: number;
}

/**
 * Builds the drift routes, to mount with `app.route("/", driftRoutes(...))`.
 *
 * @param options the engine, metrics, token and limits
 * @returns the routes
 */
export function driftRoutes(options: DriftRoutesOptions): Hono {
  const { engine, metrics } = options;
  const clock = options.clock ?? Date.now;
  const maxIngest = options.maxIngestBytes ?? MAX_INGEST_BYTES;
  const maxReference = options.maxReferenceBytes ?? MAX_REFERENCE_BYTES;
  const maxReferenceJson = options.maxReferenceJsonBytes ?? MAX_REFERENCE_JSON_BYTES;
  const auth = bearerAuth(options.token, () => metrics.countIngestRejected("unauthorized"));
  const app = new Hono();

  const unknownModel = (c: Context, model: string) => {
    const declared = engine.models();
    return c.json({
      error: `Unknown model "${model}" (${
        declared.length === 0 ? "no models are declared in the config" : `declared: ${declared.join(", ")}`
      })`,
    }, 404);
  };

  app.post("/v1/predictions", auth, async function ingestPredictions(c) {
    let text: string;
    try {
      text = await readBodyText(c.req.raw, maxIngest);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      metrics.countIngestRejected("too_large");
      return c.json({ error: error.message }, 413);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      metrics.countIngestRejected("invalid");
      return c.json({
        error: `Invalid body: expected JSON (${error instanceof Error ? error.message : error})`,
      }, 400);
    }
    const result = validatePredictions(body, engine.declarations(), { now: clock() });
    if (!result.ok) {
      const { problem } = result;
      metrics.countIngestRejected(problem.status === 404 ? "unknown_model" : "invalid");
      return c.json({
        error: problem.message,
        ...(problem.index === undefined ? {} : { index: problem.index }),
        ...(problem.field === undefined ? {} : { field: problem.field }),
      }, problem.status);
    }
    engine.ingest(result.records);
    return c.json({ accepted: result.records.length });
  });

  app.post("/v1/feedback", auth, async function feedback(c) {
    let body: unknown;
    try {
      body = JSON.parse(await readBodyText(c.req.raw, MAX_FEEDBACK_BYTES));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return c.json({ error: error.message }, 413);
      return c.json({
        error: `Invalid body: expected JSON (${error instanceof Error ? error.message : error})`,
      }, 400);
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return c.json({ error: `Invalid body: expected { "request_id": "...", "label": "..." }` }, 400);
    }
    const fields = body as Record<string, unknown>;
    const unknown = Object.keys(fields).find((key) => key !== "request_id" && key !== "label");
    if (unknown !== undefined) {
      return c.json(
        { error: `Unknown field "${unknown}": expected request_id and label`, field: unknown },
        400,
      );
    }
    const requestId = fields.request_id;
    if (typeof requestId !== "string" || requestId === "" || requestId.length > 256) {
      return c.json(
        { error: `Invalid field "request_id": expected a non-empty string`, field: "request_id" },
        400,
      );
    }
    const label = fields.label;
    if (
      !(typeof label === "string" && label !== "" && label.length <= 256) && typeof label !== "boolean" &&
      !(typeof label === "number" && Number.isFinite(label))
    ) {
      return c.json(
        { error: `Invalid field "label": expected the true class (a string)`, field: "label" },
        400,
      );
    }
    const outcome = engine.feedback(requestId, String(label));
    switch (outcome.status) {
      case "joined":
        return c.json({
          status: "joined",
          model: outcome.model,
          prediction: outcome.prediction,
          correct: outcome.correct,
        });
      case "unknown":
        return c.json({ error: `Unknown request_id "${requestId}": no stored prediction has it` }, 404);
      case "expired":
        return c.json({
          error: `Expired request_id "${requestId}": its prediction is ${
            Math.round(outcome.ageMs / 1000)
          } s old, past the join TTL of model "${outcome.model}"`,
        }, 404);
      case "duplicate":
        return c.json(
          { error: `Duplicate feedback for request_id "${requestId}": it already has a label` },
          409,
        );
    }
  });

  app.post("/v1/models/:model/reference", auth, async function uploadReference(c) {
    const name = c.req.param("model");
    if (!engine.models().includes(name)) return unknownModel(c, name);
    const format = formatFromContentType(c.req.header("content-type"));
    if (format === undefined) {
      return c.json({
        error: `Unsupported content-type "${
          c.req.header("content-type") ?? ""
        }": expected application/json, application/x-ndjson or text/csv`,
      }, 415);
    }
    const limit = format === "json" ? maxReferenceJson : maxReference;
    const declared = Number(c.req.header("content-length") ?? NaN);
    if (declared > limit || c.req.raw.body === null) {
      return declared > limit
        ? c.json({ error: `Request body too large: expected at most ${limit} bytes` }, 413)
        : c.json({ error: "Invalid body: expected rows, got none" }, 400);
    }
    try {
      const rows = readRows(c.req.raw.body, format, { maxBytes: limit });
      const { profile, ignoredColumns } = await buildProfile(rows, engine.model(name), { now: clock() });
      engine.setReference(name, profile);
      return c.json(referenceSummaryJson(profile, ignoredColumns), 201);
    } catch (error) {
      if (error instanceof TooLargeError) return c.json({ error: error.message }, 413);
      if (error instanceof RowError) return c.json({ error: error.message }, 400);
      throw error;
    }
  });

  app.get("/v1/models/:model/drift", function latestDrift(c) {
    const name = c.req.param("model");
    if (!engine.models().includes(name)) return unknownModel(c, name);
    const stats = engine.stats(name);
    return c.json(latestDriftJson(name, engine.report(name), stats.openWindow, stats.reference !== null));
  });

  app.get("/v1/models/:model/stats", function modelStats(c) {
    const name = c.req.param("model");
    if (!engine.models().includes(name)) return unknownModel(c, name);
    return c.json(modelStatsJson(engine.stats(name), clock()));
  });

  return app;
}
