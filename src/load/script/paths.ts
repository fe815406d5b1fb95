/**
 * Path helpers for the script loader, over `node:path` and `node:url` (the std path module is on JSR,
 * which cannot be reached): one seam to swap.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export { dirname, resolve };

/** A file URL for an absolute path. */
export function toFileUrl(path: string): URL {
  return pathToFileURL(path);
}

/** The path of a file URL. */
export function fromFileUrl(url: string): string {
  return fileURLToPath(url);
}
