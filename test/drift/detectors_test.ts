import assert from "assert";
import { categoricalTests, numericTests, wassersteinSorted } from "../../src/drift/detectors.ts";
import { defineModel } from "../../src/drift/model.ts";
import { categoricalProfile, numericProfile } from "../../src/drift/profile.ts";
import { seededRandom } from "../../src/stats/random.ts";
import { chi2Contingency } from "../../src/stats/chi2.ts";
import { jensenShannonDistance } from "../../src/stats/jensen_shannon.ts";
import { ks2samp } from "../../src/stats/ks.ts";
import { psi } from "../../src/stats/psi.ts";
import { normedWasserstein, wassersteinDistance } from "../../src/stats/wasserstein.ts";
import { normal } from "./_setup.ts";

const { thresholds } = defineModel("m", { x: "numeric" });

Deno.test("wassersteinSorted() equals scipy's wasserstein_distance (wassersteinDistance) on sorted samples", () => {
  const random = seededRandom(1);
  for (const [n, m] of [[1, 1], [10, 3], [1000, 1000], [5000, 700]] as const) {
    const u = Float64Array.from({ length: n }, () => Math.round(random() * 50) / 10).sort();
    const v = Float64Array.from({ length: m }, () => random() * 6 - 0.5).sort();
    const expected = wassersteinDistance(u, v);
    assert.ok(Math.abs(wassersteinSorted(u, v) - expected) <= 1e-12 * Math.max(1, expected), `${n} x ${m}`);
  }
});

Deno.test("numericTests() gives the statistics of ks2samp, psi with the reference's quantile bins, and normed Wasserstein", () => {
  const random = seededRandom(2);
  const z = normal(random);
  const reference = Array.from({ length: 10_000 }, z);
  const current = Float64Array.from({ length: 1000 }, () => z() * 1.1 + 0.2);
  const profile = numericProfile(reference, 10_000, 0, 10);
  const result = numericTests(profile, current, thresholds);
  const [ks, p, w] = result.tests;
  const expected = ks2samp(reference, current);
  assert.equal(ks?.statistic, expected.statistic);
  assert.equal(ks?.pValue, expected.pValue);
  assert.equal(result.pValue, expected.pValue);
  assert.ok(Math.abs(p!.statistic - psi(reference, Array.from(current), { bins: 10 }).value) < 1e-12);
  assert.ok(Math.abs(w!.statistic - normedWasserstein(reference, current)) < 1e-9);
  assert.equal(result.histogram.kind, "bins");
  // The window is not modified (it is sorted in a copy).
  assert.notDeepEqual(Array.from(current), Array.from(current).sort((a, b) => a - b));
});

Deno.test("numericTests() runs only the tests asked for", () => {
  const profile = numericProfile([0.1, 0.5, 0.9, 0.95], 4, 0, 2);
  const result = numericTests(profile, Float64Array.of(0.2, 0.3), thresholds, { tests: ["ks", "psi"] });
  assert.deepEqual(result.tests.map((t) => t.test), ["ks", "psi"]);
});

Deno.test("categoricalTests() gives chi2_contingency and Jensen–Shannon over all categories, and the unseen share", () => {
  const reference = categoricalProfile(
    new Map([["web", 6000], ["mobile", 3000], ["api", 1000]]),
    10_000,
    0,
    0,
  );
  const counts = new Map([["web", 500], ["mobile", 350], ["api", 100], ["partner", 50]]);
  const result = categoricalTests(reference, counts, thresholds);
  const [chi2, js, unseen] = result.tests;
  const table = [[6000, 3000, 1000, 0], [500, 350, 100, 50]];
  const expected = chi2Contingency(table);
  assert.equal(chi2?.statistic, expected.statistic);
  assert.equal(chi2?.pValue, expected.pValue);
  assert.equal(chi2?.severity, null);
  assert.equal(js?.statistic, jensenShannonDistance(table[0]!, table[1]!));
  assert.equal(unseen?.statistic, 0.05);
  assert.equal(unseen?.severity, "info");
  assert.ok(result.histogram.kind === "categories" && result.histogram.categories.includes("partner"));
});

Deno.test("categoricalTests() compares unknown categories with a pooled reference tail instead of calling them new", () => {
  const reference = categoricalProfile(new Map([["a", 900]]), 1000, 0, 100);
  const result = categoricalTests(reference, new Map([["a", 90], ["zz", 10]]), thresholds);
  assert.equal(result.tests.find((t) => t.test === "unseen")?.statistic, 0);
  assert.equal(result.tests.find((t) => t.test === "jensen_shannon")?.statistic, 0);
});
