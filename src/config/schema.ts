/**
 * The vigil.yaml schema (zod v4): validates the parsed, interpolated YAML tree and maps it to the typed
 * `Config` of types.ts. Every message says what was expected and what was found, because zod's defaults
 * ("Invalid input") do not tell a user which value to fix.
 *
 * Scalars are checked by small "leaf" parsers that write their own messages; zod provides the structure
 * (mappings, lists, unknown keys, defaults). Numbers, booleans and durations also accept strings, since
 * `${VAR}` interpolation always produces one.
 *
 * @module
 */
import { z } from "zod";
import { cleanUrl } from "./clean_url.ts";
import { formatDuration, parseDuration } from "./duration.ts";
import { normalizeJsonPath } from "./json_path.ts";
import { DEFAULT_LATENCY_BUCKETS_SECONDS } from "../metrics/buckets.ts";
import type {
  AlertingConfig,
  AlertThresholds,
  Config,
  DriftSeverity,
  DriftThresholds,
  FeatureConfig,
  FeatureType,
  InstrumentationConfig,
  JsonAssertion,
  ModelAssertion,
  ModelConfig,
  PredictionKind,
  ProbeAssertions,
  ProbeConfig,
  ReceiverConfig,
  SecretConfig,
  ServerConfig,
  SeverityThresholds,
  SliConfig,
  SloAlertingConfig,
  SloConfig,
  StorageConfig,
  TargetConfig,
} from "./types.ts";

/** A validation problem, located by keys and indices from the root of the config. */
export interface SchemaIssue {
  /** Keys and indices, e.g. `["probes", 2, "assert", "status"]`. */
  path: PropertyKey[];
  /** What was expected and what was found. */
  message: string;
}

/** The outcome of validating a config tree: the config, or every problem found. */
export type ValidationResult =
  | { ok: true; config: Omit<Config, "source"> }
  | { ok: false; issues: SchemaIssue[] };

const MAX_SHOWN = 40;

/**
 * Describes a config value for a message: strings quoted (and truncated), lists and mappings by kind.
 *
 * @param value any parsed YAML value
 * @returns e.g. `"abc"`, `5`, `a list`, `a mapping`, `an empty value` or `nothing` (for a missing key)
 * @example
 * ```ts
 * import { describeValue } from "./schema.ts";
 * import assert from "assert";
 * assert.equal(describeValue("abc"), '"abc"');
 * assert.equal(describeValue([1]), "a list");
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") {
    return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
  }
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

/**
 * {@linkcode describeValue} of a URL, its credentials masked: a URL filled from a secret (`${MODEL_URL}`)
 * with a typo must not print the password into a CI log.
 */
function describeUrl(value: unknown): string {
  return describeValue(typeof value === "string" ? cleanUrl(value) : value);
}

// ---------------------------------------------------------------------------------------------------------
// Leaf parsers: one scalar each, with a message that names what was expected.

/** Thrown by `fail` to stop a leaf parser; never escapes `leaf`. */
class LeafFailed extends Error {}

interface LeafContext {
  /** Records a problem (at a sub-path, for lists and mappings) and carries on. */
  issue(message: string, path?: PropertyKey[]): void;
  /** Records a problem and stops. */
  fail(message: string, path?: PropertyKey[]): never;
}

function leaf<T>(parse: (input: unknown, context: LeafContext) => T) {
  return z.unknown().transform((input, ctx): T => {
    let failed = false;
    const issue = (message: string, path: PropertyKey[] = []) => {
      failed = true;
      ctx.addIssue({ code: "custom", message, path, input });
    };
    const fail = (message: string, path?: PropertyKey[]): never => {
      issue(message, path);
      throw new LeafFailed();
    };
    try {
      const value = parse(input, { issue, fail });
      return failed ? z.NEVER : value;
    } catch (error) {
      if (error instanceof LeafFailed) return z.NEVER;
      throw error;
    }
  });
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function toNumber(input: unknown): number | undefined {
  if (typeof input === "number") return Number.isFinite(input) ? input : undefined;
  if (typeof input === "string" && NUMERIC.test(input.trim())) return Number(input.trim());
  return undefined;
}

function number(expected: string, accept: (value: number) => boolean = () => true) {
  return leaf((input, { fail }) => {
    const value = toNumber(input);
    if (value === undefined || !accept(value)) {
      return fail(`expected ${expected}, got ${describeValue(input)}`);
    }
    return value;
  });
}

function boolean() {
  return leaf((input, { fail }) => {
    if (input === true || input === "true") return true;
    if (input === false || input === "false") return false;
    return fail(`expected true or false, got ${describeValue(input)}`);
  });
}

function text(expected: string, accept: (value: string) => boolean = (value) => value !== "") {
  return leaf((input, { fail }) => {
    if (typeof input !== "string" || !accept(input)) {
      return fail(`expected ${expected}, got ${describeValue(input)}`);
    }
    return input;
  });
}

/** Optional free text; a YAML number or boolean is taken as written (`label: 1` means "1"). */
function lenientText(expected: string) {
  return leaf((input, { fail }) => {
    if (typeof input === "string") return input;
    if (typeof input === "number" || typeof input === "boolean") return String(input);
    return fail(`expected ${expected}, got ${describeValue(input)}`);
  });
}

const NAME = /^[A-Za-z0-9_.-]+$/;
const NAME_EXPECTED = 'a name of letters, digits, "_", "." or "-"';

function name() {
  return text(NAME_EXPECTED, (value) => NAME.test(value));
}

function modelName() {
  return text(`the name of a model (${NAME_EXPECTED.slice(2)})`, (value) => NAME.test(value));
}

const SEVERITIES: readonly DriftSeverity[] = ["info", "warning", "critical"];

function severity() {
  return leaf((input, { fail }): DriftSeverity => {
    const found = SEVERITIES.find((level) => level === input);
    return found ?? fail(`expected one of ${SEVERITIES.join(", ")}, got ${describeValue(input)}`);
  });
}

// Labels Vigil sets itself on every alert; a user label of the same name would silently win or lose.
const RESERVED_LABELS = ["alertname", "severity", "slo", "service", "model", "target"];
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function alertLabels() {
  return leaf((input, { fail, issue }) => {
    if (!isMapping(input)) {
      return fail(`expected a mapping of label names to values, got ${describeValue(input)}`);
    }
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(input)) {
      if (!LABEL_NAME.test(key) || key.startsWith("__")) {
        issue(`expected a Prometheus label name, got ${describeValue(key)}`, [key]);
      } else if (RESERVED_LABELS.includes(key)) {
        issue(
          `expected a label Vigil does not set itself (not ${RESERVED_LABELS.join(", ")}), got "${key}"`,
          [key],
        );
      } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        out[key] = String(value);
      } else {
        issue(`expected a label value, got ${describeValue(value)}`, [key]);
      }
    }
    return out;
  });
}

