import { chi2Contingency } from "../src/stats/chi2.ts";
import { ks2samp, ks2sampSorted } from "../src/stats/ks.ts";
import { binIndex, psi, psiFromCounts, quantileEdges } from "../src/stats/psi.ts";
import { wassersteinDistance } from "../src/stats/wasserstein.ts";

// The drift budget: a window of 1000 rows x 20 features against 10 000-row references in < 50 ms.
const REFERENCE_ROWS = 10_000;
const WINDOW_ROWS = 1_000;
const FEATURES = 20;

/** A seeded normal sample (xorshift32 + Box–Muller), so every run benches the same data. */
function normals(n: number, seed: number, shift = 0): Float64Array {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = shift + Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  return out;
}

const references = Array.from({ length: FEATURES }, (_, f) => normals(REFERENCE_ROWS, 1 + f));
// Half the features drift a little, as in a real window; D then ranges over 0.02..0.1.
const windows = Array.from({ length: FEATURES }, (_, f) => normals(WINDOW_ROWS, 101 + f, f % 2 ? 0.1 : 0));
const sortedReferences = references.map((r) => Float64Array.from(r).sort());
const frozenEdges = references.map((r) => quantileEdges(r, 10));
const frozenCounts = references.map((r, f) => {
  const counts = new Array<number>(frozenEdges[f]!.length + 1).fill(0);
  for (const x of r) counts[binIndex(frozenEdges[f]!, x)]!++;
  return counts;
});
const reference = references[0]!;
const window = windows[1]!;

Deno.bench("ks2samp() asymp, 1000 vs 10 000", { group: "ks" }, () => {
  ks2samp(window, reference, { method: "asymp" });
});

Deno.bench("ks2samp() auto (exact), 1000 vs 10 000", { group: "ks", baseline: true }, () => {
  ks2samp(window, reference);
});

Deno.bench("ks2sampSorted() auto, reference sorted once", { group: "ks" }, () => {
  ks2sampSorted(Float64Array.from(window).sort(), sortedReferences[0]!);
});

Deno.bench("ks2sampSorted() asymp, reference sorted once", { group: "ks" }, () => {
  ks2sampSorted(Float64Array.from(window).sort(), sortedReferences[0]!, { method: "asymp" });
});

Deno.bench("psi() quantile bins, 1000 vs 10 000", { group: "psi" }, () => {
  psi(reference, window);
});

Deno.bench("psiFromCounts() with frozen edges, 1000-row window", { group: "psi", baseline: true }, () => {
  const edges = frozenEdges[0]!;
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const x of window) counts[binIndex(edges, x)]!++;
  psiFromCounts(frozenCounts[0]!, counts);
});

Deno.bench("chi2Contingency() 2 x 20 categories", { group: "chi2" }, () => {
  chi2Contingency([
    [50, 30, 20, 10, 5, 40, 35, 25, 15, 12, 8, 60, 45, 22, 18, 9, 7, 33, 27, 11],
    [55, 28, 18, 12, 4, 38, 37, 20, 17, 10, 9, 58, 50, 20, 16, 11, 6, 30, 29, 13],
  ]);
});

Deno.bench("wassersteinDistance() 1000 vs 10 000", { group: "wasserstein" }, () => {
  wassersteinDistance(window, reference);
});

Deno.bench("drift window: 20 features x (KS auto + PSI), references frozen", { group: "window" }, () => {
  for (let f = 0; f < FEATURES; f++) {
    const w = windows[f]!;
    ks2sampSorted(Float64Array.from(w).sort(), sortedReferences[f]!);
    const edges = frozenEdges[f]!;
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const x of w) counts[binIndex(edges, x)]!++;
    psiFromCounts(frozenCounts[f]!, counts);
  }
});

Deno.bench("drift window: 20 features x (KS asymp + PSI), references frozen", { group: "window" }, () => {
  for (let f = 0; f < FEATURES; f++) {
    const w = windows[f]!;
    ks2sampSorted(Float64Array.from(w).sort(), sortedReferences[f]!, { method: "asymp" });
    const edges = frozenEdges[f]!;
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const x of w) counts[binIndex(edges, x)]!++;
    psiFromCounts(frozenCounts[f]!, counts);
  }
});

Deno.bench("drift window: 20 features x (KS auto + PSI), from scratch", { group: "window" }, () => {
  for (let f = 0; f < FEATURES; f++) {
    ks2samp(windows[f]!, references[f]!);
    psi(references[f]!, windows[f]!);
  }
});
