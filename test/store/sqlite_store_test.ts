import assert from "assert";
import { DatabaseSync } from "node:sqlite";
import { MAX_FAILURE_LENGTH, openSqliteStore } from "../../src/store/sqlite_store.ts";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import type { ProbeResult } from "../../src/store/store.ts";

function result(overrides: Partial<ProbeResult> = {}): ProbeResult {
  return {
    probe: "predict",
    target: "demo",
    time: 1_000,
    success: true,
    durationMs: 100,
    status: 200,
    failure: null,
    ...overrides,
  };
}

async function withTempDir(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "vigil_store_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("recordProbeResult() round-trips every field through listProbeResults()", () => {
  const store = openSqliteStore(":memory:");
  const failed = result({ time: 2_000, success: false, durationMs: 12.5, status: null, failure: "timeout" });
  store.recordProbeResult(result());
  store.recordProbeResult(failed);
  assert.deepEqual(store.listProbeResults({ since: 0 }), [failed, result()]);
  store.close();
});

Deno.test("recordProbeResult() truncates failure reasons to 512 characters", () => {
  const store = openSqliteStore(":memory:");
  store.recordProbeResult(result({ success: false, failure: "x".repeat(5_000) }));
  const [stored] = store.listProbeResults({ since: 0 });
  assert.equal(stored?.failure, "x".repeat(MAX_FAILURE_LENGTH));
  store.close();
});

Deno.test("recordProbeResult() does not split a surrogate pair when truncating", () => {
  const store = openSqliteStore(":memory:");
  store.recordProbeResult(result({ success: false, failure: "x".repeat(511) + "😀".repeat(10) }));
  const [stored] = store.listProbeResults({ since: 0 });
  assert.equal(stored?.failure, "x".repeat(511));
  store.close();
});

Deno.test("recordProbeResult() rejects a non-finite time or a negative duration", () => {
  const store = openSqliteStore(":memory:");
  assert.throws(() => store.recordProbeResult(result({ time: NaN })), RangeError);
  assert.throws(() => store.recordProbeResult(result({ durationMs: -1 })), RangeError);
  assert.equal(store.countProbeResults({ since: 0 }).total, 0);
  store.close();
});

Deno.test("listProbeResults() filters by target, probe and [since, until), newest first", () => {
  const store = openSqliteStore(":memory:");
  for (let i = 0; i < 10; i++) {
    store.recordProbeResult(
      result({ probe: i % 2 ? "odd" : "even", target: i < 5 ? "a" : "b", time: i * 10 }),
    );
  }
  const times = (rows: ProbeResult[]) => rows.map((row) => row.time);
  assert.deepEqual(times(store.listProbeResults({ since: 0 })), [90, 80, 70, 60, 50, 40, 30, 20, 10, 0]);
  assert.deepEqual(times(store.listProbeResults({ since: 0, target: "a" })), [40, 30, 20, 10, 0]);
  assert.deepEqual(times(store.listProbeResults({ since: 0, probe: "odd" })), [90, 70, 50, 30, 10]);
  assert.deepEqual(times(store.listProbeResults({ since: 0, target: "b", probe: "even" })), [80, 60]);
  assert.deepEqual(times(store.listProbeResults({ since: 30, until: 60 })), [50, 40, 30]);
  assert.deepEqual(times(store.listProbeResults({ since: 0, limit: 3 })), [90, 80, 70]);
  store.close();
});

Deno.test("listProbeResults() returns 100 rows by default", () => {
  const store = openSqliteStore(":memory:");
  for (let i = 0; i < 150; i++) store.recordProbeResult(result({ time: i }));
  const rows = store.listProbeResults({ since: 0 });
  assert.equal(rows.length, 100);
  assert.equal(rows[0]?.time, 149);
  store.close();
});

Deno.test("listProbeResults() rejects a limit outside 1..10000", () => {
  const store = openSqliteStore(":memory:");
  assert.throws(() => store.listProbeResults({ since: 0, limit: 0 }), RangeError);
  assert.throws(() => store.listProbeResults({ since: 0, limit: 10_001 }), /limit "10001"/);
  assert.throws(() => store.listProbeResults({ since: 0, limit: 1.5 }), RangeError);
  assert.equal(store.listProbeResults({ since: 0, limit: 10_000 }).length, 0);
  store.close();
});

