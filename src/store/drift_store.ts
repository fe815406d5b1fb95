/**
 * Persistence of the drift engine: ingested predictions, reference profiles, closed windows with their
 * reports, ground-truth labels, and per-model counters — in the same SQLite file as the probe results
 * (tables of migration 2), through a connection of its own so ingest batches and probe writes do not
 * share transaction state.
 *
 * A batch is inserted in one transaction together with the counters it moves, so a 2xx after
 * `insertPredictions` returns means the rows are committed to the WAL: a crash of the process loses none.
 *
 * @module
 */
import { DatabaseSync, type SQLOutputValue, type StatementSync } from "node:sqlite";
import { dirname } from "node:path";
import { applyMigrations } from "./migrations.ts";

/** One prediction as stored. */
export interface PredictionRow {
  model: string;
  modelVersion: string | null;
  requestId: string | null;
  /** Prediction time, epoch ms. */
  time: number;
  features: Record<string, number | string | null>;
  label: string | null;
  value: number | null;
  confidence: number | null;
  probabilities: Record<string, number> | null;
  segment: string | null;
}

/** A stored prediction with its id and receive time. */
export interface StoredPrediction extends PredictionRow {
  id: number;
  received: number;
}

/** What the feedback join needs of a prediction. */
export interface JoinTarget {
  id: number;
  model: string;
  time: number;
  label: string | null;
  segment: string | null;
  /** When a label was already joined, epoch ms; null when none was. */
  truthTime: number | null;
}

/** A labelled outcome, for rebuilding rolling accuracy. */
export interface LabelledOutcome {
  correct: boolean;
  segment: string | null;
  truthTime: number;
}

/** A closed window as recorded. */
export interface WindowRow {
  model: string;
  /** 1, 2, 3, ... per model. */
  seq: number;
  firstId: number;
  lastId: number;
  n: number;
  start: number;
  end: number;
  reason: string;
  /** The highest severity of its report, once evaluated. */
  severity: string | null;
  /** The report as JSON, once evaluated. */
  report: string | null;
}

/** A stored reference profile. */
export interface StoredProfile {
  createdAt: number;
  rows: number;
  /** The profile as JSON. */
  profile: string;
}

/** Counter increments per model, applied in the transaction of the rows they count. */
export type CounterDeltas = Map<string, Record<string, number>>;

/** What `prune` removed. */
export interface PruneReport {
  predictions: number;
  windows: number;
}

/** What {@linkcode DriftStore.predictionTimeline} aggregates. */
export interface PredictionTimelineQuery {
  /** Receive times, epoch ms: [since, until). */
  since: number;
  until: number;
  /** Bucket width, ms (at least 1). */
  bucketMs: number;
  /** Upper bounds of the confidence buckets, ascending; a confidence goes to the first it does not exceed. */
  confidenceBounds: readonly number[];
  /** Confidences below this count as low. */
  lowConfidence: number;
}

/** Predictions of one time bucket, class and confidence bucket. */
export interface PredictionBucket {
  /** The bucket's index from `since`. */
  index: number;
  /** The predicted class, null for predictions without one (regressors). */
  label: string | null;
  /** Index into the confidence bounds; null for predictions without a confidence. */
  confidenceBucket: number | null;
  count: number;
  /** Of them, with a confidence below the query's `lowConfidence`. */
  lowConfidence: number;
  /** When the first of them arrived, epoch ms. */
  firstReceived: number;
}

/** Labelled predictions of one segment. */
export interface SegmentOutcomes {
  /** The segment as sent, null for predictions without one. */
  segment: string | null;
  labelled: number;
  correct: number;
}

