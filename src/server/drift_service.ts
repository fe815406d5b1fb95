/**
 * The drift engine's part of the long-running service: its store connection, the timer that closes
 * windows past their time cap, retention of predictions and windows, and shutdown.
 *
 * @module
 */
import type { Config } from "../config/types.ts";
import { DriftEngine } from "../drift/engine.ts";
import type { VigilMetrics } from "../metrics/registry.ts";
import { openDriftStore, type SqliteDriftStore } from "../store/drift_store.ts";

/** How often windows are checked against their time cap. */
const TICK_MS = 1_000;
/** How often old predictions and windows are pruned. */
const RETENTION_SWEEP_MS = 3_600_000;

/** Options of {@linkcode startDriftService}. */
export interface DriftServiceOptions {
  config: Config;
  metrics: VigilMetrics;
  /** The SQLite file (the service's), or `:memory:`. */
  path: string;
  log: (line: string) => void;
}

/** The running drift engine. */
export interface DriftService {
  engine: DriftEngine;
  store: SqliteDriftStore;
  /** Stops the timers and the engine, closes its store connection. */
  stop(): void;
}

/**
 * Opens the drift store, restores the engine from it and starts its timers.
 *
 * @param options config, metrics, database path and log
 * @returns the running engine
 */
export function startDriftService(options: DriftServiceOptions): DriftService {
  const { config, log } = options;
  const store = openDriftStore(options.path);
  const engine = new DriftEngine({ models: config.models, store, metrics: options.metrics.drift, log });
  const prune = () => {
    const removed = store.prune(Date.now() - config.storage.retentionMs);
    if (removed.predictions > 0) {
      log(`retention: removed ${removed.predictions} predictions and ${removed.windows} drift windows`);
    }
  };
  prune();
  const tick = setInterval(() => engine.tick(), TICK_MS);
  const sweep = setInterval(prune, RETENTION_SWEEP_MS);
  return {
    engine,
    store,
    stop() {
      clearInterval(tick);
      clearInterval(sweep);
      engine.close();
      store.close();
    },
  };
}
