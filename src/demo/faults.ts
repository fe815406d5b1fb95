/**
 * Fault injection for the demo model service: added latency, injected errors, simulated drift.
 *
 * @module
 */

/** Latency beyond this would only tie up sockets; a minute is plenty for any timeout demo. */
export const MAX_LATENCY_MS = 60_000;

/** The live fault settings; the service reads them on every request, so mutating one takes effect at once. */
export interface Faults {
  /** Delay added before answering /predict, in milliseconds, from 0 to {@linkcode MAX_LATENCY_MS}. */
  latencyMs: number;
  /** Share of /predict requests answered 503, from 0 to 1. */
  errorRatio: number;
  /** Whether predictions come from the drifted model (see drift.ts). */
  drift: boolean;
}

/** Fault settings as they travel over HTTP (`GET`/`POST /admin/faults`). */
export interface FaultsJson {
  /** {@linkcode Faults.latencyMs} */
  latency_ms: number;
  /** {@linkcode Faults.errorRatio} */
  error_ratio: number;
  /** {@linkcode Faults.drift} */
  drift: boolean;
}

type Field = keyof Faults;

const EXPECTED: Record<Field, string> = {
  latencyMs: `a number from 0 to ${MAX_LATENCY_MS}`,
  errorRatio: "a number from 0 to 1",
  drift: "true or false",
};

function isValid(field: Field, value: unknown): boolean {
  if (field === "drift") return typeof value === "boolean";
  const max = field === "latencyMs" ? MAX_LATENCY_MS : 1;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= max;
}

/**
 * Makes a validated fault state, healthy (no latency, no errors, no drift) where not given.
 *
 * @param initial the settings to start from
 * @returns a fresh, mutable fault state
 * @example
 * ```ts
 * import { createFaults } from "./faults.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(createFaults({ errorRatio: 0.5 }), { latencyMs: 0, errorRatio: 0.5, drift: false });
 * assert.throws(() => createFaults({ errorRatio: 2 }), RangeError);
 * ```
 */
export function createFaults(initial: Partial<Faults> = {}): Faults {
  const faults: Faults = { latencyMs: 0, errorRatio: 0, drift: false, ...initial };
  for (const field of Object.keys(EXPECTED) as Field[]) {
    if (!isValid(field, faults[field])) {
      throw new RangeError(`Invalid ${field} "${String(faults[field])}": expected ${EXPECTED[field]}`);
    }
  }
  return faults;
}

// Echoes enough of a bad value to recognize it without copying a whole request body into the answer.
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

const WIRE_FIELDS: Record<string, Field | undefined> = {
  latency_ms: "latencyMs",
  error_ratio: "errorRatio",
  drift: "drift",
};

/**
 * Validates a partial update as sent to `POST /admin/faults`; unknown fields are rejected so a typo
 * cannot silently leave a fault unchanged.
 *
 * @param body the parsed JSON body
 * @returns the update in {@linkcode Faults} terms, only the fields given
 * @example
 * ```ts
 * import { parseFaultsPatch } from "./faults.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseFaultsPatch({ error_ratio: 0.1 }), { errorRatio: 0.1 });
 * assert.throws(() => parseFaultsPatch({ latency_ms: -1 }), /Invalid field "latency_ms"/);
 * ```
 */
export function parseFaultsPatch(body: unknown): Partial<Faults> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new TypeError(`Invalid body ${preview(body)}: expected a JSON object`);
  }
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const field = WIRE_FIELDS[key];
    if (field === undefined) {
      throw new TypeError(`Unknown field ${preview(key)}: expected latency_ms, error_ratio or drift`);
    }
    if (!isValid(field, value)) {
      throw new TypeError(`Invalid field "${key}": expected ${EXPECTED[field]}, got ${preview(value)}`);
    }
    patch[field] = value;
  }
  return patch as Partial<Faults>;
}

/**
 * Renders a fault state for HTTP.
 *
 * @param faults the fault state
 * @returns its wire form
 * @example
 * ```ts
 * import { createFaults, faultsToJson } from "./faults.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(faultsToJson(createFaults({ drift: true })), { latency_ms: 0, error_ratio: 0, drift: true });
 * ```
 */
export function faultsToJson(faults: Faults): FaultsJson {
  return { latency_ms: faults.latencyMs, error_ratio: faults.errorRatio, drift: faults.drift };
}

/**
 * Describes a fault state for a log line.
 *
 * @param faults the fault state
 * @returns e.g. `latency 0 ms, error ratio 0, drift off`
 * @example
 * ```ts
 * import { createFaults, describeFaults } from "./faults.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeFaults(createFaults()), "latency 0 ms, error ratio 0, drift off");
 * ```
 */
export function describeFaults(faults: Faults): string {
  return `latency ${faults.latencyMs} ms, error ratio ${faults.errorRatio}, drift ${
    faults.drift ? "on" : "off"
  }`;
}
