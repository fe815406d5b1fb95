/**
 * Pure evaluation of a probe's assertions against one observed response. Returns every failed
 * assertion, not just the first, so a failure reason tells the whole story at 3 a.m.
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import type { JsonAssertion, ModelAssertion, ProbeAssertions } from "../config/types.ts";
import { lookup } from "./json_path.ts";

/** What a probe saw: enough to judge it without touching the network again. */
export interface ObservedResponse {
  status: number;
  durationMs: number;
  /** The body as text (already size-limited by the runner). */
  body: string;
}

const MAX_VALUE_CHARS = 60;

/** Renders a value for a failure message, quoted and truncated. */
export function show(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/**
 * Checks one response against a probe's assertions.
 *
 * @param assertions the probe's `assert` block
 * @param response the observed status, duration and body
 * @returns the failed assertions as messages; empty when the probe succeeded
 * @example
 * ```ts
 * import { evaluateAssertions } from "./assertions.ts";
 * import assert from "node:assert/strict";
 * const failures = evaluateAssertions(
 *   { status: [200], json: [{ path: "label", equals: "positive" }] },
 *   { status: 200, durationMs: 12, body: '{"label":"negative"}' },
 * );
 * assert.deepEqual(failures, ['json label: expected "positive", got "negative"']);
 * ```
 */
export function evaluateAssertions(assertions: ProbeAssertions, response: ObservedResponse): string[] {
  const failures: string[] = [];
  if (assertions.maxDurationMs !== undefined && response.durationMs > assertions.maxDurationMs) {
    failures.push(`duration ${response.durationMs.toFixed(1)} ms over budget ${assertions.maxDurationMs} ms`);
  }
  if (!assertions.status.includes(response.status)) {
    // An unexpected status means the body is an error page, not the model's answer: show it instead of
    // listing every body assertion it cannot meet.
    const body = response.body.trim().replace(/\s+/g, " ");
    const excerpt = body === ""
      ? ""
      : `: ${body.length > MAX_VALUE_CHARS ? `${body.slice(0, MAX_VALUE_CHARS)}…` : body}`;
    failures.unshift(`status ${response.status} not in ${describeStatuses(assertions.status)}${excerpt}`);
    return failures;
  }
  if (assertions.json.length === 0 && assertions.model === undefined) return failures;

  let document: unknown;
  try {
    document = JSON.parse(response.body);
  } catch {
    failures.push(`body is not JSON: ${show(response.body)}`);
    return failures;
  }
  for (const assertion of assertions.json) {
    const failure = checkJson(assertion, document);
    if (failure !== null) failures.push(failure);
  }
  if (assertions.model !== undefined) failures.push(...checkModel(assertions.model, document));
  return failures;
}

function checkJson(assertion: JsonAssertion, document: unknown): string | null {
  const where = `json ${assertion.path}`;
  const found = lookup(document, assertion.path);
  if ("exists" in assertion) {
    if (found.found === assertion.exists) return null;
    return assertion.exists
      ? `${where}: missing`
      : `${where}: expected absent, got ${show(found.found && found.value)}`;
  }
  if (!found.found) return `${where}: missing (no ${found.missing})`;
  const value = found.value;
  if ("equals" in assertion) {
    return isDeepStrictEqual(value, assertion.equals)
      ? null
      : `${where}: expected ${show(assertion.equals)}, got ${show(value)}`;
  }
  if ("oneOf" in assertion) {
    return assertion.oneOf.some((option) => isDeepStrictEqual(value, option))
      ? null
      : `${where}: expected one of ${show(assertion.oneOf)}, got ${show(value)}`;
  }
  if ("range" in assertion) {
    const { min, max } = assertion.range;
    const inRange = typeof value === "number" && Number.isFinite(value) &&
      (min === undefined || value >= min) && (max === undefined || value <= max);
    return inRange
      ? null
      : `${where}: expected a number in [${min ?? "-∞"}, ${max ?? "∞"}], got ${show(value)}`;
  }
  // Only `matches` remains. Non-strings are matched against their JSON text so numbers can be checked too.
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return new RegExp(assertion.matches).test(text)
    ? null
    : `${where}: expected to match /${assertion.matches}/, got ${show(value)}`;
}

function checkModel(model: ModelAssertion, document: unknown): string[] {
  const failures: string[] = [];
  if (model.label !== undefined) {
    const label = lookup(document, model.labelPath);
    if (!label.found) failures.push(`model label: missing (no ${label.missing})`);
    else if (label.value !== model.label) {
      failures.push(`model label: expected ${show(model.label)}, got ${show(label.value)}`);
    }
  }
  if (model.minConfidence !== undefined) {
    const confidence = lookup(document, model.confidencePath);
    if (!confidence.found) failures.push(`model confidence: missing (no ${confidence.missing})`);
    else if (typeof confidence.value !== "number" || !Number.isFinite(confidence.value)) {
      failures.push(`model confidence: expected a number, got ${show(confidence.value)}`);
    } else if (confidence.value < model.minConfidence) {
      failures.push(`model confidence: ${confidence.value.toFixed(3)} below minimum ${model.minConfidence}`);
    }
  }
  return failures;
}

/** Compresses a status list for messages: `[200, 201, 202]` → `200-202`. */
function describeStatuses(statuses: number[]): string {
  const sorted = [...new Set(statuses)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return `[${parts.join(", ")}]`;
}
