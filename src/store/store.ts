/**
 * The persistence interface every engine writes through. The embedded implementation is SQLite
 * (`sqlite_store.ts`); a PostgreSQL one for multi-instance deployments will implement the same interface.
 *
 * @module
 */

/** One probe run, as recorded by the scheduler and by `check`. */
export interface ProbeResult {
  probe: string;
  target: string;
  /** Start of the run, epoch milliseconds. */
  time: number;
  success: boolean;
  durationMs: number;
  /** HTTP status, or null when no response arrived (connection failure, timeout). */
  status: number | null;
  /** Why the run failed, at most 512 characters; null on success. */
  failure: string | null;
}

/** Counts of stored probe runs over a time range, for SLIs. */
export interface ProbeCounts {
  total: number;
  successes: number;
  /** Successful runs whose duration was at most the asked latency threshold. */
  fastSuccesses: number;
}

/** Filter for probe counts and listings. `since`/`until` are epoch ms, inclusive/exclusive. */
export interface ProbeQuery {
  target?: string;
  probe?: string;
  since: number;
  until?: number;
}

/** The store. All methods are synchronous because node:sqlite is; a networked store would wrap them. */
export interface Store {
  /** Durably records one probe result. */
  recordProbeResult(result: ProbeResult): void;
  /** The newest result of each probe, keyed by probe name. */
  lastProbeResults(): Map<string, ProbeResult>;
  /** Results matching the query, newest first, at most `limit` (default 100). */
  listProbeResults(query: ProbeQuery & { limit?: number }): ProbeResult[];
  /** Counts for the SLI of a time range; `thresholdMs` decides `fastSuccesses`. */
  countProbeResults(query: ProbeQuery & { thresholdMs?: number }): ProbeCounts;
  /** Earliest stored result time, or null when empty (tells whether a window is fully covered). */
  firstProbeResultTime(query?: { target?: string }): number | null;
  /** Deletes results older than `before` (epoch ms); returns how many were removed. */
  pruneProbeResults(before: number): number;
  /** The schema version now in force. */
  schemaVersion(): number;
  close(): void;
}
