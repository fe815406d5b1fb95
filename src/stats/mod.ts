/**
 * Pure numerics: quantiles, drift statistics matching SciPy (two-sample KS with exact and finite-n
 * asymptotic p-values, chi-square, Jensen–Shannon, Wasserstein), PSI with frozen bins, and
 * Benjamini–Hochberg correction. Nothing here imports from the rest of Vigil.
 *
 * @module
 */
export * from "./histogram.ts";
export * from "./quantile.ts";
export * from "./gamma.ts";
export * from "./smirnov.ts";
export * from "./kolmogorov.ts";
export * from "./ks.ts";
export * from "./chi2.ts";
export * from "./jensen_shannon.ts";
export * from "./wasserstein.ts";
export * from "./psi.ts";
export * from "./multiple_testing.ts";
export * from "./random.ts";