Deno.test("countProbeResults() counts total, successes and fast successes with filters", () => {
  const store = openSqliteStore(":memory:");
  store.recordProbeResult(result({ time: 10, durationMs: 50 }));
  store.recordProbeResult(result({ time: 20, durationMs: 500 }));
  store.recordProbeResult(result({ time: 30, durationMs: 10, success: false, status: 500, failure: "500" }));
  store.recordProbeResult(result({ time: 40, durationMs: 10, target: "other" }));
  store.recordProbeResult(result({ time: 50, durationMs: 10, probe: "golden" }));
  assert.deepEqual(
    store.countProbeResults({ since: 0, target: "demo", probe: "predict", thresholdMs: 100 }),
    {
      total: 3,
      successes: 2,
      fastSuccesses: 1,
    },
  );
  assert.deepEqual(store.countProbeResults({ since: 0, thresholdMs: 100 }), {
    total: 5,
    successes: 4,
    fastSuccesses: 3,
  });
  assert.deepEqual(store.countProbeResults({ since: 20, until: 50 }), {
    total: 3,
    successes: 2,
    fastSuccesses: 2,
  });
  store.close();
});

Deno.test("countProbeResults() counts a success exactly at the threshold as fast", () => {
  const store = openSqliteStore(":memory:");
  store.recordProbeResult(result({ durationMs: 250 }));
  store.recordProbeResult(result({ durationMs: 250.001 }));
  assert.equal(store.countProbeResults({ since: 0, thresholdMs: 250 }).fastSuccesses, 1);
  store.close();
});

Deno.test("countProbeResults() counts every success as fast without a threshold", () => {
  const store = openSqliteStore(":memory:");
  store.recordProbeResult(result({ durationMs: 1e6 }));
  store.recordProbeResult(result({ success: false, failure: "boom" }));
  assert.deepEqual(store.countProbeResults({ since: 0 }), { total: 2, successes: 1, fastSuccesses: 1 });
  store.close();
});

Deno.test("countProbeResults() returns zeros for an empty range", () => {
  const store = openSqliteStore(":memory:");
  store.recordProbeResult(result({ time: 5 }));
  assert.deepEqual(store.countProbeResults({ since: 10, thresholdMs: 1 }), {
    total: 0,
    successes: 0,
    fastSuccesses: 0,
  });
  store.close();
});

Deno.test("lastProbeResults() returns the newest result of each probe, ties broken by insertion", () => {
  const store = openSqliteStore(":memory:");
  assert.equal(store.lastProbeResults().size, 0);
  store.recordProbeResult(result({ probe: "b", time: 30 }));
  store.recordProbeResult(result({ probe: "a", time: 10 }));
  store.recordProbeResult(result({ probe: "a", time: 20, success: false, failure: "slow" }));
  store.recordProbeResult(result({ probe: "a", time: 5 }));
  store.recordProbeResult(result({ probe: "b", time: 30, status: 503 }));
  const last = store.lastProbeResults();
  assert.deepEqual([...last.keys()], ["a", "b"]);
  assert.deepEqual(last.get("a"), result({ probe: "a", time: 20, success: false, failure: "slow" }));
  assert.deepEqual(last.get("b"), result({ probe: "b", time: 30, status: 503 }));
  store.close();
});

Deno.test("firstProbeResultTime() returns the earliest time, per target when asked", () => {
  const store = openSqliteStore(":memory:");
  assert.equal(store.firstProbeResultTime(), null);
  store.recordProbeResult(result({ target: "a", time: 300 }));
  store.recordProbeResult(result({ target: "b", time: 100 }));
  store.recordProbeResult(result({ target: "a", time: 200 }));
  assert.equal(store.firstProbeResultTime(), 100);
  assert.equal(store.firstProbeResultTime({ target: "a" }), 200);
  assert.equal(store.firstProbeResultTime({ target: "missing" }), null);
  store.close();
});

Deno.test("pruneProbeResults() deletes rows strictly older than the cutoff and counts them", () => {
  const store = openSqliteStore(":memory:");
  for (const time of [10, 20, 30, 40]) store.recordProbeResult(result({ time }));
  assert.equal(store.pruneProbeResults(30), 2);
  assert.deepEqual(store.listProbeResults({ since: 0 }).map((row) => row.time), [40, 30]);
  assert.equal(store.pruneProbeResults(30), 0);
  store.close();
});

Deno.test("schemaVersion() reports the newest migration", () => {
  const store = openSqliteStore(":memory:");
  assert.equal(store.schemaVersion(), MIGRATIONS.length);
  store.close();
});