function tryDuration(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function duration(options: { atLeast?: number } = {}) {
  return leaf((input, { fail }) => {
    // A bare number (or "${VAR}" that gave one) most likely means seconds to one reader and ms to another.
    if (typeof input === "number" || toNumber(input) !== undefined) {
      return fail(`expected a duration with a unit, like "5s", got ${describeValue(input)}`);
    }
    if (typeof input !== "string") return fail(`expected a duration like "5s", got ${describeValue(input)}`);
    let ms: number;
    try {
      ms = parseDuration(input);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // parseDuration says `Cannot parse duration "<text>": <reason>`; the reason is the useful part here.
      const reason = error.message.slice(`Cannot parse duration ${JSON.stringify(input)}: `.length);
      return fail(`expected a duration like "5s" or "1h30m", got ${describeValue(input)} (${reason})`);
    }
    if (options.atLeast !== undefined && ms < options.atLeast) {
      return fail(
        `expected a duration of at least ${formatDuration(options.atLeast)}, got ${describeValue(input)}`,
      );
    }
    if (ms <= 0) return fail(`expected a duration greater than 0, got ${describeValue(input)}`);
    return ms;
  });
}

/** The outcome of checking a target URL: the URL to use, or why it cannot be used. */
export type TargetUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Checks a target's base URL: http or https, no query or fragment. Trailing slashes are dropped, so
 * `url + probe.path` is the request URL and a base path such as `/api` is kept.
 *
 * @param input the URL as written in the config (or on the command line)
 * @returns the URL to use, or a message saying what was expected
 * @example
 * ```ts
 * import { checkTargetUrl } from "./schema.ts";
 * import assert from "assert";
 * assert.deepEqual(checkTargetUrl("http://127.0.0.1:8081/"), { ok: true, url: "http://127.0.0.1:8081" });
 * assert.equal(checkTargetUrl("ftp://example.com").ok, false);
 * ```
 */
export function checkTargetUrl(input: unknown): TargetUrlCheck {
  const problem = (expected: string): TargetUrlCheck => ({
    ok: false,
    message: `expected ${expected}, got ${describeUrl(input)}`,
  });
  if (typeof input !== "string") return problem("an http:// or https:// URL");
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return problem("an http:// or https:// URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return problem("an http:// or https:// URL");
  // Probe paths are appended to the URL, so a query or fragment here would end up in the middle.
  if (url.search !== "" || url.hash !== "") return problem('a base URL without "?query" or "#fragment"');
  return { ok: true, url: input.replace(/\/+$/, "") };
}

function httpUrl() {
  return leaf((input, { fail }) => {
    const result = checkTargetUrl(input);
    return result.ok ? result.url : fail(result.message);
  });
}

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function headers() {
  return leaf((input, { fail, issue }) => {
    if (input === null || input === undefined) return {};
    if (typeof input !== "object" || Array.isArray(input)) {
      return fail(`expected a mapping of header names to values, got ${describeValue(input)}`);
    }
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(input)) {
      if (!HEADER_NAME.test(key)) {
        issue(`expected an HTTP header name, got ${describeValue(key)}`, [key]);
      } else if (typeof value === "number" || typeof value === "boolean") {
        out[key] = String(value);
      } else if (typeof value !== "string" || /[\r\n\0]/.test(value)) {
        issue(`expected a header value on one line, got ${describeValue(value)}`, [key]);
      } else {
        out[key] = value;
      }
    }
    return out;
  });
}

/** A request body or `equals` value: any JSON value, so no `.inf` or `.nan`. */
function jsonValue() {
  return leaf((input, { issue }) => {
    const walk = (value: unknown, path: PropertyKey[]) => {
      if (typeof value === "number" && !Number.isFinite(value)) {
        issue(`expected a JSON value, got ${describeValue(value)}`, path);
      } else if (Array.isArray(value)) {
        value.forEach((item, index) => walk(item, [...path, index]));
      } else if (value !== null && typeof value === "object") {
        for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
      }
    };
    walk(input, []);
    return input;
  });
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function method() {
  return leaf((input, { fail }) => {
    const upper = typeof input === "string" ? input.toUpperCase() : undefined;
    if (upper === undefined || !(METHODS as readonly string[]).includes(upper)) {
      return fail(`expected one of ${METHODS.join(", ")}, got ${describeValue(input)}`);
    }
    return upper;
  });
}

const STATUS_EXPECTED = 'an HTTP status code (100-599) or a class like "2xx"';

function statusCodes(input: unknown): number[] | undefined {
  const code = toNumber(input);
  if (code !== undefined) return Number.isInteger(code) && code >= 100 && code <= 599 ? [code] : undefined;
  const match = typeof input === "string" ? /^([1-5])xx$/i.exec(input.trim()) : null;
  if (match === null) return undefined;
  const first = Number(match[1]) * 100;
  return Array.from({ length: 100 }, (_, offset) => first + offset);
}

function status() {
  return leaf((input, { fail, issue }) => {
    const items = Array.isArray(input) ? input : [input];
    if (items.length === 0) return fail(`expected at least one ${STATUS_EXPECTED}, got an empty list`);
    const codes = new Set<number>();
    items.forEach((item, index) => {
      const expanded = statusCodes(item);
      if (expanded === undefined) {
        issue(`expected ${STATUS_EXPECTED}, got ${describeValue(item)}`, Array.isArray(input) ? [index] : []);
      } else {
        for (const code of expanded) codes.add(code);
      }
    });
    return [...codes].sort((a, b) => a - b);
  });
}

function jsonPath() {
  return leaf((input, { fail }) => {
    const expected = 'a JSON path like "items[0].label"';
    if (typeof input !== "string") return fail(`expected ${expected}, got ${describeValue(input)}`);
    try {
      return normalizeJsonPath(input);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      const reason = error.message.slice(`Cannot parse JSON path ${JSON.stringify(input)}: `.length);
      return fail(`expected ${expected}, got ${describeValue(input)} (${reason})`);
    }
  });
}

function regex() {
  return leaf((input, { fail }) => {
    if (typeof input !== "string") return fail(`expected a regular expression, got ${describeValue(input)}`);
    try {
      new RegExp(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail(`expected a valid regular expression, got ${describeValue(input)} (${reason})`);
    }
    return input;
  });
}

function list(expected: string) {
  return leaf((input, { fail }) => {
    if (!Array.isArray(input) || input.length === 0) {
      return fail(`expected ${expected}, got ${describeValue(input)}`);
    }
    return input as unknown[];
  });
}

// ---------------------------------------------------------------------------------------------------------
// Structure

// strictObject reports unknown keys in one issue without the allowed ones; the allowed keys ride along in
// the message under this marker, and `humanize` turns them into one readable issue per unknown key.
const ALLOWED_KEYS = "allowed keys:";

function object<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(",");
  return z.strictObject(shape, {
    error: (issue) => issue.code === "unrecognized_keys" ? `${ALLOWED_KEYS}${allowed}` : undefined,
  });
}

/** An optional section: missing or empty (`server:` with nothing under it) both mean the defaults. */
function section<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const serverSchema = object({
  port: number("a port number (0-65535)", (value) => Number.isInteger(value) && value >= 0 && value <= 65535)
    .default(8080),
  hostname: text("a host name or IP address").default("127.0.0.1"),
  token: section(text("a string", () => true).optional()),
}).transform(({ port, hostname, token }): ServerConfig => ({
  port,
  hostname,
  // `token: ${VIGIL_TOKEN:-}` is the documented way to make it optional, so empty means "no token".
  ...(token ? { token } : {}),
}));

const storageSchema = object({
  path: text("a file path or :memory:").default(".vigil/vigil.db"),
  retention: duration().default(35 * DAY),
}).transform(({ path, retention }): StorageConfig => ({ path, retentionMs: retention }));

const targetSchema = object({
  url: httpUrl(),
  headers: headers().optional(),
});

// A plain string key schema: zod records only take keys that are strings going in.
const targetName = z.string().regex(NAME, {
  error: (issue) => `expected ${NAME_EXPECTED}, got ${describeValue(issue.input)}`,
});

const targetsSchema = z.record(targetName, targetSchema).transform((targets) => {
  const out: Record<string, TargetConfig> = {};
  for (const [key, target] of Object.entries(targets)) {
    out[key] = { name: key, url: target.url, headers: target.headers ?? {} };
  }
  return out;
});

const rangeSchema = object({
  min: number("a number").optional(),
  max: number("a number").optional(),
}).transform((range, ctx) => {
  if (range.min === undefined && range.max === undefined) {
    ctx.addIssue({ code: "custom", message: "expected min, max or both, got neither", input: range });
  } else if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
    ctx.addIssue({
      code: "custom",
      message: `expected min <= max, got min ${range.min} and max ${range.max}`,
      input: range,
    });
  }
  const out: { min?: number; max?: number } = {};
  if (range.min !== undefined) out.min = range.min;
  if (range.max !== undefined) out.max = range.max;
  return out;
});

const MATCHERS = ["equals", "one_of", "range", "matches", "exists"] as const;

const jsonAssertionSchema = object({
  path: jsonPath(),
  equals: jsonValue().optional(),
  one_of: list("a non-empty list of values").optional(),
  range: rangeSchema.optional(),
  matches: regex().optional(),
  exists: boolean().optional(),
}).transform((item, ctx): JsonAssertion => {
  // `equals: null` is a real matcher (the value must be JSON null), so presence is "key given", not value.
  const given = MATCHERS.filter((key) => Object.hasOwn(item, key));
  if (given.length !== 1) {
    ctx.addIssue({
      code: "custom",
      message: `expected exactly one of ${MATCHERS.join(", ")}, got ${
        given.length === 0 ? "none" : given.join(" and ")
      }`,
      input: item,
    });
    return z.NEVER;
  }
  const { path } = item;
  if (item.one_of !== undefined) return { path, oneOf: item.one_of };
  if (item.range !== undefined) return { path, range: item.range };
  if (item.matches !== undefined) return { path, matches: item.matches };
  if (item.exists !== undefined) return { path, exists: item.exists };
  return { path, equals: item.equals };
});

const modelSchema = object({
  label: lenientText("a label").optional(),
  min_confidence: number("a number from 0 to 1", (value) => value >= 0 && value <= 1).optional(),
  label_path: jsonPath().default("label"),
  confidence_path: jsonPath().default("confidence"),
}).transform((model, ctx): ModelAssertion => {
  if (model.label === undefined && model.min_confidence === undefined) {
    ctx.addIssue({
      code: "custom",
      message: "expected label, min_confidence or both, got neither",
      input: model,
    });
  }
  const out: ModelAssertion = { labelPath: model.label_path, confidencePath: model.confidence_path };
  if (model.label !== undefined) out.label = model.label;
  if (model.min_confidence !== undefined) out.minConfidence = model.min_confidence;
  return out;
});

const DEFAULT_STATUS = Array.from({ length: 100 }, (_, offset) => 200 + offset);

const assertSchema = object({
  status: status().optional(),
  max_duration: duration().optional(),
  json: section(z.array(jsonAssertionSchema).default([])),
  model: section(modelSchema.optional()),
}).transform((assert): ProbeAssertions => {
  const out: ProbeAssertions = { status: assert.status ?? DEFAULT_STATUS, json: assert.json };
  if (assert.max_duration !== undefined) out.maxDurationMs = assert.max_duration;
  if (assert.model !== undefined) out.model = assert.model;
  return out;
});

const MAX_DEFAULT_TIMEOUT = 10_000;

const probeSchema = object({
  name: name(),
  target: text("the name of a target"),
  method: method().optional(),
  path: text('a path starting with "/"', (value) => value.startsWith("/")),
  headers: headers().optional(),
  // `body:` with nothing after it is read as "no body", not as a JSON null.
  body: section(jsonValue().optional()),
  interval: duration({ atLeast: 1_000 }).default(30_000),
  timeout: duration().optional(),
  jitter: number("a number from 0 to 0.5", (value) => value >= 0 && value <= 0.5).default(0.1),
  assert: section(assertSchema.prefault({})),
}).transform((probe, ctx): ProbeConfig => {
  const hasBody = probe.body !== undefined;
  const method = probe.method ?? (hasBody ? "POST" : "GET");
  if (hasBody && (method === "GET" || method === "HEAD")) {
    ctx.addIssue({
      code: "custom",
      path: ["method"],
      message: `expected a method that allows a body (POST, PUT, PATCH, DELETE, OPTIONS), got "${method}"`,
      input: probe.method,
    });
  }
  const timeoutMs = probe.timeout ?? Math.min(probe.interval, MAX_DEFAULT_TIMEOUT);
  if (timeoutMs > probe.interval) {
    ctx.addIssue({
      code: "custom",
      path: ["timeout"],
      message: `expected at most the interval (${formatDuration(probe.interval)}), got ${
        formatDuration(timeoutMs)
      }`,
      input: probe.timeout,
    });
  }
  const out: ProbeConfig = {
    name: probe.name,
    target: probe.target,
    method,
    path: probe.path,
    headers: probe.headers ?? {},
    intervalMs: probe.interval,
    timeoutMs,
    jitter: probe.jitter,
    assert: probe.assert,
  };
  if (hasBody) out.body = probe.body;
  return out;
});

/**
 * Every SLI type, by the key that names it under `sli:`. Adding a type is one entry here (and one member of
 * `SliConfig` in types.ts, which the `satisfies` clause holds this table to).
 */
const SLI_TYPES = {
  probe_availability: object({ target: text("the name of a target") })
    .transform(({ target }) => ({ type: "probe_availability" as const, target })),
  probe_latency: object({ target: text("the name of a target"), threshold: duration() })
    .transform(({ target, threshold }) => ({
      type: "probe_latency" as const,
      target,
      thresholdMs: threshold,
    })),
  request_success: object({ model: modelName(), endpoint: text("an endpoint, like /predict").optional() })
    .transform(({ model, endpoint }) => ({
      type: "request_success" as const,
      model,
      ...(endpoint === undefined ? {} : { endpoint }),
    })),
  request_latency: object({
    model: modelName(),
    endpoint: text("an endpoint, like /predict").optional(),
    threshold: duration(),
  }).transform(({ model, endpoint, threshold }) => ({
    type: "request_latency" as const,
    model,
    ...(endpoint === undefined ? {} : { endpoint }),
    thresholdMs: threshold,
  })),
  accuracy: object({ model: modelName(), label_freshness: duration().default(DAY) })
    .transform(({ model, label_freshness }) => ({
      type: "accuracy" as const,
      model,
      labelFreshnessMs: label_freshness,
    })),
  drift: object({ model: modelName(), below: severity().default("warning") })
    .transform(({ model, below }) => ({ type: "drift" as const, model, below })),
} satisfies { [Type in SliConfig["type"]]: z.ZodType<Extract<SliConfig, { type: Type }>> };

const SLI_TYPE_NAMES = Object.keys(SLI_TYPES);

function isSliType(key: string): key is keyof typeof SLI_TYPES {
  return Object.hasOwn(SLI_TYPES, key);
}

// A hand-written dispatch rather than a zod union, so a mistake is reported inside the one SLI type the
// user wrote (`slos[0].sli.probe_latency.threshold`) instead of as "no union member matched".
const sliSchema = z.unknown().transform((input, ctx): SliConfig => {
  const expected = `one SLI type (${SLI_TYPE_NAMES.join(", ")})`;
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    ctx.addIssue({
      code: "custom",
      message: `expected a mapping with ${expected}, got ${describeValue(input)}`,
      input,
    });
    return z.NEVER;
  }
  const keys = Object.keys(input);
  const [type] = keys;
  if (type === undefined || keys.length > 1) {
    const got = type === undefined ? "none" : `${keys.length}: ${keys.join(", ")}`;
    ctx.addIssue({ code: "custom", message: `expected exactly ${expected}, got ${got}`, input });
    return z.NEVER;
  }
  if (!isSliType(type)) {
    ctx.addIssue({
      code: "custom",
      path: [type],
      message: unknownKeyMessage(type, SLI_TYPE_NAMES, "SLI type"),
      input,
    });
    return z.NEVER;
  }
  const result = SLI_TYPES[type].safeParse((input as Record<string, unknown>)[type], { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues.flatMap(humanize)) {
    ctx.addIssue({ code: "custom", path: [type, ...issue.path], message: issue.message, input });
  }
  return z.NEVER;
});

const sloAlertingSchema = object({
  page: boolean().optional(),
  ticket: boolean().default(true),
  labels: alertLabels().optional(),
  runbook: text("a runbook URL or text").optional(),
  no_data_for: duration().default(10 * MINUTE),
});

// Accuracy and drift are late, slow signals: a fast burn of them is a ticket, not a page at 3 a.m.
const PAGES_BY_DEFAULT: Record<SliConfig["type"], boolean> = {
  probe_availability: true,
  probe_latency: true,
  request_success: true,
  request_latency: true,
  accuracy: false,
  drift: false,
};

const sloSchema = object({
  name: name(),
  description: text("a string", () => true).optional(),
  objective: number(
    "a percentage between 0 and 100 (exclusive), like 99.9",
    (value) => value > 0 && value < 100,
  ),
  period: duration().default(30 * DAY),
  min_traffic: number("a whole number of events, 0 or more", (value) => Number.isInteger(value) && value >= 0)
    .optional(),
  sli: sliSchema,
  alerting: section(sloAlertingSchema.prefault({})),
}).transform((slo, ctx): SloConfig => {
  if (slo.sli.type === "drift" && slo.min_traffic !== undefined && slo.min_traffic > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["min_traffic"],
      message:
        `expected no min_traffic for a drift SLI (its events are evaluations, not traffic), got ${slo.min_traffic}`,
      input: slo.min_traffic,
    });
  }
  const alerting: SloAlertingConfig = {
    page: slo.alerting.page ?? PAGES_BY_DEFAULT[slo.sli.type],
    ticket: slo.alerting.ticket,
    labels: slo.alerting.labels ?? {},
    noDataForMs: slo.alerting.no_data_for,
  };
  if (slo.alerting.runbook !== undefined) alerting.runbook = slo.alerting.runbook;
  const out: SloConfig = {
    name: slo.name,
    sli: slo.sli,
    // Twelve significant digits: 99.9 / 100 is 0.9990000000000001 in binary, which would leak into rules.
    objective: Number((slo.objective / 100).toPrecision(12)),
    periodMs: slo.period,
    minTraffic: slo.min_traffic ?? 0,
    alerting,
  };
  if (slo.description !== undefined) out.description = slo.description;
  return out;
});

