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

/** Probe runs of one probe within one time bucket, for timelines. */
export interface ProbeBucket {
  probe: string;
  target: string;
  /** The bucket's index from the query's `since`: it covers [since + index × bucketMs, + bucketMs). */
  index: number;
  total: number;
  successes: number;
  /** Mean and longest duration of the bucket's runs, ms. */
  meanMs: number;
  maxMs: number;
}

/** How often one probe failed for one reason. */
export interface ProbeFailureCount {
  probe: string;
  failure: string;
  count: number;
  /** The latest run that failed so, epoch ms. */
  lastTime: number;
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
  /** Runs per probe and time bucket of `bucketMs` from `since`, by probe then bucket; empty buckets are left out. */
  probeTimeline(query: ProbeQuery & { bucketMs: number }): ProbeBucket[];
  /** Failed runs grouped by probe and reason, the most recent first, at most `limit` (default 20). */
  probeFailures(query: ProbeQuery & { limit?: number }): ProbeFailureCount[];
  /** Earliest stored result time, or null when empty (tells whether a window is fully covered). */
  firstProbeResultTime(query?: { target?: string }): number | null;
  /** Deletes results older than `before` (epoch ms); returns how many were removed. */
  pruneProbeResults(before: number): number;
  /** The schema version now in force. */
  schemaVersion(): number;
  close(): void;
}
