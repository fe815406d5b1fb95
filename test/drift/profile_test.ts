import assert from "assert";
import { defineModel } from "../../src/drift/model.ts";
import {
  MAX_PROFILE_CATEGORIES,
  OTHER_CATEGORY,
  ProfileBuilder,
  profileFromJson,
  profileToJson,
} from "../../src/drift/profile.ts";
import { seededRandom } from "../../src/stats/random.ts";
import { Reservoir } from "../../src/drift/reservoir.ts";
import { quantileEdges } from "../../src/stats/psi.ts";

Deno.test("Reservoir keeps a uniform sample of a long stream in fixed memory", () => {
  const reservoir = new Reservoir(1000, seededRandom(3));
  for (let i = 0; i < 100_000; i++) reservoir.add(i);
  const sample = reservoir.values();
  assert.equal(sample.length, 1000);
  // Uniform over the stream: each tenth of it holds about a tenth of the sample.
  const tenths = new Array(10).fill(0);
  for (const x of sample) tenths[Math.floor(x / 10_000)]++;
  for (const count of tenths) assert.ok(count > 60 && count < 140, String(tenths));
  assert.throws(() => new Reservoir(0, Math.random), RangeError);
});

Deno.test("ProfileBuilder bounds a profile whatever the dataset's size", () => {
  const model = defineModel("m", { x: "numeric", c: "categorical" }, {
    reference: { sample_size: 500, bins: 5 },
  });
  const builder = new ProfileBuilder(model);
  for (let i = 0; i < 50_000; i++) {
    builder.add({
      features: { x: i % 1000, c: `user-${i % 3000}` },
      label: i % 2 ? "a" : "b",
      value: null,
      confidence: (i % 100) / 100,
    });
  }
  const profile = builder.finish(0);
  const x = profile.features.x!;
  const c = profile.features.c!;
  assert.equal(x.type, "numeric");
  assert.equal(c.type, "categorical");
  if (x.type !== "numeric" || c.type !== "categorical") return;
  assert.equal(x.count, 50_000);
  assert.equal(x.sample.length, 500);
  assert.ok(x.sample.every((v, i) => i === 0 || v >= x.sample[i - 1]!), "sorted once, for KS");
  assert.deepEqual(x.edges, quantileEdges(x.sample, 5));
  assert.equal(x.binCounts.reduce((a, b) => a + b, 0), 500);
  // 3000 user ids: the 1000 most frequent keep their names, the rest are pooled.
  assert.equal(Object.keys(c.counts).length, MAX_PROFILE_CATEGORIES);
  assert.equal(c.other + Object.values(c.counts).reduce((a, b) => a + b, 0), 50_000);
  assert.ok(c.other > 0);
  assert.equal(OTHER_CATEGORY, "(other)");
  assert.deepEqual(Object.keys(profile.outputs).sort(), ["output:class", "output:confidence"]);
});

Deno.test("ProfileBuilder counts missing values and outputs that only some rows carry", () => {
  const builder = new ProfileBuilder(defineModel("m", { x: "numeric" }));
  builder.add({ features: { x: null }, label: null, value: null, confidence: null });
  builder.add({ features: { x: 1 }, label: "a", value: null, confidence: null });
  const profile = builder.finish(0);
  assert.equal(profile.features.x?.missing, 1);
  assert.equal(profile.outputs["output:class"]?.missing, 1);
  assert.equal(profile.outputs["output:confidence"], undefined);
});

Deno.test("profiles survive the store's JSON round trip exactly", () => {
  const builder = new ProfileBuilder(defineModel("m", { x: "numeric", c: "categorical" }));
  const random = seededRandom(9);
  for (let i = 0; i < 2000; i++) {
    builder.add({
      features: { x: random() * 1e6, c: String(i % 7) },
      label: "a",
      value: null,
      confidence: random(),
    });
  }
  const profile = builder.finish(123);
  const back = profileFromJson(profileToJson(profile));
  assert.deepEqual(back, profile);
  assert.ok(back.features.x?.type === "numeric" && back.features.x.sample instanceof Float64Array);
});
