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

/**
 * Checks that an output file could be written, without writing it: a temporary file is created next to it
 * and removed, and an existing file is opened for writing without being truncated. An interrupted command
 * therefore leaves no empty file behind (an empty JUnit file is not XML, and CI publishers fail on it).
 * A failure is printed to stderr, as by {@linkcode writeOutput}.
 *
 * @param what the flag or output the file comes from, e.g. `--junit`
 * @param path where the file will be written
 * @returns true when it could be written, false when not (the reason is printed)
 * @example
 * ```ts
 * import { checkWritable } from "./output.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * assert.equal(await checkWritable("--junit", `${dir}/check.xml`), true);
 * assert.deepEqual([...Deno.readDirSync(dir)], []);
 * assert.equal(await checkWritable("--junit", `${dir}/no/check.xml`), false);
 * await Deno.remove(dir);
 * ```
 */
export async function checkWritable(what: string, path: string): Promise<boolean> {
  try {
    const probe = await Deno.makeTempFile({ dir: dirname(path), prefix: ".vigil-write-test-" });
    await Deno.remove(probe);
    try {
      (await Deno.open(path, { write: true })).close();
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return true;
  } catch (error) {
    console.error(
      `Could not write ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}
