/**
 * Plain-text tables and number formats for terminal output.
 *
 * @module
 */

/**
 * Formats rows as left-aligned columns separated by two spaces.
 *
 * @param header column titles
 * @param rows cells, one array per row
 * @returns the table text, without a trailing newline
 * @example
 * ```ts
 * import { formatTable } from "./table.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatTable(["A", "BB"], [["xyz", "1"]]), "A    BB\nxyz  1");
 * ```
 */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => [...(row[i] ?? "")].length))
  );
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell + " ".repeat(widths[i]! - [...cell].length)))
      .join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

/**
 * Formats a ratio as a percentage with two decimals, never rounding a miss up to 100.00%.
 *
 * @param ratio a value in [0, 1]
 * @returns e.g. `99.95%`
 * @example
 * ```ts
 * import { percent } from "./table.ts";
 * import assert from "node:assert/strict";
 * assert.equal(percent(0.99999), "99.99%");
 * ```
 */
export function percent(ratio: number): string {
  return `${(Math.floor(ratio * 10000 + 1e-9) / 100).toFixed(2)}%`;
}