// A secret is written as is (or from ${VAR} when the rules are generated), or left to Alertmanager to
// read at run time from a file or, in the generated compose file, from a deploy-time variable.
function secret() {
  return leaf((input, { fail }): SecretConfig => {
    const expected = "a value, { env: VARIABLE } or { file: /path }";
    if (typeof input === "string" && input !== "") return { value: input };
    if (isMapping(input)) {
      const keys = Object.keys(input);
      const [key] = keys;
      const value = key === undefined ? undefined : input[key];
      if (keys.length === 1 && typeof value === "string") {
        if (key === "env" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return { env: value };
        if (key === "file" && value !== "") return { file: value };
      }
    }
    return fail(`expected ${expected}, got ${describeValue(input)}`);
  });
}

function urlText() {
  return leaf((input, { fail }) => {
    let url: URL | undefined;
    try {
      url = typeof input === "string" ? new URL(input) : undefined;
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
      return fail(`expected an http:// or https:// URL, got ${describeUrl(input)}`);
    }
    return input as string;
  });
}

const receiverSchema = object({
  webhook: section(
    object({ url: urlText(), bearer_token: secret().optional() }).transform(({ url, bearer_token }) => ({
      url,
      ...(bearer_token === undefined ? {} : { bearerToken: bearer_token }),
    })).optional(),
  ),
  slack: section(
    object({ api_url: secret(), channel: text("a channel, like #alerts").optional() }).transform((
      { api_url, channel },
    ) => ({ apiUrl: api_url, ...(channel === undefined ? {} : { channel }) })).optional(),
  ),
  pagerduty: section(
    object({ routing_key: secret() }).transform(({ routing_key }) => ({ routingKey: routing_key }))
      .optional(),
  ),
});

const receiverName = z.string().regex(NAME, {
  error: (issue) => `expected ${NAME_EXPECTED}, got ${describeValue(issue.input)}`,
});

const receiversSchema = z.record(receiverName, receiverSchema).transform((receivers, ctx) => {
  const out: Record<string, ReceiverConfig> = {};
  for (const [key, receiver] of Object.entries(receivers)) {
    if (!receiver.webhook && !receiver.slack && !receiver.pagerduty) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: "expected at least one of webhook, slack, pagerduty, got none",
        input: receiver,
      });
    }
    out[key] = { name: key, ...receiver } as ReceiverConfig;
  }
  return out;
});