/** The drift engine's store. Synchronous, as node:sqlite is. */
export interface DriftStore {
  /** Inserts a batch in one transaction with its counter deltas; returns the ids, in order. */
  insertPredictions(rows: readonly PredictionRow[], received: number, counters: CounterDeltas): number[];
  /** Stored predictions of a model with id > afterId, oldest first, at most `limit`. */
  predictionsAfter(model: string, afterId: number, limit: number): StoredPrediction[];
  /** The newest prediction with this request id, or null. */
  findPrediction(requestId: string): JoinTarget | null;
  /** Attaches a label to an unlabelled prediction and moves the counters; false if it was labelled meanwhile. */
  recordLabel(
    id: number,
    model: string,
    truth: string,
    correct: boolean,
    now: number,
    counters: Record<string, number>,
  ): boolean;
  /** The newest labelled outcomes of a model, newest first. */
  recentLabels(model: string, limit: number): LabelledOutcome[];
  /** Adds to a model's counters. */
  addCounters(model: string, counters: Record<string, number>): void;
  /** A model's counters by name. */
  counters(model: string): Record<string, number>;
  /** Replaces a model's reference profile. */
  saveProfile(model: string, profile: StoredProfile): void;
  loadProfile(model: string): StoredProfile | null;
  /** Records a closed window; returns its seq. */
  recordWindow(window: Omit<WindowRow, "seq" | "severity" | "report">): number;
  /** Stores a window's report. */
  setWindowReport(model: string, seq: number, severity: string, report: string): void;
  /** The newest closed window, or with `evaluated`, the newest with a report. */
  latestWindow(model: string, options?: { evaluated?: boolean }): WindowRow | null;
  /** Closed windows and evaluated ones. */
  windowCounts(model: string): { closed: number; evaluated: number };
  /** Deletes predictions received, and windows ended, before `before` (epoch ms). */
  prune(before: number): PruneReport;
  /** A model's predictions received in a time range, counted per time bucket, class and confidence bucket. */
  predictionTimeline(model: string, query: PredictionTimelineQuery): PredictionBucket[];
  /** A model's predictions whose label arrived in [since, until), counted per segment. */
  segmentOutcomes(model: string, query: { since: number; until: number }): SegmentOutcomes[];
  close(): void;
}

const BUSY_TIMEOUT_MS = 5_000;

/**
 * The {@linkcode DriftStore} over node:sqlite.
 */
export class SqliteDriftStore implements DriftStore {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #counter: StatementSync;
  readonly #after: StatementSync;
  readonly #find: StatementSync;
  readonly #label: StatementSync;
  readonly #recent: StatementSync;
  readonly #counters: StatementSync;
  readonly #saveProfile: StatementSync;
  readonly #loadProfile: StatementSync;
  readonly #recordWindow: StatementSync;
  readonly #setReport: StatementSync;
  readonly #latest: StatementSync;
  readonly #latestEvaluated: StatementSync;
  readonly #windowCounts: StatementSync;
  readonly #segments: StatementSync;
  /** Timeline statements by confidence bounds. */
  readonly #timelines = new Map<string, StatementSync>();
  #closed = false;

