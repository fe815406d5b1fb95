/**
 * The embedded {@linkcode Store}: SQLite through `node:sqlite`, one file under `.vigil/` in service use
 * and `:memory:` in tests.
 *
 * @module
 */

import { DatabaseSync, type SQLInputValue, type SQLOutputValue, type StatementSync } from "node:sqlite";
import { dirname } from "node:path";
import { applyMigrations, readUserVersion } from "./migrations.ts";
import type { ProbeBucket, ProbeCounts, ProbeFailureCount, ProbeQuery, ProbeResult, Store } from "./store.ts";

/** Longest failure reason kept; the rest is noise (stack traces, whole response bodies). */
export const MAX_FAILURE_LENGTH = 512;
/** Rows `listProbeResults` returns when no `limit` is given. */
export const DEFAULT_LIST_LIMIT = 100;
/** Largest `limit` `listProbeResults` accepts, so one request cannot pull the whole table. */
export const MAX_LIST_LIMIT = 10_000;

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;
/** Stands in for "no upper bound" so one statement shape serves queries with and without `until`. */
const NO_UNTIL = Number.MAX_SAFE_INTEGER;

/** Options for {@linkcode openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * Source of "now" in epoch ms (default `Date.now`). The probe schema stores only caller-given times;
   * the clock is injected now so store-maintained timestamps of later tables stay testable.
   */
  clock?: () => number;
}

/** The filters shared by counts and listings, as one statement's shape and its bound values. */
interface Filter {
  key: string;
  where: string;
  params: Record<string, SQLInputValue>;
}

const COLUMNS = "id, probe, target, time, success, duration_ms, status, failure";

/** A {@linkcode Store} kept in one SQLite database. */
export class SqliteStore implements Store {
  /** The file path, or `:memory:`. */
  readonly path: string;
  readonly #db: DatabaseSync;
  /** Unused by the probe schema, which stores only caller-given times; kept for later tables. */
  readonly #clock: () => number;
  readonly #insert: StatementSync;
  readonly #last: StatementSync;
  readonly #prune: StatementSync;
  readonly #first: StatementSync;
  readonly #firstForTarget: StatementSync;
  /** Filtered statements, prepared once per filter shape on first use. */
  readonly #byShape = new Map<string, StatementSync>();
  #closed = false;