const thresholdsSchema = object({
  drift_min_samples: number("a whole number, 0 or more", (value) => Number.isInteger(value) && value >= 0)
    .default(500),
  data_drift_severity: severity().default("warning"),
  prediction_drift_psi: number("a number greater than 0", (value) => value > 0).default(0.2),
  low_confidence_ratio: number("a number from 0 to 1", (value) => value > 0 && value < 1).default(0.3),
  low_confidence_min_predictions: number(
    "a whole number, 0 or more",
    (value) => Number.isInteger(value) && value >= 0,
  ).default(100),
  probe_failing_locations: number(
    "a whole number, 1 or more",
    (value) => Number.isInteger(value) && value >= 1,
  )
    .default(2),
  tls_warning: duration().default(14 * DAY),
  tls_critical: duration().default(3 * DAY),
}).transform((t, ctx): AlertThresholds => {
  if (t.tls_critical >= t.tls_warning) {
    ctx.addIssue({
      code: "custom",
      path: ["tls_critical"],
      message: `expected less than tls_warning (${formatDuration(t.tls_warning)}), got ${
        formatDuration(t.tls_critical)
      }`,
      input: t.tls_critical,
    });
  }
  return {
    driftMinSamples: t.drift_min_samples,
    dataDriftSeverity: t.data_drift_severity,
    predictionDriftPsi: t.prediction_drift_psi,
    lowConfidenceRatio: t.low_confidence_ratio,
    lowConfidenceMinPredictions: t.low_confidence_min_predictions,
    probeFailingLocations: t.probe_failing_locations,
    tlsWarningMs: t.tls_warning,
    tlsCriticalMs: t.tls_critical,
  };
});

