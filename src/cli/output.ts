/**
 * Output files the commands write (`--junit`, `--report`, `rules --out`): a file that cannot be written is
 * one line naming the flag, the path and the cause, never a stack trace.
 *
 * @module
 */
import { dirname } from "node:path";

/** Options of {@linkcode writeOutput}. */
export interface WriteOutputOptions {
  /** Create the file's missing parent directories first (default false). */
  createDir?: boolean;
}

/**
 * Writes one output file; a failure is printed to stderr and reported by the result, so each command
 * decides its exit code.
 *
 * @param what the flag or output the file comes from, e.g. `--junit`
 * @param path where to write
 * @param render the file's text, rendered only when needed
 * @param options whether to create missing directories
 * @returns true when written, false when it could not be (the reason is printed)
 * @example
 * ```ts
 * import { writeOutput } from "./output.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await writeOutput("--junit", "/no/such/dir/check.xml", () => "<xml/>"), false);
 * ```
 */
export async function writeOutput(
  what: string,
  path: string,
  render: () => string,
  options: WriteOutputOptions = {},
): Promise<boolean> {
  try {
    if (options.createDir === true) await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, render());
    return true;
  } catch (error) {
    console.error(
      `Could not write ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}