  /**
   * Wraps an open, migrated database; use {@linkcode openDriftStore}.
   *
   * @param db the database
   * @param path its path, for messages
   */
  constructor(db: DatabaseSync, path: string) {
    this.#db = db;
    this.path = path;
    this.#insert = db.prepare(
      `INSERT INTO predictions (model, model_version, request_id, time, received, features, label, value,
         confidence, probabilities, segment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#counter = db.prepare(
      `INSERT INTO model_counters (model, name, value) VALUES (?, ?, ?)
       ON CONFLICT (model, name) DO UPDATE SET value = value + excluded.value`,
    );
    this.#after = db.prepare(
      `SELECT id, model, model_version, request_id, time, received, features, label, value, confidence,
         probabilities, segment FROM predictions WHERE id > ? AND model = ? ORDER BY id LIMIT ?`,
    );
    this.#find = db.prepare(
      `SELECT id, model, time, label, segment, truth_time FROM predictions WHERE request_id = ?
       ORDER BY id DESC LIMIT 1`,
    );
    this.#label = db.prepare(
      `UPDATE predictions SET truth = ?, truth_time = ?, correct = ? WHERE id = ? AND truth_time IS NULL`,
    );
    this.#recent = db.prepare(
      `SELECT correct, segment, truth_time FROM predictions WHERE model = ? AND truth_time IS NOT NULL
       ORDER BY truth_time DESC LIMIT ?`,
    );
    this.#counters = db.prepare(`SELECT name, value FROM model_counters WHERE model = ?`);
    this.#saveProfile = db.prepare(
      `INSERT INTO reference_profiles (model, created_at, rows, profile) VALUES (?, ?, ?, ?)
       ON CONFLICT (model) DO UPDATE SET created_at = excluded.created_at, rows = excluded.rows,
         profile = excluded.profile`,
    );
    this.#loadProfile = db.prepare(
      `SELECT created_at, rows, profile FROM reference_profiles WHERE model = ?`,
    );
    this.#recordWindow = db.prepare(
      `INSERT INTO drift_windows (model, seq, first_id, last_id, n, start, end, reason)
       VALUES (:model, (SELECT COALESCE(MAX(seq), 0) + 1 FROM drift_windows WHERE model = :model),
         :first, :last, :n, :start, :end, :reason) RETURNING seq`,
    );
    this.#setReport = db.prepare(
      `UPDATE drift_windows SET severity = ?, report = ? WHERE model = ? AND seq = ?`,
    );
    this.#latest = db.prepare(`SELECT * FROM drift_windows WHERE model = ? ORDER BY seq DESC LIMIT 1`);
    this.#latestEvaluated = db.prepare(
      `SELECT * FROM drift_windows WHERE model = ? AND report IS NOT NULL ORDER BY seq DESC LIMIT 1`,
    );
    this.#windowCounts = db.prepare(
      `SELECT COUNT(*) AS closed, COUNT(report) AS evaluated FROM drift_windows WHERE model = ?`,
    );
    this.#segments = db.prepare(
      `SELECT segment, COUNT(*) AS n, COALESCE(SUM(correct), 0) AS correct FROM predictions
       WHERE model = ? AND truth_time IS NOT NULL AND truth_time >= ? AND truth_time < ?
       GROUP BY segment ORDER BY segment`,
    );
  }

  insertPredictions(rows: readonly PredictionRow[], received: number, counters: CounterDeltas): number[] {
    this.#open();
    return this.#transaction(() => {
      const ids = new Array<number>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const result = this.#insert.run(
          row.model,
          row.modelVersion,
          row.requestId,
          Math.floor(row.time),
          Math.floor(received),
          JSON.stringify(row.features),
          row.label,
          row.value,
          row.confidence,
          row.probabilities === null ? null : JSON.stringify(row.probabilities),
          row.segment,
        );
        ids[i] = Number(result.lastInsertRowid);
      }
      for (const [model, deltas] of counters) this.#addCounters(model, deltas);
      return ids;
    });
  }

  predictionsAfter(model: string, afterId: number, limit: number): StoredPrediction[] {
    this.#open();
    return this.#after.all(afterId, model, limit).map(toStoredPrediction);
  }

  findPrediction(requestId: string): JoinTarget | null {
    this.#open();
    const row = this.#find.get(requestId);
    if (row === undefined) return null;
    return {
      id: Number(row.id),
      model: String(row.model),
      time: Number(row.time),
      label: nullableText(row.label),
      segment: nullableText(row.segment),
      truthTime: row.truth_time === null ? null : Number(row.truth_time),
    };
  }

  recordLabel(
    id: number,
    model: string,
    truth: string,
    correct: boolean,
    now: number,
    counters: Record<string, number>,
  ): boolean {
    this.#open();
    return this.#transaction(() => {
      const changed = Number(this.#label.run(truth, Math.floor(now), correct ? 1 : 0, id).changes) > 0;
      if (changed) this.#addCounters(model, counters);
      return changed;
    });
  }

  recentLabels(model: string, limit: number): LabelledOutcome[] {
    this.#open();
    return this.#recent.all(model, limit).map((row) => ({
      correct: row.correct === 1,
      segment: nullableText(row.segment),
      truthTime: Number(row.truth_time),
    }));
  }

  addCounters(model: string, counters: Record<string, number>): void {
    this.#open();
    this.#transaction(() => this.#addCounters(model, counters));
  }

  counters(model: string): Record<string, number> {
    this.#open();
    return Object.fromEntries(this.#counters.all(model).map((row) => [String(row.name), Number(row.value)]));
  }

  saveProfile(model: string, profile: StoredProfile): void {
    this.#open();
    this.#saveProfile.run(model, Math.floor(profile.createdAt), profile.rows, profile.profile);
  }

  loadProfile(model: string): StoredProfile | null {
    this.#open();
    const row = this.#loadProfile.get(model);
    if (row === undefined) return null;
    return { createdAt: Number(row.created_at), rows: Number(row.rows), profile: String(row.profile) };
  }

  recordWindow(window: Omit<WindowRow, "seq" | "severity" | "report">): number {
    this.#open();
    const row = this.#recordWindow.get({
      model: window.model,
      first: window.firstId,
      last: window.lastId,
      n: window.n,
      start: Math.floor(window.start),
      end: Math.floor(window.end),
      reason: window.reason,
    });
    return Number(row?.seq);
  }

  setWindowReport(model: string, seq: number, severity: string, report: string): void {
    this.#open();
    this.#setReport.run(severity, report, model, seq);
  }

  latestWindow(model: string, options: { evaluated?: boolean } = {}): WindowRow | null {
    this.#open();
    const row = (options.evaluated ? this.#latestEvaluated : this.#latest).get(model);
    return row === undefined ? null : toWindowRow(row);
  }

  windowCounts(model: string): { closed: number; evaluated: number } {
    this.#open();
    const row = this.#windowCounts.get(model);
    return { closed: Number(row?.closed ?? 0), evaluated: Number(row?.evaluated ?? 0) };
  }

  prune(before: number): PruneReport {
    this.#open();
    return this.#transaction(() => {
      // The counts per model first, so "stored" stays equal to the rows that are left.
      const gone = this.#db.prepare(
        `SELECT model, COUNT(*) AS n FROM predictions WHERE received < ? GROUP BY model`,
      ).all(before);
      for (const row of gone) this.#addCounters(String(row.model), { stored: -Number(row.n) });
      const predictions = Number(
        this.#db.prepare(`DELETE FROM predictions WHERE received < ?`).run(before).changes,
      );
      const windows = Number(this.#db.prepare(`DELETE FROM drift_windows WHERE end < ?`).run(before).changes);
      return { predictions, windows };
    });
  }

  predictionTimeline(model: string, query: PredictionTimelineQuery): PredictionBucket[] {
    this.#open();
    if (!(Number.isFinite(query.bucketMs) && query.bucketMs >= 1)) {
      throw new RangeError(`Cannot bucket predictions by "${query.bucketMs}" ms: must be at least 1`);
    }
    const bounds = query.confidenceBounds;
    if (
      bounds.length === 0 || !bounds.every((b, i) => Number.isFinite(b) && (i === 0 || b > bounds[i - 1]!))
    ) {
      throw new RangeError(`Invalid confidence bounds "${bounds.join(", ")}": expected ascending numbers`);
    }
    // The bounds become literals of the CASE (they are checked numbers), one prepared statement per set.
    const key = bounds.join(",");
    let statement = this.#timelines.get(key);
    if (statement === undefined) {
      const cases = bounds.slice(0, -1).map((bound, i) => `WHEN confidence <= ${bound} THEN ${i}`).join(" ");
      statement = this.#db.prepare(
        `SELECT CAST((received - :since) / :bucket AS INTEGER) AS bucket, label,
                CASE WHEN confidence IS NULL THEN NULL ${cases} ELSE ${bounds.length - 1} END AS cbucket,
                COUNT(*) AS n, COALESCE(SUM(confidence < :low), 0) AS low, MIN(received) AS first
         FROM predictions WHERE received >= :since AND received < :until AND model = :model
         GROUP BY bucket, label, cbucket ORDER BY bucket`,
      );
      this.#timelines.set(key, statement);
    }
    return statement.all({
      since: query.since,
      until: query.until,
      bucket: query.bucketMs,
      low: query.lowConfidence,
      model,
    }).map((row) => ({
      index: Number(row.bucket),
      label: nullableText(row.label),
      confidenceBucket: nullableNumber(row.cbucket),
      count: Number(row.n),
      lowConfidence: Number(row.low),
      firstReceived: Number(row.first),
    }));
  }

  segmentOutcomes(model: string, query: { since: number; until: number }): SegmentOutcomes[] {
    this.#open();
    return this.#segments.all(model, query.since, query.until).map((row) => ({
      segment: nullableText(row.segment),
      labelled: Number(row.n),
      correct: Number(row.correct),
    }));
  }

  /** Closes the database; closing again does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #addCounters(model: string, counters: Record<string, number>): void {
    for (const [name, value] of Object.entries(counters)) {
      if (value !== 0) this.#counter.run(model, name, value);
    }
  }

  #transaction<T>(run: () => T): T {
    // IMMEDIATE takes the write lock first: the probe store writes to the same file from another connection.
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = run();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  #open(): void {
    if (this.#closed) throw new Error(`Cannot use drift store "${this.path}": it is closed`);
  }
}

/**
 * Opens (creating if needed) the drift store on a SQLite file, bringing the schema up to date.
 *
 * @param path a file path (its directory is created) or `:memory:` (a private in-memory database)
 * @returns the open store
 * @example
 * ```ts
 * import { openDriftStore } from "./drift_store.ts";
 * import assert from "node:assert/strict";
 * const store = openDriftStore(":memory:");
 * const row = { model: "m", modelVersion: null, requestId: "r1", time: 1, features: { x: 1 }, label: "a",
 *   value: null, confidence: 0.9, probabilities: null, segment: null };
 * const ids = store.insertPredictions([row], 2, new Map([["m", { stored: 1 }]]));
 * assert.equal(store.findPrediction("r1")?.id, ids[0]);
 * assert.equal(store.counters("m").stored, 1);
 * store.close();
 * ```
 */
export function openDriftStore(path: string): SqliteDriftStore {
  const inMemory = path === ":memory:";
  if (!inMemory) Deno.mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    if (!inMemory) {
      db.exec("PRAGMA journal_mode = WAL");
      // As for probe results: each commit reaches the WAL file before it returns, so a crash of the
      // process loses nothing that was acknowledged; only an OS crash could drop the last commits.
      db.exec("PRAGMA synchronous = NORMAL");
    }
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    applyMigrations(db, { path });
    return new SqliteDriftStore(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
}

function nullableText(value: SQLOutputValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function nullableNumber(value: SQLOutputValue | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function toStoredPrediction(row: Record<string, SQLOutputValue>): StoredPrediction {
  return {
    id: Number(row.id),
    model: String(row.model),
    modelVersion: nullableText(row.model_version),
    requestId: nullableText(row.request_id),
    time: Number(row.time),
    received: Number(row.received),
    features: JSON.parse(String(row.features)),
    label: nullableText(row.label),
    value: nullableNumber(row.value),
    confidence: nullableNumber(row.confidence),
    probabilities: row.probabilities === null ? null : JSON.parse(String(row.probabilities)),
    segment: nullableText(row.segment),
  };
}

function toWindowRow(row: Record<string, SQLOutputValue>): WindowRow {
  return {
    model: String(row.model),
    seq: Number(row.seq),
    firstId: Number(row.first_id),
    lastId: Number(row.last_id),
    n: Number(row.n),
    start: Number(row.start),
    end: Number(row.end),
    reason: String(row.reason),
    severity: nullableText(row.severity),
    report: nullableText(row.report),
  };
}
