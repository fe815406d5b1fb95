/**
 * Versioned schema migrations for the SQLite store.
 *
 * The version in force lives in `PRAGMA user_version` rather than a `schema_migrations` table: it sits in
 * the database header, so it can be read before any table exists (no bootstrap table that would itself
 * need migrating), any `sqlite3` shell shows it, and setting it inside the migration's transaction makes
 * "schema changed" and "version bumped" one atomic commit.
 *
 * To change the schema, append a migration with the next version. Never edit or reorder one that has
 * shipped: databases in the field have already applied it.
 *
 * @module
 */

import type { DatabaseSync } from "node:sqlite";

/** One schema step: `up` is the SQL (one or more statements) that moves a database to `version`. */
export interface Migration {
  /** Version after this migration; migrations are numbered 1, 2, 3, ... without gaps. */
  version: number;
  /** Short snake_case name, shown in errors. */
  name: string;
  /** The SQL to run, inside a transaction that also bumps the version. */
  up: string;
}

/** Options for {@linkcode applyMigrations}. */
export interface ApplyMigrationsOptions {
  /** The database's path or `:memory:`, named in error messages (default `:memory:`). */
  path?: string;
  /** The migrations to apply (default {@linkcode MIGRATIONS}); tests pass their own. */
  migrations?: readonly Migration[];
}

/** What {@linkcode applyMigrations} did. */
export interface MigrationReport {
  /** Schema version found when opening. */
  from: number;
  /** Schema version now in force. */
  to: number;
  /** Versions applied by this call, in order. */
  applied: number[];
}

/** Every schema migration Vigil knows, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "probe_results",
    // (target, time) and (probe, time) serve the filtered counts, listings and "newest per probe";
    // (time) serves unfiltered ranges, MIN(time) and pruning. Each index implicitly ends in the rowid
    // (`id`), so "ORDER BY time DESC, id DESC" is answered from the index without a sort.
    up: `
      CREATE TABLE probe_results (
        id INTEGER PRIMARY KEY,
        probe TEXT NOT NULL,
        target TEXT NOT NULL,
        time INTEGER NOT NULL,
        success INTEGER NOT NULL,
        duration_ms REAL NOT NULL,
        status INTEGER,
        failure TEXT
      );
      CREATE INDEX probe_results_target_time ON probe_results (target, time);
      CREATE INDEX probe_results_probe_time ON probe_results (probe, time);
      CREATE INDEX probe_results_time ON probe_results (time);
    `,
  },
  {
    version: 2,
    name: "predictions_and_drift",
    // predictions: one row per ingested record; the feedback join finds a prediction by request_id (a
    // partial index, since most callers send none on most rows), pruning walks received. Windows are
    // rebuilt after a restart from the rows past the last closed window's last_id, a primary-key range.
    // model_counters keeps the per-model counts /stats serves in O(1), updated in the same transaction
    // as the rows they count, so they agree with them after any crash.
    up: `
      CREATE TABLE predictions (
        id INTEGER PRIMARY KEY,
        model TEXT NOT NULL,
        model_version TEXT,
        request_id TEXT,
        time INTEGER NOT NULL,
        received INTEGER NOT NULL,
        features TEXT NOT NULL,
        label TEXT,
        value REAL,
        confidence REAL,
        probabilities TEXT,
        segment TEXT,
        truth TEXT,
        truth_time INTEGER,
        correct INTEGER
      );
      CREATE INDEX predictions_request ON predictions (request_id) WHERE request_id IS NOT NULL;
      CREATE INDEX predictions_received ON predictions (received);
      CREATE INDEX predictions_labelled ON predictions (model, truth_time) WHERE truth_time IS NOT NULL;
      CREATE TABLE reference_profiles (
        model TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        profile TEXT NOT NULL
      );
      CREATE TABLE drift_windows (
        model TEXT NOT NULL,
        seq INTEGER NOT NULL,
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        n INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        reason TEXT NOT NULL,
        severity TEXT,
        report TEXT,
        PRIMARY KEY (model, seq)
      );
      CREATE INDEX drift_windows_end ON drift_windows (end);
      CREATE TABLE model_counters (
        model TEXT NOT NULL,
        name TEXT NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (model, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: "load_runs",
    // Load runs started from the service: a handful a day, so the report (self-contained HTML, a few
    // hundred KiB) is kept inline rather than as a file next to the database.
    up: `
      CREATE TABLE load_runs (
        id TEXT PRIMARY KEY,
        script TEXT NOT NULL,
        target TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        verdict TEXT NOT NULL,
        exit_code INTEGER,
        message TEXT,
        figures TEXT,
        report TEXT
      );
      CREATE INDEX load_runs_started ON load_runs (started_at);
    `,
  },
];

/**
 * Brings a database up to the newest schema, each missing migration in its own transaction.
 *
 * @param db An open database; `foreign_keys` and `busy_timeout` should already be set.
 * @param options The path for error messages and the migrations to apply.
 * @returns The version found, the version now in force and the versions applied.
 *
 * @example Migrating a fresh database
 * ```ts
 * import assert from "assert";
 * import { DatabaseSync } from "node:sqlite";
 * import { applyMigrations, MIGRATIONS } from "./migrations.ts";
 *
 * const db = new DatabaseSync(":memory:");
 * const report = applyMigrations(db);
 * assert.equal(report.from, 0);
 * assert.equal(report.to, MIGRATIONS.length);
 * assert.deepEqual(applyMigrations(db).applied, []);
 * db.close();
 * ```
 */
export function applyMigrations(db: DatabaseSync, options: ApplyMigrationsOptions = {}): MigrationReport {
  const path = options.path ?? ":memory:";
  const migrations = options.migrations ?? MIGRATIONS;
  checkOrder(migrations);
  const latest = migrations.length;
  const from = readUserVersion(db);
  if (from > latest) {
    throw new Error(
      `Database "${path}" has schema version ${from}, newer than this Vigil (${latest}): upgrade Vigil`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations.slice(from)) {
    // IMMEDIATE takes the write lock up front, so two processes opening the same new file serialize
    // here; the re-read inside the lock lets the loser skip what the winner has just applied.
    db.exec("BEGIN IMMEDIATE");
    try {
      if (readUserVersion(db) >= migration.version) {
        db.exec("COMMIT");
        continue;
      }
      db.exec(migration.up);
      // PRAGMA takes no bound parameters; the version is an integer checked by checkOrder().
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec("COMMIT");
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Cannot apply migration ${migration.version} "${migration.name}" to database "${path}": ${detail}`,
        { cause: error },
      );
    }
    applied.push(migration.version);
  }
  return { from, to: readUserVersion(db), applied };
}

/**
 * Reads the schema version recorded in a database.
 *
 * @param db An open database.
 * @returns The `PRAGMA user_version`, 0 for a database no migration has touched.
 *
 * @example A new database is at version 0
 * ```ts
 * import assert from "assert";
 * import { DatabaseSync } from "node:sqlite";
 * import { readUserVersion } from "./migrations.ts";
 *
 * const db = new DatabaseSync(":memory:");
 * assert.equal(readUserVersion(db), 0);
 * db.close();
 * ```
 */
export function readUserVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get();
  return Number(row?.user_version ?? 0);
}

/** A gap or a reordering would make versions mean different schemas in different databases. */
function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new RangeError(
        `Migration "${migration.name}" has version ${migration.version} where ${
          index + 1
        } was expected: versions must run 1, 2, 3, ... in order without gaps`,
      );
    }
  });
}
