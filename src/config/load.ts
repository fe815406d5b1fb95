/**
 * Loading vigil.yaml: read, parse YAML, interpolate `${ENV}` values, validate into a typed `Config`.
 * Every problem in the file is reported at once, in file order, as a `ConfigError`.
 *
 * @module
 */
import { type Document, isNode, LineCounter, parseDocument } from "yaml";
import { cleanUrl } from "./clean_url.ts";
import { ConfigError, type ConfigIssue, formatPath } from "./error.ts";
import { type Env, interpolateTree } from "./interpolate.ts";
import { checkTargetUrl, describeValue, type SchemaIssue, validateConfig } from "./schema.ts";
import type { Config } from "./types.ts";

export { ConfigError, type ConfigIssue } from "./error.ts";

/** Options for `parseConfig`. */
export interface ParseConfigOptions {
  /** Where the text came from, for messages and `Config.source` (e.g. `vigil.yaml`, or `<inline>`). */
  source: string;
  /** Environment variables for `${VAR}` interpolation. */
  env: Env;
}

/** Options for `loadConfig`. */
export interface LoadConfigOptions {
  /** Environment variables for `${VAR}` interpolation (default: the process environment). */
  env?: Env;
}

const EXPECTED_TOP = "a mapping with targets, probes and slos";

// The yaml library's messages are sentences ("Map keys must be unique"); ours continue after a colon.
function yamlMessage(message: string): string {
  const trimmed = message.trim().replace(/\.$/, "");
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
}

function startOf(doc: Document, path: readonly PropertyKey[]): number {
  const keys = path.filter((key): key is string | number => typeof key !== "symbol");
  // The nearest node that exists: a missing key is reported where its parent is.
  for (let length = keys.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(keys.slice(0, length), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function isWithin(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}

/**
 * Parses the text of a vigil.yaml into a validated `Config`, interpolating `${VAR}` from `options.env`.
 * Pure: it reads no files and no process environment.
 *
 * @param text the YAML text
 * @param options where the text came from, and the environment variables
 * @returns the validated config, with defaults applied and durations in milliseconds
 * @throws {ConfigError} listing every problem, e.g. `vigil.yaml: probes[2].assert.status: expected ...`
 * @example
 * ```ts
 * import { parseConfig } from "./load.ts";
 * import assert from "assert";
 * const yaml = `
 * targets:
 *   demo:
 *     url: \${DEMO_URL:-http://127.0.0.1:8081}
 * probes:
 *   - name: healthz
 *     target: demo
 *     path: /healthz
 *     interval: 5s
 * `;
 * const config = parseConfig(yaml, { source: "vigil.yaml", env: {} });
 * assert.equal(config.targets.demo?.url, "http://127.0.0.1:8081");
 * assert.equal(config.probes[0]?.intervalMs, 5_000);
 * assert.throws(() => parseConfig("probes: 1", { source: "vigil.yaml", env: {} }), /vigil\.yaml: probes: /);
 * ```
 */
export function parseConfig(text: string, options: ParseConfigOptions): Config {
  const { source, env } = options;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    const issues: ConfigIssue[] = [];
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const issue = { path: "", message: yamlMessage(error.message), line, column: col };
      const key = `${line}:${col}:${issue.message}`;
      if (!seen.has(key)) issues.push(issue);
      seen.add(key);
    }
    throw new ConfigError(source, issues);
  }
  let tree: unknown;
  try {
    tree = doc.toJS();
  } catch (error) {
    // e.g. an alias bomb: yaml refuses to expand excessive aliases.
    throw new ConfigError(source, [{
      path: "",
      message: yamlMessage(String((error as Error)?.message ?? error)),
    }]);
  }
  if (tree === null || tree === undefined) {
    throw new ConfigError(source, [{ path: "", message: `expected ${EXPECTED_TOP}, got an empty file` }]);
  }
  if (typeof tree !== "object" || Array.isArray(tree)) {
    throw new ConfigError(source, [{
      path: "",
      message: `expected ${EXPECTED_TOP}, got ${describeValue(tree)}`,
    }]);
  }

  const interpolated = interpolateTree(tree, env);
  const result = validateConfig(interpolated.value);
  if (interpolated.issues.length === 0 && result.ok) return { source, ...result.config };

  const unresolved = interpolated.issues.map((issue) => formatPath(issue.path));
  const located: (SchemaIssue & { start: number; order: number })[] = [
    ...interpolated.issues,
    // A value left uninterpolated would also fail validation; that second message would only mislead.
    ...(result.ok ? [] : result.issues.filter((issue) => {
      const path = formatPath(issue.path);
      return !unresolved.some((parent) => isWithin(path, parent));
    })),
  ].map((issue, order) => ({ ...issue, start: startOf(doc, issue.path), order }));
  located.sort((a, b) => a.start - b.start || a.order - b.order);
  throw new ConfigError(
    source,
    located.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}

function readFailure(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "No such file or directory";
  if (error instanceof Deno.errors.PermissionDenied) return "Permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "Is a directory";
  const message = error instanceof Error ? error.message : String(error);
  // Deno appends "(os error N): readfile '<path>'", which repeats what the message already says.
  return message.replace(/ \(os error \d+\).*$/s, "");
}

/**
 * Reads and parses a vigil.yaml file into a validated `Config`.
 *
 * @param path the config file
 * @param options environment variables for interpolation (default: the process environment)
 * @returns the validated config, with `source` set to `path`
 * @throws {ConfigError} when the file cannot be read (`vigil.yaml: cannot read file: No such file or
 * directory`) or is not a valid config
 * @example
 * ```ts
 * import { ConfigError, loadConfig } from "./load.ts";
 * import assert from "assert";
 * await assert.rejects(loadConfig("no/such/vigil.yaml"), ConfigError);
 * ```
 */
export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<Config> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new ConfigError(path, [{ path: "", message: `cannot read file: ${readFailure(error)}` }]);
  }
  return parseConfig(text, { source: path, env: options.env ?? Deno.env.toObject() });
}

