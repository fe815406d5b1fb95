/** Builders for SLO configs in tests, with the loader's defaults. */
import { parseConfig } from "../../src/config/load.ts";
import type { AlertingConfig, InstrumentationConfig, SloConfig } from "../../src/config/types.ts";

const defaults = parseConfig("slos: []", { source: "<defaults>", env: {} });

/** The loader's `alerting` section when vigil.yaml has none. */
export const DEFAULT_ALERTING: AlertingConfig = defaults.alerting;

/** The loader's `instrumentation` section when vigil.yaml has none. */
export const DEFAULT_INSTRUMENTATION: InstrumentationConfig = defaults.instrumentation;

/** An SLO with the loader's defaults (30-day period, page and ticket on, no traffic guard). */
export function makeSlo(
  fields: Pick<SloConfig, "name" | "objective" | "sli"> & Partial<SloConfig>,
): SloConfig {
  return {
    periodMs: 30 * 86_400_000,
    minTraffic: 0,
    alerting: { page: true, ticket: true, labels: {}, noDataForMs: 600_000 },
    ...fields,
  };
}
