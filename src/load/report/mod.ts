/**
 * The load report: `renderReport()` turns a run's result into one self-contained HTML page.
 *
 * @module
 */
export * from "./report.ts";
