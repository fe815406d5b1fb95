/**
 * Load runs started from the service: what ran, against which target, the verdict and the summary, and
 * the self-contained HTML report — kept in the service's SQLite file (migration 3) so the dashboard can
 * list them after a restart.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { dirname } from "node:path";
import { applyMigrations } from "./migrations.ts";

/** How a run ended. */
export type LoadRunVerdict = "running" | "pass" | "fail" | "aborted" | "error";

/** Headline figures of a finished run. */
export interface LoadRunFigures {
  requests: number;
  requestRate: number;
  errorRate: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  correctedP99Ms: number | null;
  droppedIterations: number;
  thresholdsPassed: number;
  thresholdsTotal: number;
  durationMs: number;
}

/** One load run. */
export interface LoadRunRecord {
  id: string;
  /** Scenario file, relative to the repository (e.g. `scenarios/smoke.ts`). */
  script: string;
  /** Config target name the run was pointed at. */
  target: string;
  /** Epoch ms. */
  startedAt: number;
  finishedAt: number | null;
  verdict: LoadRunVerdict;
  /** k6's exit code once finished. */
  exitCode: number | null;
  /** Why it ended early or could not run. */
  message: string | null;
  figures: LoadRunFigures | null;
  hasReport: boolean;
}

/** Persists load runs. */
export class LoadRunStore {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #finish: StatementSync;
  readonly #list: StatementSync;
  readonly #get: StatementSync;
  readonly #report: StatementSync;
  readonly #abandon: StatementSync;

  /**
   * Opens the store on the service's database file.
   *
   * @param path SQLite file or `:memory:`
   */
  constructor(path: string) {
    if (path !== ":memory:") Deno.mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    if (path !== ":memory:") this.#db.exec("PRAGMA journal_mode = WAL");
    this.#db.exec("PRAGMA busy_timeout = 5000");
    applyMigrations(this.#db, { path });
    this.#insert = this.#db.prepare(
      "INSERT INTO load_runs (id, script, target, started_at, verdict) VALUES (?, ?, ?, ?, 'running')",
    );
    this.#finish = this.#db.prepare(
      "UPDATE load_runs SET finished_at = ?, verdict = ?, exit_code = ?, message = ?, figures = ?, report = ? WHERE id = ?",
    );
    this.#list = this.#db.prepare(
      "SELECT id, script, target, started_at, finished_at, verdict, exit_code, message, figures, report IS NOT NULL AS has_report FROM load_runs ORDER BY started_at DESC LIMIT ?",
    );
    this.#get = this.#db.prepare(
      "SELECT id, script, target, started_at, finished_at, verdict, exit_code, message, figures, report IS NOT NULL AS has_report FROM load_runs WHERE id = ?",
    );
    this.#report = this.#db.prepare("SELECT report FROM load_runs WHERE id = ?");
    this.#abandon = this.#db.prepare(
      "UPDATE load_runs SET verdict = 'error', message = 'the service stopped while the run was going', finished_at = ? WHERE verdict = 'running'",
    );
    // A run cannot survive its process: anything still "running" at open belonged to a previous one.
    this.#abandon.run(Date.now());
  }

  /** Records a started run. */
  start(record: { id: string; script: string; target: string; startedAt: number }): void {
    this.#insert.run(record.id, record.script, record.target, record.startedAt);
  }

  /** Records a run's end. */
  finish(
    id: string,
    end: {
      finishedAt: number;
      verdict: LoadRunVerdict;
      exitCode: number | null;
      message: string | null;
      figures: LoadRunFigures | null;
      report: string | null;
    },
  ): void {
    this.#finish.run(
      end.finishedAt,
      end.verdict,
      end.exitCode,
      end.message,
      end.figures === null ? null : JSON.stringify(end.figures),
      end.report,
      id,
    );
  }

  /** The newest runs first. */
  list(limit = 20): LoadRunRecord[] {
    return this.#list.all(limit).map(toRecord);
  }

  /** One run, or undefined. */
  get(id: string): LoadRunRecord | undefined {
    const row = this.#get.get(id);
    return row === undefined ? undefined : toRecord(row);
  }

  /** A run's HTML report, or undefined. */
  report(id: string): string | undefined {
    const row = this.#report.get(id) as { report: string | null } | undefined;
    return row?.report ?? undefined;
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

function toRecord(row: Record<string, unknown>): LoadRunRecord {
  return {
    id: String(row.id),
    script: String(row.script),
    target: String(row.target),
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    verdict: row.verdict as LoadRunVerdict,
    exitCode: row.exit_code === null ? null : Number(row.exit_code),
    message: row.message === null ? null : String(row.message),
    figures: row.figures === null ? null : JSON.parse(String(row.figures)) as LoadRunFigures,
    hasReport: Number(row.has_report) === 1,
  };
}