/**
 * Points a configured target at another URL, for the CLI's `--target NAME=URL` (e.g. to run the same
 * probes against staging). The config is not modified; a changed copy is returned.
 *
 * @param config the loaded config
 * @param spec `NAME=URL`, where NAME is a target in the config
 * @returns a copy of the config with that target's URL replaced
 * @throws {ConfigError} for `--target` when the spec is malformed, the name unknown or the URL unusable
 * @example
 * ```ts
 * import { overrideTarget, parseConfig } from "./load.ts";
 * import assert from "assert";
 * const config = parseConfig("targets: { demo: { url: 'http://127.0.0.1:8081' } }", { source: "<inline>", env: {} });
 * const staging = overrideTarget(config, "demo=https://staging.example.com");
 * assert.equal(staging.targets.demo?.url, "https://staging.example.com");
 * ```
 */
export function overrideTarget(config: Config, spec: string): Config {
  const fail = (message: string) => new ConfigError("--target", [{ path: "", message }]);
  const separator = spec.indexOf("=");
  if (separator <= 0) throw fail(`expected NAME=URL, got ${describeValue(cleanUrl(spec))}`);
  const name = spec.slice(0, separator);
  const target = Object.hasOwn(config.targets, name) ? config.targets[name] : undefined;
  if (target === undefined) {
    const names = Object.keys(config.targets);
    const defined = names.length === 0 ? "defines no targets" : `defines: ${names.join(", ")}`;
    throw fail(`unknown target ${describeValue(name)} (${config.source} ${defined})`);
  }
  const url = checkTargetUrl(spec.slice(separator + 1));
  if (!url.ok) throw fail(`${name}: ${url.message}`);
  return { ...config, targets: { ...config.targets, [name]: { ...target, url: url.url } } };
}

/**
 * Lists every latency threshold in the config — probe `max_duration` budgets and `probe_latency` SLO
 * thresholds — so histogram buckets can include each one exactly.
 *
 * @param config the loaded config
 * @returns the thresholds in milliseconds, ascending, without duplicates
 * @example
 * ```ts
 * import { latencyThresholdsMs, parseConfig } from "./load.ts";
 * import assert from "assert";
 * const config = parseConfig(
 *   "targets: { demo: { url: 'http://127.0.0.1:8081' } }\n" +
 *     "slos: [{ name: fast, objective: 95, sli: { probe_latency: { target: demo, threshold: 250ms } } }]",
 *   { source: "<inline>", env: {} },
 * );
 * assert.deepEqual(latencyThresholdsMs(config), [250]);
 * ```
 */
export function latencyThresholdsMs(config: Config): number[] {
  const thresholds = new Set<number>();
  for (const probe of config.probes) {
    if (probe.assert.maxDurationMs !== undefined) thresholds.add(probe.assert.maxDurationMs);
  }
  for (const slo of config.slos) {
    if (slo.sli.type === "probe_latency") thresholds.add(slo.sli.thresholdMs);
  }
  return [...thresholds].sort((a, b) => a - b);
}