const alertingSchema = object({
  receivers: section(receiversSchema.prefault({})),
  routes: section(
    object({
      critical: name().optional(),
      warning: name().optional(),
      info: name().optional(),
    }).prefault({}),
  ),
  group_wait: duration().default(30_000),
  group_interval: duration().default(5 * MINUTE),
  repeat_interval: duration().default(4 * HOUR),
  thresholds: section(thresholdsSchema.prefault({})),
}).transform((alerting): AlertingConfig => {
  const routes: AlertingConfig["routes"] = {};
  for (const severity of ["critical", "warning", "info"] as const) {
    const receiver = alerting.routes[severity];
    if (receiver !== undefined) routes[severity] = receiver;
  }
  return {
    receivers: alerting.receivers,
    routes,
    groupWaitMs: alerting.group_wait,
    groupIntervalMs: alerting.group_interval,
    repeatIntervalMs: alerting.repeat_interval,
    thresholds: alerting.thresholds,
  };
});

/** Upper bounds of the instrumented service's latency histogram when it keeps the defaults. */
const DEFAULT_BUCKETS_MS = DEFAULT_LATENCY_BUCKETS_SECONDS.map((seconds) =>
  Number((seconds * 1000).toPrecision(12))
);

const instrumentationSchema = object({
  job: name().default("model"),
  metrics_urls: section(z.array(urlText()).default([])),
  latency_buckets: leaf((input, { fail, issue }) => {
    if (!Array.isArray(input) || input.length === 0) {
      return fail(
        `expected a non-empty list of durations, like [100ms, 250ms, 1s], got ${describeValue(input)}`,
      );
    }
    const out: number[] = [];
    input.forEach((item, index) => {
      const ms = typeof item === "string" ? tryDuration(item) : undefined;
      if (ms === undefined || ms <= 0) {
        issue(`expected a duration like "250ms", got ${describeValue(item)}`, [index]);
      } else out.push(ms);
    });
    return [...new Set(out)].sort((a, b) => a - b);
  }).optional(),
}).transform((instrumentation): InstrumentationConfig => ({
  job: instrumentation.job,
  metricsUrls: instrumentation.metrics_urls,
  latencyBucketsMs: instrumentation.latency_buckets ?? DEFAULT_BUCKETS_MS,
}));

