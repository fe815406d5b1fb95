/**
 * Environment variable interpolation for config values: `${VAR}`, `${VAR:-default}` and `$$` for a
 * literal `$`. It runs on the string scalars of the parsed YAML tree rather than on the raw text, so a
 * variable's value can never break YAML syntax and `${...}` inside a comment is never expanded.
 *
 * @module
 */

/** Environment variables by name; `undefined` means unset. */
export type Env = Record<string, string | undefined>;

/** A value that could not be interpolated, with where it is in the tree. */
export interface InterpolationIssue {
  /** Keys and indices from the root to the string, e.g. `["targets", "demo", "url"]`. */
  path: (string | number)[];
  /** What went wrong, e.g. `environment variable "STAGING_URL" is not set`. */
  message: string;
}

/** The interpolated tree and any problems found on the way. */
export interface InterpolationResult {
  /** A copy of the tree with every string interpolated (strings with problems are left as written). */
  value: unknown;
  /** One entry per string that could not be interpolated. */
  issues: InterpolationIssue[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Substitution = { ok: true; text: string } | { ok: false; kind: "unset" | "syntax"; message: string };

function substitute(text: string, env: Env): Substitution {
  let out = "";
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf("$", index);
    if (dollar === -1) break;
    out += text.slice(index, dollar);
    const next = text[dollar + 1];
    if (next === "$") {
      out += "$";
      index = dollar + 2;
      continue;
    }
    if (next !== "{") {
      // A lone "$" stays literal, so regular expressions like "^ok$" need no escaping.
      out += "$";
      index = dollar + 1;
      continue;
    }
    const close = text.indexOf("}", dollar + 2);
    if (close === -1) {
      return { ok: false, kind: "syntax", message: `unterminated "\${" (write "$$" for a literal "$")` };
    }
    const reference = text.slice(dollar + 2, close);
    const separator = reference.indexOf(":-");
    const name = separator === -1 ? reference : reference.slice(0, separator);
    if (!NAME.test(name)) {
      return {
        ok: false,
        kind: "syntax",
        message: `expected \${NAME} or \${NAME:-default}, got ${JSON.stringify(`\${${reference}}`)}`,
      };
    }
    const value = env[name];
    if (separator !== -1) {
      // Like sh's ${VAR:-default}: an empty variable counts as unset, so `FOO= vigil check` means "default".
      out += value === undefined || value === "" ? reference.slice(separator + 2) : value;
    } else if (value === undefined) {
      return { ok: false, kind: "unset", message: `environment variable ${JSON.stringify(name)} is not set` };
    } else {
      out += value;
    }
    index = close + 1;
  }
  return { ok: true, text: out + text.slice(index) };
}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in one string with values from `env`, and `$$` with `$`.
 *
 * @param text the string to interpolate
 * @param env the environment variables
 * @returns the interpolated string
 * @throws {ReferenceError} when a variable without a default is unset
 * @throws {SyntaxError} when a `${` is not closed or does not hold a variable name
 * @example
 * ```ts
 * import { interpolate } from "./interpolate.ts";
 * import assert from "assert";
 * assert.equal(interpolate("${HOST:-localhost}:${PORT}", { PORT: "8081" }), "localhost:8081");
 * assert.equal(interpolate("costs $$5", {}), "costs $5");
 * assert.throws(() => interpolate("${MISSING}", {}), ReferenceError);
 * ```
 */
export function interpolate(text: string, env: Env): string {
  const result = substitute(text, env);
  if (result.ok) return result.text;
  const message = `Cannot interpolate ${JSON.stringify(text)}: ${result.message}`;
  throw result.kind === "unset" ? new ReferenceError(message) : new SyntaxError(message);
}

/**
 * Interpolates every string scalar in a parsed YAML tree (mapping keys are left alone), collecting a
 * problem per string instead of stopping at the first.
 *
 * @param tree the parsed YAML: plain objects, arrays and scalars
 * @param env the environment variables
 * @returns the interpolated copy and the problems, each with its path
 * @example
 * ```ts
 * import { interpolateTree } from "./interpolate.ts";
 * import assert from "assert";
 * const { value, issues } = interpolateTree({ targets: { demo: { url: "${URL}" } } }, {});
 * assert.deepEqual(issues, [
 *   { path: ["targets", "demo", "url"], message: 'environment variable "URL" is not set' },
 * ]);
 * assert.deepEqual(interpolateTree(["${A:-x}", 1], {}).value, ["x", 1]);
 * ```
 */
export function interpolateTree(tree: unknown, env: Env): InterpolationResult {
  const issues: InterpolationIssue[] = [];
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === "string") {
      const result = substitute(node, env);
      if (result.ok) return result.text;
      issues.push({ path, message: result.message });
      return node;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return node;
  };
  return { value: walk(tree, []), issues };
}
