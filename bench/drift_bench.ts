/**
 * The drift budget: one window of 1000 rows × 20 features evaluated against 10 000-row references in
 * under 50 ms — the engine's whole evaluation (KS with scipy's p-values, PSI over frozen bins, normed
 * Wasserstein, BH, the outputs), from a stored profile whose samples are sorted once. The live engine
 * uses KS p-values from scipy's finite-n asymptotic distribution ("asymp"); "exact KS" rows show what
 * scipy's default lattice computation costs when features drift.
 *
 *   deno bench bench/drift_bench.ts
 *
 * "naive" recomputes what a profile caches (sorting the reference, quantile edges) on every window, as
 * calling ks2samp / psi / wassersteinDistance per feature would.
 */
import { defineModel } from "../src/drift/model.ts";
import { ProfileBuilder } from "../src/drift/profile.ts";
import { evaluateWindow } from "../src/drift/report.ts";
import { WindowAccumulator, type WindowData } from "../src/drift/window.ts";
import { ks2samp } from "../src/stats/ks.ts";
import { psi } from "../src/stats/psi.ts";
import { wassersteinDistance } from "../src/stats/wasserstein.ts";

const REFERENCE_ROWS = 10_000;
const WINDOW_ROWS = 1_000;
const FEATURES = 20;

function normals(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

const names = Array.from({ length: FEATURES }, (_, f) => `f${f}`);
const model = defineModel("bench", Object.fromEntries(names.map((name) => [name, "numeric"])), {
  window: { size: WINDOW_ROWS, min_samples: 500 },
});
const z = normals(7);
const builder = new ProfileBuilder(model);
const referenceColumns = names.map(() => new Float64Array(REFERENCE_ROWS));
for (let i = 0; i < REFERENCE_ROWS; i++) {
  const features = Object.fromEntries(names.map((name, f) => [name, referenceColumns[f]![i] = z()]));
  builder.add({ features, label: i % 2 ? "a" : "b", value: null, confidence: 0.5 + Math.abs(z()) / 6 });
}
const profile = builder.finish(0);

/** A window where `drifted` of the features are shifted by `shift` standard deviations. */
function window(seed: number, drifted: number, shift: number): WindowData {
  const w = normals(seed);
  const accumulator = new WindowAccumulator(model);
  for (let i = 0; i < WINDOW_ROWS; i++) {
    const features = Object.fromEntries(names.map((name, f) => [name, w() + (f < drifted ? shift : 0)]));
    accumulator.add(
      {
        model: "bench",
        modelVersion: null,
        requestId: null,
        time: 0,
        segment: null,
        features,
        prediction: { label: i % 2 ? "a" : "b", confidence: 0.5 + Math.abs(w()) / 6 },
      },
      i + 1,
      0,
    );
  }
  return accumulator.close(0, "size").data;
}

const stable = window(11, 0, 0);
const someDrift = window(12, 10, 0.1);
const allDrift = window(13, FEATURES, 0.5);

Deno.bench(
  "evaluateWindow: 1000 x 20 vs 10k, no drift (exact KS)",
  { group: "window", baseline: true },
  () => {
    evaluateWindow(model, profile, stable);
  },
);
Deno.bench("evaluateWindow: 1000 x 20 vs 10k, half shifted 0.1 sd (exact KS)", { group: "window" }, () => {
  evaluateWindow(model, profile, someDrift);
});
Deno.bench("evaluateWindow: 1000 x 20 vs 10k, all shifted 0.5 sd (exact KS)", { group: "window" }, () => {
  evaluateWindow(model, profile, allDrift);
});
Deno.bench(
  "evaluateWindow: 1000 x 20 vs 10k, no drift (asymp KS, the engine's default)",
  { group: "window" },
  () => {
    evaluateWindow(model, profile, stable, { ksMethod: "asymp" });
  },
);
Deno.bench("evaluateWindow: 1000 x 20 vs 10k, half shifted 0.1 sd (asymp KS)", { group: "window" }, () => {
  evaluateWindow(model, profile, someDrift, { ksMethod: "asymp" });
});
Deno.bench("evaluateWindow: 1000 x 20 vs 10k, all shifted 0.5 sd (asymp KS)", { group: "window" }, () => {
  evaluateWindow(model, profile, allDrift, { ksMethod: "asymp" });
});
Deno.bench(
  "naive: ks2samp + psi + wassersteinDistance per feature, half shifted",
  { group: "window" },
  () => {
    names.forEach((name, f) => {
      const column = someDrift.columns.get(name);
      if (column?.type !== "numeric") return;
      const reference = referenceColumns[f]!;
      ks2samp(reference, column.values);
      psi(reference, column.values, { bins: 10 });
      wassersteinDistance(reference, column.values);
    });
  },
);
