import assert from "assert";
import { DatabaseSync } from "node:sqlite";
import { applyMigrations, MIGRATIONS } from "../../src/store/migrations.ts";
import { openDriftStore, type PredictionRow } from "../../src/store/drift_store.ts";

const row = (i: number, fields: Partial<PredictionRow> = {}): PredictionRow => ({
  model: "m",
  modelVersion: "1",
  requestId: `r${i}`,
  time: 1_000 + i,
  features: { x: i, c: "a" },
  label: "yes",
  value: null,
  confidence: 0.5,
  probabilities: { yes: 0.5, no: 0.5 },
  segment: null,
  ...fields,
});

Deno.test("migration 2 adds the drift tables to a probe-only database", () => {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, { migrations: MIGRATIONS.slice(0, 1) });
  const report = applyMigrations(db, { migrations: MIGRATIONS.slice(0, 2) });
  assert.deepEqual(report.applied, [2]);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((
    r,
  ) => r.name);
  assert.deepEqual(tables, [
    "drift_windows",
    "model_counters",
    "predictions",
    "probe_results",
    "reference_profiles",
  ]);
  db.close();
});

Deno.test("insertPredictions() stores a batch and its counters in one transaction, or nothing of it", () => {
  const store = openDriftStore(":memory:");
  try {
    const ids = store.insertPredictions([row(1), row(2)], 5_000, new Map([["m", { stored: 2 }]]));
    assert.equal(ids.length, 2);
    assert.equal(ids[1]! - ids[0]!, 1);
    const bad = row(4, { features: { x: 1n as unknown as number } });
    assert.throws(
      () => store.insertPredictions([row(3), bad], 6_000, new Map([["m", { stored: 2 }]])),
      TypeError,
    );
    assert.equal(store.counters("m").stored, 2);
    const stored = store.predictionsAfter("m", 0, 10);
    assert.deepEqual(stored.map((p) => p.requestId), ["r1", "r2"]);
    assert.deepEqual(stored[0], { ...row(1), id: ids[0], received: 5_000 });
  } finally {
    store.close();
  }
});

Deno.test("recordLabel() labels a prediction once", () => {
  const store = openDriftStore(":memory:");
  try {
    store.insertPredictions([row(1, { segment: "eu" })], 5_000, new Map());
    const target = store.findPrediction("r1")!;
    assert.equal(target.truthTime, null);
    assert.equal(store.recordLabel(target.id, "m", "yes", true, 6_000, { labels: 1, correct: 1 }), true);
    assert.equal(store.recordLabel(target.id, "m", "no", false, 7_000, { labels: 1 }), false);
    assert.deepEqual(store.counters("m"), { labels: 1, correct: 1 });
    assert.deepEqual(store.recentLabels("m", 10), [{ correct: true, segment: "eu", truthTime: 6_000 }]);
    assert.equal(store.findPrediction("r1")?.truthTime, 6_000);
    assert.equal(store.findPrediction("nope"), null);
  } finally {
    store.close();
  }
});

Deno.test("windows are numbered per model and carry their report once evaluated", () => {
  const store = openDriftStore(":memory:");
  try {
    const window = { model: "m", firstId: 1, lastId: 10, n: 10, start: 1, end: 2, reason: "size" };
    assert.equal(store.recordWindow(window), 1);
    assert.equal(store.recordWindow({ ...window, firstId: 11, lastId: 20 }), 2);
    assert.equal(store.recordWindow({ ...window, model: "other" }), 1);
    store.setWindowReport("m", 1, "warning", "{}");
    assert.equal(store.latestWindow("m")?.seq, 2);
    assert.equal(store.latestWindow("m", { evaluated: true })?.seq, 1);
    assert.deepEqual(store.windowCounts("m"), { closed: 2, evaluated: 1 });
  } finally {
    store.close();
  }
});

Deno.test("prune() removes old predictions and windows and keeps the stored count true", () => {
  const store = openDriftStore(":memory:");
  try {
    store.insertPredictions([row(1), row(2)], 1_000, new Map([["m", { stored: 2, accepted: 2 }]]));
    store.insertPredictions([row(3)], 9_000, new Map([["m", { stored: 1, accepted: 1 }]]));
    store.recordWindow({ model: "m", firstId: 1, lastId: 2, n: 2, start: 1_000, end: 1_000, reason: "size" });
    assert.deepEqual(store.prune(5_000), { predictions: 2, windows: 1 });
    assert.deepEqual(store.counters("m"), { stored: 1, accepted: 3 });
    assert.deepEqual(store.predictionsAfter("m", 0, 10).map((p) => p.requestId), ["r3"]);
  } finally {
    store.close();
  }
});

Deno.test("predictionTimeline() counts a model's predictions per bucket, class and confidence bucket", () => {
  const store = openDriftStore(":memory:");
  try {
    const counters = new Map();
    store.insertPredictions(
      [row(1, { confidence: 0.95 }), row(2, { confidence: 0.6, label: "no" })],
      10_000,
      counters,
    );
    store.insertPredictions(
      [row(3, { confidence: 0.65, label: "no" }), row(4, { confidence: null })],
      15_500,
      counters,
    );
    store.insertPredictions([row(5, { model: "other" })], 10_000, counters);
    const buckets = store.predictionTimeline("m", {
      since: 10_000,
      until: 20_000,
      bucketMs: 5_000,
      confidenceBounds: [0.5, 0.7, 0.9, 1],
      lowConfidence: 0.7,
    });
    const key = (b: { index: number; label: string | null; confidenceBucket: number | null }) =>
      `${b.index}/${b.label}/${b.confidenceBucket}`;
    assert.deepEqual(
      Object.fromEntries(buckets.map((b) => [key(b), [b.count, b.lowConfidence, b.firstReceived]])),
      {
        "0/yes/3": [1, 0, 10_000],
        "0/no/1": [1, 1, 10_000],
        "1/no/1": [1, 1, 15_500],
        "1/yes/null": [1, 0, 15_500],
      },
    );
    assert.throws(
      () =>
        store.predictionTimeline("m", {
          since: 0,
          until: 1,
          bucketMs: 1_000,
          confidenceBounds: [0.5, 0.4],
          lowConfidence: 0.7,
        }),
      RangeError,
    );
  } finally {
    store.close();
  }
});

Deno.test("segmentOutcomes() counts the labels that arrived in a range per segment", () => {
  const store = openDriftStore(":memory:");
  try {
    const ids = store.insertPredictions(
      [
        row(1, { segment: "web" }),
        row(2, { segment: "web" }),
        row(3, { segment: null }),
        row(4, { segment: "app" }),
      ],
      1_000,
      new Map(),
    );
    store.recordLabel(ids[0]!, "m", "yes", true, 5_000, {});
    store.recordLabel(ids[1]!, "m", "no", false, 6_000, {});
    store.recordLabel(ids[2]!, "m", "yes", true, 7_000, {});
    store.recordLabel(ids[3]!, "m", "yes", true, 99_000, {});
    assert.deepEqual(store.segmentOutcomes("m", { since: 5_000, until: 10_000 }), [
      { segment: null, labelled: 1, correct: 1 },
      { segment: "web", labelled: 2, correct: 1 },
    ]);
  } finally {
    store.close();
  }
});
