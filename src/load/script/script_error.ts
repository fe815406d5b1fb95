/**
 * The error of a script that cannot be loaded, in its own module: the engine and the loader need it
 * without importing the transform (and with it the TypeScript compiler, which stays in its worker).
 *
 * @module
 */

/** A script that cannot be loaded or transformed (unsupported construct or import); k6's exit code 107. */
export class ScriptError extends Error {
  override name = "ScriptError";
}
