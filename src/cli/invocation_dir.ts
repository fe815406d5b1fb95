/**
 * Paths on the command line are the user's, relative to where they typed the command. `deno task` runs
 * its command in the project's folder but passes the folder it was started from as `INIT_CWD` (as npm
 * does): `cd scenarios && deno task load smoke.ts` means `scenarios/smoke.ts`.
 *
 * @module
 */
import { dirname, isAbsolute, join } from "node:path";

/**
 * Resolves a command-line path against the directory the command was started from. `deno task` (like
 * npm) keeps an `INIT_CWD` it inherits, so under an outer task it names that task's folder, not the
 * user's: a path that exists from the working directory but not from `INIT_CWD` is taken from there.
 *
 * @param path as the user wrote it
 * @param env where `INIT_CWD` is read (injected for tests)
 * @param exists whether a path exists (injected for tests)
 * @returns the path to open
 */
export function fromInvocationDir(
  path: string,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
  exists: (path: string) => boolean = pathExists,
): string {
  if (isAbsolute(path)) return path;
  const dir = env("INIT_CWD");
  if (dir === undefined || dir === "") return path;
  const joined = join(dir, path);
  if (exists(joined)) return joined;
  // Not there: the working directory's, if it has it (an inherited INIT_CWD), or for a file to be
  // created, if only the working directory has its folder.
  if (exists(path)) return path;
  if (!exists(dirname(joined)) && exists(dirname(path) || ".")) return path;
  return joined;
}

function pathExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
