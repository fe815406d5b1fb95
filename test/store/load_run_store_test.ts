import assert from "assert";
import { DatabaseSync } from "node:sqlite";
import { applyMigrations, MIGRATIONS } from "../../src/store/migrations.ts";
import { LoadRunStore } from "../../src/store/load_run_store.ts";

Deno.test("migration 3 adds load_runs to a database at version 2", () => {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, { migrations: MIGRATIONS.slice(0, 2) });
  assert.deepEqual(applyMigrations(db).applied, [3]);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'load_runs'")
    .all();
  assert.equal(tables.length, 1);
  db.close();
});

Deno.test("LoadRunStore keeps a run from start to finish, report included, newest first", () => {
  const store = new LoadRunStore(":memory:");
  store.start({ id: "a", script: "scenarios/smoke.ts", target: "demo", startedAt: 1000 });
  store.start({ id: "b", script: "scenarios/soak.ts", target: "demo", startedAt: 2000 });
  assert.equal(store.get("a")!.verdict, "running");
  const figures = {
    requests: 10,
    requestRate: 9.5,
    errorRate: 0,
    p95Ms: 2,
    p99Ms: 3,
    correctedP99Ms: 3,
    droppedIterations: 0,
    thresholdsPassed: 3,
    thresholdsTotal: 3,
    durationMs: 1050,
  };
  store.finish("a", {
    finishedAt: 2100,
    verdict: "pass",
    exitCode: 0,
    message: null,
    figures,
    report: "<html>r</html>",
  });
  assert.deepEqual(store.list().map((run) => run.id), ["b", "a"]);
  const a = store.get("a")!;
  assert.deepEqual([a.verdict, a.exitCode, a.hasReport, a.figures], ["pass", 0, true, figures]);
  assert.equal(store.report("a"), "<html>r</html>");
  assert.equal(store.report("b"), undefined);
  assert.equal(store.get("nope"), undefined);
  store.close();
});

Deno.test("LoadRunStore marks runs left running by a previous process as errors when it opens", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-load-runs-" });
  try {
    const first = new LoadRunStore(`${dir}/v.db`);
    first.start({ id: "x", script: "scenarios/soak.ts", target: "demo", startedAt: 1 });
    first.close();
    const second = new LoadRunStore(`${dir}/v.db`);
    const run = second.get("x")!;
    assert.equal(run.verdict, "error");
    assert.match(run.message ?? "", /service stopped/);
    second.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
