/**
 * The long-running service: store, metrics, probe scheduler, retention and the HTTP server wired
 * together, with a graceful shutdown. `serve` and `start` are thin wrappers around `startService`.
 *
 * @module
 */
import type { Config } from "../config/types.ts";
import { latencyThresholdsMs } from "../config/load.ts";
import { createMetrics } from "../metrics/registry.ts";
import { createProbeClient, runProbe } from "../probe/run.ts";
import { ProbeScheduler } from "../probe/scheduler.ts";
import { openSqliteStore } from "../store/sqlite_store.ts";
import type { Store } from "../store/store.ts";
import { VERSION } from "../version.ts";
import { createApp } from "./app.tsx";
import { LoadRunService } from "./load_runs.ts";
import { LoadRunStore } from "../store/load_run_store.ts";
import { startDriftService } from "./drift_service.ts";

/** How often old results are pruned. */
const RETENTION_SWEEP_MS = 3_600_000;
/** How long in-flight probes may take to finish on shutdown. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Options of a running service. */
export interface ServiceOptions {
  config: Config;
  /** Overrides `config.server.port`; 0 picks a free port. */
  port?: number;
  /** Where load-run scenarios are (default `scenarios/`). */
  scenariosDir?: string;
  /** Overrides `config.server.hostname`. */
  hostname?: string;
  /** Overrides `config.storage.path`. */
  dbPath?: string;
  /** Called with each line worth a log. */
  log?: (line: string) => void;
}

/** A running service. */
export interface Service {
  url: string;
  port: number;
  store: Store;
  /** Stops scheduling, waits for in-flight probes (bounded), stops the server, closes the store. */
  shutdown(): Promise<void>;
  /** Resolves once shutdown has finished. */
  finished: Promise<void>;
}

/**
 * Starts the service: opens the store, starts the probe scheduler and the HTTP server.
 *
 * @param options config and overrides
 * @returns the running service
 */
export function startService(options: ServiceOptions): Service {
  const { config } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const store = openSqliteStore(options.dbPath ?? config.storage.path);
  const metrics = createMetrics({
    latencyThresholdsMs: latencyThresholdsMs(config),
    version: VERSION,
    confidenceThresholds: Object.values(config.models).map((model) => model.lowConfidence),
  });
  const drift = startDriftService({ config, metrics, path: options.dbPath ?? config.storage.path, log });
  const loadRunStore = new LoadRunStore(options.dbPath ?? config.storage.path);
  const loadRuns = {
    store: loadRunStore,
    service: new LoadRunService({
      config,
      store: loadRunStore,
      ...(options.scenariosDir === undefined ? {} : { scenariosDir: options.scenariosDir }),
      log,
    }),
  };
  const client = createProbeClient();
  for (const probe of config.probes) metrics.initProbe(probe.name, probe.target);
  let ready = false;

  const prune = () => {
    const removed = store.pruneProbeResults(Date.now() - config.storage.retentionMs);
    if (removed > 0) log(`retention: removed ${removed} probe results older than the retention period`);
  };
  prune();
  const sweep = setInterval(prune, RETENTION_SWEEP_MS);

  const scheduler = new ProbeScheduler({
    probes: config.probes,
    targets: config.targets,
    run: (probe, target) => runProbe(probe, target, { client }),
    onResult(result) {
      store.recordProbeResult(result);
      metrics.observeProbe(result);
    },
    onError(error, probe) {
      log(`probe ${probe.name}: ${error instanceof Error ? error.message : String(error)}`);
    },
  });

  const app = createApp({
    config,
    store,
    metrics,
    probeStates: () => scheduler.states(),
    ready: () => ready,
    drift: drift.engine,
    loadRuns: loadRuns.service,
  });
  const server = Deno.serve({
    hostname: options.hostname ?? config.server.hostname,
    port: options.port ?? config.server.port,
    onListen: () => {},
  }, app.fetch);
  const port = server.addr.port;
  scheduler.start();
  ready = true;

  let shutdownPromise: Promise<void> | null = null;
  const shutdown = () => {
    shutdownPromise ??= (async () => {
      ready = false;
      clearInterval(sweep);
      await loadRuns.service.stop();
      const drained = await scheduler.stop(SHUTDOWN_GRACE_MS);
      if (!drained) log(`shutdown: in-flight probes did not finish within ${SHUTDOWN_GRACE_MS} ms`);
      await server.shutdown();
      client.close();
      drift.stop();
      loadRuns.store.close();
      store.close();
    })();
    return shutdownPromise;
  };
  const finished = server.finished.then(() => shutdownPromise ?? undefined);
  const shown = server.addr.hostname === "0.0.0.0" ? "127.0.0.1" : server.addr.hostname;
  return { url: `http://${shown}:${port}`, port, store, shutdown, finished };
}