// ---------------------------------------------------------------------------------------------------------
// Models: what the drift engine compares with a reference

const FEATURE_TYPES: readonly FeatureType[] = ["numeric", "categorical"];
// Flat reference rows (CSV) carry the outputs in these columns, so no feature may be named like them.
const RESERVED_FEATURES = ["prediction", "confidence", "segment", "request_id", "timestamp", "model"];

function features() {
  return leaf((input, { fail, issue }): FeatureConfig[] => {
    const expected = "a mapping of feature names to numeric or categorical";
    if (!isMapping(input) || Object.keys(input).length === 0) {
      return fail(`expected ${expected}, got ${describeValue(input)}`);
    }
    const out: FeatureConfig[] = [];
    for (const [key, value] of Object.entries(input)) {
      if (!NAME.test(key)) {
        issue(`expected a feature name of ${NAME_EXPECTED.slice(2)}, got ${describeValue(key)}`, [key]);
        continue;
      }
      if (RESERVED_FEATURES.includes(key)) {
        issue(
          `expected a feature name other than ${
            RESERVED_FEATURES.join(", ")
          } (reference rows use them), got "${key}"`,
          [key],
        );
        continue;
      }
      const type = isMapping(value) && Object.keys(value).length === 1 ? value.type : value;
      const found = FEATURE_TYPES.find((candidate) => candidate === type);
      if (found === undefined) {
        issue(`expected numeric or categorical (or { type: numeric }), got ${describeValue(type)}`, [key]);
        continue;
      }
      out.push({ name: key, type: found });
    }
    return out;
  });
}

function severityThresholds(defaults: SeverityThresholds) {
  return leaf((input, { fail }): SeverityThresholds => {
    const expected = "[info, warning, critical] or { info, warning, critical }: ascending numbers above 0";
    let levels: unknown[];
    if (Array.isArray(input)) levels = input;
    else if (
      isMapping(input) && Object.keys(input).every((key) => ["info", "warning", "critical"].includes(key))
    ) {
      levels = [
        input.info ?? defaults.info,
        input.warning ?? defaults.warning,
        input.critical ?? defaults.critical,
      ];
    } else return fail(`expected ${expected}, got ${describeValue(input)}`);
    const values = levels.map(toNumber);
    if (values.length !== 3 || values.some((value) => value === undefined || !(value > 0))) {
      return fail(`expected ${expected}, got ${describeValue(input)}`);
    }
    const [info, warning, critical] = values as [number, number, number];
    if (!(info <= warning && warning <= critical)) {
      return fail(`expected info <= warning <= critical, got ${info}, ${warning}, ${critical}`);
    }
    return { info, warning, critical };
  });
}

/** The thresholds ML teams use (KS D 0.1/0.15/0.25, PSI 0.1/0.2/0.25) and Evidently's distance levels. */
const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = {
  ks: { info: 0.1, warning: 0.15, critical: 0.25 },
  psi: { info: 0.1, warning: 0.2, critical: 0.25 },
  wasserstein: { info: 0.1, warning: 0.2, critical: 0.3 },
  jensenShannon: { info: 0.1, warning: 0.2, critical: 0.3 },
  unseen: { info: 0.05, warning: 0.1, critical: 0.2 },
};

