/**
 * vigil.yaml: the typed `Config` and its loader. `loadConfig("vigil.yaml")` reads, interpolates `${ENV}`
 * values and validates the file, throwing one `ConfigError` that lists every problem as
 * `<file>: <path>: <message>`.
 *
 * @example
 * ```ts
 * import { parseConfig } from "./mod.ts";
 * import assert from "assert";
 * const config = parseConfig("targets: { demo: { url: 'http://127.0.0.1:8081' } }", { source: "<inline>", env: {} });
 * assert.equal(config.storage.path, ".vigil/vigil.db");
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./duration.ts";
export * from "./interpolate.ts";
export * from "./json_path.ts";
export * from "./load.ts";
export * from "./clean_url.ts";
