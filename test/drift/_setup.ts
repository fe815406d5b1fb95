/** Builders shared by the drift tests: an engine over an in-memory store that evaluates synchronously. */
import { Registry } from "prom-client";
import type { ModelConfig } from "../../src/config/types.ts";
import { DriftEngine, type DriftEngineOptions } from "../../src/drift/engine.ts";
import type { PredictionRecord } from "../../src/drift/record.ts";
import { createDriftMetrics } from "../../src/metrics/drift_metrics.ts";
import { openDriftStore, type SqliteDriftStore } from "../../src/store/drift_store.ts";

/** An engine on a store (in memory unless a path is given), evaluating windows as they close. */
export function makeEngine(
  models: Record<string, ModelConfig>,
  options: Partial<DriftEngineOptions> & { path?: string } = {},
): { engine: DriftEngine; store: SqliteDriftStore; registry: Registry } {
  const registry = new Registry();
  const store = options.path === undefined ? openDriftStore(":memory:") : openDriftStore(options.path);
  const engine = new DriftEngine({
    models,
    store,
    metrics: createDriftMetrics([registry]),
    defer: (run) => run(),
    ...options,
  });
  return { engine, store, registry };
}

/** A classifier prediction with the given features. */
export function record(
  model: string,
  features: PredictionRecord["features"],
  fields: Partial<PredictionRecord> = {},
): PredictionRecord {
  return {
    model,
    modelVersion: null,
    requestId: null,
    time: 0,
    segment: null,
    features,
    prediction: { label: "a", confidence: 0.9 },
    ...fields,
  };
}

/** Standard normal draws from a uniform source (Box–Muller). */
export function normal(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
