/**
 * The demo model service: a naive Bayes sentiment classifier trained at start-up on a shipped corpus,
 * served over HTTP with injectable latency, errors and drift. Vigil's default target for probes, load
 * tests and drift detection.
 *
 * @module
 */
export * from "./app.ts";
export * from "./corpus.ts";
export * from "./drift.ts";
export * from "./faults.ts";
export * from "./model.ts";
export * from "./naive_bayes.ts";
export * from "./server.ts";
export * from "./tokenize.ts";