Deno.test("close() is idempotent and any later use throws", () => {
  const store = openSqliteStore(":memory:");
  store.close();
  store.close();
  assert.throws(() => store.recordProbeResult(result()), {
    message: 'Cannot use store ":memory:": it is closed',
  });
  assert.throws(() => store.lastProbeResults(), /closed/);
  assert.throws(() => store.listProbeResults({ since: 0 }), /closed/);
  assert.throws(() => store.countProbeResults({ since: 0 }), /closed/);
  assert.throws(() => store.firstProbeResultTime(), /closed/);
  assert.throws(() => store.pruneProbeResults(0), /closed/);
  assert.throws(() => store.schemaVersion(), /closed/);
});

Deno.test("openSqliteStore() keeps results across close and reopen of a file", async () => {
  await withTempDir((dir) => {
    const path = `${dir}/nested/dir/vigil.db`;
    const first = openSqliteStore(path);
    first.recordProbeResult(result({ time: 1 }));
    first.recordProbeResult(result({ time: 2, success: false, failure: "refused", status: null }));
    first.close();

    const second = openSqliteStore(path);
    assert.deepEqual(second.listProbeResults({ since: 0 }), [
      result({ time: 2, success: false, failure: "refused", status: null }),
      result({ time: 1 }),
    ]);
    assert.equal(second.schemaVersion(), MIGRATIONS.length);
    second.close();
  });
});

Deno.test("openSqliteStore() puts a file database in WAL mode", async () => {
  await withTempDir((dir) => {
    const path = `${dir}/vigil.db`;
    const store = openSqliteStore(path);
    store.recordProbeResult(result());
    // A second connection sees the mode persisted in the file, which is what a WAL database means.
    const db = new DatabaseSync(path);
    assert.equal(db.prepare("PRAGMA journal_mode").get()?.journal_mode, "wal");
    db.close();
    store.close();
  });
});

Deno.test("openSqliteStore() sees a result recorded by another connection without closing it", async () => {
  await withTempDir((dir) => {
    const path = `${dir}/vigil.db`;
    const writer = openSqliteStore(path);
    const reader = openSqliteStore(path);
    writer.recordProbeResult(result({ time: 7 }));
    assert.equal(reader.firstProbeResultTime(), 7);
    reader.close();
    writer.close();
  });
});

Deno.test("openSqliteStore() refuses a database newer than this code", async () => {
  await withTempDir((dir) => {
    const path = `${dir}/vigil.db`;
    const db = new DatabaseSync(path);
    db.exec("PRAGMA user_version = 99");
    db.close();
    assert.throws(() => openSqliteStore(path), {
      message: `Database "${path}" has schema version 99, newer than this Vigil (${MIGRATIONS.length}): ` +
        "upgrade Vigil",
    });
  });
});

Deno.test("probeTimeline() counts runs, successes and durations per probe and bucket", () => {
  const store = openSqliteStore(":memory:");
  const runs: Partial<ProbeResult>[] = [
    { time: 10_000, durationMs: 10 },
    { time: 14_999, durationMs: 30, success: false, status: 503, failure: "503" },
    { time: 15_000, durationMs: 5 },
    { time: 12_000, probe: "healthz", durationMs: 1 },
    { time: 9_999, durationMs: 999 }, // before the range
  ];
  for (const run of runs) store.recordProbeResult(result(run));
  assert.deepEqual(store.probeTimeline({ since: 10_000, until: 20_000, bucketMs: 5_000 }), [
    { probe: "healthz", target: "demo", index: 0, total: 1, successes: 1, meanMs: 1, maxMs: 1 },
    { probe: "predict", target: "demo", index: 0, total: 2, successes: 1, meanMs: 20, maxMs: 30 },
    { probe: "predict", target: "demo", index: 1, total: 1, successes: 1, meanMs: 5, maxMs: 5 },
  ]);
  assert.throws(() => store.probeTimeline({ since: 0, bucketMs: 0 }), RangeError);
  store.close();
});

Deno.test("probeFailures() groups failed runs by probe and reason, most recent first", () => {
  const store = openSqliteStore(":memory:");
  const fail = (time: number, failure: string, probe = "predict") =>
    store.recordProbeResult(result({ time, probe, success: false, status: null, failure }));
  fail(1_000, "timeout");
  fail(2_000, "timeout");
  fail(3_000, "connection refused", "healthz");
  fail(500, "old");
  store.recordProbeResult(result({ time: 4_000 }));
  assert.deepEqual(store.probeFailures({ since: 1_000 }), [
    { probe: "healthz", failure: "connection refused", count: 1, lastTime: 3_000 },
    { probe: "predict", failure: "timeout", count: 2, lastTime: 2_000 },
  ]);
  assert.equal(store.probeFailures({ since: 0, limit: 1 }).length, 1);
  store.close();
});