function wholeNumber(min: number, max: number) {
  return number(
    `a whole number from ${min} to ${max}`,
    (value) => Number.isInteger(value) && value >= min && value <= max,
  );
}

const watchedModelSchema = object({
  features: features(),
  prediction: section(
    object({
      kind: leaf((input, { fail }): PredictionKind =>
        input === "classification" || input === "regression"
          ? input
          : fail(`expected classification or regression, got ${describeValue(input)}`)
      ).default("classification"),
      classes: leaf((input, { fail }) => {
        if (
          !Array.isArray(input) || input.length === 0 ||
          input.some((item) => typeof item !== "string" || item === "")
        ) {
          return fail(`expected a non-empty list of class names, got ${describeValue(input)}`);
        }
        return [...new Set(input as string[])];
      }).optional(),
    }).prefault({}),
  ),
  window: section(
    object({
      size: wholeNumber(1, 1_000_000).default(1000),
      max_age: duration().default(HOUR),
      min_samples: wholeNumber(0, 1_000_000).default(500),
    }).prefault({}).transform((window, ctx) => {
      if (window.min_samples > window.size) {
        ctx.addIssue({
          code: "custom",
          path: ["min_samples"],
          message:
            `expected at most window.size (${window.size}), got ${window.min_samples}: no window would ever be judged`,
          input: window.min_samples,
        });
      }
      return { size: window.size, maxAgeMs: window.max_age, minSamples: window.min_samples };
    }),
  ),
  thresholds: section(
    object({
      ks: severityThresholds(DEFAULT_DRIFT_THRESHOLDS.ks).default(DEFAULT_DRIFT_THRESHOLDS.ks),
      psi: severityThresholds(DEFAULT_DRIFT_THRESHOLDS.psi).default(DEFAULT_DRIFT_THRESHOLDS.psi),
      wasserstein: severityThresholds(DEFAULT_DRIFT_THRESHOLDS.wasserstein).default(
        DEFAULT_DRIFT_THRESHOLDS.wasserstein,
      ),
      jensen_shannon: severityThresholds(DEFAULT_DRIFT_THRESHOLDS.jensenShannon).default(
        DEFAULT_DRIFT_THRESHOLDS.jensenShannon,
      ),
      unseen: severityThresholds(DEFAULT_DRIFT_THRESHOLDS.unseen).default(DEFAULT_DRIFT_THRESHOLDS.unseen),
    }).prefault({}).transform(({ jensen_shannon, ...rest }): DriftThresholds => ({
      ...rest,
      jensenShannon: jensen_shannon,
    })),
  ),
  alpha: number("a number between 0 and 1", (value) => value > 0 && value < 1).default(0.05),
  drift_share: number("a number above 0, at most 1", (value) => value > 0 && value <= 1).default(0.5),
  low_confidence: number("a number from 0 to 1", (value) => value >= 0 && value <= 1).default(0.7),
  join_ttl: duration().default(7 * DAY),
  accuracy_window: wholeNumber(1, 1_000_000).default(1000),
  max_segments: wholeNumber(1, 1000).default(20),
  reference: section(
    object({
      sample_size: wholeNumber(100, 1_000_000).default(10_000),
      bins: wholeNumber(2, 100).default(10),
    }).prefault({}).transform(({ sample_size, bins }) => ({ sampleSize: sample_size, bins })),
  ),
});

const modelsSchema = z.record(targetName, watchedModelSchema).transform((models) => {
  const out: Record<string, ModelConfig> = {};
  for (const [key, model] of Object.entries(models)) {
    out[key] = {
      name: key,
      features: model.features,
      prediction: model.prediction.classes === undefined
        ? { kind: model.prediction.kind }
        : { kind: model.prediction.kind, classes: model.prediction.classes },
      window: model.window,
      thresholds: model.thresholds,
      alpha: model.alpha,
      driftShare: model.drift_share,
      lowConfidence: model.low_confidence,
      joinTtlMs: model.join_ttl,
      accuracyWindow: model.accuracy_window,
      maxSegments: model.max_segments,
      reference: model.reference,
    };
  }
  return out;
});

// The whole file after interpolation; it yields everything of `Config` but `source`. Not exported, so
// zod's types stay out of the public surface: `validateConfig` is the way in.
const configSchema: z.ZodType<Omit<Config, "source">> = object({
  server: section(serverSchema.prefault({})),
  storage: section(storageSchema.prefault({})),
  targets: section(targetsSchema.prefault({})),
  probes: section(z.array(probeSchema).default([])),
  slos: section(z.array(sloSchema).default([])),
  alerting: section(alertingSchema.prefault({})),
  instrumentation: section(instrumentationSchema.prefault({})),
  models: section(modelsSchema.prefault({})),
});

// ---------------------------------------------------------------------------------------------------------
// Messages

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  record: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  boolean: "true or false",
};