  /**
   * Wraps an open, migrated database; use {@linkcode openSqliteStore} rather than this.
   *
   * @param db The database, already configured and migrated.
   * @param path Its path, named in error messages.
   * @param clock Source of "now" in epoch ms.
   */
  constructor(db: DatabaseSync, path: string, clock: () => number) {
    this.#db = db;
    this.path = path;
    this.#clock = clock;
    this.#insert = db.prepare(
      `INSERT INTO probe_results (probe, target, time, success, duration_ms, status, failure)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    // A loose index scan: the recursive CTE hops from one distinct probe to the next through the
    // (probe, time) index, then one index seek per probe finds its newest row. Cost grows with the number
    // of probes, not of rows, where a window function or GROUP BY would read the whole table.
    this.#last = db.prepare(
      `WITH RECURSIVE probes(name) AS (
         SELECT MIN(probe) FROM probe_results
         UNION ALL
         SELECT (SELECT MIN(probe) FROM probe_results WHERE probe > probes.name)
         FROM probes WHERE probes.name IS NOT NULL
       )
       SELECT ${COLUMNS} FROM probes JOIN probe_results r ON r.id = (
         SELECT id FROM probe_results WHERE probe = probes.name ORDER BY time DESC, id DESC LIMIT 1
       )
       ORDER BY r.probe`,
    );
    this.#prune = db.prepare("DELETE FROM probe_results WHERE time < ?");
    this.#first = db.prepare("SELECT MIN(time) AS first FROM probe_results");
    this.#firstForTarget = db.prepare("SELECT MIN(time) AS first FROM probe_results WHERE target = ?");
  }

  /**
   * Durably records one probe result: under autocommit each insert is its own committed transaction.
   *
   * @param result The run to record; a failure reason longer than 512 characters is truncated.
   */
  recordProbeResult(result: ProbeResult): void {
    this.#open();
    if (!Number.isFinite(result.time)) {
      throw new RangeError(`Cannot record probe result with time "${result.time}": must be epoch ms`);
    }
    if (!Number.isFinite(result.durationMs) || result.durationMs < 0) {
      throw new RangeError(
        `Cannot record probe result with duration "${result.durationMs}": must be a non-negative number`,
      );
    }
    this.#insert.run(
      result.probe,
      result.target,
      // The column is INTEGER ms; a fractional time would be stored as REAL and break the type contract.
      Math.floor(result.time),
      result.success ? 1 : 0,
      result.durationMs,
      result.status,
      result.failure === null ? null : truncateFailure(result.failure),
    );
  }

  /**
   * The newest result of each probe, ties on time broken by insertion order.
   *
   * @returns The results keyed by probe name, in name order.
   */
  lastProbeResults(): Map<string, ProbeResult> {
    this.#open();
    const results = new Map<string, ProbeResult>();
    for (const row of this.#last.all()) {
      const result = toProbeResult(row);
      results.set(result.probe, result);
    }
    return results;
  }

  /**
   * Results matching the query, newest first.
   *
   * @param query Filters, plus `limit` (default 100, at most 10000).
   * @returns At most `limit` results.
   */
  listProbeResults(query: ProbeQuery & { limit?: number }): ProbeResult[] {
    this.#open();
    const limit = query.limit ?? DEFAULT_LIST_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new RangeError(
        `Cannot list probe results with limit "${limit}": must be an integer from 1 to ${MAX_LIST_LIMIT}`,
      );
    }
    const filter = this.#filter(query);
    const statement = this.#statement(
      `list:${filter.key}`,
      `SELECT ${COLUMNS} FROM probe_results WHERE ${filter.where} ORDER BY time DESC, id DESC LIMIT :limit`,
    );
    return statement.all({ ...filter.params, limit }).map(toProbeResult);
  }

  /**
   * Counts for the SLI of a time range, in one statement.
   *
   * @param query Filters, plus `thresholdMs`: successes at most this slow count as fast (all do without it).
   * @returns Total runs, successful runs and fast successful runs.
   */
  countProbeResults(query: ProbeQuery & { thresholdMs?: number }): ProbeCounts {
    this.#open();
    const threshold = query.thresholdMs ?? null;
    if (threshold !== null && Number.isNaN(threshold)) {
      throw new RangeError(`Cannot count probe results with threshold "${threshold}": must be a number`);
    }
    const filter = this.#filter(query);
    const statement = this.#statement(
      `count:${filter.key}`,
      `SELECT COUNT(*) AS total,
              COALESCE(SUM(success), 0) AS successes,
              COALESCE(SUM(CASE WHEN success = 1 AND (:threshold IS NULL OR duration_ms <= :threshold)
                                THEN 1 ELSE 0 END), 0) AS fast
       FROM probe_results WHERE ${filter.where}`,
    );
    const row = statement.get({ ...filter.params, threshold });
    return {
      total: Number(row?.total ?? 0),
      successes: Number(row?.successes ?? 0),
      fastSuccesses: Number(row?.fast ?? 0),
    };
  }

  /**
   * Runs per probe and time bucket, aggregated in SQL so a timeline costs one indexed range scan however
   * many runs it covers.
   *
   * @param query Filters, plus `bucketMs`: the bucket width (at least 1 ms).
   * @returns One row per probe and non-empty bucket, ordered by probe then bucket.
   */
  probeTimeline(query: ProbeQuery & { bucketMs: number }): ProbeBucket[] {
    this.#open();
    if (!(Number.isFinite(query.bucketMs) && query.bucketMs >= 1)) {
      throw new RangeError(`Cannot bucket probe results by "${query.bucketMs}" ms: must be at least 1`);
    }
    const filter = this.#filter(query);
    // Numbers are bound as REAL: the cast makes the division an integer bucket index.
    const statement = this.#statement(
      `timeline:${filter.key}`,
      `SELECT probe, target, CAST((time - :since) / :bucket AS INTEGER) AS bucket, COUNT(*) AS total,
              SUM(success) AS successes, AVG(duration_ms) AS mean, MAX(duration_ms) AS max
       FROM probe_results WHERE ${filter.where}
       GROUP BY probe, bucket ORDER BY probe, bucket`,
    );
    return statement.all({ ...filter.params, bucket: query.bucketMs }).map((row) => ({
      probe: String(row.probe),
      target: String(row.target),
      index: Number(row.bucket),
      total: Number(row.total),
      successes: Number(row.successes),
      meanMs: Number(row.mean),
      maxMs: Number(row.max),
    }));
  }

  /**
   * Failed runs grouped by probe and reason.
   *
   * @param query Filters, plus `limit` (default 20, at most 10000).
   * @returns The groups, the most recently seen first.
   */
  probeFailures(query: ProbeQuery & { limit?: number }): ProbeFailureCount[] {
    this.#open();
    const limit = query.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new RangeError(
        `Cannot list probe failures with limit "${limit}": must be an integer from 1 to ${MAX_LIST_LIMIT}`,
      );
    }
    const filter = this.#filter(query);
    const statement = this.#statement(
      `failures:${filter.key}`,
      `SELECT probe, COALESCE(failure, '') AS failure, COUNT(*) AS n, MAX(time) AS last
       FROM probe_results WHERE ${filter.where} AND success = 0
       GROUP BY probe, failure ORDER BY last DESC, probe LIMIT :limit`,
    );
    return statement.all({ ...filter.params, limit }).map((row) => ({
      probe: String(row.probe),
      failure: String(row.failure),
      count: Number(row.n),
      lastTime: Number(row.last),
    }));
  }

  /**
   * Earliest stored result time, telling whether a window is fully covered by data.
   *
   * @param query Optionally, the target to look at.
   * @returns Epoch ms, or null when nothing (for that target) is stored.
   */
  firstProbeResultTime(query: { target?: string } = {}): number | null {
    this.#open();
    const row = query.target === undefined ? this.#first.get() : this.#firstForTarget.get(query.target);
    const first = row?.first;
    return first === null || first === undefined ? null : Number(first);
  }

  /**
   * Deletes results older than a cutoff.
   *
   * @param before Epoch ms; rows with an earlier time are removed.
   * @returns How many rows were removed.
   */
  pruneProbeResults(before: number): number {
    this.#open();
    return Number(this.#prune.run(before).changes);
  }

  /**
   * The schema version now in force.
   *
   * @returns The database's `user_version`.
   */
  schemaVersion(): number {
    this.#open();
    return readUserVersion(this.#db);
  }

  /** Closes the database; closing again does nothing, any other use afterwards throws. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#byShape.clear();
    this.#db.close();
  }

  #open(): void {
    if (this.#closed) throw new Error(`Cannot use store "${this.path}": it is closed`);
  }

  /**
   * Each filter shape gets its own SQL so the planner sees plain `target = ?` / `probe = ?` terms and
   * picks an index; "(:x IS NULL OR col = :x)" would force a scan of the whole time range.
   */
  #filter(query: ProbeQuery): Filter {
    if (!Number.isFinite(query.since)) {
      throw new RangeError(`Cannot query probe results since "${query.since}": must be epoch ms`);
    }
    const terms = ["time >= :since", "time < :until"];
    const params: Record<string, SQLInputValue> = { since: query.since, until: query.until ?? NO_UNTIL };
    if (query.target !== undefined) {
      terms.push("target = :target");
      params.target = query.target;
    }
    if (query.probe !== undefined) {
      terms.push("probe = :probe");
      params.probe = query.probe;
    }
    const key = `${query.target !== undefined ? "t" : "-"}${query.probe !== undefined ? "p" : "-"}`;
    return { key, where: terms.join(" AND "), params };
  }

  #statement(key: string, sql: string): StatementSync {
    let statement = this.#byShape.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#byShape.set(key, statement);
    }
    return statement;
  }
}

/**
 * Opens (creating if needed) a SQLite store and brings its schema up to date.
 *
 * @param path A file path (its directory is created if missing) or `:memory:`.
 * @param options An injectable clock.
 * @returns The open store; close it when done.
 *
 * @example Recording and counting probe runs
 * ```ts
 * import assert from "assert";
 * import { openSqliteStore } from "./sqlite_store.ts";
 *
 * const store = openSqliteStore(":memory:");
 * store.recordProbeResult({
 *   probe: "predict",
 *   target: "demo",
 *   time: 1_000,
 *   success: true,
 *   durationMs: 42,
 *   status: 200,
 *   failure: null,
 * });
 * assert.deepEqual(store.countProbeResults({ since: 0, thresholdMs: 50 }), {
 *   total: 1,
 *   successes: 1,
 *   fastSuccesses: 1,
 * });
 * store.close();
 * ```
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const inMemory = path === ":memory:";
  if (!inMemory) Deno.mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    if (!inMemory) {
      // WAL lets readers (dashboard, /metrics) run while the scheduler writes.
      db.exec("PRAGMA journal_mode = WAL");
      // With WAL, NORMAL writes each commit to the WAL file before returning and fsyncs only at
      // checkpoints: a crash of the process loses nothing committed (the OS holds the written pages);
      // only an OS crash or power loss can drop the last commits, and never corrupts the database.
      // FULL would fsync every probe result for protection the service does not promise.
      db.exec("PRAGMA synchronous = NORMAL");
    }
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec("PRAGMA foreign_keys = ON");
    applyMigrations(db, { path });
    return new SqliteStore(db, path, options.clock ?? Date.now);
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Cuts a failure reason to its first 512 characters without splitting a surrogate pair. */
function truncateFailure(failure: string): string {
  if (failure.length <= MAX_FAILURE_LENGTH) return failure;
  const cut = failure.slice(0, MAX_FAILURE_LENGTH);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

function toProbeResult(row: Record<string, SQLOutputValue>): ProbeResult {
  return {
    probe: String(row.probe),
    target: String(row.target),
    time: Number(row.time),
    success: row.success === 1,
    durationMs: Number(row.duration_ms),
    status: row.status === null ? null : Number(row.status),
    failure: row.failure === null ? null : String(row.failure),
  };
}
