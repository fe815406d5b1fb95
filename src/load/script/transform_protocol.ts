/**
 * The messages between the script loader and its transform worker (transform_worker.ts), in a module of
 * their own so the loader can use them without loading the worker's code.
 *
 * @module
 */

/** What the loader asks for. */
export interface TransformRequest {
  id: number;
  source: string;
  fileName: string;
  vuGlobals: string;
  /** See `TransformOptions.entry` and `localAsync`. */
  entry: boolean;
  localAsync?: Record<string, string[]>;
}

/** What the worker answers: the code and its import specifiers, or why it could not transform. */
export type TransformReply =
  | { id: number; code: string; specifiers: string[]; asyncNames: string[] }
  | { id: number; error: string; scriptError: boolean };

/** The placeholder the emitted code holds, in double quotes, for the `index`th import specifier. */
export function importPlaceholder(index: number): string {
  return `__vigil_import_${index}__`;
}
