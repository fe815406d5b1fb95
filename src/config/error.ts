/**
 * The error a bad vigil.yaml produces, and the path notation its messages use.
 *
 * @module
 */

/** One problem found in a config file. */
export interface ConfigIssue {
  /** Where in the config, e.g. `probes[2].assert.status`; empty for the file as a whole. */
  path: string;
  /** What was expected and what was found, e.g. `expected a number, got "abc"`. */
  message: string;
  /** 1-based line, for YAML syntax errors. */
  line?: number;
  /** 1-based column, for YAML syntax errors. */
  column?: number;
}

/**
 * A config that cannot be used: unreadable, not YAML, or not valid. Its message lists every issue, one per
 * line, as `<file>: <path>: <message>` (or `<file>:<line>:<column>: <message>` for YAML syntax errors).
 *
 * @example
 * ```ts
 * import { ConfigError } from "./error.ts";
 * import assert from "assert";
 * const error = new ConfigError("vigil.yaml", [{ path: "probes[0].interval", message: "expected a duration" }]);
 * assert.equal(error.message, "vigil.yaml: probes[0].interval: expected a duration");
 * ```
 */
export class ConfigError extends Error {
  /** Always `"ConfigError"`, for logs and `assert.throws({ name })`. */
  override name = "ConfigError";
  /** The file (or flag, e.g. `--target`) the issues are in. */
  readonly file: string;
  /** Every problem found, in file order. */
  readonly issues: ConfigIssue[];

  /**
   * Creates the error from its issues.
   *
   * @param file the config file the issues are in
   * @param issues every problem found
   */
  constructor(file: string, issues: ConfigIssue[]) {
    super(issues.map((issue) => formatIssue(file, issue)).join("\n"));
    this.file = file;
    this.issues = issues;
  }
}

function formatIssue(file: string, issue: ConfigIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
  return issue.path === "" ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

// Keys that read unambiguously after a dot; anything else is bracketed and quoted.
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Formats a path of keys and indices the way messages show it, e.g. `probes[2].assert.status`.
 *
 * @param segments object keys and array indices from the root
 * @returns the dotted path; keys that contain dots or spaces are bracketed, as in `targets["a.b"].url`
 * @example
 * ```ts
 * import { formatPath } from "./error.ts";
 * import assert from "assert";
 * assert.equal(formatPath(["probes", 2, "assert", "status"]), "probes[2].assert.status");
 * assert.equal(formatPath(["targets", "demo.v2", "url"]), 'targets["demo.v2"].url');
 * ```
 */
export function formatPath(segments: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "string" && PLAIN_KEY.test(segment)) {
      text += text === "" ? segment : `.${segment}`;
    } else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
