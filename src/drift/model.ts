/**
 * A model declaration built in code, with the same defaults and checks as `models:` in vigil.yaml — for
 * the offline `drift` command (which infers features from a file), benchmarks and tests.
 *
 * @module
 */
import { validateConfig } from "../config/schema.ts";
import type { FeatureType, ModelConfig } from "../config/types.ts";

/**
 * Declares a model as vigil.yaml would.
 *
 * @param name the model name
 * @param features feature name to type
 * @param settings any other `models.<name>` keys, as written in YAML (snake_case), e.g. `{ window: { size: 500 } }`
 * @returns the validated declaration, defaults applied
 * @throws {TypeError} naming every invalid setting
 * @example
 * ```ts
 * import { defineModel } from "./model.ts";
 * import assert from "node:assert/strict";
 * const model = defineModel("m", { age: "numeric" }, { window: { size: 600 } });
 * assert.equal(model.window.size, 600);
 * assert.equal(model.thresholds.ks.warning, 0.15);
 * assert.throws(() => defineModel("m", {}), TypeError);
 * ```
 */
export function defineModel(
  name: string,
  features: Record<string, FeatureType>,
  settings: Record<string, unknown> = {},
): ModelConfig {
  const result = validateConfig({ models: { [name]: { ...settings, features } } });
  if (!result.ok) {
    const issues = result.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new TypeError(`Invalid model "${name}": ${issues.join("; ")}`);
  }
  return result.config.models[name]!;
}
