/**
 * The drift engine: validated prediction ingest, bounded reference profiles, tumbling windows, drift
 * tests per feature and output with severities that are honest about noise, model quality from ground
 * truth, and the offline comparison of two datasets.
 *
 * @module
 */
export * from "./csv.ts";
export * from "./detectors.ts";
export * from "./engine.ts";
export * from "./ingest.ts";
export * from "./model.ts";
export * from "./offline.ts";
export * from "./profile.ts";
export * from "./quality.ts";
export * from "./record.ts";
export * from "./reference.ts";
export * from "./report.ts";
export * from "./reservoir.ts";
export * from "./rows.ts";
export * from "./severity.ts";
export * from "./window.ts";
