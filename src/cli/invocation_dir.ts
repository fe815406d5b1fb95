/**
 * Paths on the command line are the user's, relative to where they typed the command. `deno task` runs
 * its command in the project's folder but passes the folder it was started from as `INIT_CWD` (as npm
 * does): `cd scenarios && deno task load smoke.ts` means `scenarios/smoke.ts`.
 *
 * @module
 */
import { isAbsolute, join } from "node:path";

/**
 * Resolves a command-line path against the directory the command was started from.
 *
 * @param path as the user wrote it
 * @param env where `INIT_CWD` is read (injected for tests)
 * @returns the path to open
 */
export function fromInvocationDir(
  path: string,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): string {
  if (isAbsolute(path)) return path;
  const dir = env("INIT_CWD");
  return dir === undefined || dir === "" ? path : join(dir, path);
}
