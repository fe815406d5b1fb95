import assert from "assert";
import { compareDatasets, inferModel } from "../../src/drift/offline.ts";
import { readRows, RowError } from "../../src/drift/rows.ts";

const rows = (text: string, format: "csv" | "ndjson" = "csv") =>
  readRows(new Blob([text]).stream(), format, { maxBytes: 1e7 });

function csv(n: number, shift: number, cities: string[]): string {
  const lines = ["id,age,city,prediction,confidence"];
  for (let i = 0; i < n; i++) {
    lines.push(`${i},${(i * 37) % 60 + 20 + shift},${cities[i % cities.length]},${i % 3 ? "yes" : "no"},0.9`);
  }
  return lines.join("\n");
}

Deno.test("inferModel() takes numeric columns as numeric, any other as categorical, and the outputs by name", () => {
  const model = inferModel("offline", [
    {
      index: 1,
      line: 2,
      text: true,
      values: { age: "31", zip: "0150", city: "", prediction: "1", confidence: "0.9" },
    },
    {
      index: 2,
      line: 3,
      text: true,
      values: { age: "", zip: "N-0150", city: "Oslo", prediction: "0", confidence: "0.8" },
    },
  ]);
  assert.deepEqual(model.features, [
    { name: "age", type: "numeric" },
    { name: "zip", type: "categorical" },
    { name: "city", type: "categorical" },
  ]);
  assert.equal(model.prediction.kind, "classification");
  const regression = inferModel(
    "offline",
    Array.from(
      { length: 50 },
      (_, i) => ({ index: i, line: i, text: false, values: { x: i, prediction: i * 1.5 } }),
    ),
  );
  assert.equal(regression.prediction.kind, "regression");
  assert.throws(
    () => inferModel("offline", [{ index: 1, line: 1, text: false, values: { prediction: "a" } }]),
    RowError,
  );
});

Deno.test("compareDatasets() reports the shifted column and leaves the others alone", async () => {
  const { report, ignoredColumns, currentRows } = await compareDatasets(
    rows(csv(5000, 0, ["oslo", "bergen"])),
    rows(csv(1000, 10, ["oslo", "bergen"])),
    { now: 0 },
  );
  assert.equal(currentRows, 1000);
  assert.deepEqual(ignoredColumns, []);
  assert.deepEqual(report.features.map((f) => [f.name, f.severity]), [
    ["id", "critical"],
    ["age", "critical"],
    ["city", "none"],
  ]);
  assert.equal(report.outputs.find((o) => o.name === "output:class")?.severity, "none");
});

Deno.test("compareDatasets() applies the minimum size to the current dataset", async () => {
  const small = await compareDatasets(rows(csv(2000, 0, ["a"])), rows(csv(100, 30, ["a"])), { now: 0 });
  assert.ok(small.report.features.every((f) => f.severity === "none"));
  const lowered = await compareDatasets(rows(csv(2000, 0, ["a"])), rows(csv(100, 30, ["a"])), {
    now: 0,
    minSamples: 50,
  });
  assert.equal(lowered.report.features.find((f) => f.name === "age")?.severity, "critical");
});
