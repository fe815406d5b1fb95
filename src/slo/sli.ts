/**
 * What an SLI is, for people and for the API: a one-line description, its JSON shape, and whether Vigil
 * measures it itself (probe SLIs, from its store) or only Prometheus does (from scraped `ml_*` metrics).
 *
 * @module
 */
import type { SliConfig } from "../config/types.ts";

/**
 * Describes an SLI in a few words, as tables and pages show it.
 *
 * @param sli the SLI
 * @returns e.g. `availability (demo)` or `latency ≤ 250 ms (demo)`
 * @example
 * ```ts
 * import { describeSli } from "./sli.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeSli({ type: "probe_availability", target: "demo" }), "availability (demo)");
 * assert.equal(describeSli({ type: "request_success", model: "m", endpoint: "/predict" }), "request success (m /predict)");
 * ```
 */
export function describeSli(sli: SliConfig): string {
  switch (sli.type) {
    case "probe_availability":
      return `availability (${sli.target})`;
    case "probe_latency":
      return `latency ≤ ${sli.thresholdMs} ms (${sli.target})`;
    case "request_success":
      return `request success (${subject(sli.model, sli.endpoint)})`;
    case "request_latency":
      return `request latency ≤ ${sli.thresholdMs} ms (${subject(sli.model, sli.endpoint)})`;
    case "accuracy":
      return `accuracy (${sli.model})`;
    case "drift":
      return `drift below ${sli.below} (${sli.model})`;
  }
}

function subject(model: string, endpoint: string | undefined): string {
  return endpoint === undefined ? model : `${model} ${endpoint}`;
}

/**
 * The SLI as the HTTP API and `check --json` show it (snake_case; probe SLIs keep their original shape).
 *
 * @param sli the SLI
 * @returns a plain JSON object with `type` and the SLI's fields
 * @example
 * ```ts
 * import { sliJson } from "./sli.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(sliJson({ type: "probe_latency", target: "d", thresholdMs: 250 }), {
 *   type: "probe_latency",
 *   target: "d",
 *   threshold_ms: 250,
 * });
 * ```
 */
export function sliJson(sli: SliConfig): Record<string, string | number> {
  switch (sli.type) {
    case "probe_availability":
      return { type: sli.type, target: sli.target };
    case "probe_latency":
      return { type: sli.type, target: sli.target, threshold_ms: sli.thresholdMs };
    case "request_success":
      return {
        type: sli.type,
        model: sli.model,
        ...(sli.endpoint === undefined ? {} : { endpoint: sli.endpoint }),
      };
    case "request_latency":
      return {
        type: sli.type,
        model: sli.model,
        ...(sli.endpoint === undefined ? {} : { endpoint: sli.endpoint }),
        threshold_ms: sli.thresholdMs,
      };
    case "accuracy":
      return { type: sli.type, model: sli.model, label_freshness_ms: sli.labelFreshnessMs };
    case "drift":
      return { type: sli.type, model: sli.model, below: sli.below };
  }
}

/** A probe SLI: one Vigil measures itself from the probe results in its store. */
export type ProbeSli = Extract<SliConfig, { type: "probe_availability" | "probe_latency" }>;

/**
 * Whether Vigil measures an SLI itself (probe SLIs) rather than leaving it to Prometheus.
 *
 * @param sli the SLI
 * @returns true for probe SLIs
 * @example
 * ```ts
 * import { isProbeSli } from "./sli.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isProbeSli({ type: "probe_availability", target: "demo" }), true);
 * assert.equal(isProbeSli({ type: "accuracy", model: "m", labelFreshnessMs: 1 }), false);
 * ```
 */
export function isProbeSli(sli: SliConfig): sli is ProbeSli {
  return sli.type === "probe_availability" || sli.type === "probe_latency";
}

/**
 * The service an SLI belongs to, the `service` label of its rules: the probed target or the model.
 *
 * @param sli the SLI
 * @returns the target or model name
 * @example
 * ```ts
 * import { sliService } from "./sli.ts";
 * import assert from "node:assert/strict";
 * assert.equal(sliService({ type: "drift", model: "m", below: "warning" }), "m");
 * ```
 */
export function sliService(sli: SliConfig): string {
  return isProbeSli(sli) ? sli.target : sli.model;
}
