/**
 * JUnit XML for CI systems: one test suite, a test case per verdict. Shared by `check` (and `load`).
 *
 * @module
 */

/** One test case: passed when `failure` is absent. */
export interface JunitCase {
  name: string;
  classname: string;
  timeSeconds?: number;
  failure?: { message: string; detail?: string };
  /** Why the case was not run (e.g. an SLI `check` cannot measure); shown as skipped, not failed. */
  skipped?: string;
}

/** Escapes text for XML attributes and content. */
function xml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" }[c]!),
  )
    // Control characters other than tab/newline are invalid in XML 1.0 even when escaped.
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
}

/**
 * Renders a JUnit XML report.
 *
 * @param suite the suite name
 * @param cases the test cases
 * @returns the XML document
 * @example
 * ```ts
 * import { junitXml } from "./junit.ts";
 * import assert from "node:assert/strict";
 * const text = junitXml("vigil check", [{ name: "a", classname: "slo" }, { name: "b", classname: "slo", failure: { message: "x < y" } }]);
 * assert.match(text, /tests="2" failures="1"/);
 * assert.match(text, /x &lt; y/);
 * ```
 */
export function junitXml(suite: string, cases: JunitCase[]): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.failure === undefined && c.skipped !== undefined).length;
  const skippedAttribute = skipped > 0 ? ` skipped="${skipped}"` : "";
  const time = cases.reduce((sum, c) => sum + (c.timeSeconds ?? 0), 0);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${xml(suite)}" tests="${cases.length}" failures="${failures}" time="${
      time.toFixed(3)
    }">`,
    `  <testsuite name="${
      xml(suite)
    }" tests="${cases.length}" failures="${failures}" errors="0"${skippedAttribute} time="${
      time.toFixed(3)
    }">`,
  ];
  for (const c of cases) {
    const open = `    <testcase name="${xml(c.name)}" classname="${xml(c.classname)}" time="${
      (c.timeSeconds ?? 0).toFixed(3)
    }"`;
    if (c.failure === undefined && c.skipped !== undefined) {
      lines.push(`${open}>`, `      <skipped message="${xml(c.skipped)}"/>`, `    </testcase>`);
    } else if (c.failure === undefined) {
      lines.push(`${open}/>`);
    } else {
      lines.push(
        `${open}>`,
        `      <failure message="${xml(c.failure.message)}">${
          xml(c.failure.detail ?? c.failure.message)
        }</failure>`,
        `    </testcase>`,
      );
    }
  }
  lines.push(`  </testsuite>`, `</testsuites>`, ``);
  return lines.join("\n");
}