// Optimal string alignment distance: like Levenshtein, but a swap of neighbours ("prot") costs one edit.
function editDistance(a: string, b: string): number {
  const rows = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j),
  );
  const at = (i: number, j: number) => rows[i]![j]!;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      rows[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

function unknownKeyMessage(key: string, allowed: string[], what = "key"): string {
  const closest = allowed
    .map((candidate) => ({ candidate, distance: editDistance(key.toLowerCase(), candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const guess = closest !== undefined && closest.distance <= Math.max(1, Math.floor(key.length / 4))
    ? `; did you mean "${closest.candidate}"?`
    : "";
  return `unknown ${what}${guess} (allowed: ${allowed.join(", ")})`;
}

/** Turns a zod issue into messages a user can act on; custom issues already carry one. */
function humanize(issue: z.core.$ZodIssue): SchemaIssue[] {
  const path = issue.path;
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = issue.message.startsWith(ALLOWED_KEYS)
        ? issue.message.slice(ALLOWED_KEYS.length).split(",").filter((key) => key !== "")
        : [];
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, allowed) }));
    }
    case "invalid_type":
      return [{
        path,
        message: `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${
          describeValue(issue.input)
        }`,
      }];
    case "invalid_key":
      return issue.issues.flatMap(humanize).map((inner) => ({
        path: [...path, ...inner.path],
        message: inner.message,
      }));
    default:
      return [{ path, message: issue.message }];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Checks across fields, on the raw tree so they are reported alongside schema problems, not after them

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function checkReferences(tree: Record<string, unknown>): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const targets = tree.targets === undefined || tree.targets === null
    ? []
    : isMapping(tree.targets)
    ? Object.keys(tree.targets)
    : undefined;
  const checkTarget = (path: PropertyKey[], value: unknown) => {
    // An unusable targets section is reported by the schema; every reference would only repeat it.
    if (targets === undefined || typeof value !== "string" || value === "" || targets.includes(value)) return;
    const defined = targets.length === 0 ? "no targets are defined" : `defined: ${targets.join(", ")}`;
    issues.push({ path, message: `unknown target ${describeValue(value)} (${defined})` });
  };
  const checkUnique = (section: "probes" | "slos", what: string) => {
    const items = tree[section];
    if (!Array.isArray(items)) return;
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (!isMapping(item) || typeof item.name !== "string") return;
      if (seen.has(item.name)) {
        issues.push({
          path: [section, index, "name"],
          message: `duplicate ${what} name ${describeValue(item.name)}`,
        });
      }
      seen.add(item.name);
    });
  };
  checkUnique("probes", "probe");
  checkUnique("slos", "SLO");
  if (Array.isArray(tree.probes)) {
    tree.probes.forEach((probe, index) => {
      if (isMapping(probe)) checkTarget(["probes", index, "target"], probe.target);
    });
  }
  // Accuracy and drift come from the drift engine, which only knows the models under `models:`; request
  // SLIs come from the instrumented service, which may report any model, so they are not checked. A config
  // without a `models:` section is not checked either: its drift engine is configured elsewhere.
  const models = isMapping(tree.models) ? Object.keys(tree.models) : undefined;
  const buckets = latencyBucketsOf(tree.instrumentation);
  if (Array.isArray(tree.slos)) {
    tree.slos.forEach((slo, index) => {
      if (!isMapping(slo) || !isMapping(slo.sli)) return;
      const entries = Object.entries(slo.sli);
      const [entry] = entries;
      if (entries.length !== 1 || entry === undefined || !isMapping(entry[1])) return;
      const [type, sli] = entry;
      const at = ["slos", index, "sli", type];
      // Any SLI type that names a target is checked, so new types get this for free.
      checkTarget([...at, "target"], sli.target);
      if (
        (type === "accuracy" || type === "drift") && models !== undefined && typeof sli.model === "string" &&
        sli.model !== "" && !models.includes(sli.model)
      ) {
        const defined = models.length === 0 ? "no models are defined" : `defined: ${models.join(", ")}`;
        issues.push({
          path: [...at, "model"],
          message: `unknown model ${describeValue(sli.model)} (${defined})`,
        });
      }
      if (type === "request_latency" && buckets !== undefined && typeof sli.threshold === "string") {
        const threshold = tryDuration(sli.threshold);
        if (threshold !== undefined && threshold > 0 && !buckets.ms.includes(threshold)) {
          issues.push({
            path: [...at, "threshold"],
            message: `expected a bucket of ml_request_duration_seconds (${buckets.source}: ${
              buckets.ms.map(formatDuration).join(", ")
            }), got ${
              describeValue(sli.threshold)
            }: a ratio under a threshold between buckets would be a guess`,
          });
        }
      }
    });
  }
  if (isMapping(tree.alerting) && isMapping(tree.alerting.routes)) {
    const receivers = isMapping(tree.alerting.receivers) ? Object.keys(tree.alerting.receivers) : [];
    for (const [severity, receiver] of Object.entries(tree.alerting.routes)) {
      if (typeof receiver !== "string" || receiver === "" || receivers.includes(receiver)) continue;
      const defined = receivers.length === 0
        ? "no receivers are defined"
        : `defined: ${receivers.join(", ")}`;
      issues.push({
        path: ["alerting", "routes", severity],
        message: `unknown receiver ${describeValue(receiver)} (${defined})`,
      });
    }
  }
  return issues;
}

/** The bucket bounds request_latency thresholds must match, or undefined when the list is unusable. */
function latencyBucketsOf(instrumentation: unknown): { ms: number[]; source: string } | undefined {
  const declared = isMapping(instrumentation) ? instrumentation.latency_buckets : undefined;
  if (declared === undefined || declared === null) {
    return {
      ms: DEFAULT_BUCKETS_MS,
      source: "the defaults; declare others in instrumentation.latency_buckets",
    };
  }
  if (!Array.isArray(declared)) return undefined;
  const ms = declared.map((item) => typeof item === "string" ? tryDuration(item) : undefined);
  if (ms.some((value) => value === undefined)) return undefined;
  return { ms: ms as number[], source: "instrumentation.latency_buckets" };
}

/**
 * Validates a parsed, interpolated config tree: the schema plus the checks across fields (targets that
 * exist, unique names).
 *
 * @param tree the YAML document as plain values, after interpolation
 * @returns the typed config (without `source`), or every problem found
 * @example
 * ```ts
 * import { validateConfig } from "./schema.ts";
 * import assert from "assert";
 * const result = validateConfig({ probes: [{ name: "up", target: "demo", path: "/", intervall: "5s" }] });
 * assert.equal(result.ok, false);
 * ```
 */
export function validateConfig(tree: unknown): ValidationResult {
  const parsed = configSchema.safeParse(tree, { reportInput: true });
  const issues = parsed.success ? [] : parsed.error.issues.flatMap(humanize);
  if (isMapping(tree)) issues.push(...checkReferences(tree));
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, config: parsed.data };
}
