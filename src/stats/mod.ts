/**
 * Pure numerics: quantiles now; histograms, KS, PSI, chi-square and divergences as they land. Nothing
 * here imports from the rest of Vigil.
 *
 * @module
 */
export * from "./quantile.ts";
